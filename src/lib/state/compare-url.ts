/**
 * State of the comparison view ↔ URL query, so a comparison is a link:
 *
 *   /vergleich/?gebiete=ot-tenever,st-osterholz,stadt-bremen&jahr=2023&indikator=sgb2_quote&von=2015
 *
 * | parameter   | meaning                                                        | default (omitted)   |
 * |-------------|----------------------------------------------------------------|---------------------|
 * | `gebiete`   | 1–6 area ids of any level, comma-separated, in display order   | none                |
 * | `jahr`      | year of the table and bars                                     | latest year         |
 * | `indikator` | indicator of the time chart and the slope chart                | the view's default  |
 * | `von`       | start year of the change (table and slope chart)               | first year          |
 *
 * Malformed parameters fall back to the defaults, never throw. Duplicates are
 * dropped; more than MAX_AREAS ids are cut to the first MAX_AREAS.
 */
import { parseIdList } from './segregation-url.ts';
import { parseYear } from './profile-url.ts';

/** At most this many areas side by side (beyond that the table and bars stop being readable). */
export const MAX_AREAS = 6;
/** A comparison needs this many areas to be one. */
export const MIN_AREAS = 2;

export interface CompareViewState {
	areas: string[];
	year: number | null;
	indicator: string | null;
	from: number | null;
}

const ID = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * @example readCompareState(new URLSearchParams('gebiete=ot-tenever,stadt-bremen&jahr=2023'))
 * // → { areas: ['ot-tenever', 'stadt-bremen'], year: 2023, indicator: null, from: null }
 */
export function readCompareState(params: URLSearchParams): CompareViewState {
	const indicator = params.get('indikator');
	return {
		areas: parseIdList(params.get('gebiete')).slice(0, MAX_AREAS),
		year: parseYear(params.get('jahr')),
		indicator: indicator !== null && ID.test(indicator) ? indicator : null,
		from: parseYear(params.get('von'))
	};
}

/**
 * @example writeCompareState({ areas: ['ot-tenever', 'stadt-bremen'], year: 2023, indicator: null, from: null })
 * // → '?gebiete=ot-tenever,stadt-bremen&jahr=2023'
 */
export function writeCompareState(state: CompareViewState): string {
	const p = new URLSearchParams();
	if (state.areas.length) p.set('gebiete', state.areas.join(','));
	if (state.year !== null) p.set('jahr', String(state.year));
	if (state.indicator) p.set('indikator', state.indicator);
	if (state.from !== null) p.set('von', String(state.from));
	const q = p.toString().replaceAll('%2C', ',');
	return q ? `?${q}` : '';
}

/** Id of the whole city: the reference, kept at the end of a comparison. */
export const CITY = 'stadt-bremen';

/**
 * Adds an area to a comparison list, no duplicates: at the end, but before
 * the city when the city closes the list (it stays the reference column). A
 * full list (MAX_AREAS) stays unchanged — the caller says why.
 *
 * @example addArea(['ot-tenever'], 'st-osterholz') // → ['ot-tenever', 'st-osterholz']
 * @example addArea(['ot-tenever', 'stadt-bremen'], 'st-osterholz') // → ['ot-tenever', 'st-osterholz', 'stadt-bremen']
 */
export function addArea(list: readonly string[], id: string): string[] {
	if (list.includes(id) || list.length >= MAX_AREAS) return [...list];
	if (list.length > 0 && list[list.length - 1] === CITY && id !== CITY) return [...list.slice(0, -1), id, CITY];
	return [...list, id];
}

/** @example removeArea(['a', 'b'], 'a') // → ['b'] */
export function removeArea(list: readonly string[], id: string): string[] {
	return list.filter((x) => x !== id);
}
