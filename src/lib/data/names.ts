/**
 * Matching of area names from external sources (boundary files, statistics
 * tables, user imports) against the area register. Pure string logic, no Node
 * APIs: used by the data build and by the import wizard in the browser.
 */

/** An area that can be matched by name. */
export interface NamedArea {
	id: string;
	name: string;
}

/** An alternative spelling that points to an area id. */
export interface NameAlias {
	alias: string;
	id: string;
}

/** Result of a successful match: the area id and whether its name or an alias matched. */
export interface AreaMatch {
	id: string;
	via: 'name' | 'alias';
}

export interface AreaMatcher {
	/** The unique id for `name`, or null if unknown or ambiguous. */
	match(name: string): AreaMatch | null;
	/** All ids `name` could mean if there is more than one, else []. */
	ambiguous(name: string): string[];
}

export interface MatchAllResult {
	/** input name → area id */
	matched: Map<string, string>;
	unmatched: string[];
	ambiguous: { name: string; ids: string[] }[];
}

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * Normalises an area name to a comparison key, so that spelling variants of the
 * same name compare equal: Unicode NFC, lower case, ä/ö/ü → ae/oe/ue, ß → ss,
 * hyphens (incl. en/em dash), dots, underscores and any whitespace → one space,
 * "sankt"/"st." → "st", "str." → "strasse", trimmed.
 * Example: "ST.-MAGNUS", "Sankt Magnus" → "st magnus"; "Neustädter Häfen" → "neustaedter haefen".
 */
export function normalizeName(s: string): string {
	const folded = s
		.normalize('NFC')
		.toLowerCase()
		.replace(/[äöüß]/g, (c) => UMLAUTS[c]);
	const words = folded
		.replace(/[-‐‑‒–—._\s]+/g, ' ')
		.trim()
		.split(' ')
		.filter((w) => w !== '');
	return words.map(canonicalWord).join(' ');
}

/** Maps abbreviations that occur in area names to one canonical spelling. */
function canonicalWord(word: string): string {
	if (word === 'sankt') return 'st';
	if (word === 'str') return 'strasse';
	return word;
}

/** Adds `id` to the set stored under `key`. */
function addToIndex(index: Map<string, Set<string>>, key: string, id: string): void {
	const ids = index.get(key) ?? new Set<string>();
	ids.add(id);
	index.set(key, ids);
}

/**
 * Builds a matcher that resolves names via their normalised key (see
 * `normalizeName`), first against area names, then against aliases. A key that
 * leads to more than one distinct id (through names, aliases or both) is
 * ambiguous: `match` returns null instead of silently choosing one, and
 * `ambiguous` lists the candidate ids (sorted).
 */
export function createAreaMatcher(entries: NamedArea[], aliases: NameAlias[] = []): AreaMatcher {
	const byName = new Map<string, Set<string>>();
	const byAlias = new Map<string, Set<string>>();
	for (const e of entries) addToIndex(byName, normalizeName(e.name), e.id);
	for (const a of aliases) addToIndex(byAlias, normalizeName(a.alias), a.id);

	const candidates = (name: string): { ids: string[]; nameIds: Set<string> } => {
		const key = normalizeName(name);
		const nameIds = byName.get(key) ?? new Set<string>();
		const all = new Set([...nameIds, ...(byAlias.get(key) ?? [])]);
		return { ids: [...all].sort(), nameIds };
	};

	return {
		match(name) {
			const { ids, nameIds } = candidates(name);
			if (ids.length !== 1) return null;
			return { id: ids[0], via: nameIds.has(ids[0]) ? 'name' : 'alias' };
		},
		ambiguous(name) {
			const { ids } = candidates(name);
			return ids.length > 1 ? ids : [];
		}
	};
}

/**
 * Matches a list of names in one go and sorts them into matched (name → id),
 * unmatched and ambiguous, each in input order with duplicates collapsed.
 * Used to report all problems of an input at once instead of failing on the first.
 */
export function matchAll(names: string[], matcher: AreaMatcher): MatchAllResult {
	const result: MatchAllResult = { matched: new Map(), unmatched: [], ambiguous: [] };
	for (const name of new Set(names)) {
		const m = matcher.match(name);
		if (m) {
			result.matched.set(name, m.id);
			continue;
		}
		const ids = matcher.ambiguous(name);
		if (ids.length > 0) result.ambiguous.push({ name, ids });
		else result.unmatched.push(name);
	}
	return result;
}
