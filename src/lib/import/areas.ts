/**
 * Resolving the area of each table row to an Ortsteil of the register: by
 * official number (when the user has supplied numbers, or the register has
 * them), by register id (the CLI's `area_id`), or by normalised name and the
 * aliases of `data/areas/aliases.csv` via `names.ts` (e.g. "Neustädter Häfen"
 * → Neustädter Hafen). Rows naming a Stadtteil, Stadtbezirk or the city are
 * totals: they are not imported (the app aggregates from Ortsteil counts) and
 * are reported. Whatever cannot be resolved is returned for manual
 * assignment – never guessed, never dropped silently.
 */
import type { Register } from '../data/contract.ts';
import { createAreaMatcher, normalizeName } from '../data/names.ts';

export type AreaResolution =
	| { kind: 'matched'; id: string; via: 'name' | 'alias' | 'number' | 'id' | 'assigned'; nummer?: string }
	| { kind: 'skipped' }
	| { kind: 'aggregate'; level: 'stadtteil' | 'stadtbezirk' | 'stadt' }
	| { kind: 'unmatched'; suggestions: string[] }
	| { kind: 'ambiguous'; ids: string[] }
	| { kind: 'conflict'; byNumber: string; byName: string }
	| { kind: 'missing' };

export interface AreaResolverOptions {
	/** official number → Ortsteil id, supplied by the user (the register has no numbers yet) */
	areaNumbers?: Record<string, string>;
	/** manual choices from the wizard: area key (see `areaKey`) → Ortsteil id, or null = leave out */
	assignments?: Record<string, string | null>;
}

export interface AreaResolver {
	resolve(name: string, nummer: string): AreaResolution;
	/** Ortsteil name by id (for messages) */
	nameOf(id: string): string;
}

/** The key under which a row's area is listed for manual assignment: the name, else "Nr. 123". */
export function areaKey(name: string, nummer: string): string {
	const n = name.trim();
	return n !== '' ? n : nummer.trim() !== '' ? `Nr. ${nummer.trim()}` : '';
}

/** Normalises an official number for comparison: trimmed, blanks removed, leading zeros of digit strings dropped. */
export function normalizeNumber(s: string): string {
	const t = s.trim().replace(/\s+/g, '');
	return /^\d+$/.test(t) ? t.replace(/^0+(?=\d)/, '') : t.toLowerCase();
}

/**
 * Splits a name cell that carries its number: "111 Altstadt", "111 - Altstadt",
 * "Altstadt (111)". Returns the name unchanged and an empty number otherwise.
 * @example splitNumberedName('111 Altstadt') // → { name: 'Altstadt', nummer: '111' }
 */
export function splitNumberedName(cell: string): { name: string; nummer: string } {
	const s = cell.trim();
	const front = /^(\d{1,6}(?:[.\-/]\d{1,4})*)\s*[-–:]?\s+(.*[^\d\s].*)$/.exec(s);
	if (front) return { name: front[2].trim(), nummer: front[1] };
	const back = /^(.*[^\d\s].*?)\s*\((\d{1,6})\)$/.exec(s);
	if (back) return { name: back[1].trim(), nummer: back[2] };
	return { name: s, nummer: '' };
}

/** Names of totals rows, after normalisation. */
const CITY_TOTALS = /^(stadt bremen|stadtgemeinde bremen|bremen|land bremen|bremen stadt|bremen insgesamt|insgesamt|gesamt|summe|zusammen|stadt insgesamt|alle ortsteile|total)$/;
const LEVEL_PREFIX = /^(stadtbezirk|bezirk|stadtteil)\s+(.+)$/;

/**
 * Builds the resolver for a register. Order: manual assignment, number
 * (user-supplied numbers, register numbers if present, register ids), name
 * (names.ts, Ortsteile and aliases), totals (Stadtteil / Stadtbezirk /
 * city names). If number and name both resolve but disagree, the row is a
 * conflict for the user to decide.
 */
export function createAreaResolver(register: Register, opts: AreaResolverOptions = {}): AreaResolver {
	const aliases = register.aliases.map((a) => ({ alias: a.alias, id: a.ortsteil_id }));
	const matcher = createAreaMatcher(register.ortsteile, aliases);
	const ids = new Set(register.ortsteile.map((o) => o.id));
	const names = new Map(register.ortsteile.map((o) => [o.id, o.name]));
	const byNumber = new Map<string, string>();
	for (const o of register.ortsteile) {
		const nummer = (o as { nummer?: unknown }).nummer;
		if (typeof nummer === 'string' && nummer.trim() !== '') byNumber.set(normalizeNumber(nummer), o.id);
	}
	for (const [nummer, id] of Object.entries(opts.areaNumbers ?? {})) byNumber.set(normalizeNumber(nummer), id);
	const stadtteile = new Set(register.stadtteile.map((s) => normalizeName(s.name)));
	const bezirke = new Set(register.stadtbezirke.map((s) => normalizeName(s.name)));
	const assignments = new Map(Object.entries(opts.assignments ?? {}).map(([k, v]) => [k.trim(), v]));
	const keys = [...names].map(([id, name]) => ({ id, key: normalizeName(name) }));

	const aggregate = (name: string): AreaResolution | null => {
		const key = normalizeName(name);
		if (CITY_TOTALS.test(key)) return { kind: 'aggregate', level: 'stadt' };
		const prefixed = LEVEL_PREFIX.exec(key);
		if (prefixed) return { kind: 'aggregate', level: prefixed[1] === 'stadtteil' ? 'stadtteil' : 'stadtbezirk' };
		if (stadtteile.has(key)) return { kind: 'aggregate', level: 'stadtteil' };
		if (bezirke.has(key) || bezirke.has(key.replace(/^bremen /, ''))) return { kind: 'aggregate', level: 'stadtbezirk' };
		return null;
	};

	return {
		nameOf: (id) => names.get(id) ?? id,
		resolve(rawName, rawNumber) {
			const name = rawName.trim();
			const nummer = rawNumber.trim();
			const key = areaKey(name, nummer);
			if (key === '') return { kind: 'missing' };
			if (assignments.has(key)) {
				const id = assignments.get(key);
				if (id === null || id === undefined) return { kind: 'skipped' };
				if (ids.has(id)) return { kind: 'matched', id, via: 'assigned', nummer: nummer || undefined };
			}
			let numberId: string | undefined;
			if (nummer !== '') numberId = ids.has(nummer) ? nummer : byNumber.get(normalizeNumber(nummer));
			const nameMatch = name !== '' ? matcher.match(name) : null;
			if (numberId && nameMatch && nameMatch.id !== numberId) {
				return { kind: 'conflict', byNumber: numberId, byName: nameMatch.id };
			}
			if (numberId) return { kind: 'matched', id: numberId, via: ids.has(nummer) ? 'id' : 'number', nummer };
			if (nameMatch) return { kind: 'matched', id: nameMatch.id, via: nameMatch.via, nummer: nummer || undefined };
			if (name !== '') {
				const amb = matcher.ambiguous(name);
				if (amb.length > 0) return { kind: 'ambiguous', ids: amb };
				const agg = aggregate(name);
				if (agg) return agg;
			}
			return { kind: 'unmatched', suggestions: similarNames(normalizeName(name || nummer), keys) };
		}
	};
}

/**
 * Up to three register ids whose normalised name is close to `key`
 * (Levenshtein distance ≤ max(2, 30 % of the length), or one contains the
 * other) – offered first in the manual assignment.
 */
function similarNames(key: string, keys: { id: string; key: string }[]): string[] {
	if (key === '') return [];
	const scored = keys
		.map(({ id, key: k }) => ({ id, d: k.includes(key) || key.includes(k) ? 0.5 : levenshtein(key, k) }))
		.filter(({ d }) => d <= Math.max(2, key.length * 0.3))
		.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1));
	return scored.slice(0, 3).map((s) => s.id);
}

/** Edit distance (insertions, deletions, substitutions), two-row dynamic programme. */
export function levenshtein(a: string, b: string): number {
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		for (let j = 1; j <= b.length; j++) {
			cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		prev = cur;
	}
	return prev[b.length];
}
