/**
 * What counts as a usable value — decided once, used by `normalize`, `composite`,
 * `mss` and `robustness`.
 *
 * Inside the numeric core a missing value is `NaN` (never 0, never null): a value
 * that is suppressed (`gesperrt`), not collected, has a zero denominator or — unless
 * empirical-Bayes smoothing is on — a denominator below the indicator's minimum base
 * (`reliable = false`) becomes NaN before any statistic is computed. Unreliable values
 * are therefore excluded from the reference statistics (mean, SD, min, max, ranks)
 * *and* treated as missing for the area itself, so that a quarter of a few dozen
 * residents never gets an index from noise.
 */

/**
 * Is `x` a usable number (finite; not NaN, null or undefined)?
 *
 * @example isPresent(0) // → true
 * @example isPresent(NaN) // → false
 */
export function isPresent(x: unknown): x is number {
	return typeof x === 'number' && Number.isFinite(x);
}

/** The fields of a level value (see `levelValuesSql`) that decide usability. */
export interface ValueFlags {
	value: number | null;
	denominator: number | null;
	status: string;
	reliable: boolean;
}

/**
 * The value to compute with, or NaN when it must be treated as missing.
 *
 * - raw rates: usable when status is `ok`, the value is finite and `reliable` is true
 *   (denominator ≥ minimum base, or a plain count without denominator);
 * - with empirical-Bayes smoothing (`smoothed = true`) the minimum base no longer
 *   applies — every rate whose denominator is > 0 is usable, because the smoothing
 *   has already pulled small-base rates towards the city rate.
 *
 * @example usableValue({ value: 12, denominator: 30, status: 'ok', reliable: false }, false) // → NaN
 * @example usableValue({ value: 12, denominator: 30, status: 'ok', reliable: false }, true)  // → 12
 */
export function usableValue(row: ValueFlags, smoothed: boolean): number {
	return usableNumber(row.value, row.denominator, row.status === 'ok', row.reliable, smoothed);
}

/** `usableValue` on the single fields, for column-wise data (no object per value). */
export function usableNumber(
	value: number | null,
	denominator: number | null,
	ok: boolean,
	reliable: boolean,
	smoothed: boolean
): number {
	if (!ok || !isPresent(value)) return NaN;
	if (smoothed) return denominator === null || denominator > 0 ? value : NaN;
	return reliable ? value : NaN;
}
