/**
 * The shapes that cross module boundaries: the area register (committed in
 * `data/areas/`), the indicator catalogue (`data/indicators.json`) and the rows of
 * the generated files in `static/data/` that the app, the CLI and the tests read.
 * Plain types only, so scripts, engine and UI can all import them.
 */

export type Level = 'ortsteil' | 'stadtteil' | 'stadtbezirk' | 'stadt';

export interface Ortsteil {
	id: string;
	name: string;
	stadtteil_id: string;
}
export interface Stadtteil {
	id: string;
	name: string;
	stadtbezirk_id: string;
}
export interface Stadtbezirk {
	id: string;
	name: string;
}
export interface Alias {
	alias: string;
	ortsteil_id: string;
}
export interface Register {
	ortsteile: Ortsteil[];
	stadtteile: Stadtteil[];
	stadtbezirke: Stadtbezirk[];
	aliases: Alias[];
}

export type Factor = 'materiell' | 'kulturell' | 'sozial' | 'symbolisch' | 'kontext';
export const FACTORS: readonly Factor[] = ['materiell', 'kulturell', 'sozial', 'symbolisch', 'kontext'];

export interface Indicator {
	id: string;
	label: string;
	short: string;
	definition: string;
	/** id of a base count in `Catalogue.bases` */
	numerator: string;
	/** id of a base count, or null for plain counts (value = numerator) */
	denominator: string | null;
	unit: string;
	/** value = numerator / denominator × scale */
	scale: number;
	decimals: number;
	/** +1: higher = more disadvantage; −1: higher = less; 0: context without direction */
	polarity: -1 | 0 | 1;
	factor: Factor;
	/** a denominator below this is unreliable: flagged, excluded from ranks and reference statistics */
	min_base: number;
	reference_date: string;
	/** where official values come from once imported; never the source of demo values */
	official_source: string;
}
export interface Catalogue {
	bases: Record<string, string>;
	indicators: Indicator[];
}

/** Base counts of one Ortsteil in one year, keyed by `Catalogue.bases` id. */
export interface BaseRow {
	area_id: string;
	year: number;
	counts: Record<string, number>;
}

/**
 * Value status: `ok`, `gesperrt` (suppressed in the source), `fehlt` (not delivered),
 * `ohne_zaehler` (an aggregate of rates delivered without counts: not computable).
 */
export type ValueStatus = 'ok' | 'gesperrt' | 'fehlt' | 'ohne_zaehler';

/** One row of `values.arrows` (long format). */
export interface ValueRow {
	area_id: string;
	indicator_id: string;
	year: number;
	numerator: number | null;
	denominator: number | null;
	value: number | null;
	status: ValueStatus;
}

/** Geometry-derived facts per area (any level), written to `areas.arrows`. */
export interface AreaGeo {
	id: string;
	area_km2: number;
	/** [lon, lat] of the area-weighted centroid (WGS84) */
	centroid: [number, number];
}

/** Files the data build writes into `static/data/` (served by the app at `/data/…`). */
export const DATA_FILES = {
	manifest: 'manifest.json',
	areas: 'areas.arrows',
	indicators: 'indicators.arrows',
	values: 'values.arrows',
	neighbours: 'neighbours.arrows',
	facts: 'facts.arrows',
	/** name variants of Ortsteile (`data/areas/aliases.csv`), for matching imported tables in the browser */
	aliases: 'aliases.json',
	ortsteileGeo: 'ortsteile.geojson',
	stadtteileGeo: 'stadtteile.geojson',
	stadtbezirkeGeo: 'stadtbezirke.geojson'
} as const;
