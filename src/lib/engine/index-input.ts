/**
 * Reads what the indices need from the database: the catalogue, the years, the areas
 * of a level and one usable value per area × indicator — through `levelValuesSql`,
 * so every level is aggregated from Ortsteil counts (Σ numerators / Σ denominators).
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
import { isPresent, usableValue } from './missing.ts';
import { levelValuesSql } from './rates.ts';

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

interface ValueRow {
	area_id: string;
	indicator_id: string;
	numerator: number | null;
	denominator: number | null;
	value: number | null;
	status: string;
	reliable: boolean;
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
	const year = resolveYear(base.year, await availableYears(db, indicators.map((i) => i.id)));
	return { settings: { ...base, year, indicators: indicators.map((i) => i.id) }, indicators };
}

/**
 * Loads the usable values of the given indicators for one level and year.
 * Every area of the level appears, also those without any value (all NaN).
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
	const rows = await db.query<ValueRow>(
		levelValuesSql(level, { indicatorIds: indicators.map((i) => i.id), years: [year] })
	);
	const position = new Map(areas.map((a, i) => [a.id, i]));
	const columns = indicators.map(() => new Float64Array(areas.length).fill(NaN));
	const populations = indicators.map(() => new Float64Array(areas.length).fill(NaN));
	indicators.forEach((indicator, j) => {
		const own = rows.filter((r) => r.indicator_id === indicator.id && position.has(r.area_id));
		if (smoothed) smoothRows(own, indicator.scale);
		for (const row of own) {
			const i = position.get(row.area_id)!;
			columns[j][i] = usableValue(row, smoothed);
			if (isPresent(row.denominator)) populations[j][i] = row.denominator;
		}
	});
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

/** Replaces the rate of every row with a denominator by its EB-smoothed rate × scale. */
function smoothRows(rows: ValueRow[], scale: number): void {
	const rated = rows.filter((r) => r.status === 'ok' && r.denominator !== null && isPresent(r.numerator));
	if (rated.length === 0) return;
	const eb = empiricalBayes(
		rated.map((r) => r.numerator as number),
		rated.map((r) => r.denominator as number)
	);
	rated.forEach((r, i) => {
		r.value = isPresent(eb.rates[i]) ? eb.rates[i] * scale : null;
	});
}
