/**
 * Presentations: a titled list of saved views ("Folien") for the
 * Monatsgespräche. A slide is a permalink of a view (same origin, path +
 * query), a title and a speaker note. Plain functions, no Svelte and no
 * storage: `deck.svelte.ts` keeps the current deck in localStorage, the
 * presentation page plays, prints, exports and imports it.
 *
 * File format (JSON, UTF-8), also the storage format:
 *
 *   { "format": "sozialraum-monitor-praesentation", "version": 1,
 *     "title": "Monatsgespräch März",
 *     "slides": [ { "id": "…", "url": "/ausgrenzungsindex/?jahr=2023", "title": "…", "note": "…", "savedAt": "2025-03-07T09:05:00.000Z" } ] }
 *
 * `parseDeck` checks everything a file from elsewhere could get wrong and
 * throws a `DeckError` with a German message naming the slide.
 */

export const DECK_FORMAT = 'sozialraum-monitor-praesentation';
export const DECK_VERSION = 1;
export const MAX_SLIDES = 500;
const MAX_TITLE = 300;
const MAX_NOTE = 10_000;
const MAX_FILE_BYTES = 2_000_000;

export interface Slide {
	/** stable id within the deck */
	id: string;
	/** same-origin permalink of the view: path and query, e.g. "/?indikator=sgb2_quote&jahr=2023" */
	url: string;
	title: string;
	/** speaker note (plain text), may be empty */
	note: string;
	/** ISO 8601 time of saving */
	savedAt: string;
}

export interface Deck {
	format: typeof DECK_FORMAT;
	version: typeof DECK_VERSION;
	title: string;
	slides: Slide[];
}

/** Thrown for unreadable or invalid presentation files; the message is German and shown to the user. */
export class DeckError extends Error {}

export function emptyDeck(title = 'Präsentation'): Deck {
	return { format: DECK_FORMAT, version: DECK_VERSION, title, slides: [] };
}

/** A random slide id (crypto when available). */
export function newSlideId(): string {
	const c = globalThis.crypto;
	if (c?.randomUUID) return c.randomUUID();
	return `f-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The flag that hides the navigation chrome in a view shown as a slide. */
export const PRESENTATION_PARAM = 'praesentation';

/**
 * Normalises a view address to the stored form: path + query of this origin,
 * without the presentation flag and without the hash. Returns null for other
 * origins, other schemes or the presentation page itself.
 * @example slideUrl('http://localhost/ausgrenzungsindex/?jahr=2023&praesentation=1', 'http://localhost') // → "/ausgrenzungsindex/?jahr=2023"
 */
export function slideUrl(href: string, origin: string): string | null {
	let url: URL;
	try {
		url = new URL(href, origin);
	} catch {
		return null;
	}
	if (url.origin !== new URL(origin).origin || !/^https?:$/.test(url.protocol)) return null;
	if (/\/praesentation\/?$/.test(url.pathname)) return null;
	url.searchParams.delete(PRESENTATION_PARAM);
	return url.pathname + url.search;
}

/** The address of a slide as played: with `?praesentation=1`. */
export function playUrl(url: string, origin: string): string {
	const u = new URL(url, origin);
	u.searchParams.set(PRESENTATION_PARAM, '1');
	return u.pathname + u.search;
}

/** A default slide title from the document title ("Sozialraum-Monitor Bremen – Karte: …" → "Karte: …"). */
export function titleFromDocument(documentTitle: string): string {
	return documentTitle.replace(/^Sozialraum-Monitor Bremen\s*[–-]\s*/, '').trim() || 'Ansicht';
}

export function addSlide(deck: Deck, slide: Omit<Slide, 'id'> & { id?: string }): Deck {
	if (deck.slides.length >= MAX_SLIDES) throw new DeckError(`Eine Präsentation hat höchstens ${MAX_SLIDES} Folien.`);
	return { ...deck, slides: [...deck.slides, { ...slide, id: slide.id ?? newSlideId() }] };
}

/** Moves slide `index` by `delta` (−1 up, +1 down); out-of-range moves change nothing. */
export function moveSlide(deck: Deck, index: number, delta: number): Deck {
	const to = index + delta;
	if (index < 0 || index >= deck.slides.length || to < 0 || to >= deck.slides.length) return deck;
	const slides = [...deck.slides];
	const [s] = slides.splice(index, 1);
	slides.splice(to, 0, s);
	return { ...deck, slides };
}

export function removeSlide(deck: Deck, index: number): Deck {
	return { ...deck, slides: deck.slides.filter((_, i) => i !== index) };
}

export function updateSlide(deck: Deck, index: number, patch: Partial<Pick<Slide, 'title' | 'note'>>): Deck {
	return { ...deck, slides: deck.slides.map((s, i) => (i === index ? { ...s, ...patch } : s)) };
}

/** The deck as a file body (pretty-printed JSON, stable key order). */
export function serializeDeck(deck: Deck): string {
	const clean: Deck = {
		format: DECK_FORMAT,
		version: DECK_VERSION,
		title: deck.title,
		slides: deck.slides.map((s) => ({ id: s.id, url: s.url, title: s.title, note: s.note, savedAt: s.savedAt }))
	};
	return `${JSON.stringify(clean, null, 2)}\n`;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A stored slide address must be a path of this app: "/…", no scheme, no "//host", no backslash or control characters. */
function validPath(url: unknown): url is string {
	// eslint-disable-next-line no-control-regex
	return typeof url === 'string' && url.length <= 4000 && /^\/(?![/\\])/.test(url) && !/[\\\u0000-\u001f\s]/.test(url) && !/\/praesentation\/?(\?|$)/.test(url);
}

/**
 * Reads and checks a presentation file (or the stored deck).
 * @throws DeckError with a German message for the user
 */
export function parseDeck(text: string): Deck {
	if (text.length > MAX_FILE_BYTES) throw new DeckError('Die Datei ist zu groß für eine Präsentation (höchstens 2 MB).');
	let data: unknown;
	try {
		data = JSON.parse(text.replace(/^\ufeff/, ''));
	} catch {
		throw new DeckError('Die Datei ist keine gültige JSON-Datei und kann nicht als Präsentation geladen werden.');
	}
	if (!isObject(data) || data.format !== DECK_FORMAT) {
		throw new DeckError(`Die Datei ist keine Präsentation des Sozialraum-Monitors (erwartet: „format“: „${DECK_FORMAT}“).`);
	}
	if (data.version !== DECK_VERSION) {
		throw new DeckError(`Die Präsentation hat das Dateiformat Version ${String(data.version)}; diese App liest Version ${DECK_VERSION}.`);
	}
	if (typeof data.title !== 'string' || data.title.length > MAX_TITLE) throw new DeckError('Der Titel der Präsentation fehlt oder ist zu lang.');
	if (!Array.isArray(data.slides)) throw new DeckError('Die Präsentation enthält keine Folienliste („slides“).');
	if (data.slides.length > MAX_SLIDES) throw new DeckError(`Die Präsentation hat ${data.slides.length} Folien; erlaubt sind höchstens ${MAX_SLIDES}.`);
	const ids = new Set<string>();
	const slides = data.slides.map((raw: unknown, i: number): Slide => {
		const n = i + 1;
		if (!isObject(raw)) throw new DeckError(`Folie ${n}: kein gültiger Eintrag.`);
		if (typeof raw.id !== 'string' || !/^[\w-]{1,80}$/.test(raw.id)) throw new DeckError(`Folie ${n}: Kennung („id“) fehlt oder ist ungültig.`);
		if (ids.has(raw.id)) throw new DeckError(`Folie ${n}: Kennung „${raw.id}“ kommt doppelt vor.`);
		ids.add(raw.id);
		if (!validPath(raw.url)) throw new DeckError(`Folie ${n}: Die Adresse „${String(raw.url).slice(0, 80)}“ ist keine Ansicht dieser App.`);
		if (typeof raw.title !== 'string' || raw.title.trim() === '') throw new DeckError(`Folie ${n}: Titel fehlt.`);
		if (raw.title.length > MAX_TITLE) throw new DeckError(`Folie ${n}: Titel ist zu lang (höchstens ${MAX_TITLE} Zeichen).`);
		const note = raw.note ?? '';
		if (typeof note !== 'string' || note.length > MAX_NOTE) throw new DeckError(`Folie ${n}: Notiz ist ungültig oder zu lang (höchstens ${MAX_NOTE} Zeichen).`);
		const savedAt = raw.savedAt ?? '';
		if (typeof savedAt !== 'string' || (savedAt !== '' && Number.isNaN(Date.parse(savedAt)))) throw new DeckError(`Folie ${n}: Zeitpunkt („savedAt“) ist kein Datum.`);
		return { id: raw.id, url: raw.url, title: raw.title, note, savedAt };
	});
	return { format: DECK_FORMAT, version: DECK_VERSION, title: data.title, slides };
}
