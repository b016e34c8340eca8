/**
 * Empirical-Bayes smoothed rates (Marshall's global estimator), for indicators on
 * small bases: a rate from 12 residents is pulled strongly towards the city rate,
 * a rate from 12,000 residents hardly at all.
 *
 * @see Marshall, R. J. (1991): Mapping disease and mortality rates using empirical
 *      Bayes estimators. Applied Statistics 40(2): 283–294
 * @see GeoDa: Rate maps → "Empirical Bayes" (GdaAlgs::RateSmoother_EBS); Anselin, L.:
 *      GeoDa Workbook, "Rate Mapping"
 * @see PySAL `esda.smoothing.Empirical_Bayes`
 */
import { isPresent } from './missing.ts';

export interface EmpiricalBayesResult {
	/** smoothed rate per area (NaN where the base is missing or ≤ 0), same unit as oᵢ/nᵢ */
	rates: Float64Array;
	/** shrinkage weight wᵢ per area (1 = raw rate kept, 0 = fully pulled to the mean) */
	weights: Float64Array;
	/** the prior mean m = Σo / Σn */
	mean: number;
	/** the prior variance a (after clamping at 0) */
	variance: number;
}

/**
 * Marshall's global empirical-Bayes rate estimator, as GeoDa's "Empirical Bayes" rate.
 *
 *   rᵢ = oᵢ / nᵢ                          raw rate (events over population at risk)
 *   m  = Σ oᵢ / Σ nᵢ                      prior mean (the pooled rate)
 *   s² = Σ nᵢ (rᵢ − m)² / Σ nᵢ            population-weighted variance of the raw rates
 *   a  = s² − m / n̄,   n̄ = Σ nᵢ / N       prior variance (method of moments); a < 0 → 0
 *   wᵢ = a / (a + m / nᵢ)                 shrinkage weight
 *   EBᵢ = wᵢ rᵢ + (1 − wᵢ) m
 *
 * Works on proportions oᵢ/nᵢ; multiply by the indicator's scale (100, 1,000)
 * afterwards — the variance term m/nᵢ assumes the unscaled (Poisson) rate.
 * Areas with a missing event count or a population that is missing or ≤ 0 are left
 * out of every sum (N counts only the others) and get NaN.
 *
 * Variant: when a < 0 (less spread than chance alone would produce) it is set to 0,
 * so every area gets the pooled rate m — as GeoDa does. PySAL's aspatial
 * `Empirical_Bayes` does not clamp (its spatial variant does); both agree whenever
 * a ≥ 0. If a = 0 and m = 0 (no events at all), wᵢ = 1 as in GeoDa.
 *
 * @param events event counts oᵢ per area (e.g. persons in SGB-II households)
 * @param populations population at risk nᵢ per area, same order
 * @throws RangeError if the arrays differ in length
 * @example
 * empiricalBayes([5, 40, 20], [10, 100, 100])
 * // m = 13/42, s² = 5/441, a = 61/8820
 * // → rates [115/334, 657/1766, 413/1766] = [0.3443…, 0.3720…, 0.2338…]
 */
export function empiricalBayes(events: ArrayLike<number>, populations: ArrayLike<number>): EmpiricalBayesResult {
	if (events.length !== populations.length) {
		throw new RangeError('empiricalBayes: Ereignisse und Bevölkerung müssen gleich viele Gebiete haben.');
	}
	const count = events.length;
	const valid = (i: number) => isPresent(events[i]) && isPresent(populations[i]) && populations[i] > 0;
	let eventSum = 0;
	let populationSum = 0;
	let areas = 0;
	for (let i = 0; i < count; i++) {
		if (!valid(i)) continue;
		eventSum += events[i];
		populationSum += populations[i];
		areas++;
	}
	const rates = new Float64Array(count).fill(NaN);
	const weights = new Float64Array(count).fill(NaN);
	if (areas === 0) return { rates, weights, mean: NaN, variance: NaN };

	const mean = eventSum / populationSum;
	let weightedSquares = 0;
	for (let i = 0; i < count; i++) {
		if (!valid(i)) continue;
		const deviation = events[i] / populations[i] - mean;
		weightedSquares += populations[i] * deviation * deviation;
	}
	const meanPopulation = populationSum / areas;
	const variance = Math.max(0, weightedSquares / populationSum - mean / meanPopulation);

	for (let i = 0; i < count; i++) {
		if (!valid(i)) continue;
		const raw = events[i] / populations[i];
		const denominator = variance + mean / populations[i];
		const w = denominator > 0 ? variance / denominator : 1;
		weights[i] = w;
		rates[i] = w * raw + (1 - w) * mean;
	}
	return { rates, weights, mean, variance };
}
