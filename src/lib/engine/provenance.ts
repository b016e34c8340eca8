/**
 * Where values come from: the datasets (`demo`, `import:…`) behind the values of
 * some indicators and years, for the source line of views whose results
 * (indices, types, segregation measures) do not carry a dataset per value.
 */
import { literal } from './db.ts';

export interface ProvenanceFilter {
	indicatorIds?: readonly string[];
	years?: readonly number[];
}

/** SQL: one row, `datasets` = the dataset ids of the matching values, comma-separated and sorted (NULL if none). */
export function valueDatasetsSql(filter: ProvenanceFilter = {}): string {
	const where = [
		filter.indicatorIds ? `indicator_id IN (${filter.indicatorIds.map(literal).join(', ') || 'NULL'})` : null,
		filter.years ? `year IN (${filter.years.map(literal).join(', ') || 'NULL'})` : null
	].filter(Boolean);
	return `SELECT string_agg(DISTINCT dataset, ',' ORDER BY dataset) AS datasets FROM vals ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`;
}
