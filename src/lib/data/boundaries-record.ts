/**
 * Turns a successful boundary import into the record the browser stores: map
 * geometry of all three levels (simplified with shared arcs, as the data build
 * does), queen neighbours of the unsimplified Ortsteile, and km² and centroids
 * of every area including the city (the sum of its Stadtbezirke).
 */
import type { AreaGeo, Register } from './contract.ts';
import { areaGeo, buildLevels, type AreaFeature } from '../geo/geometry.ts';
import { CITY_ID } from '../engine/schema.ts';
import { BOUNDARIES_ID, type BrowserBoundaries } from './imports-file.ts';

export interface BoundaryProvenance {
	name: string;
	source: string;
	stand: string | null;
	file: string;
	created: string;
}

export function boundariesRecord(
	features: AreaFeature[],
	neighbours: [string, string][],
	sourceCrs: string,
	register: Register,
	provenance: BoundaryProvenance
): BrowserBoundaries {
	const byId = new Map(features.map((f) => [String(f.properties?.id), f]));
	const geo = areaGeo(byId, register);
	const bezirke = new Set(register.stadtbezirke.map((b) => b.id));
	return {
		id: BOUNDARIES_ID,
		...provenance,
		sourceCrs,
		levels: buildLevels(byId, register),
		neighbours,
		geo: [...geo, cityGeo(geo.filter((g) => bezirke.has(g.id)))]
	};
}

/** Area sum and area-weighted centroid of the parts (as the build computes the city row). */
function cityGeo(parts: AreaGeo[]): AreaGeo {
	const a = parts.reduce((s, g) => s + g.area_km2, 0);
	const x = parts.reduce((s, g) => s + g.centroid[0] * g.area_km2, 0) / a;
	const y = parts.reduce((s, g) => s + g.centroid[1] * g.area_km2, 0) / a;
	const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
	return { id: CITY_ID, area_km2: round(a, 4), centroid: [round(x, 6), round(y, 6)] };
}
