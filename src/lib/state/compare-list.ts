/**
 * The comparison list remembered between pages: the profile's
 * "Zum Vergleich hinzufügen" adds to the areas of the last comparison the
 * user had open. Stored in localStorage; when storage is blocked (private
 * mode, policy) it falls back to an in-memory list, never throws. The
 * comparison page's URL stays the source of truth for what it shows.
 */
import { parseIdList } from './segregation-url.ts';
import { MAX_AREAS } from './compare-url.ts';

const KEY = 'sozialraum-monitor:vergleich';
let memory: string[] = [];

export function rememberedComparison(): string[] {
	try {
		const text = localStorage.getItem(KEY);
		return text === null ? [...memory] : parseIdList(text).slice(0, MAX_AREAS);
	} catch {
		return [...memory];
	}
}

export function rememberComparison(areas: readonly string[]): void {
	memory = [...areas];
	try {
		localStorage.setItem(KEY, areas.join(','));
	} catch {
		// storage blocked: the in-memory copy serves this tab
	}
}
