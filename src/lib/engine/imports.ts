/**
 * Merging imported (official) values into the value table. An import replaces
 * the values of every indicator × year it covers — completely, so an official
 * table is never mixed with demo values of the same indicator and year — and
 * leaves all other values as they are. Used by the data build (`--import`,
 * `data/imports/`) and by the browser for imports stored in IndexedDB.
 *
 * The imported values go through the same rules as all others: counts give the
 * value (numerator / denominator × scale) and reliability (`rates.ts`); a rate
 * delivered without counts is kept as delivered.
 */
import { ident, literal } from './db.ts';
import { POPULATION_INDICATOR, rateExpr, reliableExpr } from './rates.ts';

/** Columns of an import table (one row per Ortsteil × indicator × year). */
export const IMPORT_COLUMNS = {
	area_id: 'string',
	indicator_id: 'string',
	year: 'int',
	numerator: 'float',
	denominator: 'float',
	value: 'float',
	status: 'string'
} as const;

/**
 * SQL for the new `vals`: the rows of `vals` whose indicator × year no import
 * covers, plus the rows of each import table, tagged with its dataset id.
 * Later imports win over earlier ones for the same indicator × year. Rows in the
 * order of `deriveValuesSql` (indicator, year, area), so one-year queries stay fast.
 */
export function mergeImportsSql(imports: readonly { table: string; dataset: string }[]): string {
	if (imports.length === 0) return 'SELECT * FROM vals';
	const parts = imports.map(({ table, dataset }, k) => {
		const later = imports.slice(k + 1);
		const shadowed = later.map((l) => `(r.indicator_id, r.year) IN (SELECT indicator_id, year FROM ${ident(l.table)})`);
		return `
	SELECT ${literal(dataset)} AS dataset, r.area_id, r.indicator_id, CAST(r.year AS INTEGER) AS year,
		CAST(r.numerator AS DOUBLE) AS numerator, CAST(r.denominator AS DOUBLE) AS denominator,
		CASE WHEN r.status <> 'ok' THEN NULL
			WHEN r.numerator IS NOT NULL THEN ${rateExpr('r.numerator', 'r.denominator', 'i.scale')}
			ELSE CAST(r.value AS DOUBLE) END AS value,
		r.status,
		r.status = 'ok' AND ${reliableExpr('r.denominator', 'i.min_base', 'p.numerator')} AS reliable
	FROM ${ident(table)} r
	JOIN indicators i ON i.id = r.indicator_id
	LEFT JOIN vals p ON p.indicator_id = ${literal(POPULATION_INDICATOR)} AND p.area_id = r.area_id AND p.year = r.year
	${shadowed.length ? 'WHERE NOT (' + shadowed.join(' OR ') + ')' : ''}`;
	});
	const covered = imports.map((i) => `SELECT indicator_id, year FROM ${ident(i.table)}`).join(' UNION ');
	return `
SELECT * FROM (
	SELECT dataset, area_id, indicator_id, year, numerator, denominator, value, status, reliable FROM vals
	WHERE (indicator_id, year) NOT IN (${covered})
	UNION ALL ${parts.join('\n	UNION ALL')}
) ORDER BY indicator_id, year, area_id`;
}
