import { describe, expect, it } from 'vitest';
import { crsFromWkt } from '../../../src/lib/import/crs.ts';
import { importBoundaries, type BoundaryImportResult } from '../../../src/lib/import/boundaries.ts';
import { checkPolygon, ringSelfIntersections } from '../../../src/lib/import/polygon-check.ts';
import { readShapefile, readShp, ShapefileError } from '../../../src/lib/import/shapefile.ts';
import { listZip, readZip } from '../../../src/lib/import/zip.ts';
import { PRJ_25832, dbf, shp, testfelder, zip } from '../../fixtures/import/make-fixtures.ts';
import { fixture, testRegister } from './helpers.ts';

const opts = { register: testRegister };
const utf8 = (s: string) => new TextEncoder().encode(s);
const ok = (r: BoundaryImportResult) => {
	if (!r.ok) throw new Error(`Import fehlgeschlagen:\n${r.errors.map((e) => e.message).join('\n')}`);
	return r;
};
const codes = (r: BoundaryImportResult) => (r.ok ? [] : r.errors.map((e) => e.code));
const ALL_PAIRS = [['ot-a1', 'ot-a2'], ['ot-a1', 'ot-b1'], ['ot-a2', 'ot-a1'], ['ot-a2', 'ot-b1'], ['ot-b1', 'ot-a1'], ['ot-b1', 'ot-a2']];

describe('GeoJSON in EPSG:25832', () => {
	it('reprojects to WGS84, matches names and finds queen neighbours', async () => {
		const r = ok(await importBoundaries([{ name: 'testfelder.geojson', bytes: fixture('testfelder-25832.geojson') }], opts));
		expect(r.sourceCrs).toBe('EPSG:25832');
		expect(r.features.map((f) => f.properties)).toEqual([
			{ id: 'ot-a1', name: 'Testfeld A1', source_name: 'Testfeld A1' },
			{ id: 'ot-a2', name: 'Testfeld A2', source_name: 'Testfeld A2' },
			{ id: 'ot-b1', name: 'Testfeld B1', source_name: 'Testfeld B1' }
		]);
		const [lon, lat] = (r.features[0].geometry as GeoJSON.Polygon).coordinates[0][0];
		expect(lon).toBeCloseTo(8.7761, 3); // 485 000 m E, 5 880 000 m N ≈ 8.776° E, 53.069° N
		expect(lat).toBeCloseTo(53.0693, 3);
		expect(r.neighbours).toEqual(ALL_PAIRS);
		expect(r.report.summary).toBe('3 Flächen importiert (EPSG:25832), 3 Nachbarschaften.');
	});

	it('reports a bow-tie polygon with its crossing point, without repairing it', async () => {
		const r = ok(await importBoundaries([{ name: 'bowtie.geojson', bytes: fixture('bowtie-25832.geojson') }], opts));
		const w = r.warnings.filter((x) => x.code === 'self-intersection');
		expect(w).toHaveLength(1);
		expect(w[0].message).toContain('Fläche 2 („Testfeld A2“): Außenring schneidet oder berührt sich selbst bei (486500, 5880500)');
		expect((r.features[1].geometry as GeoJSON.Polygon).coordinates[0]).toHaveLength(5);
	});

	it('refuses an unknown CRS with a message', async () => {
		const doc = JSON.parse(testfelder());
		doc.crs.properties.name = 'urn:ogc:def:crs:EPSG::3857';
		const r = await importBoundaries([{ name: 'webmercator.geojson', bytes: utf8(JSON.stringify(doc)) }], opts);
		expect(codes(r)).toEqual(['crs-unknown']);
		expect(r.ok ? '' : r.errors[0].message).toContain('Unbekanntes Koordinatensystem „EPSG:3857“');
	});

	it('infers EPSG:25832 without crs member, and reads EPSG:4647 (zone prefix) as 25832', async () => {
		const doc = JSON.parse(testfelder());
		delete doc.crs;
		const inferred = ok(await importBoundaries([{ name: 'ohne-crs.geojson', bytes: utf8(JSON.stringify(doc)) }], opts));
		expect(inferred.sourceCrs).toBe('EPSG:25832');
		expect(inferred.warnings.map((w) => w.code)).toContain('crs');
		for (const f of doc.features) f.geometry.coordinates = f.geometry.coordinates.map((ring: number[][]) => ring.map(([x, y]) => [x + 32e6, y]));
		const prefixed = ok(await importBoundaries([{ name: 'zE-N.geojson', bytes: utf8(JSON.stringify(doc)) }], opts));
		expect(prefixed.features[0].geometry).toEqual(inferred.features[0].geometry);
		expect(prefixed.warnings.map((w) => w.message).join()).toContain('EPSG:4647');
	});

	it('lists unknown names for assignment and missing areas; then imports with the assignment', async () => {
		const reg = { ...testRegister, ortsteile: testRegister.ortsteile.map((o) => (o.id === 'ot-b1' ? { ...o, name: 'Testfeld C1' } : o)) };
		const bytes = fixture('testfelder-25832.geojson');
		const r = await importBoundaries([{ name: 'x.geojson', bytes }], { register: reg });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.attention.map((a) => [a.key, a.reason])).toEqual([['Testfeld B1', 'unmatched']]);
		expect(codes(r)).toEqual(['area-unmatched', 'boundary-missing']);
		const fixed = ok(await importBoundaries([{ name: 'x.geojson', bytes }], { register: reg, assignments: { 'Testfeld B1': 'ot-b1' } }));
		expect(fixed.features[2].properties).toEqual({ id: 'ot-b1', name: 'Testfeld C1', source_name: 'Testfeld B1' });
	});

	it('reports degenerate rings and non-polygons as errors', async () => {
		const doc = JSON.parse(testfelder());
		doc.features[0].geometry.coordinates = [[[485000, 5880000], [486000, 5880000], [485000, 5880000], [485000, 5880000]]];
		doc.features[1].geometry = { type: 'LineString', coordinates: [[0, 0], [1, 1]] };
		const r = await importBoundaries([{ name: 'kaputt.geojson', bytes: utf8(JSON.stringify(doc)) }], opts);
		expect(codes(r)).toEqual(['geometry-invalid', 'geometry-invalid']);
		expect(r.ok ? '' : r.errors.map((e) => e.message).join('\n')).toMatch(/weniger als drei verschiedene Eckpunkte[\s\S]*LineString/);
	});

	it('refuses invalid JSON and empty input', async () => {
		expect(codes(await importBoundaries([{ name: 'x.geojson', bytes: utf8('{kein json') }], opts))).toEqual(['geometry-invalid']);
		expect(codes(await importBoundaries([], opts))).toEqual(['shapefile']);
	});
});

describe('zipped shapefile', () => {
	it('reads polygons with holes, .dbf names (Windows-1252 via .cpg) and the ESRI .prj', async () => {
		const r = ok(await importBoundaries([{ name: 'testfelder.zip', bytes: fixture('testfelder-shp.zip') }], opts));
		expect(r.report).toMatchObject({ format: 'shapefile', sourceCrs: 'EPSG:25832', nameProperty: 'OT_NAME', layers: ['testfelder/testfelder'] });
		expect((r.features[0].geometry as GeoJSON.Polygon).coordinates).toHaveLength(2); // exterior + hole
		expect(r.neighbours).toEqual(ALL_PAIRS);
		const geojson = ok(await importBoundaries([{ name: 'g.geojson', bytes: fixture('testfelder-25832.geojson') }], opts));
		expect(r.features[1].geometry).toEqual(geojson.features[1].geometry);
	});

	it('decodes the attributes with the code page of the .cpg', async () => {
		const files = await readZip(fixture('testfelder-shp.zip'));
		const get = (ext: string) => files.get(`testfelder/testfelder.${ext}`)!;
		const { features, notes } = readShapefile({ shp: get('shp'), dbf: get('dbf'), cpg: new TextDecoder().decode(get('cpg')) });
		expect(features.map((f) => f.properties)).toEqual([
			{ OT_NAME: 'Testfeld A1', BEMERKUNG: 'Übungsfläche mit Loch' },
			{ OT_NAME: 'Testfeld A2', BEMERKUNG: 'Übungsfläche' },
			{ OT_NAME: 'Testfeld B1', BEMERKUNG: 'Übungsfläche' }
		]);
		expect(notes).toEqual(['Attribute (.dbf) gelesen als Windows-1252 (.cpg).']);
	});

	it('accepts the parts as separate files', async () => {
		const files = await readZip(fixture('testfelder-shp.zip'));
		const parts = [...files].map(([name, bytes]) => ({ name: name.split('/').pop()!, bytes }));
		const r = ok(await importBoundaries(parts, opts));
		expect(r.features).toHaveLength(3);
	});

	it('refuses an unknown .prj and asks to choose among several layers', async () => {
		const polys = [[[[485000, 5880000], [485000, 5881000], [486000, 5881000], [486000, 5880000], [485000, 5880000]]]] as [number, number][][][];
		const names = dbf([{ name: 'NAME', length: 20 }], [['Testfeld A1']]);
		const mercator = 'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984"]]';
		const r = await importBoundaries([{ name: 'm.zip', bytes: zip([{ name: 'm.shp', data: shp(polys) }, { name: 'm.dbf', data: names }, { name: 'm.prj', data: utf8(mercator) }]) }], opts);
		expect(codes(r)).toEqual(['crs-unknown']);
		expect(r.ok ? '' : r.errors[0].message).toContain('„WGS_1984_Web_Mercator_Auxiliary_Sphere“');
		const two = zip([
			{ name: 'a.shp', data: shp(polys) },
			{ name: 'b.shp', data: shp(polys) }
		]);
		const many = await importBoundaries([{ name: 'zwei.zip', bytes: two }], opts);
		expect(many.ok ? '' : many.errors[0].message).toContain('mehrere Ebenen (a, b)');
	});

	it('rejects shapefiles of lines', () => {
		const bytes = shp([]);
		new DataView(bytes.buffer).setInt32(32, 3, true);
		expect(() => readShp(bytes)).toThrow(ShapefileError);
		expect(() => readShp(bytes)).toThrow('Linie');
	});
});

describe('CRS from .prj', () => {
	it('knows the usual spellings', () => {
		expect(crsFromWkt(PRJ_25832)).toBe('EPSG:25832');
		expect(crsFromWkt('PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",AUTHORITY["EPSG","4258"]],AUTHORITY["EPSG","25832"]]')).toBe('EPSG:25832');
		expect(crsFromWkt('PROJCS["ETRS89 / UTM zone 32N (zE-N)",AUTHORITY["EPSG","4647"]]')).toBe('EPSG:4647');
		expect(crsFromWkt('PROJCS["DHDN_3_Degree_Gauss_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz"]]')).toBe('EPSG:31467');
		expect(crsFromWkt('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]')).toBe('EPSG:4326');
		expect(crsFromWkt('PROJCRS["irgendwas",ID["EPSG",3035]]')).toBe('EPSG:3035');
		expect(crsFromWkt('PROJCS["Lokales System"]')).toBeNull();
	});
});

describe('polygon checks', () => {
	it('finds the crossing of a bow-tie, nothing in a square, and spikes', () => {
		expect(ringSelfIntersections([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]])).toEqual([{ at: [1, 1], spike: false }]);
		expect(ringSelfIntersections([[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]])).toEqual([]);
		expect(ringSelfIntersections([[0, 0], [0, 2], [0, 1], [1, 1], [1, 0], [0, 0]]).some((x) => x.spike)).toBe(true);
		// a ring touching itself at a vertex (figure eight)
		expect(ringSelfIntersections([[0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0]])).not.toEqual([]);
	});

	it('finds holes outside their exterior ring', () => {
		const problems = checkPolygon({ type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]], [[5, 5], [6, 5], [6, 6], [5, 5]]] });
		expect(problems.map((p) => p.kind)).toEqual(['hole-outside']);
	});

	it('checks a ring of 20 000 vertices fast', () => {
		const ring = Array.from({ length: 20001 }, (_, i) => [Math.cos((i / 20000) * 2 * Math.PI) * 1000, Math.sin((i / 20000) * 2 * Math.PI) * 1000]);
		ring[20000] = ring[0];
		const t = performance.now();
		expect(ringSelfIntersections(ring)).toEqual([]);
		expect(performance.now() - t).toBeLessThan(1000);
	});
});

describe('zip reader', () => {
	it('lists and extracts stored and deflated entries and checks the CRC', async () => {
		const archive = zip([
			{ name: 'a.txt', data: utf8('hallo'), store: true },
			{ name: 'dir/b.txt', data: utf8('welt '.repeat(100)) }
		]);
		expect(listZip(archive).map((e) => [e.name, e.method])).toEqual([['a.txt', 0], ['dir/b.txt', 8]]);
		const files = await readZip(archive);
		expect(new TextDecoder().decode(files.get('dir/b.txt'))).toBe('welt '.repeat(100));
		const corrupt = archive.slice();
		corrupt[30 + 5] ^= 0xff; // first byte of "hallo"
		await expect(readZip(corrupt)).rejects.toThrow('Prüfsumme');
	});
});
