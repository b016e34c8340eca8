/**
 * Finding areas of every level by name, for the comparison's search field.
 * Matching ignores case, umlaut spelling (ö = oe = o), hyphens and "St."/"Sankt"
 * (`normalizeName`); results are in German alphabetical order (Ö with O),
 * names that start with the query first. Same names on two levels (Osterholz
 * the Ortsteil and the Stadtteil) stay apart by their level and parent.
 */
import { normalizeName } from './names.ts';
import type { AreaRow } from './rows.ts';
import type { Level } from './contract.ts';

export interface SearchEntry {
	id: string;
	name: string;
	level: Level;
	/** name of the parent area ("" for the city) */
	parent: string;
	/** normalised name for matching (ö → oe) */
	key: string;
	/** the same without umlaut marks (ö → o), so "ost" finds "Östliche Vorstadt" */
	plain: string;
}

/** `normalizeName` after dropping diacritics: "Östliche" → "ostliche". */
function plainName(s: string): string {
	return normalizeName(s.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
}

const LEVEL_ORDER: Record<Level, number> = { stadt: 0, stadtbezirk: 1, stadtteil: 2, ortsteil: 3 };
const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });

/** One entry per area, in German alphabetical order, then city → Bezirk → Stadtteil → Ortsteil. */
export function searchEntries(areas: readonly AreaRow[]): SearchEntry[] {
	const byId = new Map(areas.map((a) => [a.id, a]));
	return areas
		.map((a) => ({ id: a.id, name: a.name, level: a.level, parent: a.parent_id ? (byId.get(a.parent_id)?.name ?? '') : '', key: normalizeName(a.name), plain: plainName(a.name) }))
		.sort((a, b) => collator.compare(a.name, b.name) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}

/**
 * Entries whose name contains the query (normalised), those starting with it
 * first; each group keeps the German order of `entries`.
 *
 * @param entries from `searchEntries`
 * @param query what the user typed; empty → no results
 * @param exclude ids already chosen
 * @param limit at most this many results (default 12)
 * @example searchAreas(entries, 'gröpel').map((e) => e.id) // → ['ot-groepelingen', 'st-groepelingen']
 */
export function searchAreas(entries: readonly SearchEntry[], query: string, exclude: ReadonlySet<string> = new Set(), limit = 12): SearchEntry[] {
	const q = normalizeName(query);
	const qPlain = plainName(query);
	if (q === '') return [];
	const startsWith = (key: string, text: string) => key.startsWith(text) || key.split(' ').some((w) => w.startsWith(text));
	const starts: SearchEntry[] = [];
	const contains: SearchEntry[] = [];
	for (const e of entries) {
		if (exclude.has(e.id)) continue;
		if (startsWith(e.key, q) || startsWith(e.plain, qPlain)) starts.push(e);
		else if (e.key.includes(q) || e.plain.includes(qPlain)) contains.push(e);
	}
	return [...starts, ...contains].slice(0, limit);
}
