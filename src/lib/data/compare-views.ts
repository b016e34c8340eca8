/**
 * Coordinator of the comparison views (area profile, side-by-side comparison,
 * change over time): loads values of areas of any level through the engine
 * (`areaValuesSql`, `computeIndex`) and arranges them with the engine's
 * `difference` and `seriesOverYears`. Components render what these functions
 * return; they compute nothing themselves and hold no SQL.
 */
import { engineDb } from './coordinator.ts';
import { indicatorYears, yearFor } from './spatial-views.ts';
import type { AreaRow, IndicatorRow, LevelValue } from './rows.ts';
import type { Level } from './contract.ts';
import { CITY_ID } from '$lib/engine/schema.ts';
import { areaValuesSql, difference, seriesOverYears, type AreaRef, type Difference, type SeriesPoint } from '$lib/engine/compare.ts';
import { computeIndex, type AreaIndex, type IndexReport } from '$lib/engine/index-report.ts';
import { EXCLUSION_FACTORS, type ExclusionFactor, type IndexLevel } from '$lib/engine/index-settings.ts';

export { CITY_ID };
export type { SeriesPoint, Difference };

export const LEVEL_LABELS: Record<Level, string> = {
	ortsteil: 'Ortsteil',
	stadtteil: 'Stadtteil',
	stadtbezirk: 'Stadtbezirk',
	stadt: 'Stadt'
};
/** Plural labels, for "Mittel der 88 Ortsteile". */
export const LEVEL_PLURALS: Record<Level, string> = {
	ortsteil: 'Ortsteile',
	stadtteil: 'Stadtteile',
	stadtbezirk: 'Stadtbezirke',
	stadt: 'Städte'
};
export const FACTOR_LABELS: Record<string, string> = {
	materiell: 'Materiell',
	kulturell: 'Kulturell',
	sozial: 'Sozial',
	symbolisch: 'Symbolisch',
	kontext: 'Kontext'
};

/** Row of `areaValuesSql`: a level value plus the level it was aggregated at. */
export type AreaValue = LevelValue & { level: Level };

/** Every value (all indicators, all years) of the given areas, each at its own level. */
export async function areaValues(areas: readonly AreaRef[], indicatorIds?: readonly string[]): Promise<AreaValue[]> {
	if (areas.length === 0) return [];
	const db = await engineDb();
	return db.query<AreaValue>(areaValuesSql(areas, indicatorIds ? { indicatorIds } : {}));
}

/** The years of the time axis: every year any indicator has, ascending (2015–2023). */
export function axisYears(catalogue: readonly IndicatorRow[]): number[] {
	return [...new Set(catalogue.flatMap((i) => indicatorYears(i)))].sort((a, b) => a - b);
}

const indexCache = new Map<string, Promise<IndexReport>>();

/**
 * The index report (factor indices, Ausgrenzungsindex, rank bands) of a level
 * and year with the default settings of the index view — the same numbers as
 * `/ausgrenzungsindex` and `npm run indicators -- index`. Cached per level and year.
 */
export function levelIndex(level: IndexLevel, year: number): Promise<IndexReport> {
	const key = `${level}|${year}`;
	let p = indexCache.get(key);
	if (!p) {
		p = engineDb().then((db) => computeIndex(db, { level, year }));
		p.catch(() => indexCache.delete(key));
		indexCache.set(key, p);
	}
	return p;
}

/** One indicator of an area in a chosen year, against the city, with its history. */
export interface IndicatorProfile {
	indicator: IndicatorRow;
	/** the year shown: the chosen year, or the latest earlier year with values (turnout: last election); null if none */
	year: number | null;
	value: AreaValue | null;
	city: AreaValue | null;
	/** area − city in the shown year */
	vsCity: Difference;
	/** the area over the time axis (gaps where there is no value) */
	series: SeriesPoint[];
	/** the city over the time axis */
	citySeries: SeriesPoint[];
}

function groupRows(rows: readonly AreaValue[]): Map<string, AreaValue[]> {
	const out = new Map<string, AreaValue[]>();
	for (const r of rows) {
		const key = `${r.area_id}|${r.indicator_id}`;
		const list = out.get(key);
		if (list) list.push(r);
		else out.set(key, [r]);
	}
	return out;
}

/**
 * Arranges the values of one area (and the city) per indicator for a year:
 * value, city value, difference, and both series over `years`.
 *
 * @param rows values of the area and the city, all years (`areaValues`)
 */
export function buildProfile(rows: readonly AreaValue[], areaId: string, catalogue: readonly IndicatorRow[], year: number, years: readonly number[]): IndicatorProfile[] {
	const grouped = groupRows(rows);
	return catalogue.map((indicator) => {
		const own = grouped.get(`${areaId}|${indicator.id}`) ?? [];
		const city = grouped.get(`${CITY_ID}|${indicator.id}`) ?? [];
		const shown = yearFor(indicatorYears(indicator), year);
		const value = own.find((r) => r.year === shown) ?? null;
		const cityValue = city.find((r) => r.year === shown) ?? null;
		return {
			indicator,
			year: shown,
			value,
			city: cityValue,
			vsCity: difference(value?.value, cityValue?.value, indicator.polarity),
			series: seriesOverYears(own, years),
			citySeries: seriesOverYears(city, years)
		};
	});
}

/** Where an area stands in the index of its level. */
export interface AreaIndexSummary {
	level: IndexLevel;
	year: number;
	/** the area's row, or null if the index has no row for it */
	row: AreaIndex | null;
	/** how many areas of the level have an Ausgrenzungsindex (the rank's "of n") */
	ranked: number;
	/** all areas' factor indices and index, for the strips of the factor profile */
	all: Record<ExclusionFactor | 'index', number[]>;
	/** notes of the index run (German) */
	warnings: string[];
}

/**
 * The area's factor indices, Ausgrenzungsindex, rank and rank band in its
 * level and year; null for the city (no level to compare with).
 */
export async function areaIndex(area: Pick<AreaRow, 'id' | 'level'>, year: number): Promise<AreaIndexSummary | null> {
	if (area.level === 'stadt') return null;
	const report = await levelIndex(area.level, year);
	const pick = (f: (a: AreaIndex) => number | null) => report.areas.map(f).filter((v): v is number => v !== null);
	const all = Object.fromEntries([
		...EXCLUSION_FACTORS.map((f) => [f, pick((a) => a.factors[f])]),
		['index', pick((a) => a.index)]
	]) as Record<ExclusionFactor | 'index', number[]>;
	return {
		level: area.level,
		year: report.settings.year,
		row: report.areas.find((a) => a.area_id === area.id) ?? null,
		ranked: report.areas.filter((a) => a.rank !== null).length,
		all,
		warnings: report.warnings
	};
}

/** One cell of the comparison table: an area's value of an indicator in a year and its change since a start year. */
export interface ComparisonCell {
	area_id: string;
	value: AreaValue | null;
	/** the start year's value */
	fromValue: AreaValue | null;
	/** value(year) − value(from) */
	change: Difference;
	series: SeriesPoint[];
}

export interface ComparisonRow {
	indicator: IndicatorRow;
	/** the year shown (turnout: last election up to the chosen year) */
	year: number | null;
	/** the start year of the change (turnout: the election in force in the chosen start year); null if it is not before `year` */
	from: number | null;
	cells: ComparisonCell[];
	/** the city, always present as reference (also when it is one of the areas) */
	city: ComparisonCell;
}

/**
 * Arranges the values of several areas per indicator: value in `year`, change
 * since `from`, series over `years`. The city is always included as reference.
 * Both years go through `yearFor`: an indicator without a value in a year
 * (turnout between elections) uses the latest earlier year with values — the
 * value in force then — and says so in `year` / `from`.
 */
export function buildComparison(
	rows: readonly AreaValue[],
	areaIds: readonly string[],
	catalogue: readonly IndicatorRow[],
	year: number,
	from: number,
	years: readonly number[]
): ComparisonRow[] {
	const grouped = groupRows(rows);
	return catalogue.map((indicator) => {
		const own = indicatorYears(indicator);
		const shown = yearFor(own, year);
		let start = yearFor(own, from);
		if (start !== null && shown !== null && start >= shown) start = null;
		const cell = (id: string): ComparisonCell => {
			const list = grouped.get(`${id}|${indicator.id}`) ?? [];
			const value = list.find((r) => r.year === shown) ?? null;
			const fromValue = start !== null ? (list.find((r) => r.year === start) ?? null) : null;
			return {
				area_id: id,
				value,
				fromValue,
				change: difference(value?.value, fromValue?.value, indicator.polarity),
				series: seriesOverYears(list, years)
			};
		};
		return { indicator, year: shown, from: start, cells: areaIds.map(cell), city: cell(CITY_ID) };
	});
}
