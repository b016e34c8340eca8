/**
 * The data build end to end: determinism, the run without a boundary file, a
 * boundary file in EPSG:25832, and that every value in the Arrow file is
 * reproducible from the demo generator's counts.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import proj4 from 'proj4';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildData, DEFAULT_GEOMETRY, geometryAttribution, readCatalogue, ROOT } from '../../scripts/build-data.ts';
import { DEMO_SEED, DEMO_YEARS, generateDemoBases } from '../../scripts/lib/demo/generate.ts';
import { readRegister, parseCsv } from '../../scripts/lib/register.ts';
import { readFacts } from '../../scripts/lib/facts.ts';
import { importIntoData } from '../../scripts/lib/data-imports.ts';
import type { Manifest } from '../../src/lib/data/manifest.ts';
import { MIN_POPULATION } from '../../src/lib/engine/rates.ts';

const quiet = () => {};
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `sozialraum-${name}-`));
const rows = (dir: string, file: string) => tableFromIPC(readFileSync(join(dir, file))).toArray().map((r) => r.toJSON());
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

let a: string, b: string;
beforeAll(async () => {
	a = tmp('a');
	b = tmp('b');
	await buildData({ geometryPath: DEFAULT_GEOMETRY, outDir: a, log: quiet });
	await buildData({ geometryPath: DEFAULT_GEOMETRY, outDir: b, log: quiet });
});

describe('data build', () => {
	it('is deterministic: same inputs give byte-identical files', () => {
		const files = readdirSync(a).sort();
		expect(files).toEqual(readdirSync(b).sort());
		expect(files).toContain('values.arrows');
		for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
	});

	it('writes all 88 Ortsteile, 23 Stadtteile and 5 Stadtbezirke with names and areas', () => {
		const areas = rows(a, 'areas.arrows');
		const count = (level: string) => areas.filter((r) => r.level === level).length;
		expect([count('ortsteil'), count('stadtteil'), count('stadtbezirk'), count('stadt')]).toEqual([88, 23, 5, 1]);
		const city = areas.find((r) => r.level === 'stadt')!;
		expect(city.area_km2).toBeGreaterThan(300);
		expect(city.area_km2).toBeLessThan(340);
		expect(areas.find((r) => r.id === 'ot-neustaedter-hafen')!.name).toBe('Neustädter Hafen');
		const geo = JSON.parse(readFileSync(join(a, 'ortsteile.geojson'), 'utf8'));
		expect(geo.features.map((f: any) => f.properties.name)).toContain('Neustädter Hafen');
	});

	it('writes the queen neighbour table of the source geometry: 231 pairs, both directions, no islands', () => {
		const pairs = rows(a, 'neighbours.arrows');
		expect(pairs).toHaveLength(462);
		const set = new Set(pairs.map((p) => `${p.area_id}|${p.neighbour_id}`));
		for (const p of pairs) expect(set.has(`${p.neighbour_id}|${p.area_id}`)).toBe(true);
		expect(new Set(pairs.map((p) => p.area_id)).size).toBe(88);
		expect(manifestOf(a).counts.neighbour_pairs).toBe(231);
	});

	it('only writes turnout in election years', () => {
		const years = new Set(rows(a, 'values.arrows').filter((r) => r.indicator_id === 'wahlbeteiligung').map((r) => r.year));
		expect([...years].sort()).toEqual([2015, 2019, 2023]);
	});

	it('every value is the generator’s count ratio (reproducible from the generator)', () => {
		const catalogue = readCatalogue();
		const bases = generateDemoBases({
			register: readRegister(join(ROOT, 'data/areas')),
			catalogue,
			neighbours: parseCsv(readFileSync(join(ROOT, 'data/areas/nachbarn.csv'), 'utf8')).rows.map((r) => [r.values.ortsteil_id, r.values.nachbar_id] as [string, string]),
			areaKm2: new Map(parseCsv(readFileSync(join(ROOT, 'data/areas/flaechen.csv'), 'utf8')).rows.map((r) => [r.values.ortsteil_id, Number(r.values.flaeche_km2)])),
			stadtteilFacts: readFacts(join(ROOT, 'data/facts')).stadtteile,
			seed: DEMO_SEED,
			years: [...DEMO_YEARS]
		});
		const counts = new Map(bases.map((x) => [`${x.area_id}|${x.year}`, x.counts]));
		const ind = new Map(catalogue.indicators.map((i) => [i.id, i]));
		const values = rows(a, 'values.arrows');
		expect(values.length).toBeGreaterThan(88 * 9 * 20);
		for (const v of values) {
			const c = counts.get(`${v.area_id}|${v.year}`)!;
			const i = ind.get(v.indicator_id)!;
			expect(v.numerator).toBe(c[i.numerator]);
			if (i.denominator) {
				expect(v.denominator).toBe(c[i.denominator]);
				// 0 / 0 (e.g. no unemployed in a harbour) is no value, not 0 and not NaN
				if (c[i.denominator] === 0) expect(v.value).toBeNull();
				else expect(v.value).toBeCloseTo((c[i.numerator] / c[i.denominator]) * i.scale, 9);
				expect(v.reliable).toBe(c[i.denominator] >= i.min_base && c.bev >= MIN_POPULATION);
			} else expect(v.value).toBe(c[i.numerator]);
		}
	});

	it('without a boundary file: says so, writes no map, keeps the values', async () => {
		const dir = tmp('nogeo');
		const lines: string[] = [];
		await buildData({ geometryPath: join(dir, 'fehlt.geojson'), outDir: dir, log: (l) => lines.push(l) });
		expect(lines.join('\n')).toMatch(/Keine Grenzdatei/);
		expect(manifestOf(dir).geometry.available).toBe(false);
		expect(existsSync(join(dir, 'ortsteile.geojson'))).toBe(false);
		expect(readFileSync(join(dir, 'values.arrows')).equals(readFileSync(join(a, 'values.arrows')))).toBe(true);
		expect(rows(dir, 'neighbours.arrows')).toEqual(rows(a, 'neighbours.arrows'));
	});

	it('reprojects a boundary file in ETRS89/UTM32N (EPSG:25832) to the same neighbours', async () => {
		const dir = tmp('utm');
		const utm = '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
		const source = JSON.parse(readFileSync(DEFAULT_GEOMETRY, 'utf8'));
		const project = (c: any): any => (typeof c[0] === 'number' ? proj4('EPSG:4326', utm, c) : c.map(project));
		for (const f of source.features) f.geometry.coordinates = project(f.geometry.coordinates);
		source.crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } };
		const file = join(dir, 'ortsteile-utm.geojson');
		writeFileSync(file, JSON.stringify(source));
		await buildData({ geometryPath: file, outDir: dir, log: quiet });
		expect(manifestOf(dir).geometry.crs).toBe('EPSG:25832');
		// somebody else's file never gets the OSM credit
		expect(manifestOf(dir).geometry.attribution).toBe('Kartengrundlage: ortsteile-utm.geojson (Quelle nicht angegeben)');
		expect(manifestOf(a).geometry.attribution).toBe('Kartengrundlage © OpenStreetMap-Mitwirkende, ODbL');
		expect(geometryAttribution({ geometryPath: file, geometrySource: 'GeoInformation Bremen, Stand 2024' })).toBe('Kartengrundlage: GeoInformation Bremen, Stand 2024');
		expect(rows(dir, 'neighbours.arrows')).toEqual(rows(a, 'neighbours.arrows'));
		const areaOf = (d: string) => new Map(rows(d, 'areas.arrows').map((r) => [r.id, r.area_km2]));
		const [x, y] = [areaOf(dir), areaOf(a)];
		for (const [id, km2] of y) expect(Math.abs(x.get(id)! - km2), id).toBeLessThan(0.001 + km2 * 1e-4);
	});

	it('fails loudly on an unknown Ortsteil name and leaves the current data untouched', async () => {
		const dir = tmp('bad');
		const source = JSON.parse(readFileSync(DEFAULT_GEOMETRY, 'utf8'));
		source.features[0].properties.name = 'Phantasieviertel';
		const file = join(dir, 'falsch.geojson');
		writeFileSync(file, JSON.stringify(source));
		await expect(buildData({ geometryPath: file, outDir: a, log: quiet })).rejects.toThrow(/Phantasieviertel/);
		for (const f of readdirSync(b)) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
		expect(readdirSync(join(a, '..')).filter((f) => f.startsWith(`.${basename(a)}-staging-`))).toEqual([]);
	});
});

describe('official imports (npm run data -- --import)', () => {
	it('stores a valid table with its source and replaces the demo values of its indicator × years completely', async () => {
		const dir = tmp('imports');
		const importsDir = join(dir, 'imports');
		const stored = await importIntoData(
			{ file: join(ROOT, 'tests/fixtures/import/sgb2-long-utf8bom.csv'), source: 'Testquelle (erfunden)', name: 'SGB II Test' },
			readRegister(join(ROOT, 'data/areas')),
			readCatalogue(),
			importsDir
		);
		expect(stored.ok).toBe(true);
		expect(stored.report).toContain('Zeilen importiert');
		const out = join(dir, 'out');
		await buildData({ geometryPath: join(dir, 'keine.geojson'), outDir: out, importsDir, log: quiet });
		const values = rows(out, 'values.arrows').filter((r) => r.indicator_id === 'sgb2_quote');
		const y2021 = values.filter((r) => r.year === 2021);
		expect(new Set(y2021.map((r) => r.dataset))).toEqual(new Set(['import:sgb-ii-test']));
		const altstadt = y2021.find((r) => r.area_id === 'ot-altstadt')!;
		// counts 118 / 1.250 (German thousands dot) → the engine's rate
		expect(altstadt.numerator).toBe(118);
		expect(altstadt.denominator).toBe(1250);
		expect(altstadt.value).toBeCloseTo(9.44, 10);
		// other years stay demo
		expect(new Set(values.filter((r) => r.year === 2019).map((r) => r.dataset))).toEqual(new Set(['demo']));
		expect(manifestOf(out).datasets.map((d) => [d.id, d.demo])).toEqual([['demo', true], ['import:sgb-ii-test', false]]);
	});

	it('refuses a table without a stated source, and a table with errors, writing nothing', async () => {
		const dir = tmp('imports-bad');
		const register = readRegister(join(ROOT, 'data/areas'));
		const noSource = await importIntoData({ file: join(ROOT, 'tests/fixtures/import/sgb2-long-utf8bom.csv'), source: ' ' }, register, readCatalogue(), dir);
		expect(noSource.ok).toBe(false);
		expect(noSource.report).toMatch(/Quelle/);
		const bad = await importIntoData({ file: join(ROOT, 'tests/fixtures/import/problems-long.csv'), source: 'Test' }, register, readCatalogue(), dir);
		expect(bad.ok).toBe(false);
		expect(bad.report).toMatch(/Zeile \d+/);
		expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
	});
});
