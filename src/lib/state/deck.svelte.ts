/**
 * The current presentation, kept in localStorage so it survives a reload and
 * is shared by all tabs. When storage is blocked (private mode, policy) the
 * deck lives in memory and `persistent` is false — the page then asks the
 * user to save the deck as a file. A stored deck that fails `parseDeck` is
 * not used; `problem` says so (German).
 */
import { addSlide, emptyDeck, moveSlide, parseDeck, removeSlide, serializeDeck, updateSlide, type Deck, type Slide } from './presentation.ts';

const KEY = 'sozialraum-monitor:praesentation';

interface Store {
	get(): string | null;
	set(value: string): void;
	persistent: boolean;
}

function openStore(): Store {
	try {
		const ls = globalThis.localStorage;
		const probe = `${KEY}:probe`;
		ls.setItem(probe, '1');
		ls.removeItem(probe);
		return { get: () => ls.getItem(KEY), set: (v) => ls.setItem(KEY, v), persistent: true };
	} catch {
		let memory: string | null = null;
		return { get: () => memory, set: (v) => (memory = v), persistent: false };
	}
}

export class DeckStore {
	deck = $state.raw<Deck>(emptyDeck());
	/** false when the browser blocks localStorage */
	persistent = $state(true);
	/** German message when the stored deck or the last save failed */
	problem = $state<string | null>(null);
	#store: Store;

	constructor() {
		this.#store = openStore();
		this.persistent = this.#store.persistent;
		this.#load();
		if (typeof window !== 'undefined') {
			window.addEventListener('storage', (e) => {
				if (e.key === KEY) this.#load();
			});
		}
	}

	#load() {
		const text = this.#store.get();
		if (!text) return;
		try {
			this.deck = parseDeck(text);
			this.problem = null;
		} catch (e) {
			this.problem = `Die gespeicherte Präsentation ist beschädigt und wurde nicht geladen (${(e as Error).message}).`;
		}
	}

	#save(next: Deck) {
		this.deck = next;
		try {
			this.#store.set(serializeDeck(next));
		} catch {
			// Quota exceeded or storage revoked: keep working in memory.
			this.persistent = false;
			this.problem = 'Die Präsentation konnte nicht im Browser gespeichert werden. Bitte als Datei speichern.';
		}
	}

	add(slide: Omit<Slide, 'id' | 'savedAt'>): number {
		this.#save(addSlide(this.deck, { ...slide, savedAt: new Date().toISOString() }));
		return this.deck.slides.length;
	}
	move(index: number, delta: number) {
		this.#save(moveSlide(this.deck, index, delta));
	}
	remove(index: number) {
		this.#save(removeSlide(this.deck, index));
	}
	update(index: number, patch: Partial<Pick<Slide, 'title' | 'note'>>) {
		this.#save(updateSlide(this.deck, index, patch));
	}
	setTitle(title: string) {
		this.#save({ ...this.deck, title });
	}
	/** Replaces the whole deck (import, undo, clear). */
	replace(deck: Deck) {
		this.#save(deck);
	}
}

let instance: DeckStore | null = null;
/** The one deck store of the app (created on first use in the browser). */
export function deckStore(): DeckStore {
	instance ??= new DeckStore();
	return instance;
}
