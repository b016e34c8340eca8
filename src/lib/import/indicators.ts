/**
 * Resolving the indicator column of a long table to catalogue ids: by id
 * ("sgb2_quote"), label ("SGB-II-Quote") or short name, compared after the
 * same normalisation as headers (case, umlauts, punctuation, a trailing unit
 * in parentheses). Unknown names go to the user, like unknown areas.
 */
import type { Catalogue, Indicator } from '../data/contract.ts';
import { headerKey } from './mapping.ts';

export type IndicatorResolution =
	| { kind: 'matched'; indicator: Indicator | null; id: string }
	| { kind: 'skipped' }
	| { kind: 'unmatched' }
	| { kind: 'ambiguous'; ids: string[] };

/** Strips a trailing unit like "(%)", "in %" or "je 1.000 Einw." before comparing. */
function indicatorKey(s: string): string {
	return headerKey(s.replace(/\s*\((?:%|in %|je [^)]*|anteil[^)]*|absolut)\)\s*$/i, '').replace(/\s+in\s*%\s*$/i, ''));
}

/**
 * Builds the resolver. Without a catalogue every non-empty name is accepted
 * as an id as it stands (no unit checks then). `assignments` maps a raw name
 * to an id, or to null to leave its rows out deliberately.
 */
export function createIndicatorResolver(catalogue: Catalogue | undefined, assignments: Record<string, string | null> = {}) {
	const byKey = new Map<string, Set<string>>();
	const byId = new Map((catalogue?.indicators ?? []).map((i) => [i.id, i]));
	for (const ind of catalogue?.indicators ?? []) {
		for (const name of [ind.id, ind.label, ind.short]) {
			const key = indicatorKey(name);
			if (key === '') continue;
			const set = byKey.get(key) ?? new Set<string>();
			set.add(ind.id);
			byKey.set(key, set);
		}
	}
	const cache = new Map<string, IndicatorResolution>();
	const resolve = (raw: string): IndicatorResolution => {
		const name = raw.trim();
		if (name in assignments) {
			const id = assignments[name];
			if (id === null) return { kind: 'skipped' };
			if (!catalogue || byId.has(id)) return { kind: 'matched', id, indicator: byId.get(id) ?? null };
		}
		if (!catalogue) return name === '' ? { kind: 'unmatched' } : { kind: 'matched', id: name, indicator: null };
		if (byId.has(name)) return { kind: 'matched', id: name, indicator: byId.get(name)! };
		const ids = [...(byKey.get(indicatorKey(name)) ?? [])].sort();
		if (ids.length === 1) return { kind: 'matched', id: ids[0], indicator: byId.get(ids[0])! };
		if (ids.length > 1) return { kind: 'ambiguous', ids };
		return { kind: 'unmatched' };
	};
	return {
		resolve(raw: string): IndicatorResolution {
			let r = cache.get(raw);
			if (!r) cache.set(raw, (r = resolve(raw)));
			return r;
		},
		get(id: string): Indicator | null {
			return byId.get(id) ?? null;
		},
		has(id: string): boolean {
			return !catalogue || byId.has(id);
		}
	};
}

export type IndicatorResolver = ReturnType<typeof createIndicatorResolver>;
