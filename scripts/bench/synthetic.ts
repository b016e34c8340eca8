/**
 * Synthetic data for the benchmark (`npm run bench`): N grid cells × Y years × I
 * indicators in exactly the layout the data build writes (`schema.ts`), so the
 * engine runs on it unchanged.
 *
 * - Areas: a square grid, filled row by row (cols = ⌈√N⌉); every cell is an
 *   "Ortsteil" named `Rasterzelle 0001` …, grouped into 4 × 4 "Rasterblock"
 *   Stadtteile and 16 × 16 "Rasterbezirk" Stadtbezirke, plus the city row.
 *   Names are obviously synthetic; nothing here resembles Bremen.
 * - Geometry: one square polygon per cell (GeoJSON, lon/lat), and the queen
 *   neighbour table derived from the grid positions (identical to what
 *   `queenNeighbours` finds on the polygons; the unit test checks this).
 * - Catalogue: `ind_01` … rates (numerator / denominator × 100, min_base 50),
 *   factors cycling materiell → kulturell → sozial → symbolisch, every fifth with
 *   polarity −1; denominators cycling through `bev`, `bev_u65`, `haushalte`; plus
 *   the population count `bevoelkerung` (factor kontext), which the reliability
 *   rule reads. So `vals` has N × Y × (I + 1) rows.
 * - Counts: from the engine's seeded sfc32 stream (`createRandom`), one stream per
 *   dataset, drawn in a fixed order: same spec → same bytes. Rates follow a smooth
 *   spatial field plus noise (so Moran's I and LISA find clusters), about 3 % of
 *   the cells have fewer than 300 residents (unreliable, as small harbour areas).
 *
 * Base counts are built column-wise in typed arrays and encoded to Arrow directly:
 * at 10,000 × 20 × 30 that is 6.6 M counts, too many for one JS object per row.
 */
import { makeData, makeVector, Table, tableToIPC, Utf8, type Vector } from 'apache-arrow';
import { EXCLUSION_FACTORS } from '../../src/lib/engine/index-settings.ts';
import { createRandom } from '../../src/lib/engine/random.ts';
import { CITY_ID } from '../../src/lib/engine/schema.ts';
import { POPULATION_BASE, POPULATION_INDICATOR } from '../../src/lib/engine/rates.ts';
import { rowsToArrowStream } from '../lib/arrow-io.ts';

export interface SyntheticSpec {
	/** number of grid cells (Ortsteile) */
	areas: number;
	/** number of consecutive years */
	years: number;
	/** number of rate indicators (the population count comes on top) */
	indicators: number;
	/** default 'sozialraum-bench' */
	seed?: string;
	/** default 2004 */
	firstYear?: number;
}

export const DEFAULT_BENCH_SEED = 'sozialraum-bench';
const FIRST_YEAR = 2004;
/** Denominator bases the rate indicators cycle through (`bev` is also the population). */
export const DENOMINATOR_BASES = [POPULATION_BASE, 'bev_u65', 'haushalte'] as const;
/** Side of a Stadtteil block and of a Stadtbezirk block, in cells. */
const BLOCK = 4;
const DISTRICT = 16;
/** South-west corner and cell size of the grid in degrees (an empty spot, not a real city). */
const ORIGIN: [number, number] = [10, 50];
const CELL: [number, number] = [0.004, 0.0025];

/** Grid layout for n cells: ⌈√n⌉ columns, rows filled one after another. */
export function gridShape(n: number): { cols: number; rows: number } {
	if (!Number.isInteger(n) || n < 1) throw new RangeError(`Anzahl Gebiete muss eine ganze Zahl ≥ 1 sein (erhalten: ${n}).`);
	const cols = Math.ceil(Math.sqrt(n));
	return { cols, rows: Math.ceil(n / cols) };
}

const pad = (x: number, width: number) => String(x).padStart(width, '0');
const idWidth = (n: number) => Math.max(4, String(n).length);

/** Id and name of cell i (0-based): `rz-0001`, `Rasterzelle 0001`. */
export function cellId(i: number, n: number): string {
	return `rz-${pad(i + 1, idWidth(n))}`;
}
export function cellName(i: number, n: number): string {
	return `Rasterzelle ${pad(i + 1, idWidth(n))}`;
}

/**
 * Queen neighbours of the grid (shared edge or corner), both directions, sorted by
 * (area, neighbour) in code-unit order like the data build's table.
 *
 * @example gridNeighbours(4).length // → 12 (2 × 2 grid: every cell touches the 3 others)
 */
export function gridNeighbours(n: number): [string, string][] {
	const { cols } = gridShape(n);
	const out: [string, string][] = [];
	for (let i = 0; i < n; i++) {
		const r = Math.floor(i / cols);
		const c = i % cols;
		for (let dr = -1; dr <= 1; dr++) {
			for (let dc = -1; dc <= 1; dc++) {
				if (dr === 0 && dc === 0) continue;
				const rr = r + dr;
				const cc = c + dc;
				if (cc < 0 || cc >= cols || rr < 0) continue;
				const j = rr * cols + cc;
				if (j < n) out.push([cellId(i, n), cellId(j, n)]);
			}
		}
	}
	return out.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0));
}

/** One square polygon per cell (GeoJSON, WGS84), properties `id` and `name`. */
export function gridGeometry(n: number): GeoJSON.FeatureCollection<GeoJSON.Polygon> {
	const { cols } = gridShape(n);
	const round = (x: number) => Math.round(x * 1e6) / 1e6;
	const features: GeoJSON.Feature<GeoJSON.Polygon>[] = [];
	for (let i = 0; i < n; i++) {
		const r = Math.floor(i / cols);
		const c = i % cols;
		const x0 = round(ORIGIN[0] + c * CELL[0]);
		const x1 = round(ORIGIN[0] + (c + 1) * CELL[0]);
		const y0 = round(ORIGIN[1] + r * CELL[1]);
		const y1 = round(ORIGIN[1] + (r + 1) * CELL[1]);
		features.push({
			type: 'Feature',
			properties: { id: cellId(i, n), name: cellName(i, n) },
			geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] }
		});
	}
	return { type: 'FeatureCollection', features };
}

export interface AreaRow extends Record<string, unknown> {
	id: string;
	name: string;
	level: 'ortsteil' | 'stadtteil' | 'stadtbezirk' | 'stadt';
	parent_id: string | null;
	stadtteil_id: string | null;
	stadtbezirk_id: string | null;
	area_km2: number | null;
	cx: number | null;
	cy: number | null;
	sort: number;
}

/** Rows of the `areas` table: cells, blocks (Stadtteile), districts (Stadtbezirke), city. */
export function syntheticAreas(n: number): AreaRow[] {
	const { cols, rows } = gridShape(n);
	const blockCols = Math.ceil(cols / BLOCK);
	const districtCols = Math.ceil(cols / DISTRICT);
	const blockOf = (r: number, c: number) => Math.floor(r / BLOCK) * blockCols + Math.floor(c / BLOCK);
	const districtOf = (r: number, c: number) => Math.floor(r / DISTRICT) * districtCols + Math.floor(c / DISTRICT);
	const nBlocks = Math.ceil(rows / BLOCK) * blockCols;
	const nDistricts = Math.ceil(rows / DISTRICT) * districtCols;
	const blockId = (b: number) => `rb-${pad(b + 1, Math.max(3, String(nBlocks).length))}`;
	const districtId = (d: number) => `rbz-${pad(d + 1, Math.max(2, String(nDistricts).length))}`;
	// km² of a cell at the grid's latitude (small-angle approximation is plenty here)
	const km2 = CELL[0] * 111.32 * Math.cos((ORIGIN[1] * Math.PI) / 180) * CELL[1] * 110.57;
	let sort = 0;
	const out: AreaRow[] = [];
	const usedBlocks = new Map<number, number>();
	const usedDistricts = new Set<number>();
	for (let i = 0; i < n; i++) {
		const r = Math.floor(i / cols);
		const c = i % cols;
		const b = blockOf(r, c);
		const d = districtOf(r, c);
		usedBlocks.set(b, d);
		usedDistricts.add(d);
		out.push({
			id: cellId(i, n), name: cellName(i, n), level: 'ortsteil',
			parent_id: blockId(b), stadtteil_id: blockId(b), stadtbezirk_id: districtId(d),
			area_km2: Math.round(km2 * 1e4) / 1e4,
			cx: Math.round((ORIGIN[0] + (c + 0.5) * CELL[0]) * 1e6) / 1e6,
			cy: Math.round((ORIGIN[1] + (r + 0.5) * CELL[1]) * 1e6) / 1e6,
			sort: sort++
		});
	}
	for (const [b, d] of [...usedBlocks].sort((x, y) => x[0] - y[0])) {
		out.push({
			id: blockId(b), name: `Rasterblock ${blockId(b).slice(3)}`, level: 'stadtteil',
			parent_id: districtId(d), stadtteil_id: blockId(b), stadtbezirk_id: districtId(d),
			area_km2: null, cx: null, cy: null, sort: sort++
		});
	}
	for (const d of [...usedDistricts].sort((x, y) => x - y)) {
		out.push({
			id: districtId(d), name: `Rasterbezirk ${districtId(d).slice(4)}`, level: 'stadtbezirk',
			parent_id: CITY_ID, stadtteil_id: null, stadtbezirk_id: districtId(d),
			area_km2: null, cx: null, cy: null, sort: sort++
		});
	}
	out.push({
		id: CITY_ID, name: 'Rasterstadt (synthetisch)', level: 'stadt', parent_id: null, stadtteil_id: null, stadtbezirk_id: null,
		area_km2: null, cx: null, cy: null, sort: sort++
	});
	return out;
}

export interface CatalogueRow extends Record<string, unknown> {
	id: string;
	label: string;
	numerator: string;
	denominator: string | null;
	scale: number;
	polarity: number;
	factor: string;
	min_base: number;
	sort: number;
}

/** Rows of the `indicators` table: `ind_01 …` plus the population count `bevoelkerung`. */
export function syntheticCatalogue(k: number, yearList: readonly number[]): CatalogueRow[] {
	if (!Number.isInteger(k) || k < 1 || k > 99) throw new RangeError(`Anzahl Indikatoren muss 1 … 99 sein (erhalten: ${k}).`);
	const years = yearList.join(',');
	const rows: CatalogueRow[] = [];
	for (let j = 0; j < k; j++) {
		const num = pad(j + 1, 2);
		const den = DENOMINATOR_BASES[j % DENOMINATOR_BASES.length];
		rows.push({
			id: `ind_${num}`, label: `Synthetischer Indikator ${num}`, short: `Synth. ${num}`,
			definition: `Synthetischer Anteil ${num} (Benchmark, kein echter Wert).`,
			numerator: `n_${num}`, numerator_label: `Synthetischer Zähler ${num}`,
			denominator: den, denominator_label: `Synthetischer Nenner ${den}`,
			unit: '%', scale: 100, decimals: 1,
			polarity: (j + 1) % 5 === 0 ? -1 : 1,
			factor: EXCLUSION_FACTORS[j % EXCLUSION_FACTORS.length],
			min_base: 50, reference_date: '31.12.', official_source: 'keine (synthetisch)', years, sort: j
		});
	}
	rows.push({
		id: POPULATION_INDICATOR, label: 'Bevölkerung (synthetisch)', short: 'Bev.', definition: 'Synthetische Einwohnerzahl.',
		numerator: POPULATION_BASE, numerator_label: 'Synthetische Bevölkerung', denominator: null, denominator_label: null,
		unit: 'Personen', scale: 1, decimals: 0, polarity: 0, factor: 'kontext', min_base: 0,
		reference_date: '31.12.', official_source: 'keine (synthetisch)', years, sort: k
	});
	return rows;
}

/** Base counts column-wise: row r = (areas[area[r]], year[r], baseIds[base[r]], count[r]). */
export interface BaseColumns {
	areaIds: string[];
	baseIds: string[];
	area: Int32Array;
	year: Int32Array;
	base: Int32Array;
	count: Float64Array;
	length: number;
}

export interface SyntheticDataset {
	spec: Required<SyntheticSpec>;
	years: number[];
	areas: AreaRow[];
	catalogue: CatalogueRow[];
	neighbours: [string, string][];
	bases: BaseColumns;
}

/**
 * Generates the dataset (see module comment). Deterministic in the spec and seed.
 *
 * @example generateSynthetic({ areas: 9, years: 1, indicators: 4 }).bases.length // → 9 × 1 × (3 + 4) = 63
 */
export function generateSynthetic(input: SyntheticSpec): SyntheticDataset {
	const spec: Required<SyntheticSpec> = { seed: DEFAULT_BENCH_SEED, firstYear: FIRST_YEAR, ...input };
	const { areas: n, years: y, indicators: k } = spec;
	if (!Number.isInteger(y) || y < 1) throw new RangeError(`Anzahl Jahre muss eine ganze Zahl ≥ 1 sein (erhalten: ${y}).`);
	const years = Array.from({ length: y }, (_, t) => spec.firstYear + t);
	const areas = syntheticAreas(n);
	const catalogue = syntheticCatalogue(k, years);
	const { cols, rows } = gridShape(n);
	const rng = createRandom(`${spec.seed}|${n}|${y}|${k}`);
	const normal = () => Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());

	// per indicator: base rate and trend
	const baseRate = Float64Array.from({ length: k }, () => 0.02 + 0.25 * rng.uniform());
	const trend = Float64Array.from({ length: k }, () => rng.between(-0.02, 0.02));
	// per cell: a smooth spatial field (two waves across the grid) plus noise, size and growth
	const phase = [rng.between(0, 2 * Math.PI), rng.between(0, 2 * Math.PI)];
	const field = new Float64Array(n);
	const population = new Float64Array(n);
	const growth = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const r = Math.floor(i / cols) / Math.max(1, rows);
		const c = (i % cols) / Math.max(1, cols);
		field[i] = Math.sin(3 * Math.PI * c + phase[0]) + 0.8 * Math.cos(2 * Math.PI * r + phase[1]) + 0.5 * normal();
		population[i] = rng.uniform() < 0.03 ? rng.between(40, 300) : Math.exp(rng.between(Math.log(300), Math.log(15000)));
		growth[i] = rng.between(-0.015, 0.015);
	}

	const baseIds = [...DENOMINATOR_BASES, ...catalogue.slice(0, k).map((c) => c.numerator)];
	const perRow = baseIds.length;
	const length = n * y * perRow;
	const area = new Int32Array(length);
	const year = new Int32Array(length);
	const base = new Int32Array(length);
	const count = new Float64Array(length);
	let at = 0;
	const dens = new Float64Array(DENOMINATOR_BASES.length);
	for (let i = 0; i < n; i++) {
		for (let t = 0; t < y; t++) {
			const bev = Math.max(1, Math.round(population[i] * (1 + growth[i] * t) * rng.between(0.98, 1.02)));
			dens[0] = bev;
			dens[1] = Math.round(bev * rng.between(0.75, 0.85));
			dens[2] = Math.round(bev * rng.between(0.45, 0.55));
			for (let b = 0; b < perRow; b++) {
				let value: number;
				if (b < DENOMINATOR_BASES.length) value = dens[b];
				else {
					const j = b - DENOMINATOR_BASES.length;
					const polarity = (j + 1) % 5 === 0 ? -1 : 1;
					const den = dens[j % DENOMINATOR_BASES.length];
					const rate = Math.min(0.95, baseRate[j] * Math.exp(0.35 * polarity * field[i] + trend[j] * t) * rng.between(0.85, 1.15));
					value = Math.min(den, Math.round(den * rate));
				}
				area[at] = i;
				year[at] = years[t];
				base[at] = b;
				count[at] = value;
				at++;
			}
		}
	}
	return {
		spec,
		years,
		areas,
		catalogue,
		neighbours: gridNeighbours(n),
		bases: { areaIds: areas.slice(0, n).map((a) => a.id), baseIds, area, year, base, count, length }
	};
}

/** A Utf8 Arrow vector from codes into a small dictionary, written directly (no per-row objects). */
function utf8FromCodes(codes: Int32Array, dictionary: readonly string[]): Vector<Utf8> {
	const encoder = new TextEncoder();
	const encoded = dictionary.map((s) => encoder.encode(s));
	let total = 0;
	for (let r = 0; r < codes.length; r++) total += encoded[codes[r]].length;
	const valueOffsets = new Int32Array(codes.length + 1);
	const data = new Uint8Array(total);
	let offset = 0;
	for (let r = 0; r < codes.length; r++) {
		const bytes = encoded[codes[r]];
		data.set(bytes, offset);
		offset += bytes.length;
		valueOffsets[r + 1] = offset;
	}
	return makeVector(makeData({ type: new Utf8(), length: codes.length, nullCount: 0, valueOffsets, data }));
}

/** Arrow IPC streams of the tables the data build produces before deriving `vals`. */
export interface SyntheticArrow {
	areas: Uint8Array;
	indicators: Uint8Array;
	/** build input only (raw counts); `vals` is derived from it with the engine's SQL */
	bases: Uint8Array;
	neighbours: Uint8Array;
}

export function syntheticArrow(ds: SyntheticDataset): SyntheticArrow {
	const b = ds.bases;
	const bases = tableToIPC(
		new Table({
			area_id: utf8FromCodes(b.area, b.areaIds),
			year: makeVector(b.year),
			base_id: utf8FromCodes(b.base, b.baseIds),
			count: makeVector(b.count)
		}),
		'stream'
	);
	return {
		areas: rowsToArrowStream(ds.areas, {
			id: 'string', name: 'string', level: 'string', parent_id: 'string', stadtteil_id: 'string', stadtbezirk_id: 'string',
			area_km2: 'float', cx: 'float', cy: 'float', sort: 'int'
		}),
		indicators: rowsToArrowStream(ds.catalogue, {
			id: 'string', label: 'string', short: 'string', definition: 'string',
			numerator: 'string', numerator_label: 'string', denominator: 'string', denominator_label: 'string',
			unit: 'string', scale: 'float', decimals: 'int', polarity: 'int', factor: 'string', min_base: 'float',
			reference_date: 'string', official_source: 'string', years: 'string', sort: 'int'
		}),
		bases,
		neighbours: rowsToArrowStream(
			ds.neighbours.map(([area_id, neighbour_id]) => ({ area_id, neighbour_id })),
			{ area_id: 'string', neighbour_id: 'string' }
		)
	};
}

/** Number of rows `vals` will have: every area × year × (rate indicators + population). */
export function valueRowCount(spec: Pick<SyntheticSpec, 'areas' | 'years' | 'indicators'>): number {
	return spec.areas * spec.years * (spec.indicators + 1);
}
