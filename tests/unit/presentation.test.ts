import { describe, expect, it } from 'vitest';
import {
	addSlide,
	DeckError,
	emptyDeck,
	moveSlide,
	parseDeck,
	playUrl,
	removeSlide,
	serializeDeck,
	slideUrl,
	titleFromDocument,
	updateSlide,
	type Deck
} from '../../src/lib/state/presentation.ts';

const ORIGIN = 'http://localhost:4173';
const slide = (id: string, url = '/?indikator=sgb2_quote&jahr=2023') => ({ id, url, title: `Folie ${id}`, note: '', savedAt: '2025-03-07T09:05:00.000Z' });
const deckOf = (...ids: string[]): Deck => ids.reduce((d, id) => addSlide(d, slide(id)), emptyDeck('Monatsgespräch'));

describe('slide addresses', () => {
	it('keep path and query of this origin, without the presentation flag and hash', () => {
		expect(slideUrl(`${ORIGIN}/ausgrenzungsindex/?jahr=2023&praesentation=1#x`, ORIGIN)).toBe('/ausgrenzungsindex/?jahr=2023');
		expect(slideUrl(`${ORIGIN}/`, ORIGIN)).toBe('/');
	});
	it('refuse other origins, other schemes and the presentation page itself', () => {
		expect(slideUrl('https://example.org/', ORIGIN)).toBeNull();
		expect(slideUrl('javascript:alert(1)', ORIGIN)).toBeNull();
		expect(slideUrl(`${ORIGIN}/praesentation/`, ORIGIN)).toBeNull();
	});
	it('are played with ?praesentation=1', () => {
		expect(playUrl('/?indikator=sgb2_quote', ORIGIN)).toBe('/?indikator=sgb2_quote&praesentation=1');
		expect(playUrl('/segregation/', ORIGIN)).toBe('/segregation/?praesentation=1');
	});
	it('default titles drop the app name', () => {
		expect(titleFromDocument('Sozialraum-Monitor Bremen – Karte: SGB-II-Quote 2023, Ortsteile')).toBe('Karte: SGB-II-Quote 2023, Ortsteile');
		expect(titleFromDocument('')).toBe('Ansicht');
	});
});

describe('editing a deck', () => {
	it('moves slides up and down, ignoring moves past the ends', () => {
		const d = deckOf('a', 'b', 'c');
		expect(moveSlide(d, 2, -1).slides.map((s) => s.id)).toEqual(['a', 'c', 'b']);
		expect(moveSlide(d, 0, 1).slides.map((s) => s.id)).toEqual(['b', 'a', 'c']);
		expect(moveSlide(d, 0, -1)).toBe(d);
		expect(moveSlide(d, 2, 1)).toBe(d);
	});
	it('removes and updates without touching the input', () => {
		const d = deckOf('a', 'b');
		expect(removeSlide(d, 0).slides.map((s) => s.id)).toEqual(['b']);
		expect(updateSlide(d, 1, { note: 'Hinweis' }).slides[1].note).toBe('Hinweis');
		expect(d.slides.map((s) => s.note)).toEqual(['', '']);
	});
	it('gives new slides an id', () => {
		const d = addSlide(emptyDeck(), { url: '/', title: 'Karte', note: '', savedAt: '' });
		expect(d.slides[0].id).toMatch(/^[\w-]+$/);
	});
});

describe('presentation files', () => {
	it('round-trip exactly', () => {
		const d = updateSlide(deckOf('a', 'b'), 0, { note: 'Zeile 1\nZeile 2 „zitiert“' });
		const text = serializeDeck(d);
		expect(parseDeck(text)).toEqual(d);
		expect(serializeDeck(parseDeck(text))).toBe(text);
	});
	const bad = (mutate: (x: any) => unknown) => {
		const x = JSON.parse(serializeDeck(deckOf('a', 'b')));
		mutate(x);
		return JSON.stringify(x);
	};
	it.each([
		['not JSON', '{oops', /keine gültige JSON-Datei/],
		['another format', JSON.stringify({ format: 'x' }), /keine Präsentation des Sozialraum-Monitors/],
		['a newer version', bad((x) => (x.version = 2)), /Version 2; diese App liest Version 1/],
		['no slide list', bad((x) => (x.slides = {})), /keine Folienliste/],
		['an external address', bad((x) => (x.slides[1].url = 'https://example.org/')), /^Folie 2: Die Adresse „https:\/\/example.org\/“ ist keine Ansicht dieser App/],
		['a protocol-relative address', bad((x) => (x.slides[0].url = '//evil.example/')), /^Folie 1: Die Adresse/],
		['the presentation page itself', bad((x) => (x.slides[0].url = '/praesentation/')), /^Folie 1: Die Adresse/],
		['a missing title', bad((x) => (x.slides[1].title = ' ')), /^Folie 2: Titel fehlt/],
		['a duplicate id', bad((x) => (x.slides[1].id = 'a')), /^Folie 2: Kennung „a“ kommt doppelt vor/],
		['a bad date', bad((x) => (x.slides[0].savedAt = 'gestern')), /^Folie 1: Zeitpunkt/]
	])('reject %s with a German message', (_, text, message) => {
		expect(() => parseDeck(text)).toThrow(DeckError);
		expect(() => parseDeck(text)).toThrow(message);
	});
	it('accept a BOM and a missing note', () => {
		const text = bad((x) => delete x.slides[0].note);
		expect(parseDeck(`\ufeff${text}`).slides[0].note).toBe('');
	});
});
