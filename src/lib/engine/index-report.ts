/**
 * The one call behind the index views and the CLI: per area the four factor indices,
 * the Ausgrenzungsindex with class, rank and Monte-Carlo rank band, and Berlin's MSS
 * Statusindex with class and rank — plus the settings actually used. A second call
 * gives the Dynamikindex between two years.
 *
 *   computeIndex(db, settings)            loads values (SQL) and builds the report
 *   buildIndexReport(matrix, settings)    rebuilds from loaded values, no database —
 *                                         for changes of weights, normalisation,
 *                                         aggregation, weighting, thresholds, draws, seed
 *   indexRobustness(matrix, settings)     only the rank bands, fast (< 50 ms for 88 areas)
 *
 * Changes of indicators, polarity, factors, level, year or smoothing need
 * `computeIndex` again (they change the loaded matrix).
 *
 * Method details live with the formulas: `normalize.ts`, `composite.ts`, `mss.ts`,
 * `robustness.ts`, `ebsmooth.ts`; what counts as missing: `missing.ts`.
 */
import type { Db } from './db.ts';
import { competitionRanks, compositeIndex, statusClass, type StatusClass } from './composite.ts';
import {
	availableYears,
	loadIndicatorMatrix,
	resolveIndexSettings,
	type IndicatorMatrix,
	type ResolvedIndexSettings
} from './index-input.ts';
import {
	EXCLUSION_FACTORS,
	factorWeight,
	indicatorWeight,
	resolveYear,
	SettingsError,
	withDefaults,
	type ExclusionFactor,
	type IndexSettings,
	type ResolvedIndicator
} from './index-settings.ts';
import { isPresent } from './missing.ts';
import { dynamicClass, mssDynamicIndex, mssIndex, type DynamicClass, type MssResult } from './mss.ts';
import { normalize } from './normalize.ts';
import { prepareRobustness, rankRobustness, type PreparedRobustness, type RobustnessResult } from './robustness.ts';

export type { ResolvedIndexSettings, IndicatorMatrix };

/** One area's row of the index report. Missing values are null, never 0. */
export interface AreaIndex {
	area_id: string;
	area_name: string;
	/** factor indices (weighted means of normalised indicators); null when < ½ of the weight is present */
	factors: Record<ExclusionFactor, number | null>;
	/** the Ausgrenzungsindex, re-standardised (z over the areas that have it) */
	index: number | null;
	/** the Ausgrenzungsindex before re-standardisation */
	index_raw: number | null;
	/** status class of `index` (MSS thresholds) */
	class: StatusClass | null;
	/** rank by `index`, 1 = most disadvantaged */
	rank: number | null;
	/** Monte-Carlo rank band: 5 % quantile, median, 95 % quantile */
	rank_p05: number | null;
	rank_median: number | null;
	rank_p95: number | null;
	/** Berlin MSS Statusindex Σz / SD(Σz) (unweighted, all selected indicators) */
	status_index: number | null;
	status_class: StatusClass | null;
	/** rank by `status_index`, 1 = lowest status (highest index) */
	status_rank: number | null;
	/** number of selected indicators with a usable value */
	values_present: number;
	/** selected indicators without a usable value (missing, suppressed or unreliable) */
	missing: string[];
}

/** An area left without an index, with the reason (German, for the UI and the CLI). */
export interface ExcludedArea {
	area_id: string;
	area_name: string;
	/** which index it lacks */
	index: 'ausgrenzungsindex' | 'statusindex' | 'dynamikindex';
	reason: string;
}

export interface IndexReport {
	settings: ResolvedIndexSettings;
	indicators: ResolvedIndicator[];
	areas: AreaIndex[];
	excluded: ExcludedArea[];
	/** the Monte-Carlo run (null when draws = 0 or no factor index could be built) */
	robustness: RobustnessResult | null;
	/** SD of the MSS index sum (null if the Statusindex could not be built) */
	status_sd_of_sum: number | null;
	/** notes for the user (German), e.g. why the Statusindex is missing */
	warnings: string[];
	/** the loaded values, for `buildIndexReport` / `indexRobustness` without a database */
	matrix: IndicatorMatrix;
}

const orNull = (x: number): number | null => (isPresent(x) ? x : null);

/**
 * An indicator enters the indices only where it has usable values in at least this
 * share of the level's areas. With fewer, its z-values would rest on a handful of
 * areas (e.g. an imported table covering 3 of 88 Ortsteile) and push exactly those
 * areas up or down; it is then treated as missing everywhere and named in a warning.
 */
export const MIN_INDICATOR_COVERAGE = 0.5;

const usableCache = new WeakMap<IndicatorMatrix, { matrix: IndicatorMatrix; warnings: string[] }>();

/**
 * The matrix the indices are computed from: columns below MIN_INDICATOR_COVERAGE
 * set to missing (NaN), with a German warning per indicator. Cached per matrix, so
 * repeated calls (live weight changes) reuse one object.
 */
function usableMatrix(matrix: IndicatorMatrix): { matrix: IndicatorMatrix; warnings: string[] } {
	let hit = usableCache.get(matrix);
	if (hit) return hit;
	const n = matrix.areaIds.length;
	const warnings: string[] = [];
	const columns = matrix.columns.map((column, j) => {
		const present = column.reduce((k, x) => k + (isPresent(x) ? 1 : 0), 0);
		const id = matrix.indicators[j].id;
		if (present === 0) warnings.push(`Für „${id}“ liegen ${matrix.year} keine gültigen Werte vor; der Indikator fehlt in allen Gebieten.`);
		else if (present < MIN_INDICATOR_COVERAGE * n) {
			warnings.push(
				`„${id}“ hat ${matrix.year} nur in ${present} von ${n} Gebieten gültige Werte (weniger als die Hälfte) – zu wenige für Vergleichswerte; im Index nicht berücksichtigt.`
			);
			return new Float64Array(n).fill(NaN);
		}
		return column;
	});
	hit = { matrix: warnings.length === 0 ? matrix : { ...matrix, columns }, warnings };
	usableCache.set(matrix, hit);
	return hit;
}

/**
 * Loads the values and builds the full report (see module comment).
 *
 * @throws SettingsError (German) for invalid settings or data that allow no index
 * @example
 * const report = await computeIndex(db, { year: 2023 });
 * report.areas[0] // → { area_id, area_name, factors: { materiell, … }, index, class, rank, rank_p05, rank_median, rank_p95, status_index, … }
 * report.settings.indicators // → the indicators actually used
 */
export async function computeIndex(db: Db, settings: Partial<IndexSettings> = {}): Promise<IndexReport> {
	const resolved = await resolveIndexSettings(db, settings);
	const s = resolved.settings;
	const matrix = await loadIndicatorMatrix(db, s.level, s.year, resolved.indicators, s.eb);
	return buildIndexReport(matrix, s);
}

function missingIndicators(matrix: IndicatorMatrix, i: number): string[] {
	return matrix.indicators.filter((_, j) => !isPresent(matrix.columns[j][i])).map((ind) => ind.id);
}

/** Aligned normalised columns under the chosen normalisation and weighting. */
function normalisedColumns(matrix: IndicatorMatrix, settings: IndexSettings): Float64Array[] {
	return matrix.columns.map((column, j) =>
		normalize(column, settings.normalization, {
			polarity: matrix.indicators[j].polarity,
			weights: settings.weighting === 'population' ? matrix.populations[j] : undefined
		})
	);
}

const preparedCache = new WeakMap<IndicatorMatrix, Map<string, PreparedRobustness>>();

/**
 * Monte-Carlo rank bands of the Ausgrenzungsindex for the given settings (weights,
 * weighting, draws, seed), reusing the normalised matrices of earlier calls on the same
 * matrix — the fast call for live weight changes. Areas without an Ausgrenzungsindex
 * under these settings are not ranked (NaN).
 *
 * @throws SettingsError if an indicator has no exclusion factor
 * @example indexRobustness(report.matrix, { ...report.settings, weights: { materiell: 2 } }).p95
 */
export function indexRobustness(loaded: IndicatorMatrix, settings: ResolvedIndexSettings): RobustnessResult {
	const { matrix } = usableMatrix(loaded);
	const factors = requireFactors(matrix.indicators);
	let cache = preparedCache.get(matrix);
	if (!cache) preparedCache.set(matrix, (cache = new Map()));
	let prepared = cache.get(settings.weighting);
	if (!prepared) {
		prepared = prepareRobustness({
			columns: matrix.columns,
			polarities: matrix.indicators.map((i) => i.polarity),
			factors,
			populations: matrix.populations,
			weighting: settings.weighting
		});
		cache.set(settings.weighting, prepared);
	}
	return rankRobustness(
		prepared,
		matrix.indicators.map((i) => indicatorWeight(settings, i.id)),
		Object.fromEntries(EXCLUSION_FACTORS.map((f) => [f, factorWeight(settings, f)])),
		{ draws: Math.max(1, settings.draws), seed: settings.seed }
	);
}

function requireFactors(indicators: readonly ResolvedIndicator[]): ExclusionFactor[] {
	return indicators.map((ind) => {
		if (!ind.factor) {
			throw new SettingsError(`Indikator „${ind.id}“ ist keinem Ausgrenzungsfaktor zugeordnet; kein Faktorindex möglich.`);
		}
		return ind.factor;
	});
}

function compositeFor(matrix: IndicatorMatrix, settings: IndexSettings, factors: ExclusionFactor[]) {
	return compositeIndex(
		normalisedColumns(matrix, settings),
		matrix.indicators.map((ind, j) => ({ factor: factors[j], weight: indicatorWeight(settings, ind.id) })),
		Object.fromEntries(EXCLUSION_FACTORS.map((f) => [f, factorWeight(settings, f)])),
		settings.aggregation
	);
}

/**
 * Builds the report from loaded values, without a database (see module comment).
 * The factor part needs every indicator to have an exclusion factor; with
 * `method: 'mss'` it is skipped otherwise. The Statusindex is always attempted;
 * if it cannot be built, `method: 'mss'` throws and `factors` adds a warning.
 *
 * @throws SettingsError (German)
 * @example buildIndexReport(report.matrix, { ...report.settings, aggregation: 'geometric' }).areas[0].index
 */
export function buildIndexReport(loaded: IndicatorMatrix, settings: ResolvedIndexSettings): IndexReport {
	withDefaults(settings); // names, weights ≥ 0, thresholds — also when called from the UI directly
	if (settings.method === 'factors' && loaded.indicators.every((ind) => indicatorWeight(settings, ind.id) === 0)) {
		throw new SettingsError('Alle Indikatorgewichte sind 0.');
	}
	const usable = usableMatrix(loaded);
	const matrix = usable.matrix;
	const n = matrix.areaIds.length;
	const warnings = [...usable.warnings];
	const excluded: ExcludedArea[] = [];
	const hasFactors = matrix.indicators.every((ind) => ind.factor !== null);
	if (settings.method === 'factors' && !hasFactors) requireFactors(matrix.indicators);

	// Ausgrenzungsindex and factor indices
	let composite: ReturnType<typeof compositeIndex> | null = null;
	let ranks: Float64Array | null = null;
	let robustness: RobustnessResult | null = null;
	if (hasFactors) {
		const factors = requireFactors(matrix.indicators);
		composite = compositeFor(matrix, settings, factors);
		ranks = competitionRanks(composite.index);
		if (settings.draws > 0 && composite.index.some(isPresent)) robustness = indexRobustness(matrix, settings);
	}

	// Berlin MSS Statusindex
	let mss: MssResult | null = null;
	try {
		mss = mssIndex(matrix.columns, matrix.indicators.map((i) => i.polarity));
	} catch (e) {
		if (settings.method === 'mss') throw new SettingsError((e as Error).message);
		warnings.push(`Statusindex nicht berechenbar: ${(e as Error).message}`);
	}
	const statusRanks = mss ? competitionRanks(mss.index) : null;

	const areas: AreaIndex[] = [];
	for (let i = 0; i < n; i++) {
		const missing = missingIndicators(matrix, i);
		const row: AreaIndex = {
			area_id: matrix.areaIds[i],
			area_name: matrix.areaNames[i],
			factors: Object.fromEntries(
				EXCLUSION_FACTORS.map((f) => [f, composite ? orNull(composite.factors[f][i]) : null])
			) as Record<ExclusionFactor, number | null>,
			index: composite ? orNull(composite.index[i]) : null,
			index_raw: composite ? orNull(composite.raw[i]) : null,
			class: composite ? statusClass(composite.index[i], settings.statusThresholds) : null,
			rank: ranks ? orNull(ranks[i]) : null,
			rank_p05: robustness ? orNull(robustness.p05[i]) : null,
			rank_median: robustness ? orNull(robustness.median[i]) : null,
			rank_p95: robustness ? orNull(robustness.p95[i]) : null,
			status_index: mss ? orNull(mss.index[i]) : null,
			status_class: mss ? statusClass(mss.index[i], settings.statusThresholds) : null,
			status_rank: statusRanks ? orNull(statusRanks[i]) : null,
			values_present: matrix.indicators.length - missing.length,
			missing
		};
		areas.push(row);
		const base = { area_id: row.area_id, area_name: row.area_name };
		const noValues = missing.length === matrix.indicators.length;
		if (composite && row.index === null) {
			excluded.push({
				...base,
				index: 'ausgrenzungsindex',
				reason: noValues
					? 'keine gültigen Werte'
					: `weniger als die Hälfte des Gewichts mit gültigen Werten (fehlend: ${missing.join(', ')})`
			});
		}
		if (mss && row.status_index === null) {
			excluded.push({
				...base,
				index: 'statusindex',
				reason: noValues
					? 'keine gültigen Werte'
					: `weniger als die Hälfte der Indikatoren mit gültigen Werten (fehlend: ${missing.join(', ')})`
			});
		}
	}
	return {
		settings,
		indicators: matrix.indicators,
		areas,
		excluded,
		robustness,
		status_sd_of_sum: mss ? mss.sdOfSum : null,
		warnings,
		// the loaded values: later rebuilds apply the coverage rule again (cached)
		matrix: loaded
	};
}

/** One area's row of the dynamic report. */
export interface AreaDynamic {
	area_id: string;
	area_name: string;
	/** Dynamikindex: MSS index of the changes between `from` and `to` */
	dynamic_index: number | null;
	dynamic_class: DynamicClass | null;
	/** 1 = most negative development */
	dynamic_rank: number | null;
	/** indicators without a usable value in either year */
	missing: string[];
}

export interface DynamicReport {
	settings: ResolvedIndexSettings & { from: number; to: number };
	indicators: ResolvedIndicator[];
	areas: AreaDynamic[];
	excluded: ExcludedArea[];
	sd_of_sum: number;
}

/**
 * Dynamikindex (MSS) between two years: per indicator the change value(to) −
 * value(from) of the usable values, z-standardised, aligned, summed and divided by the
 * SD of the sum; classes `positiv` (< −1), `stabil`, `negativ` (> +1).
 *
 * @throws SettingsError (German) for unknown years, from ≥ to, or too few areas
 * @example (await computeDynamic(db, { from: 2022, to: 2023 })).areas.map((a) => a.dynamic_class) // → ['stabil', 'stabil', 'stabil', null]
 */
export async function computeDynamic(
	db: Db,
	settings: Partial<IndexSettings> & { from: number; to: number }
): Promise<DynamicReport> {
	const { from, to } = settings;
	if (!Number.isInteger(from) || !Number.isInteger(to)) throw new SettingsError('Dynamik: Start- und Endjahr müssen ganze Zahlen sein.');
	if (from >= to) throw new SettingsError(`Dynamik: das Startjahr (${from}) muss vor dem Endjahr (${to}) liegen.`);
	// the MSS needs no factors; the year is checked below for both ends
	const resolved = await resolveIndexSettings(db, { ...settings, method: 'mss', year: null });
	const years = await availableYears(db, resolved.indicators.map((i) => i.id));
	resolveYear(from, years);
	resolveYear(to, years);
	const s = resolved.settings;
	const start = await loadIndicatorMatrix(db, s.level, from, resolved.indicators, s.eb);
	const end = await loadIndicatorMatrix(db, s.level, to, resolved.indicators, s.eb);
	let mss: MssResult;
	try {
		mss = mssDynamicIndex(start.columns, end.columns, resolved.indicators.map((i) => i.polarity));
	} catch (e) {
		throw new SettingsError((e as Error).message.replace(/^MSS:/, 'Dynamikindex:'));
	}
	const ranks = competitionRanks(mss.index);
	const areas: AreaDynamic[] = [];
	const excluded: ExcludedArea[] = [];
	for (let i = 0; i < start.areaIds.length; i++) {
		const missing = resolved.indicators
			.filter((_, j) => !isPresent(start.columns[j][i]) || !isPresent(end.columns[j][i]))
			.map((ind) => ind.id);
		const row: AreaDynamic = {
			area_id: start.areaIds[i],
			area_name: start.areaNames[i],
			dynamic_index: orNull(mss.index[i]),
			dynamic_class: dynamicClass(mss.index[i], s.dynamicThresholds),
			dynamic_rank: orNull(ranks[i]),
			missing
		};
		areas.push(row);
		if (row.dynamic_index === null) {
			excluded.push({
				area_id: row.area_id,
				area_name: row.area_name,
				index: 'dynamikindex',
				reason:
					missing.length === resolved.indicators.length
						? `keine gültigen Werte in beiden Jahren (${from}, ${to})`
						: `weniger als die Hälfte der Indikatoren in beiden Jahren gültig (fehlend: ${missing.join(', ')})`
			});
		}
	}
	return {
		settings: { ...s, year: to, from, to },
		indicators: resolved.indicators,
		areas,
		excluded,
		sd_of_sum: mss.sdOfSum
	};
}
