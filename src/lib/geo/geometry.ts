/**
 * Geometry part of the data build: read a boundary file (any supported CRS),
 * match its polygons to the Ortsteile of the register, derive the neighbour
 * table (queen contiguity), areas and centroids from the unsimplified geometry,
 * and build simplified, topologically consistent GeoJSON for the three levels.
 *
 * Winding convention: all geometry returned here uses the d3-geo convention
 * (exterior rings clockwise, holes counter-clockwise in the lon/lat plane), as
 * in the OSM source file. RFC 7946 recommends the opposite, but requires
 * parsers not to reject either; MapLibre ignores winding, d3-geo does not.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import { topology } from 'topojson-server';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import { feature as topoFeature, merge } from 'topojson-client';
import type { GeometryCollection, Objects, Topology } from 'topojson-specification';
import type { AreaGeo, Register } from '../data/contract.ts';
import { createAreaMatcher } from '../data/names.ts';

export type AreaGeometry = Polygon | MultiPolygon;
export type AreaFeature = Feature<AreaGeometry>;

/** Default boundary file, relative to the repository root (OpenStreetMap, ODbL). */
export const DEFAULT_BOUNDARY_FILE = '../shared/data/bremen-ortsteile.osm.geojson';

export const WGS84 = 'EPSG:4326';
export const UTM32N = 'EPSG:25832';
export const GK3 = 'EPSG:31467';

/** proj4 definitions of the supported projected CRS (source: EPSG registry / epsg.io). */
const PROJ_DEFS: Record<string, string> = {
	// ETRS89 / UTM zone 32N; ETRS89 and WGS84 differ by < 1 m, treated as identical.
	[UTM32N]: '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	// DHDN / 3-degree Gauss-Kruger zone 3; 7-parameter datum shift (accuracy ~1–3 m, no BeTA2007 grid).
	[GK3]: '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs'
};

/** ETRS89-LAEA Europe (EPSG:3035): equal-area on the GRS80 ellipsoid, used for areas and centroids. */
const LAEA = '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

const UNKNOWN_CRS_HINT =
	'unterstützt: WGS84 (EPSG:4326), ETRS89/UTM32N (EPSG:25832), DHDN/GK3 (EPSG:31467)';

// ---------------------------------------------------------------------------
// Reading and reprojection
// ---------------------------------------------------------------------------

/**
 * Maps the usual spellings of a CRS to "EPSG:<code>": "EPSG:25832",
 * "urn:ogc:def:crs:EPSG::25832", "urn:ogc:def:crs:EPSG:6.6:25832",
 * "http://www.opengis.net/def/crs/EPSG/0/25832", "25832"; OGC CRS84 and
 * "WGS84" → "EPSG:4326". ETRS89 geographic (EPSG:4258) is treated as WGS84
 * (datum difference < 1 m). Anything else is returned trimmed, unchanged.
 */
export function canonicalCrs(name: string): string {
	const s = name.trim();
	if (/crs:?84$/i.test(s) || /^wgs\s?84$/i.test(s)) return WGS84;
	const code = /^(\d+)$/.exec(s)?.[1] ?? (/epsg/i.test(s) ? /(\d+)\s*$/.exec(s)?.[1] : undefined);
	if (code === undefined) return s;
	return code === '4258' ? WGS84 : `EPSG:${code}`;
}

/** Reads the CRS from a GeoJSON `crs` member (named CRS, or the old `{type:"EPSG", properties:{code}}`). */
function crsMember(doc: Record<string, unknown>): string | null {
	const crs = doc.crs as { type?: string; properties?: { name?: unknown; code?: unknown } } | undefined;
	if (!crs || typeof crs !== 'object') return null;
	const p = crs.properties ?? {};
	if (typeof p.name === 'string') return canonicalCrs(p.name);
	if (p.code !== undefined) return canonicalCrs(String(p.code));
	return canonicalCrs(JSON.stringify(crs));
}

/** Calls `fn` for every position of a Polygon/MultiPolygon. */
function eachPosition(g: AreaGeometry, fn: (p: Position) => void): void {
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	for (const poly of polys) for (const ring of poly) for (const p of ring) fn(p);
}

/** Bounding box [minX, minY, maxX, maxY] over all positions of all features. */
function featuresBbox(features: AreaFeature[]): [number, number, number, number] {
	const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const f of features) {
		eachPosition(f.geometry, ([x, y]) => {
			if (x < b[0]) b[0] = x;
			if (y < b[1]) b[1] = y;
			if (x > b[2]) b[2] = x;
			if (y > b[3]) b[3] = y;
		});
	}
	return b;
}

/**
 * Guesses the CRS from the coordinate ranges when the file has no `crs` member:
 * all within ±180/±90 → WGS84; easting 100 000–900 000 m with northing
 * 5.0–6.2 million m → UTM32N (EPSG:25832); easting 3.2–3.8 million m (GK zone 3
 * false easting 3 500 000) → EPSG:31467. Northern Germany lies at 5.2–6.1 million m.
 */
export function inferCrs(features: AreaFeature[]): string {
	const [minX, minY, maxX, maxY] = featuresBbox(features);
	const within = (lo: number, hi: number, a: number, b: number) => a >= lo && b <= hi;
	if (within(-180, 180, minX, maxX) && within(-90, 90, minY, maxY)) return WGS84;
	if (within(5.0e6, 6.2e6, minY, maxY)) {
		if (within(1e5, 9e5, minX, maxX)) return UTM32N;
		if (within(3.2e6, 3.8e6, minX, maxX)) return GK3;
	}
	throw new Error(
		`Koordinatensystem der Grenzdatei nicht erkennbar (Koordinaten x ${minX}…${maxX}, y ${minY}…${maxY}) – ${UNKNOWN_CRS_HINT}. ` +
			'Bitte das Koordinatensystem angeben.'
	);
}

/** Rounds to `decimals` decimal places (half away from zero, via toFixed-free arithmetic). */
function round(x: number, decimals: number): number {
	const f = 10 ** decimals;
	const r = Math.round(Math.abs(x) * f) / f;
	return x < 0 ? -r : r;
}

/** Applies `fn` to every position, returning a new geometry. */
function mapPositions<G extends AreaGeometry>(g: G, fn: (p: Position) => Position): G {
	if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(fn)) } as G;
	return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((r) => r.map(fn))) } as G;
}

/** Twice the signed planar area of a ring (shoelace); > 0 = counter-clockwise with y up. */
function ringArea2(ring: Position[]): number {
	let s = 0;
	for (let i = 0, n = ring.length - 1; i < n; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
	return s;
}

/** Orients one polygon's rings to the d3-geo convention: exterior clockwise, holes counter-clockwise. */
function rewindPolygon(poly: Position[][]): Position[][] {
	return poly.map((ring, i) => {
		const ccw = ringArea2(ring) > 0;
		const wantCcw = i > 0;
		return ccw === wantCcw ? ring : [...ring].reverse();
	});
}

/**
 * Rewinds a geometry to the d3-geo convention (exterior rings clockwise, holes
 * counter-clockwise, planar lon/lat orientation). d3-geo interprets a
 * counter-clockwise exterior as "everything except this area", so areas
 * computed with d3 on RFC 7946-wound input would be ~4π sr.
 */
export function rewindForD3<G extends AreaGeometry>(g: G): G {
	if (g.type === 'Polygon') return { type: 'Polygon', coordinates: rewindPolygon(g.coordinates) } as G;
	return { type: 'MultiPolygon', coordinates: g.coordinates.map(rewindPolygon) } as G;
}

/** Label of a feature for error messages: its name if it has one, else its position. */
function featureLabel(f: { properties?: Record<string, unknown> | null }, index: number): string {
	const name = featureName(f as AreaFeature);
	return name ? `Feature ${index + 1} („${name}“)` : `Feature ${index + 1}`;
}

/** Checks one ring (finite numbers, at least 4 positions) and closes it if needed. */
function checkRing(ring: unknown, label: string): Position[] {
	if (!Array.isArray(ring)) throw new Error(`${label}: Ring ist keine Koordinatenliste.`);
	for (const p of ring) {
		if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
			throw new Error(`${label}: ungültige Koordinate ${JSON.stringify(p)}.`);
		}
	}
	const r = ring.map((p: number[]) => [p[0], p[1]]);
	const [a, b] = [r[0], r[r.length - 1]];
	if (r.length > 0 && (a[0] !== b[0] || a[1] !== b[1])) r.push([a[0], a[1]]);
	if (r.length < 4) throw new Error(`${label}: Ring mit weniger als 3 Eckpunkten.`);
	return r;
}

/** Validates a feature's geometry and returns it as a clean Polygon/MultiPolygon (2D, closed rings). */
function checkGeometry(f: unknown, index: number): AreaFeature {
	const feat = f as { type?: string; properties?: Record<string, unknown> | null; geometry?: { type?: string; coordinates?: unknown } | null };
	const label = featureLabel(feat, index);
	if (!feat || feat.type !== 'Feature') throw new Error(`${label}: kein GeoJSON-Feature.`);
	const g = feat.geometry;
	const type = g?.type ?? 'keine Geometrie';
	if (!g || (type !== 'Polygon' && type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
		throw new Error(`${label}: Geometrietyp „${type}“ wird nicht unterstützt – erwartet werden Polygon oder MultiPolygon.`);
	}
	const polys = (type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[][];
	const clean = polys.map((poly) => {
		if (!Array.isArray(poly) || poly.length === 0) throw new Error(`${label}: leeres Polygon.`);
		return poly.map((ring) => checkRing(ring, label));
	});
	if (clean.length === 0) throw new Error(`${label}: leeres MultiPolygon.`);
	const geometry: AreaGeometry = type === 'Polygon' ? { type: 'Polygon', coordinates: clean[0] } : { type: 'MultiPolygon', coordinates: clean };
	return { type: 'Feature', properties: { ...(feat.properties ?? {}) }, geometry };
}

/** Returns a converter projected → WGS84 lon/lat rounded to 7 decimals (~1 cm), or null for WGS84. */
function toWgs84(crs: string): ((p: Position) => Position) | null {
	if (crs === WGS84) return null;
	const def = PROJ_DEFS[crs];
	if (!def) throw new Error(`Unbekanntes Koordinatensystem „${crs}“ – ${UNKNOWN_CRS_HINT}.`);
	const conv = proj4(def, 'WGS84');
	return (p) => {
		const [lon, lat] = conv.forward([p[0], p[1]]);
		return [round(lon, 7), round(lat, 7)];
	};
}

/** Throws if some coordinate is outside lon/lat ranges (a wrong CRS was assumed). */
function checkLonLat(features: AreaFeature[], crs: string): void {
	const [minX, minY, maxX, maxY] = featuresBbox(features);
	if (minX < -180 || maxX > 180 || minY < -90 || maxY > 90) {
		throw new Error(
			`Koordinaten liegen außerhalb von Längen-/Breitengraden (x ${minX}…${maxX}, y ${minY}…${maxY}) – ` +
				`passt das Koordinatensystem „${crs}“ zur Datei?`
		);
	}
}

/**
 * Parses a GeoJSON FeatureCollection of area polygons and returns the features
 * in WGS84 lon/lat with closed 2D rings, wound to the d3-geo convention (see
 * module doc), plus the detected source CRS ("EPSG:<code>").
 * CRS: `opts.crs` if given, else the `crs` member (e.g. "urn:ogc:def:crs:EPSG::25832",
 * OGC CRS84), else inferred from coordinate ranges (`inferCrs`). EPSG:25832 and
 * EPSG:31467 are reprojected with proj4 and rounded to 7 decimals (~1 cm) so the
 * result is deterministic and shared vertices stay identical. Throws (German
 * message) on invalid JSON, unknown CRS or non-polygon geometry.
 */
export function readBoundaries(text: string, opts: { crs?: string } = {}): { features: AreaFeature[]; sourceCrs: string } {
	let doc: Record<string, unknown>;
	try {
		doc = JSON.parse(text);
	} catch (e) {
		throw new Error(`Grenzdatei ist kein gültiges JSON: ${(e as Error).message}`);
	}
	if (!doc || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
		throw new Error('Grenzdatei ist keine GeoJSON-FeatureCollection.');
	}
	if (doc.features.length === 0) throw new Error('Grenzdatei enthält keine Flächen.');
	const parsed = (doc.features as unknown[]).map(checkGeometry);
	const sourceCrs = opts.crs ? canonicalCrs(opts.crs) : (crsMember(doc) ?? inferCrs(parsed));
	const convert = toWgs84(sourceCrs);
	const features = parsed.map((f) => ({
		...f,
		geometry: rewindForD3(convert ? mapPositions(f.geometry, convert) : f.geometry)
	}));
	checkLonLat(features, sourceCrs);
	return { features, sourceCrs };
}

// ---------------------------------------------------------------------------
// Matching to the register
// ---------------------------------------------------------------------------

const NAME_PROPERTIES = ['name', 'Name', 'NAME', 'ortsteil', 'Ortsteil', 'ORTSTEIL'];

/** The area name of a feature: the first non-empty of the properties name/Name/NAME/ortsteil/Ortsteil. */
export function featureName(f: AreaFeature): string | null {
	for (const key of NAME_PROPERTIES) {
		const v = f.properties?.[key];
		if (typeof v === 'string' && v.trim() !== '') return v.trim();
	}
	return null;
}

/** Formats the list of problems found by `matchBoundaries` as one German message. */
function matchReport(problems: { unnamed: string[]; unmatched: string[]; ambiguous: string[]; missing: string[]; duplicates: string[] }): string {
	const lines = ['Die Grenzdatei passt nicht zum Gebietsregister (data/areas/ortsteile.csv, aliases.csv):'];
	if (problems.unnamed.length) lines.push(`– Flächen ohne Namen (Eigenschaft name): ${problems.unnamed.join(', ')}`);
	if (problems.unmatched.length) lines.push(`– Flächen ohne passenden Ortsteil: ${problems.unmatched.join(', ')}`);
	if (problems.ambiguous.length) lines.push(`– mehrdeutige Namen: ${problems.ambiguous.join('; ')}`);
	if (problems.duplicates.length) lines.push(`– Ortsteile mit mehreren Flächen: ${problems.duplicates.join('; ')}`);
	if (problems.missing.length) lines.push(`– Ortsteile ohne Fläche: ${problems.missing.join(', ')}`);
	lines.push('Fehlende Namensvarianten können in data/areas/aliases.csv ergänzt werden.');
	return lines.join('\n');
}

/**
 * Assigns every boundary feature to an Ortsteil of the register by its name
 * property (see `featureName`), via normalised names and aliases (names.ts).
 * Requires a 1:1 correspondence: every feature matches exactly one Ortsteil and
 * every Ortsteil has exactly one feature. Otherwise throws one German message
 * listing all unmatched/ambiguous features, duplicates and missing Ortsteile.
 * Returns ortsteil id → feature, in register order.
 */
export function matchBoundaries(features: AreaFeature[], register: Register): Map<string, AreaFeature> {
	const matcher = createAreaMatcher(
		register.ortsteile,
		register.aliases.map((a) => ({ alias: a.alias, id: a.ortsteil_id }))
	);
	const problems = { unnamed: [] as string[], unmatched: [] as string[], ambiguous: [] as string[], missing: [] as string[], duplicates: [] as string[] };
	const found = new Map<string, { feature: AreaFeature; names: string[] }>();
	features.forEach((f, i) => {
		const name = featureName(f);
		if (!name) return void problems.unnamed.push(`Feature ${i + 1}`);
		const m = matcher.match(name);
		if (!m) {
			const ids = matcher.ambiguous(name);
			if (ids.length) problems.ambiguous.push(`„${name}“ (${ids.join(', ')})`);
			else problems.unmatched.push(`„${name}“`);
			return;
		}
		const entry = found.get(m.id);
		if (entry) entry.names.push(name);
		else found.set(m.id, { feature: f, names: [name] });
	});
	const byId = new Map<string, AreaFeature>();
	for (const ot of register.ortsteile) {
		const entry = found.get(ot.id);
		if (!entry) problems.missing.push(`${ot.name} (${ot.id})`);
		else if (entry.names.length > 1) problems.duplicates.push(`${ot.name} (${ot.id}) ← ${entry.names.map((n) => `„${n}“`).join(', ')}`);
		else byId.set(ot.id, entry.feature);
	}
	if (Object.values(problems).some((p) => p.length > 0)) throw new Error(matchReport(problems));
	return byId;
}

// ---------------------------------------------------------------------------
// Neighbours (queen contiguity)
// ---------------------------------------------------------------------------

type Bbox = [number, number, number, number];

/** Boundary segments of one area, flat: [ax, ay, bx, by] per segment, plus their bounding box. */
interface SegmentSet {
	id: string;
	segs: Float64Array;
	bbox: Bbox;
}

/** Collects all boundary segments (all rings, exterior and holes) of a geometry. */
function segmentSet(id: string, g: AreaGeometry): SegmentSet {
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	const out: number[] = [];
	for (const poly of polys) {
		for (const ring of poly) {
			for (let i = 0; i + 1 < ring.length; i++) out.push(ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1]);
		}
	}
	const segs = Float64Array.from(out);
	const bbox: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
	for (let i = 0; i < segs.length; i += 2) {
		bbox[0] = Math.min(bbox[0], segs[i]);
		bbox[1] = Math.min(bbox[1], segs[i + 1]);
		bbox[2] = Math.max(bbox[2], segs[i]);
		bbox[3] = Math.max(bbox[3], segs[i + 1]);
	}
	return { id, segs, bbox };
}

/** True if two boxes overlap after growing both by `tol`. */
function boxesOverlap(a: Bbox, b: Bbox, tol: number): boolean {
	return a[0] <= b[2] + tol && b[0] <= a[2] + tol && a[1] <= b[3] + tol && b[1] <= a[3] + tol;
}

/** Squared distance from point p to segment ab (planar). */
function pointSegDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
	const dx = bx - ax;
	const dy = by - ay;
	const len2 = dx * dx + dy * dy;
	let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	const ex = ax + t * dx - px;
	const ey = ay + t * dy - py;
	return ex * ex + ey * ey;
}

/** Sign of the cross product (b − a) × (c − a): orientation of the triangle abc. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
	return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

/**
 * True if segments p1p2 and q1q2 come within `tol` of each other: they cross
 * properly, or an endpoint of one lies within `tol` of the other (this covers
 * shared vertices, T-junctions and collinear overlaps).
 */
function segmentsTouch(s: Float64Array, i: number, t: Float64Array, j: number, tol2: number): boolean {
	const [ax, ay, bx, by] = [s[i], s[i + 1], s[i + 2], s[i + 3]];
	const [cx, cy, dx, dy] = [t[j], t[j + 1], t[j + 2], t[j + 3]];
	if (orient(ax, ay, bx, by, cx, cy) * orient(ax, ay, bx, by, dx, dy) < 0 && orient(cx, cy, dx, dy, ax, ay) * orient(cx, cy, dx, dy, bx, by) < 0) {
		return true;
	}
	return (
		pointSegDist2(ax, ay, cx, cy, dx, dy) <= tol2 ||
		pointSegDist2(bx, by, cx, cy, dx, dy) <= tol2 ||
		pointSegDist2(cx, cy, ax, ay, bx, by) <= tol2 ||
		pointSegDist2(dx, dy, ax, ay, bx, by) <= tol2
	);
}

/** Offsets of the segments of `s` whose bounding box meets `box` (grown by `tol`). */
function segmentsNear(s: Float64Array, box: Bbox, tol: number): number[] {
	const out: number[] = [];
	for (let i = 0; i < s.length; i += 4) {
		const sb: Bbox = [Math.min(s[i], s[i + 2]), Math.min(s[i + 1], s[i + 3]), Math.max(s[i], s[i + 2]), Math.max(s[i + 1], s[i + 3])];
		if (boxesOverlap(sb, box, tol)) out.push(i);
	}
	return out;
}

/** True if the boundaries of two areas come within `tol` anywhere (prefiltered by bounding boxes). */
function boundariesTouch(a: SegmentSet, b: SegmentSet, tol: number): boolean {
	const nearA = segmentsNear(a.segs, b.bbox, tol);
	if (nearA.length === 0) return false;
	const nearB = segmentsNear(b.segs, a.bbox, tol);
	const tol2 = tol * tol;
	const boxB = nearB.map((j) => {
		const t = b.segs;
		return [Math.min(t[j], t[j + 2]), Math.min(t[j + 1], t[j + 3]), Math.max(t[j], t[j + 2]), Math.max(t[j + 1], t[j + 3])] as Bbox;
	});
	for (const i of nearA) {
		const s = a.segs;
		const boxA: Bbox = [Math.min(s[i], s[i + 2]), Math.min(s[i + 1], s[i + 3]), Math.max(s[i], s[i + 2]), Math.max(s[i + 1], s[i + 3])];
		for (let k = 0; k < nearB.length; k++) {
			if (boxesOverlap(boxA, boxB[k], tol) && segmentsTouch(s, i, b.segs, nearB[k], tol2)) return true;
		}
	}
	return false;
}

/** Candidate pairs [i, j] (i < j in input order) whose bounding boxes overlap; sweep over sorted minX. */
function candidatePairs(sets: SegmentSet[], tol: number): [number, number][] {
	const order = sets.map((_, i) => i).sort((i, j) => sets[i].bbox[0] - sets[j].bbox[0] || i - j);
	const pairs: [number, number][] = [];
	for (let oi = 0; oi < order.length; oi++) {
		const a = sets[order[oi]];
		for (let oj = oi + 1; oj < order.length && sets[order[oj]].bbox[0] <= a.bbox[2] + tol; oj++) {
			if (boxesOverlap(a.bbox, sets[order[oj]].bbox, tol)) {
				const [i, j] = [order[oi], order[oj]];
				pairs.push(i < j ? [i, j] : [j, i]);
			}
		}
	}
	return pairs;
}

/** Compares two strings by UTF-16 code units (locale-independent, deterministic). */
function cmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Queen contiguity on the unsimplified geometry: two areas are neighbours if
 * their boundaries share at least one point – a common vertex, a vertex lying
 * within `tolerance` (degrees; 1e-7° ≈ 1 cm) of the other's boundary segment
 * (T-junction), or crossing segments. Does not rely on exact shared vertices.
 * Bounding boxes prefilter area pairs (sweep line) and segments, so the cost
 * grows with the number of touching pairs, not with n². Returns both directions
 * [a, b] and [b, a], sorted by (a, b) in code-unit order.
 */
export function queenNeighbours(byId: Map<string, AreaFeature>, tolerance = 1e-7): [string, string][] {
	const sets = [...byId].map(([id, f]) => segmentSet(id, f.geometry));
	const out: [string, string][] = [];
	for (const [i, j] of candidatePairs(sets, tolerance)) {
		if (boundariesTouch(sets[i], sets[j], tolerance)) {
			out.push([sets[i].id, sets[j].id], [sets[j].id, sets[i].id]);
		}
	}
	return out.sort((p, q) => cmp(p[0], q[0]) || cmp(p[1], q[1]));
}

/** Ids (in input order) that occur in no neighbour pair – areas without neighbours ("islands"). */
export function islands(ids: Iterable<string>, pairs: [string, string][]): string[] {
	const connected = new Set<string>();
	for (const [a, b] of pairs) connected.add(a).add(b);
	return [...ids].filter((id) => !connected.has(id));
}

// ---------------------------------------------------------------------------
// Areas and centroids
// ---------------------------------------------------------------------------

/** Area (m²) and first moments (m³) of a geometry in a planar equal-area projection. */
interface Moments {
	area: number;
	mx: number;
	my: number;
}

/** Signed area and first moments of one projected ring (shoelace / polygon centroid formula). */
function ringMoments(ring: Position[]): Moments {
	let a = 0;
	let mx = 0;
	let my = 0;
	for (let i = 0; i + 1 < ring.length; i++) {
		const [x0, y0] = ring[i];
		const [x1, y1] = ring[i + 1];
		const c = x0 * y1 - x1 * y0;
		a += c;
		mx += (x0 + x1) * c;
		my += (y0 + y1) * c;
	}
	return { area: a / 2, mx: mx / 6, my: my / 6 };
}

/** Sums moments; exterior rings count positive, holes negative, regardless of winding. */
function geometryMoments(g: AreaGeometry, project: (p: Position) => Position): Moments {
	const total: Moments = { area: 0, mx: 0, my: 0 };
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	for (const poly of polys) {
		poly.forEach((ring, k) => {
			const m = ringMoments(ring.map(project));
			const sign = (k === 0 ? 1 : -1) * Math.sign(m.area);
			total.area += sign * m.area;
			total.mx += sign * m.mx;
			total.my += sign * m.my;
		});
	}
	return total;
}

/** Adds up moments (the union of disjoint parts). */
function sumMoments(parts: Moments[]): Moments {
	return parts.reduce((s, m) => ({ area: s.area + m.area, mx: s.mx + m.mx, my: s.my + m.my }), { area: 0, mx: 0, my: 0 });
}

/**
 * Areas and centroids for all three levels (ids ot-…, st-…, sb-…, in register
 * order) from the unsimplified geometry.
 * Area: rings are projected to ETRS89-LAEA Europe (EPSG:3035, equal-area on the
 * GRS80 ellipsoid) and measured with the shoelace formula; exterior minus holes,
 * independent of winding order. This is ellipsoidal – d3-geo's spherical
 * `geoArea × R²` (R = 6371.0088 km) is ~0.4 % smaller at 53° N.
 * Centroid: planar area-weighted centroid in EPSG:3035, converted back to
 * [lon, lat] (6 decimals). It may lie outside a concave area.
 * Stadtteile/Stadtbezirke: sums of the children's areas and area-weighted means
 * of their centroids (exact for the union of disjoint parts).
 * area_km2 is rounded to 4 decimals; parents are summed before rounding.
 */
export function areaGeo(byId: Map<string, AreaFeature>, register: Register): AreaGeo[] {
	const laea = proj4('WGS84', LAEA);
	const project = (p: Position): Position => laea.forward([p[0], p[1]]);
	const toGeo = (id: string, m: Moments): AreaGeo => {
		const [lon, lat] = laea.inverse([m.mx / m.area, m.my / m.area]);
		return { id, area_km2: round(m.area / 1e6, 4), centroid: [round(lon, 6), round(lat, 6)] };
	};
	const ot = new Map<string, Moments>();
	for (const o of register.ortsteile) {
		const f = byId.get(o.id);
		if (!f) throw new Error(`Keine Fläche für Ortsteil ${o.name} (${o.id}).`);
		ot.set(o.id, geometryMoments(f.geometry, project));
	}
	const st = new Map(register.stadtteile.map((s) => [s.id, sumMoments(register.ortsteile.filter((o) => o.stadtteil_id === s.id).map((o) => ot.get(o.id)!))]));
	const sb = new Map(register.stadtbezirke.map((b) => [b.id, sumMoments(register.stadtteile.filter((s) => s.stadtbezirk_id === b.id).map((s) => st.get(s.id)!))]));
	return [...ot, ...st, ...sb].map(([id, m]) => toGeo(id, m));
}

// ---------------------------------------------------------------------------
// Simplified output for the map
// ---------------------------------------------------------------------------

export interface LevelCollections {
	ortsteile: FeatureCollection<AreaGeometry>;
	stadtteile: FeatureCollection<AreaGeometry>;
	stadtbezirke: FeatureCollection<AreaGeometry>;
}

export interface BuildLevelsOptions {
	/** Share (0–1] of the droppable arc vertices to keep (topojson-simplify `quantile`); default 0.35. */
	simplifyQuantile?: number;
	/** Decimal places of output coordinates; default 5 (~1.1 m north–south, ~0.7 m east–west at 53° N). */
	decimals?: number;
}

/**
 * Visvalingam effective-area weight in approximate m²: triangle area on a local
 * equirectangular plane (x scaled by cos φ0, 1° = 111 195 m on the mean sphere),
 * so that east–west and north–south detail are weighed alike.
 */
function triangleWeight(lat0: number): (t: number[][]) => number {
	const ky = (6371008.8 * Math.PI) / 180;
	const kx = ky * Math.cos((lat0 * Math.PI) / 180);
	return ([a, b, c]) => Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) * kx * ky * 0.5;
}

/**
 * Pins the most important interior vertex of every arc (two for closed arcs)
 * so that no ring can collapse to a line when all its other vertices are dropped.
 */
function pinArcShapes(topo: Pick<Topology, 'arcs'>): void {
	for (const arc of topo.arcs as unknown as number[][][]) {
		const first = arc[0];
		const last = arc[arc.length - 1];
		const closed = first[0] === last[0] && first[1] === last[1];
		const interior = arc.slice(1, -1).sort((p, q) => q[2] - p[2]);
		for (const p of interior.slice(0, closed ? 2 : 1)) p[2] = Infinity;
	}
}

/** Removes consecutive duplicates; returns null if fewer than 3 distinct corners remain. */
function cleanRing(ring: Position[]): Position[] | null {
	const out: Position[] = [];
	for (const p of ring) {
		const q = out[out.length - 1];
		if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
	}
	if (out.length < 4 || ringArea2(out) === 0) return null;
	return out;
}

/**
 * Rounds a geometry to `decimals`, drops rings that degenerate, and returns a
 * Polygon for one part or a MultiPolygon for several (null if nothing is left).
 */
function roundGeometry(g: AreaGeometry, decimals: number): AreaGeometry | null {
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	const out: Position[][][] = [];
	for (const poly of polys) {
		const rings = poly.map((r) => cleanRing(r.map(([x, y]) => [round(x, decimals), round(y, decimals)])));
		if (!rings[0]) continue;
		out.push(rings.filter((r): r is Position[] => r !== null));
	}
	if (out.length === 0) return null;
	return out.length === 1 ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
}

/** Wraps rounded geometries and properties into a FeatureCollection; throws if a geometry vanished. */
function collection(items: { geometry: AreaGeometry; properties: Record<string, string> }[], decimals: number): FeatureCollection<AreaGeometry> {
	return {
		type: 'FeatureCollection',
		features: items.map(({ geometry, properties }) => {
			const g = roundGeometry(geometry, decimals);
			if (!g) throw new Error(`Fläche ${properties.id} ist nach der Vereinfachung leer.`);
			return { type: 'Feature', properties, geometry: g };
		})
	};
}

/**
 * Builds the map geometry of all three levels from the unsimplified Ortsteile:
 * one TopoJSON topology (topojson-server) so shared borders are single arcs,
 * Visvalingam simplification on the arcs (topojson-simplify presimplify +
 * simplify, keeping the `simplifyQuantile` share of vertices by effective area;
 * arc endpoints and one shape vertex per arc are always kept), so neighbours
 * stay gap-free; Stadtteile and Stadtbezirke dissolved from the same simplified
 * arcs with topojson-client `merge`. Coordinates rounded to `decimals`.
 * Properties: ortsteile {id, name, stadtteil_id, stadtbezirk_id}, stadtteile
 * {id, name, stadtbezirk_id}, stadtbezirke {id, name}; no top-level feature id
 * (the map uses MapLibre `promoteId`). Features in register order; deterministic.
 */
export function buildLevels(byId: Map<string, AreaFeature>, register: Register, opts: BuildLevelsOptions = {}): LevelCollections {
	const keep = opts.simplifyQuantile ?? 0.35;
	const decimals = opts.decimals ?? 5;
	if (!(keep > 0 && keep <= 1)) throw new Error(`simplifyQuantile muss zwischen 0 und 1 liegen (ist ${keep}).`);
	const bezirkOf = new Map(register.stadtteile.map((s) => [s.id, s.stadtbezirk_id]));
	const input: FeatureCollection<AreaGeometry> = {
		type: 'FeatureCollection',
		features: register.ortsteile.map((o) => {
			const f = byId.get(o.id);
			if (!f) throw new Error(`Keine Fläche für Ortsteil ${o.name} (${o.id}).`);
			const properties = { id: o.id, name: o.name, stadtteil_id: o.stadtteil_id, stadtbezirk_id: bezirkOf.get(o.stadtteil_id)! };
			return { type: 'Feature', properties, geometry: structuredClone(f.geometry) };
		})
	};
	const raw = topology({ ortsteile: input }) as unknown as Topology<Objects<Record<string, string>>>;
	const lat0 = ((raw.bbox?.[1] ?? 0) + (raw.bbox?.[3] ?? 0)) / 2;
	const pre = presimplify(raw, triangleWeight(lat0) as never);
	pinArcShapes(pre);
	const topo = simplify(pre, keep >= 1 ? 0 : quantile(pre, keep));
	const object = topo.objects.ortsteile as GeometryCollection<Record<string, string>>;
	const otGeoms = object.geometries;

	const ortsteile = collection(
		otGeoms.map((g) => ({ geometry: (topoFeature(topo, g) as AreaFeature).geometry, properties: g.properties! })),
		decimals
	);
	const dissolve = (pred: (p: Record<string, string>) => boolean) => merge(topo, otGeoms.filter((g) => pred(g.properties!)) as never) as AreaGeometry;
	const stadtteile = collection(
		register.stadtteile.map((s) => ({ geometry: dissolve((p) => p.stadtteil_id === s.id), properties: { id: s.id, name: s.name, stadtbezirk_id: s.stadtbezirk_id } })),
		decimals
	);
	const stadtbezirke = collection(
		register.stadtbezirke.map((b) => ({ geometry: dissolve((p) => p.stadtbezirk_id === b.id), properties: { id: b.id, name: b.name } })),
		decimals
	);
	return { ortsteile, stadtteile, stadtbezirke };
}
