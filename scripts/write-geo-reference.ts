/**
 * Writes the reference neighbour table and areas of the Ortsteile:
 *   data/areas/nachbarn.csv  (ortsteil_id,nachbar_id – queen contiguity, both directions, sorted)
 *   data/areas/flaechen.csv  (ortsteil_id,flaeche_km2,centroid_lon,centroid_lat – register order)
 * computed from a boundary file (default: the OSM boundaries, see data/areas/QUELLEN.md).
 * The demo-data generator reads these files, so demo values do not depend on
 * the boundary file given to the data build.
 *
 * Usage: npx tsx scripts/write-geo-reference.ts [--geometry PATH] [--crs EPSG:25832]
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AreaGeo } from '../src/lib/data/contract.ts';
import { areaGeo, DEFAULT_BOUNDARY_FILE, islands, queenNeighbours } from '../src/lib/geo/geometry.ts';
import { loadBoundaryFile } from './lib/boundary-file.ts';
import { readRegister } from './lib/register.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** CSV text of the neighbour table: header ortsteil_id,nachbar_id, one line per directed pair. */
function neighboursCsv(pairs: [string, string][]): string {
	return ['ortsteil_id,nachbar_id', ...pairs.map(([a, b]) => `${a},${b}`)].join('\n') + '\n';
}

/** CSV text of the Ortsteil areas: area in km² with 4 decimals, centroid lon/lat with 6. */
function areasCsv(geo: AreaGeo[]): string {
	const rows = geo
		.filter((g) => g.id.startsWith('ot-'))
		.map((g) => `${g.id},${g.area_km2.toFixed(4)},${g.centroid[0].toFixed(6)},${g.centroid[1].toFixed(6)}`);
	return ['ortsteil_id,flaeche_km2,centroid_lon,centroid_lat', ...rows].join('\n') + '\n';
}

/** Reads the boundary file, derives neighbours and areas, writes both CSV files. */
function main(): void {
	const { values } = parseArgs({ options: { geometry: { type: 'string' }, crs: { type: 'string' } } });
	const path = values.geometry ? resolve(values.geometry) : join(ROOT, DEFAULT_BOUNDARY_FILE);
	const register = readRegister(join(ROOT, 'data/areas'));
	const { byId, sourceCrs } = loadBoundaryFile(path, register, { crs: values.crs });
	const pairs = queenNeighbours(byId);
	const lonely = islands(byId.keys(), pairs);
	if (lonely.length > 0) console.warn(`Warnung: Ortsteile ohne Nachbarn: ${lonely.join(', ')}`);
	const geo = areaGeo(byId, register);
	writeFileSync(join(ROOT, 'data/areas/nachbarn.csv'), neighboursCsv(pairs));
	writeFileSync(join(ROOT, 'data/areas/flaechen.csv'), areasCsv(geo));
	const total = geo.filter((g) => g.id.startsWith('ot-')).reduce((s, g) => s + g.area_km2, 0);
	console.log(
		`${path} (${sourceCrs}): ${byId.size} Ortsteile, ${pairs.length / 2} Nachbarpaare, ${total.toFixed(2)} km² → data/areas/nachbarn.csv, flaechen.csv`
	);
}

main();
