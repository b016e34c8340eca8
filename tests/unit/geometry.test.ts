import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { geoArea } from 'd3-geo';
import proj4 from 'proj4';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
	areaGeo,
	buildLevels,
	DEFAULT_BOUNDARY_FILE,
	islands,
	matchBoundaries,
	queenNeighbours,
	readBoundaries,
	type AreaFeature
} from '../../src/lib/geo/geometry';
import { parseCsv, readRegister } from '../../scripts/lib/register';

const root = process.cwd();
const register = readRegister(resolve(root, 'data/areas'));
const osmText = readFileSync(resolve(root, DEFAULT_BOUNDARY_FILE), 'utf8');
const osm = readBoundaries(osmText);
const byId = matchBoundaries(osm.features, register);
const pairs = queenNeighbours(byId);
const pairSet = new Set(pairs.map(([a, b]) => `${a}|${b}`));

const UTM32 = '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/** A square feature [x0, x0+s] × [y0, y0+s] near Bremen (degrees), clockwise exterior. */
function square(name: string, x0: number, y0: number, s = 0.01): AreaFeature {
	const ring = [
		[x0, y0],
		[x0, y0 + s],
		[x0 + s, y0 + s],
		[x0 + s, y0],
		[x0, y0]
	];
	return { type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

function polygon(name: string, ring: number[][]): AreaFeature {
	return { type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } };
}

function mapOf(features: AreaFeature[]): Map<string, AreaFeature> {
	return new Map(features.map((f) => [f.properties!.name as string, f]));
}

function counts(p: [string, string][]): Record<string, number> {
	const c: Record<string, number> = {};
	for (const [a] of p) c[a] = (c[a] ?? 0) + 1;
	return c;
}

/** All vertices of a feature. */
function vertices(f: AreaFeature): Position[] {
	const g = f.geometry;
	return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
}

/** All boundary segments of a feature. */
function segments(f: AreaFeature): [Position, Position][] {
	const g = f.geometry;
	const out: [Position, Position][] = [];
	for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
		for (const ring of poly) for (let i = 0; i + 1 < ring.length; i++) out.push([ring[i], ring[i + 1]]);
	return out;
}

function pointSegDist(p: Position, a: Position, b: Position): number {
	const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
	const l2 = dx * dx + dy * dy;
	const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
	return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

/** Brute-force reference: some vertex of one lies within tol of a segment of the other (no prefilter). */
function bruteTouch(f: AreaFeature, g: AreaFeature, tol = 1e-7): boolean {
	const near = (x: AreaFeature, y: AreaFeature) => {
		const segs = segments(y);
		return vertices(x).some((p) => segs.some(([a, b]) => pointSegDist(p, a, b) <= tol));
	};
	return near(f, g) || near(g, f);
}

describe('readBoundaries + matchBoundaries on the OSM file', () => {
	it('reads 88 polygons in WGS84 and matches all to the register', () => {
		expect(osm.sourceCrs).toBe('EPSG:4326');
		expect(osm.features).toHaveLength(88);
		expect(byId.size).toBe(88);
		expect([...byId.keys()]).toEqual(register.ortsteile.map((o) => o.id));
		expect(byId.get('ot-neustaedter-hafen')!.properties!.name).toBe('Neustädter Häfen');
	});

	it('reports unmatched features and missing Ortsteile together in German', () => {
		const features = osm.features.filter((f) => f.properties!.name !== 'Tenever');
		features[0] = { ...features[0], properties: { name: 'Testfeld Unbekannt' } };
		features.push({ ...features[1] });
		let message = '';
		try {
			matchBoundaries(features, register);
		} catch (e) {
			message = (e as Error).message;
		}
		expect(message).toContain('Testfeld Unbekannt');
		expect(message).toContain('Ortsteile ohne Fläche');
		expect(message).toContain('ot-tenever');
		expect(message).toContain('mehreren Flächen');
	});

	it('rejects non-polygon geometry naming the feature', () => {
		const doc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Testlinie' }, geometry: { type: 'LineString', coordinates: [[8.8, 53], [8.9, 53.1]] } }] };
		expect(() => readBoundaries(JSON.stringify(doc))).toThrow(/Testlinie.*LineString/);
	});
});

describe('queenNeighbours', () => {
	it('finds 231 symmetric pairs without islands on the OSM file', () => {
		expect(pairs.length).toBe(2 * 231);
		for (const [a, b] of pairs) expect(pairSet.has(`${b}|${a}`)).toBe(true);
		expect(islands(byId.keys(), pairs)).toEqual([]);
		const sorted = [...pairs].sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0));
		expect(pairs).toEqual(sorted);
	});

	it('agrees with hand-known pairs and a brute-force reference', () => {
		const known: [string, string, boolean][] = [
			['ot-altstadt', 'ot-bahnhofsvorstadt', true],
			['ot-vegesack', 'ot-grohn', true],
			['ot-altstadt', 'ot-tenever', false],
			['ot-blumenthal', 'ot-hemelingen', false]
		];
		for (const [a, b, expected] of known) {
			expect(pairSet.has(`${a}|${b}`)).toBe(expected);
			expect(bruteTouch(byId.get(a)!, byId.get(b)!)).toBe(expected);
		}
	});

	it('equals the brute-force reference for all Ortsteile of Mitte, Häfen, Neustadt and Walle', () => {
		const stadtteile = new Set(['st-mitte', 'st-haefen', 'st-neustadt', 'st-walle', 'st-oestliche-vorstadt']);
		const ids = register.ortsteile.filter((o) => stadtteile.has(o.stadtteil_id)).map((o) => o.id);
		for (const a of ids) for (const b of ids) if (a < b) expect(pairSet.has(`${a}|${b}`), `${a}–${b}`).toBe(bruteTouch(byId.get(a)!, byId.get(b)!));
	});

	it('counts queen neighbours on a 3×3 lattice (corner 3, edge 5, centre 8)', () => {
		const cells = [];
		for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) cells.push(square(`Testfeld ${'ABC'[r]}${c + 1}`, 8.8 + c * 0.01, 53 + r * 0.01));
		const p = queenNeighbours(mapOf(cells));
		const n = counts(p);
		expect(n['Testfeld A1']).toBe(3);
		expect(n['Testfeld A2']).toBe(5);
		expect(n['Testfeld B2']).toBe(8);
		expect(Object.values(n).sort()).toEqual([3, 3, 3, 3, 5, 5, 5, 5, 8]);
		expect(p).toContainEqual(['Testfeld A1', 'Testfeld B2']); // corner contact only: queen, not rook
	});

	it('detects a vertex on the middle of an edge without shared vertices (T-junction)', () => {
		const a = square('Testfeld Quadrat', 8.8, 53);
		const wedge = polygon('Testfeld Keil', [
			[8.81, 53.005],
			[8.82, 53.0],
			[8.82, 53.01]
		]);
		expect(queenNeighbours(mapOf([a, wedge]))).toEqual([
			['Testfeld Keil', 'Testfeld Quadrat'],
			['Testfeld Quadrat', 'Testfeld Keil']
		]);
	});

	it('uses the tolerance: 5e-8° gap touches, 1e-5° gap does not', () => {
		const a = square('Testfeld West', 8.8, 53);
		const near = square('Testfeld Nah', 8.81 + 5e-8, 53.003);
		const far = square('Testfeld Fern', 8.81 + 1e-5, 53.003);
		expect(queenNeighbours(mapOf([a, near]))).toHaveLength(2);
		expect(queenNeighbours(mapOf([a, far]))).toHaveLength(0);
	});

	it('detects crossing boundaries without any vertex near the other boundary', () => {
		const h = polygon('Testfeld Quer', [[8.8, 53.01], [8.8, 53.012], [8.83, 53.012], [8.83, 53.01]]);
		const v = polygon('Testfeld Laengs', [[8.81, 53.0], [8.81, 53.03], [8.812, 53.03], [8.812, 53.0]]);
		expect(queenNeighbours(mapOf([h, v]))).toHaveLength(2);
	});

	it('scales to a 30×30 lattice (900 areas)', () => {
		const cells = [];
		for (let r = 0; r < 30; r++) for (let c = 0; c < 30; c++) cells.push(square(`Testfeld ${r}-${c}`, 8 + c * 0.01, 53 + r * 0.01));
		const n = 30;
		expect(queenNeighbours(mapOf(cells)).length / 2).toBe(2 * n * (n - 1) + 2 * (n - 1) ** 2);
	});

	it('matches the committed data/areas/nachbarn.csv', () => {
		const { header, rows } = parseCsv(readFileSync(resolve(root, 'data/areas/nachbarn.csv'), 'utf8'));
		expect(header).toEqual(['ortsteil_id', 'nachbar_id']);
		expect(rows.map((r) => [r.values.ortsteil_id, r.values.nachbar_id])).toEqual(pairs);
	});
});

describe('reprojection', () => {
	const sample = ['ot-altstadt', 'ot-bahnhofsvorstadt', 'ot-ostertor', 'ot-steintor', 'ot-alte-neustadt', 'ot-tenever'];
	const project = proj4('WGS84', UTM32);
	const toUtm = (f: AreaFeature): AreaFeature => {
		const g = f.geometry;
		const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
		const coordinates = polys.map((poly) => poly.map((ring) => ring.map((p) => project.forward([p[0], p[1]]))));
		return { type: 'Feature', properties: { ...f.properties }, geometry: { type: 'MultiPolygon', coordinates } };
	};
	const utmFeatures = sample.map((id) => toUtm(byId.get(id)!));

	function expectSameCoordinates(back: AreaFeature[]): void {
		back.forEach((f, i) => {
			const orig = vertices(byId.get(sample[i])!);
			const got = vertices(f);
			expect(got.length).toBe(orig.length);
			let maxErr = 0;
			got.forEach((p, k) => (maxErr = Math.max(maxErr, Math.abs(p[0] - orig[k][0]), Math.abs(p[1] - orig[k][1]))));
			expect(maxErr).toBeLessThan(1e-6);
		});
	}

	it('reads EPSG:25832 with a crs member back to WGS84 with the same neighbours', () => {
		const doc = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }, features: utmFeatures };
		const back = readBoundaries(JSON.stringify(doc));
		expect(back.sourceCrs).toBe('EPSG:25832');
		expectSameCoordinates(back.features);
		const reference = queenNeighbours(new Map(sample.map((id) => [id, byId.get(id)!])));
		expect(reference.length).toBeGreaterThan(0);
		expect(queenNeighbours(new Map(sample.map((id, i) => [id, back.features[i]])))).toEqual(reference);
	});

	it('infers EPSG:25832 from coordinate ranges when the crs member is missing', () => {
		const back = readBoundaries(JSON.stringify({ type: 'FeatureCollection', features: utmFeatures }));
		expect(back.sourceCrs).toBe('EPSG:25832');
		expectSameCoordinates(back.features);
	});

	it('accepts a CRS override and the OGC CRS84 name', () => {
		const back = readBoundaries(JSON.stringify({ type: 'FeatureCollection', features: utmFeatures }), { crs: 'EPSG:25832' });
		expectSameCoordinates(back.features);
		const wgs = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } }, features: sample.map((id) => byId.get(id)) };
		expect(readBoundaries(JSON.stringify(wgs)).sourceCrs).toBe('EPSG:4326');
	});

	it('round-trips DHDN / Gauss-Krüger zone 3 (EPSG:31467), inferred from coordinate ranges', () => {
		const gk3 = proj4('WGS84', '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs');
		const features = sample.map((id) => {
			const f = byId.get(id)!;
			const g = f.geometry;
			const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
			return { ...f, geometry: { type: 'MultiPolygon', coordinates: polys.map((poly) => poly.map((ring) => ring.map((p) => gk3.forward([p[0], p[1]])))) } };
		});
		const [x] = features[0].geometry.coordinates[0][0][0];
		expect(x).toBeGreaterThan(3.4e6);
		const back = readBoundaries(JSON.stringify({ type: 'FeatureCollection', features }));
		expect(back.sourceCrs).toBe('EPSG:31467');
		expectSameCoordinates(back.features);
	});

	it('refuses an unknown CRS with a German message', () => {
		const doc = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, features: utmFeatures };
		expect(() => readBoundaries(JSON.stringify(doc))).toThrow(/Unbekanntes Koordinatensystem „EPSG:3857“ – unterstützt: WGS84/);
	});
});

describe('areaGeo', () => {
	const geo = areaGeo(byId, register);
	const ot = geo.filter((g) => g.id.startsWith('ot-'));

	it('covers all three levels in register order', () => {
		expect(geo.map((g) => g.id)).toEqual([
			...register.ortsteile.map((o) => o.id),
			...register.stadtteile.map((s) => s.id),
			...register.stadtbezirke.map((b) => b.id)
		]);
	});

	it('sums to the area of the city of Bremen (300–340 km²)', () => {
		const total = ot.reduce((s, g) => s + g.area_km2, 0);
		expect(total).toBeGreaterThan(300);
		expect(total).toBeLessThan(340);
		const bezirke = geo.filter((g) => g.id.startsWith('sb-')).reduce((s, g) => s + g.area_km2, 0);
		expect(bezirke).toBeCloseTo(total, 2);
	});

	it('agrees with d3-geo spherical areas (R = 6371.0088 km) within 0.6 %', () => {
		for (const g of ot) {
			const sph = geoArea(byId.get(g.id)!) * 6371.0088 ** 2;
			expect(Math.abs(g.area_km2 / sph - 1)).toBeLessThan(0.006);
		}
	});

	it('does not depend on the winding order of the input', () => {
		const reversed = JSON.parse(osmText);
		for (const f of reversed.features) for (const poly of f.geometry.coordinates) for (const ring of poly) ring.reverse();
		const again = areaGeo(matchBoundaries(readBoundaries(JSON.stringify(reversed)).features, register), register);
		expect(again).toEqual(geo);
	});

	it('puts centroids inside Bremen', () => {
		for (const g of geo) {
			expect(g.centroid[0]).toBeGreaterThan(8.48);
			expect(g.centroid[0]).toBeLessThan(9.0);
			expect(g.centroid[1]).toBeGreaterThan(53.0);
			expect(g.centroid[1]).toBeLessThan(53.23);
		}
	});
});

describe('buildLevels', () => {
	const levels = buildLevels(byId, register);

	it('produces 88 / 23 / 5 non-empty features with register properties', () => {
		expect(levels.ortsteile.features).toHaveLength(88);
		expect(levels.stadtteile.features).toHaveLength(23);
		expect(levels.stadtbezirke.features).toHaveLength(5);
		expect(levels.ortsteile.features.map((f) => f.properties!.id)).toEqual(register.ortsteile.map((o) => o.id));
		expect(levels.stadtteile.features.map((f) => f.properties!.id)).toEqual(register.stadtteile.map((s) => s.id));
		expect(Object.keys(levels.ortsteile.features[0].properties!)).toEqual(['id', 'name', 'stadtteil_id', 'stadtbezirk_id']);
		expect(Object.keys(levels.stadtteile.features[0].properties!)).toEqual(['id', 'name', 'stadtbezirk_id']);
		expect(Object.keys(levels.stadtbezirke.features[0].properties!)).toEqual(['id', 'name']);
		for (const fc of [levels.ortsteile, levels.stadtteile, levels.stadtbezirke]) {
			for (const f of fc.features) {
				expect(f).not.toHaveProperty('id');
				expect(vertices(f).length).toBeGreaterThanOrEqual(4);
				for (const [a, b] of segments(f)) expect(a[0] !== b[0] || a[1] !== b[1]).toBe(true);
			}
		}
	});

	it('keeps the Ortsteile file small', () => {
		expect(JSON.stringify(levels.ortsteile).length).toBeLessThan(150_000);
	});

	it('keeps areas close to the unsimplified ones (d3-geo, clockwise output)', () => {
		const total = levels.ortsteile.features.reduce((s, f) => s + geoArea(f) * 6371.0088 ** 2, 0);
		const bezirke = levels.stadtbezirke.features.reduce((s, f) => s + geoArea(f) * 6371.0088 ** 2, 0);
		expect(total).toBeGreaterThan(310);
		expect(total).toBeLessThan(325);
		expect(Math.abs(bezirke / total - 1)).toBeLessThan(1e-3);
	});

	it('is deterministic', () => {
		expect(JSON.stringify(buildLevels(byId, register))).toBe(JSON.stringify(levels));
	});
});
