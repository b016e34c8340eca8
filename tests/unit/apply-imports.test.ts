/**
 * Browser imports applied to the engine's tables (`applyImports`), in a real
 * DuckDB: a new indicator joins the catalogue and is aggregated from its counts,
 * a plain value is not aggregated, imported boundaries replace the neighbours and
 * the areas' km². Synthetic areas ("Testfeld …").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../scripts/lib/node-db.ts';
import { rowsToArrowStream } from '../../scripts/lib/arrow-io.ts';
import { INDICATOR_COLUMNS, loadTables } from '../../src/lib/engine/schema.ts';
import { levelValuesSql } from '../../src/lib/engine/rates.ts';
import { valueDatasetsSql } from '../../src/lib/engine/provenance.ts';
import { manifestYears, rowsSourceLabel, type Manifest } from '../../src/lib/data/manifest.ts';
import { applyImports, customIndicatorRows, withImportedGeo } from '../../src/lib/data/apply-imports.ts';
import { boundariesRecord } from '../../src/lib/data/boundaries-record.ts';
import type { BrowserBoundaries, BrowserImport } from '../../src/lib/data/imports-file.ts';
import type { AreaRow, IndicatorRow } from '../../src/lib/data/rows.ts';
import { importBoundaries } from '../../src/lib/import/boundaries.ts';
import { draftToCatalogue, EMPTY_DRAFT } from '../../src/lib/import/new-indicator.ts';
import { fixture, testRegister } from './import/helpers.ts';

const AREAS: AreaRow[] = [
	{ id: 'ot-a1', name: 'Testfeld A1', level: 'ortsteil', parent_id: 'st-t', stadtteil_id: 'st-t', stadtbezirk_id: 'sb-t', area_km2: 9, cx: 0, cy: 0, sort: 0 },
	{ id: 'ot-a2', name: 'Testfeld A2', level: 'ortsteil', parent_id: 'st-t', stadtteil_id: 'st-t', stadtbezirk_id: 'sb-t', area_km2: 9, cx: 0, cy: 0, sort: 1 },
	{ id: 'ot-b1', name: 'Testfeld B1', level: 'ortsteil', parent_id: 'st-t', stadtteil_id: 'st-t', stadtbezirk_id: 'sb-t', area_km2: 9, cx: 0, cy: 0, sort: 2 },
	{ id: 'st-t', name: 'Testteil', level: 'stadtteil', parent_id: 'sb-t', stadtteil_id: 'st-t', stadtbezirk_id: 'sb-t', area_km2: 27, cx: 0, cy: 0, sort: 3 },
	{ id: 'sb-t', name: 'Testbezirk', level: 'stadtbezirk', parent_id: 'stadt-bremen', stadtteil_id: null, stadtbezirk_id: 'sb-t', area_km2: 27, cx: 0, cy: 0, sort: 4 },
	{ id: 'stadt-bremen', name: 'Teststadt', level: 'stadt', parent_id: null, stadtteil_id: null, stadtbezirk_id: null, area_km2: 27, cx: 0, cy: 0, sort: 5 }
];
const BUILT_IN: IndicatorRow[] = [
	{
		id: 'bevoelkerung', label: 'Bevölkerung', short: 'Bev.', definition: 'Einwohner', numerator: 'bev', numerator_label: 'Einwohner', denominator: null, denominator_label: null,
		unit: 'Personen', scale: 1, decimals: 0, polarity: 0, factor: 'kontext', min_base: 0, reference_date: '31.12.', official_source: 'Test', years: '2023', sort: 0
	}
];
const empty = { bases: {}, indicators: BUILT_IN };
const share = draftToCatalogue({ ...EMPTY_DRAFT, label: 'Wohngeldquote', definition: 'Haushalte mit Wohngeld je Haushalte.', factor: 'materiell' }, empty, 'Testamt', '31.12.2023');
const plain = draftToCatalogue({ ...EMPTY_DRAFT, label: 'Mittleres Alter', definition: 'Durchschnittsalter.', kind: 'wert', unit: 'Jahre' }, empty, 'Testamt', null);
const row = (area_id: string, indicator_id: string, numerator: number | null, denominator: number | null, value: number) => ({ area_id, indicator_id, year: 2023, numerator, denominator, value, status: 'ok' as const });
const imports: BrowserImport[] = [
	{
		id: 'import:wohngeld', name: 'Wohngeld', source: 'Testamt', stand: null, file: 'w.csv', created: '2024-01-01T00:00:00Z', catalogue: share,
		rows: [row('ot-a1', 'eigen_wohngeldquote', 10, 200, 5), row('ot-a2', 'eigen_wohngeldquote', 30, 300, 10), row('ot-b1', 'eigen_wohngeldquote', 60, 500, 12)]
	},
	{
		id: 'import:alter', name: 'Alter', source: 'Testamt', stand: null, file: 'a.csv', created: '2024-01-02T00:00:00Z', catalogue: plain,
		rows: [row('ot-a1', 'eigen_mittleres_alter', null, null, 41.5), row('ot-a2', 'eigen_mittleres_alter', null, null, 38), row('ot-b1', 'eigen_mittleres_alter', null, null, 45)]
	}
];

let db: Awaited<ReturnType<typeof openNodeDb>>;
let boundaries: BrowserBoundaries;
beforeAll(async () => {
	const r = await importBoundaries([{ name: 'testfelder.geojson', bytes: fixture('testfelder-25832.geojson') }], { register: testRegister });
	if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
	boundaries = boundariesRecord(r.features, r.neighbours, r.sourceCrs, testRegister, { name: 'g', source: 'Testamt', stand: null, file: 'testfelder.geojson', created: '' });
	db = await openNodeDb();
	await loadTables(db, {
		areas: rowsToArrowStream(AREAS, { id: 'string', name: 'string', level: 'string', parent_id: 'string', stadtteil_id: 'string', stadtbezirk_id: 'string', area_km2: 'float', cx: 'float', cy: 'float', sort: 'int' }),
		indicators: rowsToArrowStream(BUILT_IN, INDICATOR_COLUMNS),
		vals: rowsToArrowStream([], { dataset: 'string', area_id: 'string', indicator_id: 'string', year: 'int', numerator: 'float', denominator: 'float', value: 'float', status: 'string', reliable: 'bool' }),
		neighbours: rowsToArrowStream([{ area_id: 'ot-a1', neighbour_id: 'ot-b1' }, { area_id: 'ot-b1', neighbour_id: 'ot-a1' }], { area_id: 'string', neighbour_id: 'string' })
	});
	await applyImports(db, imports, boundaries, BUILT_IN);
});
afterAll(() => db?.close());

describe('applyImports', () => {
	it('new indicators join the catalogue after the built-in ones, with their years', async () => {
		expect(customIndicatorRows(imports, BUILT_IN).map((r) => [r.id, r.sort, r.years, r.numerator_label])).toEqual([
			['eigen_wohngeldquote', 1, '2023', 'Zähler: Wohngeldquote'],
			['eigen_mittleres_alter', 2, '2023', 'Mittleres Alter (ohne Zählwerte)']
		]);
		const rows = await db.query<{ id: string; scale: number; factor: string }>('SELECT id, scale, factor FROM indicators ORDER BY sort');
		expect(rows).toEqual([
			{ id: 'bevoelkerung', scale: 1, factor: 'kontext' },
			{ id: 'eigen_wohngeldquote', scale: 100, factor: 'materiell' },
			{ id: 'eigen_mittleres_alter', scale: 1, factor: 'kontext' }
		]);
	});

	it('a new share is aggregated from its counts; a plain value is not aggregated', async () => {
		const st = await db.query<{ indicator_id: string; value: number | null; status: string }>(levelValuesSql('stadtteil', { years: [2023] }));
		// (10 + 30 + 60) / (200 + 300 + 500) × 100 = 10 — not the mean of 5, 10, 12 (= 9)
		expect(st.find((r) => r.indicator_id === 'eigen_wohngeldquote')).toMatchObject({ value: 10, status: 'ok' });
		expect(st.find((r) => r.indicator_id === 'eigen_mittleres_alter')).toMatchObject({ value: null, status: 'ohne_zaehler' });
		const ot = await db.query<{ area_id: string; value: number }>(levelValuesSql('ortsteil', { indicatorIds: ['eigen_mittleres_alter'], years: [2023] }));
		expect(ot.map((r) => r.value)).toEqual([41.5, 38, 45]);
	});

	it('imported boundaries replace neighbours and the areas’ km² and centroids', async () => {
		const pairs = await db.query<{ area_id: string; neighbour_id: string }>('SELECT * FROM neighbours ORDER BY ALL');
		expect(pairs.map((p) => [p.area_id, p.neighbour_id])).toEqual(boundaries.neighbours);
		expect(boundaries.neighbours).toHaveLength(6);
		const areas = await db.query<AreaRow>('SELECT * FROM areas ORDER BY sort');
		// the fixture's squares are 1 km² each (UTM32N), up to the LAEA/UTM scale difference
		expect(areas[0].area_km2).toBeCloseTo(1, 2);
		expect(areas[5].area_km2).toBeCloseTo(areas[0].area_km2! + areas[1].area_km2! + areas[2].area_km2!, 3);
		expect(areas[0].cx).toBeCloseTo(8.7835, 3);
		expect(withImportedGeo(AREAS, boundaries)).toEqual(areas);
	});
});

describe('provenance: which datasets the shown values come from', () => {
	it('names the datasets behind indicators and years (SQL), and labels them in manifest order', async () => {
		const datasets = async (f: Parameters<typeof valueDatasetsSql>[0]) => (await db.query<{ datasets: string | null }>(valueDatasetsSql(f)))[0].datasets;
		expect(await datasets({ indicatorIds: ['eigen_wohngeldquote'] })).toBe('import:wohngeld');
		expect(await datasets({ years: [2023] })).toBe('import:alter,import:wohngeld');
		expect(await datasets({ years: [1999] })).toBeNull();
		const manifest = {
			datasets: [
				{ id: 'demo', label: 'Demodaten', demo: true, description: '', years: [2015, 2023] },
				{ id: 'import:wohngeld', label: 'Wohngeld – Testamt', demo: false, description: '', years: [2024, 2023] }
			]
		} as unknown as Manifest;
		expect(rowsSourceLabel(manifest, [{ datasets: 'import:wohngeld,demo' }])).toBe('Demodaten; Wohngeld – Testamt');
		expect(rowsSourceLabel(manifest, [{ dataset: 'import:wohngeld' }])).toBe('Wohngeld – Testamt');
		expect(rowsSourceLabel(manifest, [])).toBe('Demodaten; Wohngeld – Testamt'); // nothing loaded yet: all
		expect(manifestYears(manifest)).toEqual([2015, 2023, 2024]);
	});
});
