/**
 * Sampling and calibration helpers for the demo generator. Counts are drawn, not
 * computed, so that small areas show the year-to-year scatter of real small-area
 * statistics, and every draw goes through a seeded `Random` so results are reproducible.
 */
import type { Random } from '../random.ts';

export const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
export const logit = (p: number): number => Math.log(p / (1 - p));
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * Poisson(λ): Knuth's multiplication method for small λ (exact), a rounded normal
 * approximation above 30 (error far below the scatter we want to show).
 */
export function poisson(rng: Random, lambda: number): number {
	if (!(lambda > 0)) return 0;
	if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
	const limit = Math.exp(-lambda);
	let k = 0;
	let prod = rng.uniform();
	while (prod > limit) {
		k++;
		prod *= rng.uniform();
	}
	return k;
}

/**
 * Binomial(n, p), always an integer in [0, n]: exact Bernoulli trials for n ≤ 64, Poisson
 * approximation of the rarer outcome when the variance is small, else a rounded normal.
 */
export function binomial(rng: Random, n: number, p: number): number {
	if (n <= 0 || !(p > 0)) return 0;
	if (p >= 1) return n;
	if (n <= 64) {
		let k = 0;
		for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
		return k;
	}
	const mean = n * p;
	const variance = mean * (1 - p);
	if (variance < 12) {
		return p <= 0.5 ? Math.min(n, poisson(rng, mean)) : n - Math.min(n, poisson(rng, n - mean));
	}
	return clamp(Math.round(mean + Math.sqrt(variance) * rng.normal()), 0, n);
}

/**
 * The intercept α for which a monotone increasing `level(α)` hits `target`, by bisection
 * (deterministic, no tolerance games). Used to pin city-wide levels while the latent
 * scores only set the pattern between areas.
 */
export function calibrate(level: (alpha: number) => number, target: number, lo = -20, hi = 20): number {
	for (let i = 0; i < 80; i++) {
		const mid = (lo + hi) / 2;
		if (level(mid) < target) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

/** Weighted mean of `rate(α + x_i)` — the city level of a logistic model. */
export function weightedLogisticMean(alpha: number, xs: readonly number[], weights: readonly number[]): number {
	let num = 0;
	let den = 0;
	for (let i = 0; i < xs.length; i++) {
		num += weights[i] * logistic(alpha + xs[i]);
		den += weights[i];
	}
	return num / den;
}

/**
 * Splits the integer `total` in proportion to `weights` (largest-remainder method), so the
 * parts are integers that add up exactly to `total`. Ties break by index (deterministic).
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	if (sum <= 0) throw new Error('largestRemainder: Gewichte summieren sich nicht zu > 0');
	const exact = weights.map((w) => (total * w) / sum);
	const parts = exact.map(Math.floor);
	let rest = total - parts.reduce((a, b) => a + b, 0);
	const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
	for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k].i]++;
	return parts;
}

/** Weighted mean and standard deviation. */
export function weightedMoments(xs: readonly number[], weights: readonly number[]): { mean: number; sd: number } {
	let w = 0;
	let m = 0;
	for (let i = 0; i < xs.length; i++) {
		w += weights[i];
		m += weights[i] * xs[i];
	}
	m /= w;
	let v = 0;
	for (let i = 0; i < xs.length; i++) v += weights[i] * (xs[i] - m) ** 2;
	return { mean: m, sd: Math.sqrt(v / w) };
}
