/**
 * Table layout shared by the data build, the browser and the CLI. The build
 * writes each table as an Arrow IPC stream file; `loadTables` puts them into a Db.
 *
 * areas       id, name, level, parent_id, stadtteil_id, stadtbezirk_id, area_km2, cx, cy, sort
 * indicators  the catalogue (data/indicators.json), one row per indicator
 * bases       area_id, year, base_id, count          (build input only: raw counts per Ortsteil)
 * vals        dataset, area_id, indicator_id, year, numerator, denominator, value, status
 *             — Ortsteil level only; every higher level is aggregated from these counts
 * neighbours  area_id, neighbour_id                  (queen contiguity, both directions)
 */
import type { Db } from './db.ts';

export const TABLES = ['areas', 'indicators', 'vals', 'neighbours'] as const;
export type TableName = (typeof TABLES)[number];

/** Column types of the `indicators` table (the catalogue plus labels, years and order). */
export const INDICATOR_COLUMNS = {
	id: 'string', label: 'string', short: 'string', definition: 'string',
	numerator: 'string', numerator_label: 'string', denominator: 'string', denominator_label: 'string',
	unit: 'string', scale: 'float', decimals: 'int', polarity: 'int', factor: 'string', min_base: 'float',
	reference_date: 'string', official_source: 'string', years: 'string', sort: 'int'
} as const;

/** Id of the whole city in `areas` (level `stadt`). */
export const CITY_ID = 'stadt-bremen';

/** Loads the given tables (Arrow IPC stream bytes) into the database. */
export async function loadTables(db: Db, files: Partial<Record<TableName, Uint8Array>>): Promise<void> {
	for (const name of TABLES) {
		const bytes = files[name];
		if (bytes) await db.loadArrow(name, bytes);
	}
}
