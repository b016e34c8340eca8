/**
 * State of the relations view ↔ URL query:
 *
 *   /zusammenhang/?x=sgb2_quote&y=wahlbeteiligung&ebene=ortsteil&jahr=2023&groesse=1&auswahl=ot-a,ot-b&gebiet=ot-c
 *
 * | parameter | meaning                                                  | default (omitted)   |
 * |-----------|----------------------------------------------------------|---------------------|
 * | `x`, `y`  | indicator ids of the two axes                            | from the view       |
 * | `ebene`   | `ortsteil`, `stadtteil` or `stadtbezirk`                 | `ortsteil`          |
 * | `jahr`    | year (an indicator without values then uses its last earlier year) | latest     |
 * | `groesse` | `1` = point size by residents                            | off                 |
 * | `auswahl` | brushed areas (comma-separated ids)                      | none                |
 * | `gebiet`  | the one selected (clicked) area                          | none                |
 *
 * Malformed parameters fall back to the defaults, never throw.
 */
import type { IndexLevel } from '$lib/engine/index-settings.ts';
import { parseIdList } from './segregation-url.ts';
import { parseYear } from './profile-url.ts';

export interface RelationViewState {
	x: string;
	y: string;
	level: IndexLevel;
	/** null = latest */
	year: number | null;
	sized: boolean;
	brushed: string[];
	selected: string | null;
}

export const RELATION_DEFAULTS: Readonly<RelationViewState> = Object.freeze({
	x: 'sgb2_quote',
	y: 'wahlbeteiligung',
	level: 'ortsteil',
	year: null,
	sized: false,
	brushed: [],
	selected: null
});

const ID = /^[A-Za-z0-9_-]{1,80}$/;
const LEVELS: readonly IndexLevel[] = ['ortsteil', 'stadtteil', 'stadtbezirk'];
const idOr = (v: string | null, fallback: string) => (v !== null && ID.test(v) ? v : fallback);

/**
 * @example readRelationState(new URLSearchParams('x=a&y=b&ebene=stadtteil')) // → { ...RELATION_DEFAULTS, x: 'a', y: 'b', level: 'stadtteil' }
 */
export function readRelationState(params: URLSearchParams, defaults: RelationViewState = RELATION_DEFAULTS): RelationViewState {
	const level = params.get('ebene') as IndexLevel | null;
	const size = params.get('groesse');
	const selected = params.get('gebiet');
	return {
		x: idOr(params.get('x'), defaults.x),
		y: idOr(params.get('y'), defaults.y),
		level: level && LEVELS.includes(level) ? level : defaults.level,
		year: parseYear(params.get('jahr')) ?? defaults.year,
		sized: size === '1' ? true : size === '0' ? false : defaults.sized,
		brushed: params.has('auswahl') ? parseIdList(params.get('auswahl')) : [...defaults.brushed],
		selected: selected !== null && ID.test(selected) ? selected : defaults.selected
	};
}

/**
 * Writes every field (the link stays valid if defaults change); brush and
 * selection only when set.
 *
 * @example writeRelationState({ ...RELATION_DEFAULTS, year: 2023 }) // → '?x=sgb2_quote&y=wahlbeteiligung&ebene=ortsteil&jahr=2023'
 */
export function writeRelationState(state: RelationViewState): string {
	const p = new URLSearchParams({ x: state.x, y: state.y, ebene: state.level });
	if (state.year !== null) p.set('jahr', String(state.year));
	if (state.sized) p.set('groesse', '1');
	if (state.brushed.length) p.set('auswahl', state.brushed.join(','));
	if (state.selected) p.set('gebiet', state.selected);
	return `?${p.toString().replaceAll('%2C', ',')}`;
}
