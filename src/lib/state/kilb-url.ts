/**
 * State of the "Quartierstypen" view ↔ URL query, so a discussion can be sent as a link
 * — including the criteria as edited:
 *
 *   ?jahr=2023&karte=konfrontation&gebiet=ot-altstadt&s=abspaltung.status:0.8~1.6&g=abspaltung.status:3&kv=1.0.0
 *
 * | parameter | meaning                                                        | default (omitted) |
 * |-----------|----------------------------------------------------------------|-------------------|
 * | `jahr`    | reference year                                                 | latest year       |
 * | `karte`   | map: a type id (`abspaltung`, …) or `mehrere`                  | `mehrere`         |
 * | `gebiet`  | the selected Ortsteil (its "warum?")                           | none              |
 * | `s`       | changed thresholds `typ.kriterium:a~b`, comma-separated        | the file's        |
 * | `g`       | changed weights `typ.kriterium:w`, comma-separated             | the file's        |
 * | `kv`      | version of the criteria file the changes refer to              | —                 |
 *
 * Numbers use a decimal point. Malformed entries are ignored, never thrown; whether a
 * key names a criterion (and whether the thresholds are valid) is checked by the view
 * with `pruneOverrides` / `applyOverrides`, which report it.
 */
import { KILB_TYPES, type CriteriaOverrides, type KilbTypeId } from '$lib/engine/kilb-criteria.ts';

export type KilbMapView = KilbTypeId | 'mehrere';
export const KILB_MAP_VIEWS: readonly KilbMapView[] = [...KILB_TYPES, 'mehrere'];

export interface KilbViewState {
	year: number | null;
	map: KilbMapView;
	selected: string | null;
	overrides: CriteriaOverrides;
	/** the criteria version of the overrides (from the URL); null when none given */
	version: string | null;
}

export const KILB_VIEW_DEFAULTS: KilbViewState = { year: null, map: 'mehrere', selected: null, overrides: {}, version: null };

const KEY = /^[a-z]+\.[a-z0-9_]+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const ID = /^[A-Za-z0-9_-]{1,80}$/;

function entries(text: string | null): [string, string][] {
	const out: [string, string][] = [];
	for (const part of (text ?? '').split(',')) {
		const colon = part.indexOf(':');
		if (colon <= 0) continue;
		const key = part.slice(0, colon);
		if (KEY.test(key)) out.push([key, part.slice(colon + 1)]);
	}
	return out;
}

/**
 * Reads the view state; anything malformed falls back to the default.
 *
 * @example readKilbViewState(new URLSearchParams('s=abspaltung.status:0.8~1.6&g=abspaltung.status:3')).overrides
 * // → { 'abspaltung.status': { schwellen: [0.8, 1.6], gewicht: 3 } }
 */
export function readKilbViewState(params: URLSearchParams): KilbViewState {
	const y = Number(params.get('jahr'));
	const map = params.get('karte');
	const selected = params.get('gebiet');
	const overrides: CriteriaOverrides = {};
	for (const [key, value] of entries(params.get('s'))) {
		const [a, b] = value.split('~');
		if (a !== undefined && b !== undefined && NUMBER.test(a) && NUMBER.test(b)) {
			overrides[key] = { ...overrides[key], schwellen: [Number(a), Number(b)] };
		}
	}
	for (const [key, value] of entries(params.get('g'))) {
		if (NUMBER.test(value) && Number(value) >= 0) overrides[key] = { ...overrides[key], gewicht: Number(value) };
	}
	const version = params.get('kv');
	return {
		year: Number.isInteger(y) && y > 1900 && y < 2200 ? y : null,
		map: map && (KILB_MAP_VIEWS as readonly string[]).includes(map) ? (map as KilbMapView) : KILB_VIEW_DEFAULTS.map,
		selected: selected && ID.test(selected) ? selected : null,
		overrides,
		version: version && /^[0-9A-Za-z.+-]{1,20}$/.test(version) ? version : null
	};
}

/**
 * Writes the view state; only what differs from the defaults. Pass overrides already
 * pruned to real changes (`pruneOverrides`); `version` is written with them.
 *
 * @example writeKilbViewState({ ...KILB_VIEW_DEFAULTS, map: 'abspaltung' }, '1.0.0') // → '?karte=abspaltung'
 */
export function writeKilbViewState(s: KilbViewState, version: string): string {
	const p = new URLSearchParams();
	if (s.year !== null) p.set('jahr', String(s.year));
	if (s.map !== KILB_VIEW_DEFAULTS.map) p.set('karte', s.map);
	if (s.selected) p.set('gebiet', s.selected);
	const keys = Object.keys(s.overrides).sort();
	const thresholds = keys.filter((k) => s.overrides[k].schwellen).map((k) => `${k}:${s.overrides[k].schwellen![0]}~${s.overrides[k].schwellen![1]}`);
	const weights = keys.filter((k) => s.overrides[k].gewicht !== undefined).map((k) => `${k}:${s.overrides[k].gewicht}`);
	if (thresholds.length) p.set('s', thresholds.join(','));
	if (weights.length) p.set('g', weights.join(','));
	if (thresholds.length || weights.length) p.set('kv', version);
	const q = p.toString();
	return q ? `?${q}` : '?';
}
