/**
 * Index view state ↔ URL, so a weighting scheme can be sent as a link:
 * `?jahr=2023&ebene=ortsteil&karte=index&norm=z&agg=linear&gew=unweighted&eb=1&seit=2019&w=materiell:2,sgb2_quote:1.5`.
 * Malformed parts fall back to the defaults; weights must be finite and ≥ 0.
 */
import type { Aggregation, IndexLevel } from '$lib/engine/index-settings.ts';
import type { Normalization, Weighting } from '$lib/engine/normalize.ts';

export type MapLayer = 'index' | 'materiell' | 'kulturell' | 'sozial' | 'symbolisch' | 'status';
export const MAP_LAYERS: readonly MapLayer[] = ['index', 'materiell', 'kulturell', 'sozial', 'symbolisch', 'status'];

export interface IndexViewState {
	year: number | null;
	level: IndexLevel;
	layer: MapLayer;
	normalization: Normalization;
	aggregation: Aggregation;
	weighting: Weighting;
	eb: boolean;
	/** start year of the Dynamikindex (end = `year`) */
	since: number | null;
	weights: Record<string, number>;
	selected: string | null;
}

export const INDEX_VIEW_DEFAULTS: IndexViewState = {
	year: null,
	level: 'ortsteil',
	layer: 'index',
	normalization: 'z',
	aggregation: 'linear',
	weighting: 'unweighted',
	eb: false,
	since: null,
	weights: {},
	selected: null
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
	return value && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function year(value: string | null): number | null {
	const y = Number(value);
	return value && Number.isInteger(y) && y > 1900 && y < 2200 ? y : null;
}

export function parseWeights(text: string | null): Record<string, number> {
	const weights: Record<string, number> = {};
	for (const part of (text ?? '').split(',')) {
		const [key, raw] = part.split(':');
		const w = Number(raw);
		if (key && /^[a-z0-9_]+$/.test(key) && raw !== undefined && Number.isFinite(w) && w >= 0) weights[key] = w;
	}
	return weights;
}

export function readIndexViewState(params: URLSearchParams): IndexViewState {
	const d = INDEX_VIEW_DEFAULTS;
	return {
		year: year(params.get('jahr')),
		level: oneOf(params.get('ebene'), ['ortsteil', 'stadtteil', 'stadtbezirk'] as const, d.level),
		layer: oneOf(params.get('karte'), MAP_LAYERS, d.layer),
		normalization: oneOf(params.get('norm'), ['z', 'minmax', 'rank'] as const, d.normalization),
		aggregation: oneOf(params.get('agg'), ['linear', 'geometric'] as const, d.aggregation),
		weighting: oneOf(params.get('gew'), ['unweighted', 'population'] as const, d.weighting),
		eb: params.get('eb') === '1',
		since: year(params.get('seit')),
		weights: parseWeights(params.get('w')),
		selected: params.get('gebiet') || null
	};
}

/** Only what differs from the defaults goes into the URL. */
export function writeIndexViewState(s: IndexViewState): string {
	const p = new URLSearchParams();
	const d = INDEX_VIEW_DEFAULTS;
	if (s.year !== null) p.set('jahr', String(s.year));
	if (s.level !== d.level) p.set('ebene', s.level);
	if (s.layer !== d.layer) p.set('karte', s.layer);
	if (s.normalization !== d.normalization) p.set('norm', s.normalization);
	if (s.aggregation !== d.aggregation) p.set('agg', s.aggregation);
	if (s.weighting !== d.weighting) p.set('gew', s.weighting);
	if (s.eb) p.set('eb', '1');
	if (s.since !== null) p.set('seit', String(s.since));
	const w = Object.entries(s.weights)
		.filter(([, v]) => v !== 1)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([k, v]) => `${k}:${v}`)
		.join(',');
	if (w) p.set('w', w);
	if (s.selected) p.set('gebiet', s.selected);
	const q = p.toString();
	return q ? `?${q}` : '?';
}
