/**
 * Validity checks for imported area polygons – reported, never repaired:
 * a ring that crosses or touches itself ("bow-tie"), a ring that runs back
 * on itself (spike), a ring with fewer than three distinct corners or zero
 * area, and a hole outside its exterior ring. Boundaries are otherwise only
 * checked for what the rest of the app needs (see `readBoundaries`).
 *
 * The self-intersection test compares every pair of non-adjacent segments of
 * a ring, pruned by a sweep over x (segments sorted by their left end), so
 * a ring with n vertices costs about n·log n plus the pairs that overlap in x
 * – fast enough for the ~100 areas of a city at full resolution.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { pointInRing, ringArea2 } from './shapefile.ts';

export interface PolygonProblem {
	kind: 'self-intersection' | 'spike' | 'degenerate' | 'hole-outside';
	/** 0-based part of a MultiPolygon (0 for a Polygon) and ring within it (0 = exterior) */
	part: number;
	ring: number;
	/** where it happens, in the file's coordinates */
	at?: Position;
}

/** Drops consecutive duplicate points and the closing point: the distinct corners in order. */
function corners(ring: Position[]): Position[] {
	const out: Position[] = [];
	for (const p of ring) {
		const q = out[out.length - 1];
		if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
	}
	const [a, b] = [out[0], out[out.length - 1]];
	if (out.length > 1 && a[0] === b[0] && a[1] === b[1]) out.pop();
	return out;
}

function orient(a: Position, b: Position, c: Position): number {
	return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function onSegment(a: Position, b: Position, p: Position): boolean {
	return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** The point where segments ab and cd meet (crossing, touching or overlapping), or null. */
export function segmentIntersection(a: Position, b: Position, c: Position, d: Position): Position | null {
	const o1 = orient(a, b, c);
	const o2 = orient(a, b, d);
	const o3 = orient(c, d, a);
	const o4 = orient(c, d, b);
	if (o1 * o2 < 0 && o3 * o4 < 0) {
		const den = (a[0] - b[0]) * (c[1] - d[1]) - (a[1] - b[1]) * (c[0] - d[0]);
		const t = ((a[0] - c[0]) * (c[1] - d[1]) - (a[1] - c[1]) * (c[0] - d[0])) / den;
		return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
	}
	if (o1 === 0 && onSegment(a, b, c)) return c;
	if (o2 === 0 && onSegment(a, b, d)) return d;
	if (o3 === 0 && onSegment(c, d, a)) return a;
	if (o4 === 0 && onSegment(c, d, b)) return b;
	return null;
}

/**
 * Points where a ring meets itself other than at the shared corner of two
 * consecutive segments; at most `limit` of them. Also finds spikes (a
 * segment that doubles back on its predecessor).
 *
 * @example ringSelfIntersections([[0,0],[2,2],[2,0],[0,2],[0,0]]) // → [[1, 1]] (bow-tie)
 */
export function ringSelfIntersections(ring: Position[], limit = 3): { at: Position; spike: boolean }[] {
	const pts = corners(ring);
	const n = pts.length;
	const found: { at: Position; spike: boolean }[] = [];
	if (n < 3) return found;
	// spikes: consecutive segments collinear and pointing back
	for (let i = 0; i < n && found.length < limit; i++) {
		const a = pts[(i + n - 1) % n];
		const b = pts[i];
		const c = pts[(i + 1) % n];
		const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
		if (orient(a, b, c) === 0 && dot < 0) found.push({ at: b, spike: true });
	}
	const segs = Array.from({ length: n }, (_, i) => {
		const a = pts[i];
		const b = pts[(i + 1) % n];
		return { i, a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]), minY: Math.min(a[1], b[1]), maxY: Math.max(a[1], b[1]) };
	}).sort((s, t) => s.minX - t.minX);
	for (let u = 0; u < n && found.length < limit; u++) {
		const s = segs[u];
		for (let v = u + 1; v < n && segs[v].minX <= s.maxX && found.length < limit; v++) {
			const t = segs[v];
			const gap = Math.abs(s.i - t.i);
			if (gap === 1 || gap === n - 1) continue; // neighbours share a corner by construction
			if (t.minY > s.maxY || s.minY > t.maxY) continue;
			const at = segmentIntersection(s.a, s.b, t.a, t.b);
			if (at) found.push({ at, spike: false });
		}
	}
	return found;
}

/** All problems of a Polygon or MultiPolygon (file coordinates, before reprojection). */
export function checkPolygon(g: Polygon | MultiPolygon): PolygonProblem[] {
	const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	const problems: PolygonProblem[] = [];
	parts.forEach((rings, part) => {
		rings.forEach((ring, r) => {
			const pts = corners(ring);
			const crossings = pts.length < 3 ? [] : ringSelfIntersections(ring, 1);
			for (const x of crossings) problems.push({ kind: x.spike ? 'spike' : 'self-intersection', part, ring: r, at: x.at });
			// a symmetric bow-tie has zero signed area: report it as crossing, not as degenerate
			if (pts.length < 3 || (crossings.length === 0 && ringArea2([...pts, pts[0]]) === 0)) {
				problems.push({ kind: 'degenerate', part, ring: r });
				return;
			}
			if (r > 0 && !pts.some((p) => pointInRing(p, rings[0]))) problems.push({ kind: 'hole-outside', part, ring: r, at: pts[0] });
		});
	});
	return problems;
}

/** German description of a problem, e.g. "Ring 1 schneidet sich selbst bei (487 500, 5 882 500)". */
export function describeProblem(p: PolygonProblem, multi: boolean): string {
	const ring = p.ring === 0 ? 'Außenring' : `Loch ${p.ring}`;
	const where = `${multi ? `Teil ${p.part + 1}, ` : ''}${ring}`;
	const at = p.at ? ` bei (${fmt(p.at[0])}, ${fmt(p.at[1])})` : '';
	switch (p.kind) {
		case 'self-intersection':
			return `${where} schneidet oder berührt sich selbst${at}.`;
		case 'spike':
			return `${where} läuft an einer Stelle auf sich selbst zurück (Spitze)${at}.`;
		case 'degenerate':
			return `${where} hat weniger als drei verschiedene Eckpunkte oder keine Fläche.`;
		case 'hole-outside':
			return `${where} liegt außerhalb des Außenrings${at}.`;
	}
}

function fmt(x: number): string {
	return Math.abs(x) >= 1000 ? String(Math.round(x * 100) / 100) : String(Math.round(x * 1e7) / 1e7);
}
