/**
 * Factor indices, the Ausgrenzungsindex and the status classes.
 *
 * Input: one normalised, polarity-aligned column per indicator (see `normalize.ts`;
 * higher = more disadvantage, NaN = missing or unreliable). Each indicator belongs to
 * one of the four exclusion factors (materiell, kulturell, sozial, symbolisch).
 *
 *   Fᵢ,f = Σⱼ∈f wⱼ xᵢⱼ / Σⱼ∈f wⱼ          factor index (sums over the present xᵢⱼ)
 *   Aᵢ   = Σf Wf Fᵢ,f / Σf Wf              Ausgrenzungsindex, raw (over present factors)
 *   Ausgrenzungsindex = (Aᵢ − Ā) / s_A     re-standardised over the areas that have Aᵢ
 *
 * Geometric aggregation replaces both weighted arithmetic means by weighted geometric
 * means, Fᵢ,f = exp(Σ wⱼ ln x′ᵢⱼ / Σ wⱼ) and Aᵢ = exp(Σ Wf ln Fᵢ,f / Σ Wf), on the
 * positive scale x′ = 1 + 99 · minmax(x) ∈ [1, 100] (see `positiveScale`): a weak
 * value is then only partly compensated by a strong one.
 *
 * Missing-data rule (DESIGN §4): a factor index is missing when less than half of
 * its indicator weight is present (present weight < ½ · total weight of the factor's
 * indicators); the Ausgrenzungsindex is missing when less than half of the factor
 * weight is present, counting only factors that have indicators with weight > 0.
 * Exactly half is enough. Only ratios of weights matter: scaling all weights by the
 * same positive number changes nothing.
 *
 * @see OECD/JRC (2008) Handbook on Constructing Composite Indicators: Methodology and
 *      User Guide, ch. 6 (Weighting and aggregation)
 * @see Senatsverwaltung für Stadtentwicklung Berlin: Monitoring Soziale
 *      Stadtentwicklung (MSS) — Methodenbeschreibung (class boundaries ±1, 1.5 SD)
 */
import { isPresent } from './missing.ts';
import { positiveScale, zScores } from './normalize.ts';
import {
	DEFAULT_INDEX_SETTINGS,
	EXCLUSION_FACTORS,
	type Aggregation,
	type ExclusionFactor,
	type StatusThresholds
} from './index-settings.ts';

/** Status classes; status is the opposite of disadvantage (a high index = low status). */
export type StatusClass = 'hoch' | 'mittel' | 'niedrig' | 'sehr niedrig';
export const STATUS_CLASSES: readonly StatusClass[] = ['hoch', 'mittel', 'niedrig', 'sehr niedrig'];

/** Share of the weight that must be present (DESIGN §4: "less than half" → missing). */
export const MIN_WEIGHT_SHARE = 0.5;

/**
 * Status class of a standardised index value (higher = more disadvantage), compared
 * unrounded:
 *
 *   hoch          x < t₁                (default t₁ = −1)
 *   mittel        t₁ ≤ x ≤ t₂           (default t₂ = +1)
 *   niedrig       t₂ < x ≤ t₃           (default t₃ = +1.5)
 *   sehr niedrig  x > t₃
 *
 * @returns null for a missing value
 * @see MSS Methodenbeschreibung (Statusindex classes)
 * @example statusClass(-1) // → 'mittel'
 * @example statusClass(1.0000001) // → 'niedrig'
 * @example statusClass(1.5) // → 'niedrig'
 */
export function statusClass(x: number, thresholds: StatusThresholds = DEFAULT_INDEX_SETTINGS.statusThresholds): StatusClass | null {
	if (!isPresent(x)) return null;
	const [t1, t2, t3] = thresholds;
	if (x < t1) return 'hoch';
	if (x <= t2) return 'mittel';
	if (x <= t3) return 'niedrig';
	return 'sehr niedrig';
}

/**
 * Competition ranks, highest value first ("1224"): rank 1 = most disadvantaged;
 * tied values share the best rank, the next rank skips (as SQL `RANK()`).
 * Missing values get NaN.
 *
 * @example competitionRanks([0.5, 2, NaN, 0.5, -1]) // → [2, 1, NaN, 2, 4]
 */
export function competitionRanks(scores: ArrayLike<number>): Float64Array {
	const order: number[] = [];
	for (let i = 0; i < scores.length; i++) if (isPresent(scores[i])) order.push(i);
	order.sort((a, b) => scores[b] - scores[a] || a - b);
	const ranks = new Float64Array(scores.length).fill(NaN);
	for (let p = 0; p < order.length; p++) {
		const i = order[p];
		ranks[i] = p > 0 && scores[order[p - 1]] === scores[i] ? ranks[order[p - 1]] : p + 1;
	}
	return ranks;
}

/**
 * The numeric core shared with the robustness run: weighted means of indicator
 * columns into factor indices and of factor indices into the raw index, with the
 * missing-data rule, written into preallocated arrays (no allocation per area).
 *
 *   Fᵢ,f = Σⱼ∈f wⱼ xᵢⱼ / Σⱼ∈f,present wⱼ   if present weight ≥ minShare · Σⱼ∈f wⱼ, else NaN
 *   Aᵢ   = Σf Wf Fᵢ,f / Σf,present Wf      if present weight ≥ minShare · Σf Wf,   else NaN
 *
 * A factor whose indicators all have weight 0 is unused (NaN) and does not count in
 * Σf Wf; nor does a factor with weight Wf = 0.
 *
 * @param columns one column per indicator, `areas` values each (NaN = missing)
 * @param factorIndex per indicator the position of its factor in EXCLUSION_FACTORS
 * @param weights per indicator weight wⱼ ≥ 0
 * @param factorWeights per factor weight Wf ≥ 0 (4 entries, EXCLUSION_FACTORS order)
 * @param minShare share of weight that must be present (0.5 in the index; 0 in robustness draws)
 * @param outFactors 4 arrays of length `areas`, receive Fᵢ,f
 * @param outIndex receives Aᵢ
 * @param factorMask optional, `areas` × 4 (area-major): 1 where the factor counts as
 *        present. Replaces the factor-level share test (the robustness run fixes which
 *        factors each area has to those of the chosen settings).
 * @example
 * const f = [0, 1, 2, 3].map(() => new Float64Array(2)), a = new Float64Array(2);
 * aggregateColumns([[1, 3], [0, NaN]], [0, 1], [1, 1], [1, 1, 1, 1], 0.5, 2, f, a);
 * // f[0] → [1, 3], f[1] → [0, NaN], a → [0.5, 3]
 */
export function aggregateColumns(
	columns: readonly ArrayLike<number>[],
	factorIndex: ArrayLike<number>,
	weights: ArrayLike<number>,
	factorWeights: ArrayLike<number>,
	minShare: number,
	areas: number,
	outFactors: Float64Array[],
	outIndex: Float64Array,
	factorMask?: ArrayLike<number>
): void {
	const nFactors = EXCLUSION_FACTORS.length;
	const total = new Float64Array(nFactors);
	for (let j = 0; j < columns.length; j++) total[factorIndex[j]] += weights[j];
	let totalFactorWeight = 0;
	for (let f = 0; f < nFactors; f++) if (total[f] > 0) totalFactorWeight += factorWeights[f];
	const sum = new Float64Array(nFactors);
	const present = new Float64Array(nFactors);
	for (let i = 0; i < areas; i++) {
		sum.fill(0);
		present.fill(0);
		for (let j = 0; j < columns.length; j++) {
			const x = columns[j][i];
			const w = weights[j];
			if (x === x && w > 0) {
				sum[factorIndex[j]] += w * x;
				present[factorIndex[j]] += w;
			}
		}
		let indexSum = 0;
		let indexWeight = 0;
		for (let f = 0; f < nFactors; f++) {
			const usable =
				total[f] > 0 &&
				present[f] > 0 &&
				(factorMask ? factorMask[i * nFactors + f] === 1 : present[f] >= minShare * total[f]);
			const factorValue = usable ? sum[f] / present[f] : NaN;
			outFactors[f][i] = factorValue;
			if (usable && factorWeights[f] > 0) {
				indexSum += factorWeights[f] * factorValue;
				indexWeight += factorWeights[f];
			}
		}
		outIndex[i] = indexWeight > 0 && indexWeight >= minShare * totalFactorWeight ? indexSum / indexWeight : NaN;
	}
}

export interface CompositeIndicator {
	factor: ExclusionFactor;
	/** indicator weight wⱼ ≥ 0 */
	weight: number;
}

export interface CompositeResult {
	/** factor index per area and factor; NaN when missing or when the factor has no indicator */
	factors: Record<ExclusionFactor, Float64Array>;
	/** Aᵢ before re-standardisation (linear: in units of the normalisation; geometric: 1 … 100) */
	raw: Float64Array;
	/** the Ausgrenzungsindex: Aᵢ re-standardised (unweighted z over the areas that have it) */
	index: Float64Array;
}

/**
 * Factor indices and Ausgrenzungsindex from normalised, aligned indicator columns
 * (formulas and missing-data rule in the module comment). Geometric aggregation
 * first maps each column to [1, 100] with `positiveScale`.
 *
 * @param columns one normalised column per indicator (higher = more disadvantage, NaN = missing)
 * @param indicators factor and weight per column, same order
 * @param factorWeights weight per factor (default 1 each)
 * @throws RangeError if `columns` and `indicators` differ in length
 * @example
 * const r = compositeIndex(
 *   [[1, -1, 0], [3, -3, NaN], [2, 0, -2]],
 *   [{ factor: 'materiell', weight: 1 }, { factor: 'materiell', weight: 1 }, { factor: 'sozial', weight: 1 }]
 * );
 * // materiell → [2, -2, 0]; sozial → [2, 0, -2]; raw → [2, -1, -1]; index → [1.1547…, -0.5773…, -0.5773…]
 */
export function compositeIndex(
	columns: readonly ArrayLike<number>[],
	indicators: readonly CompositeIndicator[],
	factorWeights: Partial<Record<ExclusionFactor, number>> = {},
	aggregation: Aggregation = 'linear'
): CompositeResult {
	if (columns.length !== indicators.length) {
		throw new RangeError('compositeIndex: je Indikator eine Spalte erwartet.');
	}
	const areas = columns.length > 0 ? columns[0].length : 0;
	const geometric = aggregation === 'geometric';
	const inputs = columns.map((column) => (geometric ? logPositiveScale(column) : column));
	const factorIndex = indicators.map((ind) => EXCLUSION_FACTORS.indexOf(ind.factor));
	if (factorIndex.some((f) => f < 0)) throw new RangeError('compositeIndex: Indikator ohne Ausgrenzungsfaktor.');
	const outFactors = EXCLUSION_FACTORS.map(() => new Float64Array(areas));
	const raw = new Float64Array(areas);
	aggregateColumns(
		inputs,
		factorIndex,
		indicators.map((ind) => ind.weight),
		EXCLUSION_FACTORS.map((f) => factorWeights[f] ?? 1),
		MIN_WEIGHT_SHARE,
		areas,
		outFactors,
		raw
	);
	if (geometric) {
		// the core averaged logarithms: back-transform to weighted geometric means
		for (const column of outFactors) for (let i = 0; i < areas; i++) column[i] = Math.exp(column[i]);
		for (let i = 0; i < areas; i++) raw[i] = Math.exp(raw[i]);
	}
	const factors = Object.fromEntries(EXCLUSION_FACTORS.map((f, k) => [f, outFactors[k]])) as Record<ExclusionFactor, Float64Array>;
	return { factors, raw, index: zScores(raw) };
}

/**
 * ln(1 + 99 · minmax(x)): the logarithm of the positive scale used for geometric
 * aggregation. A weighted arithmetic mean of these logarithms, exponentiated, is the
 * weighted geometric mean — so linear and geometric aggregation share one core.
 *
 * @example logPositiveScale([0, 1]) // → [0, 4.6051…] (ln 1, ln 100)
 */
export function logPositiveScale(column: ArrayLike<number>): Float64Array {
	const positive = positiveScale(column);
	for (let i = 0; i < positive.length; i++) positive[i] = Math.log(positive[i]);
	return positive;
}
