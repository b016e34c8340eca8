/**
 * State of the "Segregation & Cluster" view ↔ URL query, so every view is a
 * permalink:
 *
 *   ?gruppe=sgb2_quote&indikator=sgb2_quote&jahr=2023&basis=eb&fdr=1&karte=signifikanz&auswahl=ot-a,ot-b&gebiet=ot-c
 *
 * | parameter   | meaning                                                    | default (omitted)  |
 * |-------------|------------------------------------------------------------|--------------------|
 * | `gruppe`    | group indicator for the segregation indices                | from the view      |
 * | `indikator` | indicator for Moran's I, LISA and polarisation             | from the view      |
 * | `jahr`      | year                                                       | from the view      |
 * | `basis`     | small bases: `ausschliessen` or `eb` (empirical Bayes)     | `ausschliessen`    |
 * | `fdr`       | `1` = false-discovery-rate correction of the LISA p-values | off                |
 * | `karte`     | `cluster` or `signifikanz`                                 | `cluster`          |
 * | `auswahl`   | brushed areas (comma-separated ids)                        | none               |
 * | `gebiet`    | the one selected (clicked) area                            | none               |
 *
 * Unknown or malformed parameters fall back to the defaults, never throw. Ids
 * are checked only for their form (letters, digits, `-`, `_`); whether they
 * exist is the view's business.
 */
import type { UnreliableMode } from '$lib/engine/spatial.ts';

export type LisaMapMode = 'cluster' | 'signifikanz';

export interface SegregationViewState {
	group: string;
	indicator: string;
	year: number;
	unreliable: UnreliableMode;
	fdr: boolean;
	map: LisaMapMode;
	/** brushed areas, in the order they were given, without duplicates */
	brushed: string[];
	selected: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,80}$/;
/** At most this many brushed ids are read from a URL (Bremen has 88 Ortsteile). */
export const MAX_BRUSHED = 500;

const BASIS_TO_MODE: Record<string, UnreliableMode> = { ausschliessen: 'exclude', eb: 'eb' };

function idOr(value: string | null, fallback: string): string {
	return value !== null && ID.test(value) ? value : fallback;
}

/** Comma-separated ids → valid, unique ids (at most MAX_BRUSHED). */
export function parseIdList(value: string | null): string[] {
	if (!value) return [];
	const out: string[] = [];
	const seen = new Set<string>();
	for (const part of value.split(',')) {
		const id = part.trim();
		if (!ID.test(id) || seen.has(id)) continue;
		seen.add(id);
		out.push(id);
		if (out.length >= MAX_BRUSHED) break;
	}
	return out;
}

/**
 * Reads the view state from a query; anything missing or malformed takes the
 * value from `defaults`.
 *
 * @example readSegregationState(new URLSearchParams('jahr=2019&fdr=1'), defaults) // → { ...defaults, year: 2019, fdr: true }
 */
export function readSegregationState(params: URLSearchParams, defaults: SegregationViewState): SegregationViewState {
	const yearText = params.get('jahr');
	const year = yearText !== null && /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
	const basis = params.get('basis');
	const fdr = params.get('fdr');
	const map = params.get('karte');
	const selected = params.get('gebiet');
	return {
		group: idOr(params.get('gruppe'), defaults.group),
		indicator: idOr(params.get('indikator'), defaults.indicator),
		year: Number.isInteger(year) ? year : defaults.year,
		unreliable: basis !== null && Object.hasOwn(BASIS_TO_MODE, basis) ? BASIS_TO_MODE[basis] : defaults.unreliable,
		fdr: fdr === '1' || fdr === 'ja' ? true : fdr === '0' || fdr === 'nein' ? false : defaults.fdr,
		map: map === 'cluster' || map === 'signifikanz' ? map : defaults.map,
		brushed: params.has('auswahl') ? parseIdList(params.get('auswahl')) : [...defaults.brushed],
		selected: selected !== null && ID.test(selected) ? selected : defaults.selected
	};
}

/**
 * Writes the view state as a query string (with leading `?`). Options at their
 * default are left out, so the usual link stays short.
 *
 * @example writeSegregationState({ group: 'sgb2_quote', indicator: 'sgb2_quote', year: 2023, unreliable: 'exclude', fdr: false, map: 'cluster', brushed: [], selected: null })
 * // → '?gruppe=sgb2_quote&indikator=sgb2_quote&jahr=2023'
 */
export function writeSegregationState(state: SegregationViewState): string {
	const p = new URLSearchParams({ gruppe: state.group, indikator: state.indicator, jahr: String(state.year) });
	if (state.unreliable === 'eb') p.set('basis', 'eb');
	if (state.fdr) p.set('fdr', '1');
	if (state.map === 'signifikanz') p.set('karte', 'signifikanz');
	if (state.brushed.length > 0) p.set('auswahl', state.brushed.join(','));
	if (state.selected) p.set('gebiet', state.selected);
	// Commas in the id list stay readable; URLSearchParams would write %2C.
	return `?${p.toString().replaceAll('%2C', ',')}`;
}
