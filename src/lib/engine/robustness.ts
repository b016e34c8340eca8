/**
 * Rank robustness: does a priority list survive other reasonable choices?
 * Monte-Carlo uncertainty analysis after the JRC/OECD handbook.
 *
 * Each draw d = 1 … D samples, independently:
 *   (a) every indicator weight and every factor weight multiplied by U(0.5, 1.5)
 *       (±50 % around the chosen weight; a weight of 0 stays 0),
 *   (b) the normalisation, uniformly from {z, minmax, rank},
 *   (c) the aggregation, uniformly from {linear, geometric};
 * computes the Ausgrenzungsindex of every area with that combination and ranks the
 * areas (1 = most disadvantaged; ties share the best rank). Per area the result is
 * the median rank and the 5 % and 95 % quantiles of its D ranks — the 90 % rank band.
 *
 * Quantile convention: the inverse empirical distribution function (Hyndman & Fan
 * 1996, type 1): q_p = the smallest rank r with #{d : rank_d ≤ r} ≥ ⌈p · D⌉. Bands are
 * therefore whole ranks that actually occurred; the median is the lower median.
 *
 * What is ranked: exactly the areas that have an Ausgrenzungsindex under the chosen
 * weights, and each of them with exactly the factors it has under the chosen weights
 * (the half-weight rule is applied once, with the chosen weights, not re-applied to
 * perturbed ones) — so the set of areas and of factors never changes between draws and
 * with the perturbation switched off every draw reproduces the index's own ranks.
 * Population weighting of z-scores, when chosen, is kept in every draw that uses z.
 *
 * Speed: the three normalised matrices and their logarithms on the positive scale
 * (for geometric aggregation) are computed once in `prepareRobustness`; a draw is then
 * a few loops over typed arrays and one sort. Same seed → same bands.
 *
 * @see OECD/JRC (2008) Handbook on Constructing Composite Indicators, ch. 7
 *      (Uncertainty and sensitivity analysis)
 * @see Saisana, Saltelli & Tarantola (2005): Uncertainty and sensitivity analysis
 *      techniques as tools for the quality assessment of composite indicators.
 *      J. R. Statist. Soc. A 168(2): 307–323
 */
import { aggregateColumns, logPositiveScale, MIN_WEIGHT_SHARE } from './composite.ts';
import { EXCLUSION_FACTORS, type Aggregation, type ExclusionFactor } from './index-settings.ts';
import { NORMALIZATIONS, normalize, type Normalization, type Weighting } from './normalize.ts';
import { createRandom } from './random.ts';

export interface RobustnessInput {
	/** one column of usable raw values per indicator (NaN = missing or unreliable) */
	columns: readonly ArrayLike<number>[];
	/** +1 or −1 per indicator */
	polarities: readonly number[];
	/** exclusion factor per indicator */
	factors: readonly ExclusionFactor[];
	/** population per area and indicator (the denominators), for population-weighted z */
	populations?: readonly ArrayLike<number>[];
	/** z-scores unweighted (default) or population-weighted */
	weighting?: Weighting;
}

/** Precomputed matrices of one input, reusable across weight changes. */
export interface PreparedRobustness {
	/** number of areas in the input */
	areas: number;
	factorIndex: Int32Array;
	/** per normalisation: aligned normalised columns */
	linear: Record<Normalization, Float64Array[]>;
	/** per normalisation: ln of the [1, 100] positive scale, for geometric aggregation */
	logarithmic: Record<Normalization, Float64Array[]>;
}

/**
 * Normalises the input once per method (see the module comment). Call again only
 * when indicators, year, level, polarity, smoothing or weighting change — not for
 * weight changes.
 *
 * @throws RangeError if the per-indicator arrays differ in length
 * @example
 * const p = prepareRobustness({ columns: [[1, 2, 3]], polarities: [1], factors: ['materiell'] });
 * p.linear.rank[0] // → Float64Array [0, 0.5, 1]
 */
export function prepareRobustness(input: RobustnessInput): PreparedRobustness {
	const k = input.columns.length;
	if (input.polarities.length !== k || input.factors.length !== k) {
		throw new RangeError('Robustheit: je Indikator eine Spalte, eine Polarität und ein Faktor erwartet.');
	}
	const areas = k > 0 ? input.columns[0].length : 0;
	const factorIndex = Int32Array.from(input.factors, (f) => EXCLUSION_FACTORS.indexOf(f));
	const linear = {} as Record<Normalization, Float64Array[]>;
	const logarithmic = {} as Record<Normalization, Float64Array[]>;
	for (const method of NORMALIZATIONS) {
		linear[method] = [];
		logarithmic[method] = [];
		for (let j = 0; j < k; j++) {
			const weights = input.weighting === 'population' && input.populations ? input.populations[j] : undefined;
			// reference statistics over every area with a usable value, as in the index itself
			const column = normalize(input.columns[j], method, { polarity: input.polarities[j] as 1 | -1, weights });
			linear[method].push(column);
			logarithmic[method].push(logPositiveScale(column));
		}
	}
	return { areas, factorIndex, linear, logarithmic };
}

export interface RobustnessOptions {
	/** number of Monte-Carlo draws (default 1,000) */
	draws?: number;
	/** seed of the pseudo-random stream (default 'sozialraum-monitor') */
	seed?: string | number;
	/** multiplicative weight perturbation range (default [0.5, 1.5]) */
	weightRange?: readonly [number, number];
	/** normalisations to draw from (default all three) */
	normalizations?: readonly Normalization[];
	/** aggregations to draw from (default both) */
	aggregations?: readonly Aggregation[];
}

export interface RobustnessResult {
	/** median rank per area of the input (NaN for areas not ranked) */
	median: Float64Array;
	/** 5 % rank quantile (the better end of the band) */
	p05: Float64Array;
	/** 95 % rank quantile (the worse end of the band) */
	p95: Float64Array;
	/** number of ranked areas */
	ranked: number;
	draws: number;
	seed: string;
	weightRange: readonly [number, number];
	normalizations: readonly Normalization[];
	aggregations: readonly Aggregation[];
}

/**
 * Runs the Monte-Carlo rank analysis on a prepared input (see module comment).
 *
 * @param prepared from `prepareRobustness`
 * @param weights chosen weight per indicator (same order as the input columns)
 * @param factorWeights chosen weight per factor (default 1 each)
 * @throws RangeError (German) for draws < 1, an empty choice set or an invalid range
 * @example
 * // one indicator: every draw gives the same order, so the band is a single rank
 * const p = prepareRobustness({ columns: [[1, 2, 3]], polarities: [1], factors: ['materiell'] });
 * rankRobustness(p, [1], {}, { draws: 100, seed: 1 }).median // → [3, 2, 1]
 */
export function rankRobustness(
	prepared: PreparedRobustness,
	weights: readonly number[],
	factorWeights: Partial<Record<ExclusionFactor, number>> = {},
	options: RobustnessOptions = {}
): RobustnessResult {
	const draws = options.draws ?? 1000;
	const seed = String(options.seed ?? 'sozialraum-monitor');
	const weightRange = options.weightRange ?? ([0.5, 1.5] as const);
	const normalizations = options.normalizations ?? NORMALIZATIONS;
	const aggregations = options.aggregations ?? (['linear', 'geometric'] as const);
	if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`Robustheit: mindestens 1 Ziehung nötig (erhalten: ${draws}).`);
	if (normalizations.length === 0 || aggregations.length === 0) {
		throw new RangeError('Robustheit: mindestens eine Normierung und eine Aggregation nötig.');
	}
	if (!(weightRange[0] >= 0 && weightRange[0] <= weightRange[1])) {
		throw new RangeError(`Robustheit: ungültiger Gewichtsbereich ${weightRange.join(' … ')}.`);
	}
	const k = prepared.factorIndex.length;
	if (weights.length !== k) throw new RangeError('Robustheit: je Indikator ein Gewicht erwartet.');

	const n = prepared.areas;
	const nFactors = EXCLUSION_FACTORS.length;
	const baseFactorWeights = EXCLUSION_FACTORS.map((f) => factorWeights[f] ?? 1);
	const factorScratch = EXCLUSION_FACTORS.map(() => new Float64Array(n));
	const score = new Float64Array(n);

	// the chosen weights decide once which areas are ranked and which factors each has
	// (missingness is the same under every normalisation)
	aggregateColumns(prepared.linear.z, prepared.factorIndex, weights, baseFactorWeights, MIN_WEIGHT_SHARE, n, factorScratch, score);
	const rankedList: number[] = [];
	for (let i = 0; i < n; i++) if (score[i] === score[i]) rankedList.push(i);
	const rankedAreas = Int32Array.from(rankedList);
	const factorMask = new Uint8Array(n * nFactors);
	for (let i = 0; i < n; i++) {
		for (let f = 0; f < nFactors; f++) factorMask[i * nFactors + f] = factorScratch[f][i] === factorScratch[f][i] ? 1 : 0;
	}

	const m = rankedAreas.length;
	const drawnWeights = new Float64Array(k);
	const drawnFactorWeights = new Float64Array(nFactors);
	const order = new Int32Array(m);
	// histogram[area · m + rank − 1] = number of draws in which the area had that rank
	const histogram = new Int32Array(m * m);
	const rng = createRandom(seed);

	for (let d = 0; d < draws; d++) {
		for (let j = 0; j < k; j++) drawnWeights[j] = weights[j] * rng.between(weightRange[0], weightRange[1]);
		for (let f = 0; f < nFactors; f++) drawnFactorWeights[f] = baseFactorWeights[f] * rng.between(weightRange[0], weightRange[1]);
		const method = normalizations[rng.integer(normalizations.length)];
		const aggregation = aggregations[rng.integer(aggregations.length)];
		const columns = aggregation === 'geometric' ? prepared.logarithmic[method] : prepared.linear[method];
		// geometric: the core averages logarithms; exp is monotone, so ranks need no back-transform
		aggregateColumns(columns, prepared.factorIndex, drawnWeights, drawnFactorWeights, 0, n, factorScratch, score, factorMask);
		// order holds positions in rankedAreas; histogram rows follow the same positions.
		// (A score can only be NaN if a drawn weight is 0, i.e. with a weight range from 0: rank it last.)
		for (let a = 0; a < m; a++) {
			order[a] = a;
			if (score[rankedAreas[a]] !== score[rankedAreas[a]]) score[rankedAreas[a]] = -Infinity;
		}
		order.sort((a, b) => score[rankedAreas[b]] - score[rankedAreas[a]] || a - b);
		let rank = 0;
		for (let p = 0; p < m; p++) {
			if (p === 0 || score[rankedAreas[order[p]]] !== score[rankedAreas[order[p - 1]]]) rank = p + 1;
			histogram[order[p] * m + rank - 1]++;
		}
	}

	const median = new Float64Array(n).fill(NaN);
	const p05 = new Float64Array(n).fill(NaN);
	const p95 = new Float64Array(n).fill(NaN);
	for (let a = 0; a < m; a++) {
		const i = rankedAreas[a];
		const counts = histogram.subarray(a * m, (a + 1) * m);
		median[i] = rankQuantile(counts, 0.5);
		p05[i] = rankQuantile(counts, 0.05);
		p95[i] = rankQuantile(counts, 0.95);
	}
	return { median, p05, p95, ranked: m, draws, seed, weightRange, normalizations, aggregations };
}

/**
 * Quantile of ranks from their frequencies, inverse empirical distribution function
 * (Hyndman & Fan 1996, type 1): the smallest rank r with Σ_{s ≤ r} counts[s − 1] ≥ ⌈p · D⌉,
 * D = Σ counts (at least the first draw for p → 0).
 *
 * @param counts counts[r − 1] = number of draws with rank r
 * @param p probability in [0, 1]
 * @example rankQuantile([10, 30, 40, 20], 0.5) // → 3  (50th of 100 draws: 10 + 30 < 50 ≤ 10 + 30 + 40)
 * @example rankQuantile([10, 30, 40, 20], 0.05) // → 1
 */
export function rankQuantile(counts: ArrayLike<number>, p: number): number {
	let draws = 0;
	for (let r = 0; r < counts.length; r++) draws += counts[r];
	const target = Math.max(1, Math.ceil(p * draws - 1e-9));
	let cumulative = 0;
	for (let r = 0; r < counts.length; r++) {
		cumulative += counts[r];
		if (cumulative >= target) return r + 1;
	}
	return counts.length;
}
