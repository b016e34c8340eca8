/**
 * Reads what the indices need from the database: the catalogue, the years, the areas
 * of a level and one usable value per area × indicator — through `levelMatrixSql`
 * (the values of `levelValuesSql`, read column-wise), so every level is aggregated
 * from Ortsteil counts (Σ numerators / Σ denominators).
 *
 * A value is usable (see `missing.ts`) when it is not suppressed and reliable
 * (denominator ≥ the indicator's minimum base). With empirical-Bayes smoothing on,
 * the rates of each indicator are smoothed across the areas of the level (Marshall's
 * global EB on the summed counts, see `ebsmooth.ts`) and every rate with a
 * denominator > 0 is usable; plain counts (no denominator) are not smoothed.
 *
 * Works on any dataset in the `areas` / `indicators` / `vals` layout (`schema.ts`),
 * e.g. another city's table loaded by the CLI's `--input`.
 */
import { boolColumn, float64Column, int32Column, type Table } from './arrow-columns.ts';
import type { Db } from './db.ts';
import { literal } from './db.ts';
import { empiricalBayes } from './ebsmooth.ts';
import {
	resolveYear,
	selectIndicators,
	SettingsError,
	withDefaults,
	type CatalogueIndicator,
	type IndexLevel,
	type IndexSettings,
	type ResolvedIndicator
} from './index-settings.ts';
import { isPresent, usableNumber } from './missing.ts';
import { levelMatrixSql } from './rates.ts';

/** Settings with year and indicator list settled (what was actually computed). */
export interface ResolvedIndexSettings extends IndexSettings {
	year: number;
	indicators: string[];
}

/** Areas × indicators of one level and year, column per indicator. */
export interface IndicatorMatrix {
	level: IndexLevel;
	year: number;
	/** true when the columns hold empirical-Bayes smoothed rates */
	smoothed: boolean;
	areaIds: string[];
	areaNames: string[];
	indicators: ResolvedIndicator[];
	/** per indicator one usable value per area; NaN = missing, suppressed or unreliable */
	columns: Float64Array[];
	/** per indicator the denominator per area (population weights); NaN when none */
	populations: Float64Array[];
}

/**
 * The catalogue as stored in the `indicators` table, in its order.
 *
 * @example (await loadCatalogue(db))[0] // → { id: 'quote', label: null, polarity: 1, factor: 'materiell', scale: 100 }
 */
export async function loadCatalogue(db: Db): Promise<CatalogueIndicator[]> {
	const rows = await db.query<Record<string, unknown>>('SELECT * FROM indicators ORDER BY sort, id');
	return rows.map((r) => ({
		id: String(r.id),
		label: typeof r.label === 'string' ? r.label : null,
		polarity: typeof r.polarity === 'number' ? r.polarity : null,
		factor: typeof r.factor === 'string' ? r.factor : null,
		scale: typeof r.scale === 'number' ? r.scale : 1
	}));
}

/**
 * Years in which at least one of the indicators has a value, ascending.
 *
 * @example await availableYears(db, ['quote']) // → [2023]
 */
export async function availableYears(db: Db, indicatorIds: readonly string[]): Promise<number[]> {
	if (indicatorIds.length === 0) return [];
	const rows = await db.query<{ year: number }>(
		`SELECT DISTINCT year FROM vals WHERE indicator_id IN (${indicatorIds.map((id) => literal(id)).join(', ')})
		AND numerator IS NOT NULL ORDER BY year`
	);
	return rows.map((r) => Number(r.year));
}

/**
 * `resolveYear(year, availableYears(…))`, but first tries the asked year (or, for
 * `null`, the latest year in the data) with a query that stops at the first value:
 * listing all years scans every row of `vals`, which at millions of rows costs more
 * than loading the values of one year.
 */
async function settleYear(db: Db, year: number | null, indicatorIds: readonly string[]): Promise<number> {
	if (indicatorIds.length > 0) {
		const [latest] = year === null ? await db.query<{ year: number | null }>('SELECT max(year) AS year FROM vals') : [{ year }];
		if (latest.year !== null) {
			const hit = await db.query(
				`SELECT 1 FROM vals WHERE year = ${literal(latest.year)} AND numerator IS NOT NULL
				AND indicator_id IN (${indicatorIds.map((id) => literal(id)).join(', ')}) LIMIT 1`
			);
			if (hit.length > 0) return latest.year;
		}
	}
	return resolveYear(year, await availableYears(db, indicatorIds));
}

/**
 * Fills in defaults, selects the indicators from the catalogue and settles the year
 * (`null` → the latest year with values).
 *
 * @throws SettingsError (German) for unknown indicators, missing years, bad weights …
 * @example (await resolveIndexSettings(db, { year: null })).settings.year // → 2023 (the latest year)
 */
export async function resolveIndexSettings(
	db: Db,
	partial: Partial<IndexSettings> = {}
): Promise<{ settings: ResolvedIndexSettings; indicators: ResolvedIndicator[] }> {
	const base = withDefaults(partial);
	const indicators = selectIndicators(base, await loadCatalogue(db));
	const year = await settleYear(db, base.year, indicators.map((i) => i.id));
	return { settings: { ...base, year, indicators: indicators.map((i) => i.id) }, indicators };
}

/**
 * Loads the usable values of the given indicators for one level and year.
 * Every area of the level appears, also those without any value (all NaN).
 * The values are read column-wise (`levelMatrixSql` through `Db.queryTable`).
 *
 * @throws SettingsError if the data have no areas of that level
 * @example (await loadIndicatorMatrix(db, 'ortsteil', 2023, indicators, false)).columns[0] // → Float64Array [10, 20, 30, NaN, NaN]
 */
export async function loadIndicatorMatrix(
	db: Db,
	level: IndexLevel,
	year: number,
	indicators: readonly ResolvedIndicator[],
	smoothed: boolean
): Promise<IndicatorMatrix> {
	const areas = await db.query<{ id: string; name: string }>(
		`SELECT id, name FROM areas WHERE level = ${literal(level)} ORDER BY sort, id`
	);
	if (areas.length === 0) throw new SettingsError(`Keine Gebiete der Ebene „${level}“ in den Daten.`);
	const n = areas.length;
	const columns = indicators.map(() => new Float64Array(n).fill(NaN));
	const populations = indicators.map(() => new Float64Array(n).fill(NaN));
	if (indicators.length > 0) {
		const table = await db.queryTable(levelMatrixSql(level, year, indicators.map((i) => i.id)));
		const cells = readCells(table, n, indicators.length);
		indicators.forEach((indicator, j) => {
			if (smoothed) smoothCells(cells, j, indicator.scale);
			for (let i = 0; i < n; i++) {
				const r = cells.row[j * n + i];
				if (r < 0) continue;
				// NULL arrives as NaN; a count has no denominator (NULL), which the rule must see as null
				const denominator = Number.isNaN(cells.denominator[r]) ? null : cells.denominator[r];
				columns[j][i] = usableNumber(cells.value[r], denominator, cells.ok[r] === 1, cells.reliable[r] === 1, smoothed);
				if (denominator !== null) populations[j][i] = denominator;
			}
		});
	}
	return {
		level,
		year,
		smoothed,
		areaIds: areas.map((a) => a.id),
		areaNames: areas.map((a) => a.name),
		indicators: [...indicators],
		columns,
		populations
	};
}

/** The rows of `levelMatrixSql`, column-wise, with the row of each area × indicator cell. */
interface MatrixCells {
	n: number;
	/** row of cell (indicator j, area i) at j·n + i; −1 when the area has no value row */
	row: Int32Array;
	/** area positions in id order (the order the values were smoothed in before), −1 = no rows */
	byId: Int32Array;
	numerator: Float64Array;
	denominator: Float64Array;
	value: Float64Array;
	ok: Uint8Array;
	reliable: Uint8Array;
}

function readCells(table: Table, n: number, k: number): MatrixCells {
	const area = int32Column(table, 'area');
	const byIdColumn = int32Column(table, 'by_id');
	const indicator = int32Column(table, 'indicator');
	const row = new Int32Array(n * k).fill(-1);
	const byId = new Int32Array(n).fill(-1);
	for (let r = 0; r < area.length; r++) {
		row[indicator[r] * n + area[r]] = r;
		byId[byIdColumn[r]] = area[r];
	}
	return {
		n,
		row,
		byId,
		numerator: float64Column(table, 'numerator'),
		denominator: float64Column(table, 'denominator'),
		value: float64Column(table, 'value'),
		ok: boolColumn(table, 'ok'),
		reliable: boolColumn(table, 'reliable')
	};
}

/**
 * Replaces the rate of every cell of indicator j with status ok, a denominator and a
 * numerator by its EB-smoothed rate × scale — areas taken in id order, so the sums
 * inside the smoothing run in the same order as ever.
 */
function smoothCells(cells: MatrixCells, j: number, scale: number): void {
	const rows: number[] = [];
	for (const i of cells.byId) {
		const r = i < 0 ? -1 : cells.row[j * cells.n + i];
		if (r < 0) continue;
		if (cells.ok[r] === 1 && !Number.isNaN(cells.denominator[r]) && isPresent(cells.numerator[r])) rows.push(r);
	}
	if (rows.length === 0) return;
	const eb = empiricalBayes(
		rows.map((r) => cells.numerator[r]),
		rows.map((r) => cells.denominator[r])
	);
	rows.forEach((r, m) => {
		cells.value[r] = isPresent(eb.rates[m]) ? eb.rates[m] * scale : NaN;
	});
}
