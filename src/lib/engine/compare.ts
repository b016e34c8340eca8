/**
 * Comparing areas: one area against the city, several areas side by side, and
 * one area against itself over time. The values themselves come from
 * `levelValuesSql` (summed counts, reliability, ranks); this module only adds
 * the differences the comparison views print, so every page says the same.
 *
 *   deviation from the city   d = value − city            (unit of the indicator; for % in percentage points)
 *   ratio to the city         q = value / city            (null when city = 0)
 *   change between two years  Δ = value(to) − value(from)
 *
 * A difference is judged by the indicator's polarity: with polarity +1 (higher =
 * more disadvantage) a positive difference is `ungünstiger`, with −1 (e.g.
 * turnout) `günstiger`, with 0 (context such as population) it gets no verdict.
 * Missing values (null, NaN, suppressed) give null, never 0. Unreliable values
 * still get their difference: the views print it next to the reliability note.
 *
 * @see DESIGN.md §1 job 1 ("profile of one quarter against the city, side-by-side comparison, change over time")
 */
import { literal } from './db.ts';
import { levelValuesSql, type ValueFilter } from './rates.ts';
import type { Level } from '../data/contract.ts';

/** Verdict of a difference under the indicator's polarity. */
export type Assessment = 'ungünstiger' | 'günstiger' | 'gleich' | 'ohne Wertung';

export interface Difference {
	/** value − reference, in the indicator's unit; null if either is missing */
	difference: number | null;
	/** value / reference; null if either is missing or the reference is 0 */
	ratio: number | null;
	/** verdict by polarity; null if the difference is missing */
	assessment: Assessment | null;
}

const present = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

/**
 * Verdict of a difference: with polarity +1 a positive difference means more
 * disadvantage (`ungünstiger`), with −1 less (`günstiger`); 0 is `gleich`; an
 * indicator without direction (polarity 0) is `ohne Wertung`.
 *
 * @example assess(2.5, 1) // → 'ungünstiger'
 * @example assess(2.5, -1) // → 'günstiger'
 * @example assess(-1, 0) // → 'ohne Wertung'
 */
export function assess(difference: number | null, polarity: number): Assessment | null {
	if (!present(difference)) return null;
	if (polarity === 0) return 'ohne Wertung';
	if (difference === 0) return 'gleich';
	return difference * polarity > 0 ? 'ungünstiger' : 'günstiger';
}

/**
 * Difference of a value against a reference (the city, or the start year).
 *
 *   difference = value − reference,  ratio = value / reference
 *
 * @param value the area's value (or the value in the later year)
 * @param reference the city's value (or the value in the earlier year)
 * @param polarity +1, −1 or 0 (see `assess`)
 * @example difference(30, 20, 1) // → { difference: 10, ratio: 1.5, assessment: 'ungünstiger' }
 * @example difference(null, 20, 1) // → { difference: null, ratio: null, assessment: null }
 */
export function difference(value: number | null | undefined, reference: number | null | undefined, polarity: number): Difference {
	if (!present(value) || !present(reference)) return { difference: null, ratio: null, assessment: null };
	const d = value - reference;
	return { difference: d, ratio: reference === 0 ? null : value / reference, assessment: assess(d, polarity) };
}

/** One year of a time series; `value` null where there is no value (a gap, never bridged). */
export interface SeriesPoint {
	year: number;
	value: number | null;
	/** false for a value on a small base (drawn hollow, with a note) */
	reliable: boolean;
}

/**
 * A time series over the given years from level values of one area and one
 * indicator: years without a row, or with a suppressed value, become gaps
 * (`value: null`). Nothing is interpolated — turnout exists only in election years.
 *
 * @param rows values of one area and one indicator (any order)
 * @param years the years of the x-axis, ascending
 * @example seriesOverYears([{ year: 2015, value: 60, reliable: true }, { year: 2019, value: 58, reliable: true }], [2015, 2016, 2019])
 * // → [{ year: 2015, value: 60, reliable: true }, { year: 2016, value: null, reliable: false }, { year: 2019, value: 58, reliable: true }]
 */
export function seriesOverYears(
	rows: readonly { year: number; value: number | null; reliable: boolean }[],
	years: readonly number[]
): SeriesPoint[] {
	const byYear = new Map(rows.map((r) => [r.year, r]));
	return years.map((year) => {
		const r = byYear.get(year);
		return r && present(r.value) ? { year, value: r.value, reliable: r.reliable } : { year, value: null, reliable: false };
	});
}

/** An area together with the level its values are aggregated at. */
export interface AreaRef {
	id: string;
	level: Level;
}

/**
 * Values of areas of different levels in one table: for each level present,
 * `levelValuesSql` for that level restricted to its areas, combined with
 * UNION ALL. Ranks and `n_ranked` are those of each area's own level.
 *
 * @param areas areas with their levels, e.g. `[{ id: 'ot-tenever', level: 'ortsteil' }, { id: 'stadt-bremen', level: 'stadt' }]`
 * @param filter indicators, years, dataset (the area filter comes from `areas`)
 * @throws RangeError if `areas` is empty
 */
export function areaValuesSql(areas: readonly AreaRef[], filter: Omit<ValueFilter, 'areaIds'> = {}): string {
	if (areas.length === 0) throw new RangeError('areaValuesSql: mindestens ein Gebiet');
	const byLevel = new Map<Level, string[]>();
	for (const a of areas) byLevel.set(a.level, [...(byLevel.get(a.level) ?? []), a.id]);
	const parts = [...byLevel].map(
		([level, ids]) => `SELECT ${literal(level)} AS level, * FROM (${levelValuesSql(level, { ...filter, areaIds: ids })})`
	);
	return `${parts.join('\nUNION ALL\n')}\nORDER BY indicator_id, year, area_id`;
}
