/**
 * A small synthetic dataset in a real DuckDB (duckdb-wasm Node build), loaded
 * through the same `loadTables` path the browser uses. Area names are
 * obviously synthetic ("Testort A").
 */
import { openNodeDb } from '../../../scripts/lib/node-db.ts';
import { rowsToArrowStream } from '../../../scripts/lib/arrow-io.ts';
import { loadTables } from '../../../src/lib/engine/schema.ts';

export interface FixtureArea {
	id: string;
	name: string;
	level: 'ortsteil' | 'stadtteil' | 'stadtbezirk' | 'stadt';
	stadtteil_id?: string | null;
	stadtbezirk_id?: string | null;
}
export interface FixtureIndicator {
	id: string;
	scale: number;
	min_base: number;
	polarity?: number;
	factor?: string;
}
export interface FixtureValue {
	area_id: string;
	indicator_id: string;
	year: number;
	numerator: number | null;
	denominator: number | null;
	/** only for rates delivered without counts (imports) */
	value?: number | null;
	status?: 'ok' | 'gesperrt' | 'fehlt';
	dataset?: string;
}

/** Columns of the `vals` table as the data build writes it (without `reliable`, which the engine derives). */
export const VALUE_COLUMNS = {
	dataset: 'string', area_id: 'string', indicator_id: 'string', year: 'int', numerator: 'float', denominator: 'float', value: 'float', status: 'string'
} as const;

export const AREA_COLUMNS = {
	id: 'string', name: 'string', level: 'string', stadtteil_id: 'string', stadtbezirk_id: 'string', sort: 'int'
} as const;

export async function fixtureDb(areas: FixtureArea[], indicators: FixtureIndicator[], values: FixtureValue[]) {
	const db = await openNodeDb();
	await loadTables(db, {
		areas: rowsToArrowStream(areas.map((a, sort) => ({ ...a, sort })), AREA_COLUMNS),
		indicators: rowsToArrowStream(
			indicators.map((i, sort) => ({ polarity: 1, factor: 'materiell', ...i, sort })),
			{ id: 'string', scale: 'float', min_base: 'float', polarity: 'int', factor: 'string', sort: 'int' }
		),
		vals: rowsToArrowStream(
			values.map((v) => ({ dataset: 'test', status: 'ok', ...v })),
			VALUE_COLUMNS
		)
	});
	return db;
}

/** Three Ortsteile in two Stadtteile of one Stadtbezirk. */
export const TEST_AREAS: FixtureArea[] = [
	{ id: 'ot-a', name: 'Testort A', level: 'ortsteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'ot-b', name: 'Testort B', level: 'ortsteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'ot-c', name: 'Testort C', level: 'ortsteil', stadtteil_id: 'st-y', stadtbezirk_id: 'sb-1' },
	{ id: 'st-x', name: 'Teststadtteil X', level: 'stadtteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'st-y', name: 'Teststadtteil Y', level: 'stadtteil', stadtteil_id: 'st-y', stadtbezirk_id: 'sb-1' },
	{ id: 'sb-1', name: 'Testbezirk 1', level: 'stadtbezirk', stadtbezirk_id: 'sb-1' },
	{ id: 'stadt-bremen', name: 'Teststadt', level: 'stadt' }
];
