/**
 * Normalisation of one indicator across areas, so that indicators in different
 * units (%, per 1,000, persons) can be combined.
 *
 * Conventions shared by every method here:
 * - Input is one value per area; `NaN` marks a missing or unreliable value (see
 *   `missing.ts`). Missing values take no part in the reference statistics and stay
 *   `NaN` in the output — never 0.
 * - Polarity is applied *before* normalising: the aligned value is polarity · x, so
 *   after normalisation a higher value always means more disadvantage.
 * - A constant indicator carries no information: z → 0, min–max → 0.5, percentile
 *   rank → 0.5 for every present value (no division by zero).
 *
 * @see OECD/JRC (2008) Handbook on Constructing Composite Indicators, ch. 5 (Normalisation)
 * @see Senatsverwaltung für Stadtentwicklung Berlin: Monitoring Soziale Stadtentwicklung
 *      (MSS) — Methodenbeschreibung (unweighted z-scores across areas)
 */
import { isPresent } from './missing.ts';

/** The closed set of normalisation methods. */
export type Normalization = 'z' | 'minmax' | 'rank';
export const NORMALIZATIONS: readonly Normalization[] = ['z', 'minmax', 'rank'];

/** Whether z-scores weight areas equally or by their population (the indicator's denominator). */
export type Weighting = 'unweighted' | 'population';
export const WEIGHTINGS: readonly Weighting[] = ['unweighted', 'population'];

export interface Moments {
	/** number of present values */
	n: number;
	mean: number;
	/** standard deviation, see `moments` for the variant */
	sd: number;
}

/**
 * Mean and standard deviation of the present values.
 *
 *   unweighted:  x̄ = Σ xᵢ / n,            s = √( Σ (xᵢ − x̄)² / (n − 1) )   (sample SD, Bessel)
 *   weighted:    x̄ = Σ wᵢxᵢ / Σ wᵢ,       s = √( Σ wᵢ (xᵢ − x̄)² / Σ wᵢ )
 *
 * The unweighted SD is the sample SD of R's `sd()`, SPSS's DESCRIPTIVES /SAVE and
 * Excel's STABW — the usual choice of the MSS reports. The weighted SD treats the
 * weights as population counts (frequency weights, Σw − 1 ≈ Σw), so that the
 * population-weighted mean of a rate equals the city-wide rate.
 * Areas whose weight is missing or ≤ 0 do not count in the weighted variant.
 * With fewer than 2 values the SD is 0.
 *
 * @example moments([2, 4, 6, NaN]) // → { n: 3, mean: 4, sd: 2 }
 * @example moments([2, 4], [3, 1]) // → { n: 2, mean: 2.5, sd: 0.8660… }
 */
export function moments(values: ArrayLike<number>, weights?: ArrayLike<number>): Moments {
	let n = 0;
	let sumW = 0;
	let sumWX = 0;
	for (let i = 0; i < values.length; i++) {
		const x = values[i];
		if (!isPresent(x)) continue;
		const w = weights ? weights[i] : 1;
		if (!isPresent(w) || w <= 0) continue;
		n++;
		sumW += w;
		sumWX += w * x;
	}
	if (n === 0) return { n: 0, mean: NaN, sd: NaN };
	const mean = sumWX / sumW;
	let squares = 0;
	for (let i = 0; i < values.length; i++) {
		const x = values[i];
		if (!isPresent(x)) continue;
		const w = weights ? weights[i] : 1;
		if (!isPresent(w) || w <= 0) continue;
		squares += w * (x - mean) * (x - mean);
	}
	if (n < 2) return { n, mean, sd: 0 };
	const variance = weights ? squares / sumW : squares / (n - 1);
	return { n, mean, sd: Math.sqrt(variance) };
}

/**
 * z-scores (standard scores): zᵢ = (xᵢ − x̄) / s, with x̄ and s from `moments`
 * (unweighted: sample SD; with `weights`: population-weighted mean and SD).
 *
 * Over the present values the result has mean 0 and SD 1 (weighted: weighted mean 0,
 * weighted SD 1). A constant indicator gives 0 everywhere. Missing stays NaN.
 *
 * @param values one value per area, NaN = missing
 * @param weights optional population per area (e.g. the rate's denominator)
 * @example zScores([2, 4, 6, NaN]) // → [-1, 0, 1, NaN]
 * @example zScores([2, 4], [3, 1]) // → [-0.5773…, 1.7320…]
 */
export function zScores(values: ArrayLike<number>, weights?: ArrayLike<number>): Float64Array {
	const { mean, sd } = moments(values, weights);
	const out = new Float64Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const x = values[i];
		if (!isPresent(x)) out[i] = NaN;
		else out[i] = sd > 0 ? (x - mean) / sd : 0;
	}
	return out;
}

/**
 * Min–max rescaling to [0, 1]: (xᵢ − min) / (max − min) over the present values.
 * A constant indicator gives 0.5. Missing stays NaN.
 *
 * @example minMax([10, 20, 40]) // → [0, 0.3333…, 1]
 */
export function minMax(values: ArrayLike<number>): Float64Array {
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < values.length; i++) {
		const x = values[i];
		if (!isPresent(x)) continue;
		if (x < min) min = x;
		if (x > max) max = x;
	}
	const range = max - min;
	const out = new Float64Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const x = values[i];
		if (!isPresent(x)) out[i] = NaN;
		else out[i] = range > 0 ? (x - min) / range : 0.5;
	}
	return out;
}

/**
 * Percentile rank in [0, 1]: pᵢ = (rᵢ − 1) / (n − 1), where rᵢ is the ascending rank
 * of xᵢ among the n present values and tied values share their average rank
 * (R's `rank(ties.method = "average")`). The lowest value gets 0, the highest 1; a
 * single value or a constant indicator gets 0.5. Missing stays NaN.
 *
 * @example percentileRanks([10, 30, 20, 20]) // → [0, 1, 0.5, 0.5]
 */
export function percentileRanks(values: ArrayLike<number>): Float64Array {
	const present: number[] = [];
	for (let i = 0; i < values.length; i++) if (isPresent(values[i])) present.push(i);
	present.sort((a, b) => values[a] - values[b]);
	const n = present.length;
	const out = new Float64Array(values.length).fill(NaN);
	let start = 0;
	while (start < n) {
		let end = start;
		while (end + 1 < n && values[present[end + 1]] === values[present[start]]) end++;
		const averageRank = (start + end) / 2 + 1; // 1-based
		for (let j = start; j <= end; j++) out[present[j]] = n > 1 ? (averageRank - 1) / (n - 1) : 0.5;
		start = end + 1;
	}
	// a constant indicator: every value tied at rank (n+1)/2 → 0.5 already
	return out;
}

export interface NormalizeOptions {
	/** +1: higher = more disadvantage (default); −1: higher = less disadvantage */
	polarity?: 1 | -1;
	/** population per area for population-weighted z-scores (ignored by minmax and rank) */
	weights?: ArrayLike<number>;
}

/**
 * Normalises one indicator with the chosen method after aligning it by polarity
 * (aligned = polarity · x), so that a higher result always means more disadvantage.
 *
 *   z       (polarity·x − mean) / SD        (see `zScores`)
 *   minmax  rescaled to [0, 1]               (see `minMax`)
 *   rank    percentile rank in [0, 1]        (see `percentileRanks`)
 *
 * @throws RangeError for an unknown method name
 * @example normalize([2, 4, 6], 'z', { polarity: -1 }) // → [1, 0, -1]
 * @example normalize([10, 20, 40], 'minmax', { polarity: -1 }) // → [1, 0.6666…, 0]
 */
export function normalize(values: ArrayLike<number>, method: Normalization, options: NormalizeOptions = {}): Float64Array {
	const polarity = options.polarity ?? 1;
	const aligned = new Float64Array(values.length);
	for (let i = 0; i < values.length; i++) aligned[i] = isPresent(values[i]) ? polarity * values[i] : NaN;
	switch (method) {
		case 'z':
			return zScores(aligned, options.weights);
		case 'minmax':
			return minMax(aligned);
		case 'rank':
			return percentileRanks(aligned);
		default:
			throw new RangeError(`Unbekannte Normierung „${String(method)}“ (erlaubt: ${NORMALIZATIONS.join(', ')}).`);
	}
}

/**
 * Shift to a positive scale for geometric aggregation: 1 + 99 · (xᵢ − min) / (max − min),
 * i.e. a min–max rescaling to [1, 100] of the (already normalised and aligned) values.
 * The geometric mean needs strictly positive inputs; the JRC handbook rescales to a
 * positive range for this reason. Because the rescaling is linear and increasing, it
 * keeps the order of areas and the polarity. A constant indicator gives 50.5.
 *
 * @see OECD/JRC (2008) Handbook on Constructing Composite Indicators, ch. 6.2 (geometric aggregation)
 * @example positiveScale([-1, 0, 1]) // → [1, 50.5, 100]
 */
export function positiveScale(values: ArrayLike<number>): Float64Array {
	const unit = minMax(values);
	for (let i = 0; i < unit.length; i++) if (!Number.isNaN(unit[i])) unit[i] = 1 + 99 * unit[i];
	return unit;
}
