/**
 * Rates from counts, aggregation and reliability — the base of every indicator.
 *
 *   value = numerator / denominator × scale        (shares, rates)
 *   value = numerator                               (plain counts, denominator NULL)
 *
 * Higher levels (Stadtteil, Stadtbezirk, Stadt) sum numerators and denominators of
 * their Ortsteile and divide afterwards — never the mean of the Ortsteil rates,
 * which would weight a quarter of 8 residents like one of 30,000.
 *
 * Reliability: a rate is unreliable — shown flagged, excluded from ranks and
 * reference statistics — when its denominator is below the indicator's `min_base`
 * (default 50 persons), or when the area has fewer than MIN_POPULATION residents:
 * a harbour Stadtteil of 108 people can pass every min_base and still must not top
 * a ranking on the strength of a handful of people (DESIGN §2; Berlin's MSS likewise
 * leaves out areas under 300 residents). The population is the area's value of the
 * `bevoelkerung` count; data without it (e.g. an imported table) skip that rule.
 * Plain counts are exact and always reliable. A level value with a suppressed
 * (`gesperrt`) or missing (`fehlt`) child has no value: a sum with a hidden part is
 * not the sum.
 *
 * Imported tables may deliver a rate without its counts (numerator NULL, `value`
 * given). Such a value is shown for its Ortsteil as delivered (its base unknown, so
 * only the population rule can flag it) but cannot be aggregated: higher levels get
 * no value and the status `ohne_zaehler`.
 *
 * @see DESIGN.md §4 "Rates and aggregation"
 */
import { literal } from './db.ts';
import { CITY_ID } from './schema.ts';
import type { Level } from '../data/contract.ts';

/** SQL for the rate of `num` over `den`, scaled; NULL when the denominator is 0. */
export function rateExpr(num: string, den: string, scale: string): string {
	return `CASE WHEN ${den} IS NULL THEN CAST(${num} AS DOUBLE)
		WHEN ${den} > 0 THEN CAST(${num} AS DOUBLE) / ${den} * ${scale} END`;
}

/** Areas with fewer residents than this get no reliable rate (see module comment). */
export const MIN_POPULATION = 300;

/** The catalogue count whose value is an area's population, and its base id in `bases`. */
export const POPULATION_INDICATOR = 'bevoelkerung';
export const POPULATION_BASE = 'bev';

/**
 * SQL: is a value reliable? Counts (no denominator) always are; rates need a
 * denominator ≥ min_base and, where the population is known, ≥ MIN_POPULATION residents.
 */
export function reliableExpr(den: string, minBase: string, population: string): string {
	return `(${den} IS NULL OR (${den} >= ${minBase} AND coalesce(${population} >= ${MIN_POPULATION}, TRUE)))`;
}

/**
 * Derives the long value table `vals` from raw base counts (`bases`) and the
 * catalogue (`indicators`). Used by the data build and by imports, so the
 * `value` column in the Arrow file is the engine's own result.
 *
 * Rows are ordered by indicator, year, area: the rows of one indicator
 * and year then lie together, and DuckDB reads only their blocks for a query of one
 * year — with the years interleaved it decompresses the whole table.
 */
export function deriveValuesSql(dataset: string): string {
	return `
SELECT ${literal(dataset)} AS dataset, n.area_id, i.id AS indicator_id, CAST(n.year AS INTEGER) AS year,
	CAST(n.count AS DOUBLE) AS numerator, CAST(d.count AS DOUBLE) AS denominator,
	${rateExpr('n.count', 'd.count', 'i.scale')} AS value,
	'ok' AS status,
	${reliableExpr('d.count', 'i.min_base', 'p.count')} AS reliable
FROM indicators i
JOIN bases n ON n.base_id = i.numerator
LEFT JOIN bases d ON d.base_id = i.denominator AND d.area_id = n.area_id AND d.year = n.year
LEFT JOIN bases p ON p.base_id = ${literal(POPULATION_BASE)} AND p.area_id = n.area_id AND p.year = n.year
WHERE i.denominator IS NULL OR d.count IS NOT NULL
ORDER BY i.id, n.year, n.area_id`;
}

/** Column of `areas` that names an Ortsteil's parent at the given level. */
function levelKey(level: Level): string {
	switch (level) {
		case 'ortsteil':
			return 'o.id';
		case 'stadtteil':
			return 'o.stadtteil_id';
		case 'stadtbezirk':
			return 'o.stadtbezirk_id';
		case 'stadt':
			return literal(CITY_ID);
	}
}

export interface ValueFilter {
	indicatorIds?: readonly string[];
	years?: readonly number[];
	areaIds?: readonly string[];
	dataset?: string;
}

function inList(column: string, items: readonly (string | number)[] | undefined): string | null {
	if (!items) return null;
	if (items.length === 0) return 'FALSE';
	return `${column} IN (${items.map((x) => literal(x)).join(', ')})`;
}

/** Which descriptive columns `ratedCtes` carries (the index matrix needs neither). */
interface RatedColumns {
	/** `area_name` from `areas`; without it the caller must join `areas` itself (only areas in the register count) */
	names: boolean;
	/** `datasets`: the contributing dataset ids, comma-separated */
	datasets: boolean;
}

/**
 * The CTEs `agg`, `population` and `rated` behind every level value: one row of
 * `rated` per area × indicator × year with numerator, denominator, value, status,
 * reliable and n_parts (see `levelValuesSql`). Filters are applied before the
 * aggregation, also to the population, which only ever joins on the same year.
 */
function ratedCtes(level: Level, filter: ValueFilter, columns: RatedColumns): string {
	const key = levelKey(level);
	const years = inList('v.year', filter.years);
	const dataset = filter.dataset ? `v.dataset = ${literal(filter.dataset)}` : null;
	const where = [inList('v.indicator_id', filter.indicatorIds), years, dataset].filter(Boolean);
	const populationWhere = [`v.indicator_id = ${literal(POPULATION_INDICATOR)}`, years].filter(Boolean);
	return `agg AS (
	SELECT ${key} AS area_id, v.indicator_id, v.year,
		SUM(v.numerator) AS numerator, SUM(v.denominator) AS denominator,
		COUNT(*) FILTER (WHERE v.status = 'gesperrt') AS n_suppressed,
		COUNT(*) FILTER (WHERE v.status = 'fehlt') AS n_missing,
		COUNT(v.numerator) AS n_counts,
		MAX(v.value) FILTER (WHERE v.numerator IS NULL) AS given_value,
		COUNT(*) AS n_parts${columns.datasets ? `,\n\t\tstring_agg(DISTINCT v.dataset, ',' ORDER BY v.dataset) AS datasets` : ''}
	FROM vals v JOIN areas o ON o.id = v.area_id AND o.level = 'ortsteil'
	${where.length ? 'WHERE ' + where.join(' AND ') : ''}
	GROUP BY ALL
), population AS (
	SELECT ${key} AS area_id, v.year, SUM(v.numerator) AS population
	FROM vals v JOIN areas o ON o.id = v.area_id AND o.level = 'ortsteil'
	WHERE ${populationWhere.join(' AND ')}
	GROUP BY ALL
), rated AS (
	SELECT agg.area_id,${columns.names ? ' a.name AS area_name,' : ''} agg.indicator_id, agg.year,
		CAST(agg.numerator AS DOUBLE) AS numerator, CAST(agg.denominator AS DOUBLE) AS denominator,
		CASE WHEN agg.n_suppressed + agg.n_missing > 0 THEN NULL
			WHEN agg.n_counts = agg.n_parts THEN ${rateExpr('agg.numerator', 'agg.denominator', 'i.scale')}
			WHEN agg.n_parts = 1 THEN agg.given_value END AS value,
		CASE WHEN agg.n_suppressed > 0 THEN 'gesperrt'
			WHEN agg.n_missing > 0 THEN 'fehlt'
			WHEN agg.n_counts < agg.n_parts AND agg.n_parts > 1 THEN 'ohne_zaehler' ELSE 'ok' END AS status,
		${reliableExpr('agg.denominator', 'i.min_base', 'p.population')} AND agg.n_suppressed + agg.n_missing = 0
			AND (agg.n_counts = agg.n_parts OR agg.n_parts = 1) AS reliable,
		CAST(agg.n_parts AS INTEGER) AS n_parts${columns.datasets ? ',\n\t\tagg.datasets' : ''}
	FROM agg${columns.names ? '\n\tJOIN areas a ON a.id = agg.area_id' : ''}
	JOIN indicators i ON i.id = agg.indicator_id
	LEFT JOIN population p ON p.area_id = agg.area_id AND p.year = agg.year
)`;
}

/**
 * Values at one level, aggregated from Ortsteil counts: one row per area ×
 * indicator × year with numerator, denominator, value, status, reliable,
 * `datasets` (the ids of the datasets the value comes from, comma-separated — for
 * the source line), `rank` (1 = highest value among the reliable values of that
 * indicator and year at the level; NULL for unreliable or missing values) and
 * `n_ranked` (how many areas of the level have a rank for that indicator and year).
 * `areaIds` only picks rows: ranks are always among all areas of the level.
 */
export function levelValuesSql(level: Level, filter: ValueFilter = {}): string {
	const areaFilter = inList('area_id', filter.areaIds);
	return `
WITH ${ratedCtes(level, filter, { names: true, datasets: true })}, ranked AS (
	SELECT *,
		CASE WHEN reliable AND value IS NOT NULL THEN CAST(RANK() OVER (
			PARTITION BY indicator_id, year, (reliable AND value IS NOT NULL) ORDER BY value DESC) AS INTEGER) END AS rank,
		CAST(COUNT(*) FILTER (WHERE reliable AND value IS NOT NULL) OVER (PARTITION BY indicator_id, year) AS INTEGER) AS n_ranked
	FROM rated
)
SELECT * FROM ranked
${areaFilter ? 'WHERE ' + areaFilter : ''}
ORDER BY indicator_id, year, area_id`;
}

/**
 * The values of one level and year as a matrix, for the indices: the same values as
 * `levelValuesSql` (same aggregation and reliability), without names, datasets and
 * ranks, one row per area × indicator that has a value row, in no particular order:
 *
 *   area       INTEGER  position of the area among the level's areas ordered by (sort, id), from 0
 *   by_id      INTEGER  position of the area when ordered by id, from 0
 *   indicator  INTEGER  position of the indicator in `indicatorIds`, from 0
 *   numerator, denominator, value  DOUBLE (NULL as in `levelValuesSql`)
 *   ok         BOOLEAN  status = 'ok'
 *   reliable   BOOLEAN
 *
 * Meant to be read column by column (`Db.queryArrow`); at 10,000 areas × 30
 * indicators one object per row would cost more than the query itself.
 */
export function levelMatrixSql(level: Level, year: number, indicatorIds: readonly string[]): string {
	if (indicatorIds.length === 0) throw new RangeError('levelMatrixSql: keine Indikatoren.');
	const selected = indicatorIds.map((id, j) => `(${literal(id)}, ${j})`).join(', ');
	return `
WITH ${ratedCtes(level, { indicatorIds, years: [year] }, { names: false, datasets: false })},
positions AS (
	SELECT id, CAST(row_number() OVER (ORDER BY sort, id) - 1 AS INTEGER) AS area,
		CAST(row_number() OVER (ORDER BY id) - 1 AS INTEGER) AS by_id
	FROM areas WHERE level = ${literal(level)}
), selected(id, indicator) AS (VALUES ${selected})
SELECT p.area, p.by_id, CAST(s.indicator AS INTEGER) AS indicator,
	r.numerator, r.denominator, r.value, r.status = 'ok' AS ok, r.reliable
FROM rated r
JOIN positions p ON p.id = r.area_id
JOIN selected s ON s.id = r.indicator_id`;
}

/** Years for which an indicator has values, ascending. */
export function indicatorYearsSql(indicatorId: string): string {
	return `SELECT DISTINCT year FROM vals WHERE indicator_id = ${literal(indicatorId)} ORDER BY year`;
}

/** All areas of a level in register order. */
export function areasSql(level: Level): string {
	return `SELECT * FROM areas WHERE level = ${literal(level)} ORDER BY sort`;
}

/** The catalogue in its file order. */
export function indicatorsSql(): string {
	return `SELECT * FROM indicators ORDER BY sort`;
}

