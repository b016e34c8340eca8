/**
 * Spatial clusters (DESIGN.md §4): contiguity weights, global Moran's I and
 * local Moran (LISA) with permutation inference, the Moran scatterplot.
 * Conventions follow PySAL `esda` (`Moran`, `Moran_Local`, `fdr`), which in turn
 * reproduces GeoDa; differences are named where they occur.
 *
 * Weights. Queen contiguity from the `neighbours` table (shared border or
 * corner, both directions), row-standardised: wᵢⱼ = 1/|Nᵢ| for j ∈ Nᵢ, so the
 * spatial lag Σⱼ wᵢⱼ zⱼ is the mean of the neighbours.
 *
 * Missing and small values. An area enters only with a usable value: not
 * suppressed, not missing, and — with `unreliable: 'exclude'`, the default — a
 * denominator of at least the indicator's minimum base. With
 * `unreliable: 'eb'` rates are replaced by Marshall's global empirical-Bayes
 * estimates (as GeoDa's "Empirical Bayes rate") and all areas with a
 * population stay in. Areas left without any neighbour in the analysis
 * ("islands") are dropped and reported — never silently, and never kept with a
 * zero lag (esda keeps them with a zero row, which biases I towards 0).
 *
 * Randomness. Permutations draw from the engine's seeded sfc32 stream
 * (`random.ts`); the loaders analyse areas in id order, so the same seed and
 * data give the same p-values on every machine, whatever the row order of the
 * source. Default: 999 permutations, seed 12345.
 *
 * Inference conventions (checked against esda's source): global `p_sim` and
 * LISA `p_sim` are esda's folded one-sided pseudo p (`foldedPseudoP`); `z` is
 * esda's `z_sim` (centred on the permutation mean, not on E[I]); local Iᵢ is
 * esda's scaling ((n − 1)/n × GeoDa's); FDR is esda's `fdr` cut-off.
 *
 * @see Moran (1950), Notes on continuous stochastic phenomena, Biometrika 37: 17–23
 * @see Cliff & Ord (1981), Spatial Processes: Models and Applications, Pion
 * @see Anselin (1995), Local indicators of spatial association — LISA, Geographical Analysis 27(2): 93–115
 * @see Anselin (2019), A local indicator of multivariate spatial association, Geographical Analysis 51: 133–150 (conditional permutation, FDR)
 * @see Benjamini & Hochberg (1995), J. Royal Statistical Society B 57(1): 289–300
 */
import type { Db } from './db.ts';
import { createRandom } from './random.ts';
import { levelValuesSql } from './rates.ts';
import { usableValue } from './missing.ts';
import { empiricalBayes } from './ebsmooth.ts';
import type { LevelValue } from '../data/rows.ts';

/** Default number of permutations (as esda and GeoDa). */
export const DEFAULT_PERMUTATIONS = 999;
/** Default seed of the permutation stream. */
export const DEFAULT_SEED = 12345;
/** Default significance level for LISA clusters. */
export const DEFAULT_ALPHA = 0.05;

// ---------------------------------------------------------------------------
// Weights
// ---------------------------------------------------------------------------

/**
 * Row-standardised contiguity weights in compressed sparse rows: the neighbours
 * of area i are `neighbours[offsets[i] … offsets[i+1])` with weights
 * `weights[…]` = 1/|Nᵢ| (ascending neighbour index).
 */
export interface SpatialWeights {
	/** area ids, in analysis order */
	readonly ids: readonly string[];
	readonly offsets: Int32Array;
	readonly neighbours: Int32Array;
	readonly weights: Float64Array;
	/** ids of areas without any neighbour among `ids` (their row is empty) */
	readonly islands: readonly string[];
}

/**
 * Row-standardised weights from neighbour pairs.
 *
 *   wᵢⱼ = 1/|Nᵢ| if j ∈ Nᵢ, else 0;   Σⱼ wᵢⱼ = 1 for every area with neighbours
 *
 * Pairs are symmetrised (a–b implies b–a), duplicates and self-pairs dropped,
 * pairs naming an id outside `ids` ignored.
 *
 * @param ids areas in analysis order
 * @param pairs neighbour pairs [area, neighbour] (e.g. the `neighbours` table)
 * @throws RangeError if an id occurs twice
 * @example rowStandardisedWeights(['a', 'b', 'c'], [['a', 'b'], ['b', 'c']]).weights // → [1, 0.5, 0.5, 1]
 */
export function rowStandardisedWeights(ids: readonly string[], pairs: Iterable<readonly [string, string]>): SpatialWeights {
	const n = ids.length;
	const index = new Map<string, number>();
	ids.forEach((id, i) => {
		if (index.has(id)) throw new RangeError(`Gewichte: Gebiet „${id}“ doppelt`);
		index.set(id, i);
	});
	const sets: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
	for (const [a, b] of pairs) {
		const i = index.get(a);
		const j = index.get(b);
		if (i === undefined || j === undefined || i === j) continue;
		sets[i].add(j);
		sets[j].add(i);
	}
	const offsets = new Int32Array(n + 1);
	for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + sets[i].size;
	const neighbours = new Int32Array(offsets[n]);
	const weights = new Float64Array(offsets[n]);
	const islands: string[] = [];
	for (let i = 0; i < n; i++) {
		const sorted = [...sets[i]].sort((x, y) => x - y);
		if (sorted.length === 0) islands.push(ids[i]);
		sorted.forEach((j, k) => {
			neighbours[offsets[i] + k] = j;
			weights[offsets[i] + k] = 1 / sorted.length;
		});
	}
	return { ids: [...ids], offsets, neighbours, weights, islands };
}

/**
 * Spatial lag: Σⱼ wᵢⱼ xⱼ for every area (with row-standardised weights, the
 * mean of the neighbours' values).
 *
 * @example spatialLag([1, 2, 3], rowStandardisedWeights(['a', 'b', 'c'], [['a', 'b'], ['b', 'c']])) // → [2, 2, 2]
 */
export function spatialLag(values: ArrayLike<number>, w: SpatialWeights): Float64Array {
	const n = w.ids.length;
	const lag = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let s = 0;
		for (let k = w.offsets[i]; k < w.offsets[i + 1]; k++) s += w.weights[k] * values[w.neighbours[k]];
		lag[i] = s;
	}
	return lag;
}

/**
 * All rows of the `neighbours` table (queen contiguity, both directions), or an
 * empty list when the dataset has no neighbour table (e.g. an `--input` file).
 */
export async function neighbourPairs(db: Db): Promise<[string, string][]> {
	const has = await db.query<{ n: number }>(
		`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'neighbours'`
	);
	if (!has[0] || Number(has[0].n) === 0) return [];
	const rows = await db.query<{ area_id: string; neighbour_id: string }>(
		'SELECT area_id, neighbour_id FROM neighbours ORDER BY area_id, neighbour_id'
	);
	return rows.map((r) => [r.area_id, r.neighbour_id]);
}

/** An area left out of a spatial analysis, with the reason (German). */
export interface ExcludedSpatialArea {
	area_id: string;
	reason: string;
}

/**
 * Keeps the areas with a usable value and at least one neighbour that also has
 * one, and builds their row-standardised weights. Returns the dropped areas:
 * `missing` (no usable value) and `islands` (no neighbour in the analysis —
 * either none at all, or only neighbours without a usable value).
 *
 * @param areas id and value per area, in analysis order; NaN/null = not usable
 * @param pairs neighbour pairs [area, neighbour]
 * @example spatialSubset([{ id: 'a', value: 1 }, { id: 'b', value: 2 }, { id: 'c', value: 3 }], [['a', 'b']]).islands // → ['c']
 */
export function spatialSubset(
	areas: readonly { id: string; value: number | null }[],
	pairs: readonly (readonly [string, string])[]
): { ids: string[]; values: Float64Array; weights: SpatialWeights; islands: string[]; missing: string[] } {
	const present = areas.filter((a) => a.value !== null && Number.isFinite(a.value));
	const missing = areas.filter((a) => !(a.value !== null && Number.isFinite(a.value))).map((a) => a.id);
	const first = rowStandardisedWeights(present.map((a) => a.id), pairs);
	// Dropping an island removes no neighbour of anyone else, so one pass suffices.
	const islandSet = new Set(first.islands);
	const kept = present.filter((a) => !islandSet.has(a.id));
	const weights = islandSet.size ? rowStandardisedWeights(kept.map((a) => a.id), pairs) : first;
	return {
		ids: kept.map((a) => a.id),
		values: Float64Array.from(kept, (a) => a.value as number),
		weights,
		islands: [...first.islands],
		missing
	};
}

// ---------------------------------------------------------------------------
// Global Moran's I
// ---------------------------------------------------------------------------

function checkInput(method: string, values: ArrayLike<number>, w: SpatialWeights): number {
	const n = values.length;
	if (n !== w.ids.length) throw new RangeError(`${method}: ${n} Werte für ${w.ids.length} Gebiete`);
	if (n < 3) throw new RangeError(`${method}: mindestens 3 Gebiete mit Wert und Nachbarn nötig`);
	if (w.islands.length) {
		throw new RangeError(`${method}: Gebiete ohne Nachbarn (${w.islands.join(', ')}) vorher ausschließen`);
	}
	for (let i = 0; i < n; i++) {
		if (!Number.isFinite(values[i])) throw new RangeError(`${method}: kein gültiger Wert für ${w.ids[i]}`);
	}
	return n;
}

/** Deviations from the mean, and their sum of squares; throws when all values are equal. */
function centred(method: string, values: ArrayLike<number>): { z: Float64Array; sumSquares: number } {
	const n = values.length;
	let mean = 0;
	for (let i = 0; i < n; i++) mean += values[i];
	mean /= n;
	const z = new Float64Array(n);
	let sumSquares = 0;
	for (let i = 0; i < n; i++) {
		z[i] = values[i] - mean;
		sumSquares += z[i] * z[i];
	}
	// relative tolerance: values equal up to rounding count as constant
	if (!(sumSquares > 1e-24 * n * (mean * mean + 1))) throw new RangeError(`${method}: alle Werte gleich – keine Streuung`);
	return { z, sumSquares };
}

/** Σᵢ zᵢ · Σⱼ wᵢⱼ zⱼ */
function crossProduct(z: ArrayLike<number>, w: SpatialWeights): number {
	let s = 0;
	const n = w.ids.length;
	for (let i = 0; i < n; i++) {
		let lag = 0;
		for (let k = w.offsets[i]; k < w.offsets[i + 1]; k++) lag += w.weights[k] * z[w.neighbours[k]];
		s += z[i] * lag;
	}
	return s;
}

function weightSum(w: SpatialWeights): number {
	let s0 = 0;
	for (let k = 0; k < w.weights.length; k++) s0 += w.weights[k];
	return s0;
}

/**
 * Global Moran's I: the correlation of each area's value with the mean of its
 * neighbours — positive when similar values cluster, negative for a
 * checkerboard.
 *
 *   I = (n / S₀) · Σᵢ Σⱼ wᵢⱼ zᵢ zⱼ / Σᵢ zᵢ²,   zᵢ = xᵢ − x̄,   S₀ = Σᵢ Σⱼ wᵢⱼ (= n, row-standardised)
 *
 * Expected value under spatial randomness E[I] = −1/(n − 1).
 *
 * @param values one value per area of `w`, same order
 * @param w row-standardised weights without islands (see `spatialSubset`)
 * @throws RangeError for fewer than 3 areas, islands, non-finite values, or no variation
 * @example moranI([1, 0, 1, 0, 1, 0, 1, 0, 1], rookLattice3x3) // → −1 (checkerboard)
 * @see Moran (1950), Biometrika 37: 17–23; esda `Moran.I`
 */
export function moranI(values: ArrayLike<number>, w: SpatialWeights): number {
	const n = checkInput('Moran', values, w);
	const { z, sumSquares } = centred('Moran', values);
	return (n / weightSum(w)) * (crossProduct(z, w) / sumSquares);
}

export interface MoranOptions {
	/** number of random permutations R (0 = none); default 999 */
	permutations?: number;
	/** seed of the permutation stream; default 12345 */
	seed?: string | number;
}

export interface MoranResult {
	/** Moran's I */
	I: number;
	/** E[I] = −1/(n − 1) */
	expected: number;
	/** (I − mean of permuted I) / SD of permuted I (esda `z_sim`); null without permutations */
	z: number | null;
	/** pseudo p = (M + 1)/(R + 1), folded (esda `p_sim`); null without permutations */
	p_sim: number | null;
	permutations: number;
	n: number;
	/** mean and SD (population) of the permuted I (esda `EI_sim`, `seI_sim`) */
	mean_sim: number | null;
	sd_sim: number | null;
	seed: string;
}

function checkPermutations(method: string, permutations: number): void {
	if (!Number.isInteger(permutations) || permutations < 0 || permutations > 99999) {
		throw new RangeError(`${method}: Permutationen müssen eine ganze Zahl von 0 bis 99999 sein (${permutations})`);
	}
}

/**
 * Folded pseudo p-value of esda's `p_sim` (and GeoDa): with M = number of
 * permuted statistics ≥ the observed one, M := min(M, R − M), p = (M + 1)/(R + 1).
 * One-sided in the direction the observed value lies; the smallest possible p
 * is 1/(R + 1) (0.001 for 999 permutations). Newer esda versions also offer
 * `alternative='two-sided'` (about twice this value); we keep the classic one.
 *
 * @example foldedPseudoP(0, 999) // → 0.001 (no permutation as large: extreme high)
 * @example foldedPseudoP(999, 999) // → 0.001 (all as large: extreme low)
 */
export function foldedPseudoP(larger: number, permutations: number): number {
	const m = permutations - larger < larger ? permutations - larger : larger;
	return (m + 1) / (permutations + 1);
}

/**
 * Moran's I with permutation inference: the values are shuffled over the areas
 * R times (Fisher–Yates, seeded), I is recomputed each time, and
 *
 *   p_sim = (M + 1)/(R + 1),  M = #{permuted I ≥ I}, folded: M := min(M, R − M)
 *   z     = (I − mean(I_perm)) / sd(I_perm)         (esda `z_sim`, SD with n, not n − 1)
 *
 * Note: esda's z_sim centres on the permutation mean, not on E[I] = −1/(n−1);
 * both are reported (`mean_sim`, `expected`) and differ only by simulation noise.
 *
 * @param values one value per area of `w`
 * @param w row-standardised weights without islands
 * @throws RangeError as `moranI`, or for a bad number of permutations
 * @example moran(values, w, { permutations: 999, seed: 1 }).p_sim // → 0.001 for a strong cluster
 * @see esda `Moran` (I, EI, p_sim, z_sim); Cliff & Ord (1981)
 */
export function moran(values: ArrayLike<number>, w: SpatialWeights, opts: MoranOptions = {}): MoranResult {
	const permutations = opts.permutations ?? DEFAULT_PERMUTATIONS;
	const seed = String(opts.seed ?? DEFAULT_SEED);
	checkPermutations('Moran', permutations);
	const n = checkInput('Moran', values, w);
	const { z, sumSquares } = centred('Moran', values);
	const scale = n / weightSum(w) / sumSquares;
	const I = scale * crossProduct(z, w);
	const result: MoranResult = {
		I,
		expected: -1 / (n - 1),
		z: null,
		p_sim: null,
		permutations,
		n,
		mean_sim: null,
		sd_sim: null,
		seed
	};
	if (permutations === 0) return result;
	const rng = createRandom(seed);
	const shuffled = Float64Array.from(z);
	let larger = 0;
	let sum = 0;
	let sumSq = 0;
	for (let p = 0; p < permutations; p++) {
		for (let i = n - 1; i > 0; i--) {
			const j = (rng.uniform() * (i + 1)) | 0;
			const t = shuffled[i];
			shuffled[i] = shuffled[j];
			shuffled[j] = t;
		}
		const sim = scale * crossProduct(shuffled, w);
		if (sim >= I) larger++;
		sum += sim;
		sumSq += sim * sim;
	}
	const mean = sum / permutations;
	const sd = Math.sqrt(Math.max(0, sumSq / permutations - mean * mean));
	result.mean_sim = mean;
	result.sd_sim = sd;
	result.z = sd > 0 ? (I - mean) / sd : null;
	result.p_sim = foldedPseudoP(larger, permutations);
	return result;
}

// ---------------------------------------------------------------------------
// Local Moran (LISA)
// ---------------------------------------------------------------------------

export type Quadrant = 'HH' | 'LL' | 'LH' | 'HL';
export type Cluster = Quadrant | 'ns';

/**
 * Benjamini–Hochberg cut-off as esda's `fdr(pvalues, alpha)`: sort the n
 * p-values ascending, find the largest rank k with p₍ₖ₎ < k·α/n and return
 * k·α/n; if there is none, return α/n (Bonferroni). An area is significant when
 * its p ≤ the cut-off.
 *
 * @throws RangeError for no p-values or α outside (0, 1)
 * @example fdrCutoff([0.01, 0.02, 0.03, 0.5], 0.05) // → 0.0375 (k = 3: 0.03 < 3·0.05/4)
 * @example fdrCutoff([0.2, 0.3], 0.05) // → 0.025 (none: α/n)
 * @see Benjamini & Hochberg (1995); esda `fdr`; Castro & Singer (2006), Geographical Analysis 38: 180–208
 */
export function fdrCutoff(pvalues: ArrayLike<number>, alpha = DEFAULT_ALPHA): number {
	const n = pvalues.length;
	if (n === 0) throw new RangeError('FDR: keine p-Werte');
	if (!(alpha > 0 && alpha < 1)) throw new RangeError(`FDR: Signifikanzniveau ${alpha} nicht zwischen 0 und 1`);
	const sorted = Float64Array.from(pvalues).sort();
	for (let k = n; k >= 1; k--) {
		if (sorted[k - 1] < (k * alpha) / n) return (k * alpha) / n;
	}
	return alpha / n;
}

export interface LocalMoranOptions extends MoranOptions {
	/** significance level; default 0.05 */
	alpha?: number;
	/** Benjamini–Hochberg false discovery rate instead of p ≤ α for every area; default false */
	fdr?: boolean;
}

export interface LocalMoranResult {
	ids: readonly string[];
	/** standardised values zᵢ = (xᵢ − x̄)/s (s with n) */
	z: Float64Array;
	/** spatial lag of z (mean of the neighbours' z) */
	lag: Float64Array;
	/** local Moran Iᵢ */
	localI: Float64Array;
	/** folded pseudo p per area; all NaN without permutations */
	p_sim: Float64Array;
	quadrant: Quadrant[];
	/** quadrant if p ≤ cut-off, else 'ns' */
	cluster: Cluster[];
	/** the p-value cut-off used: α, or the FDR cut-off */
	cutoff: number;
	alpha: number;
	fdr: boolean;
	permutations: number;
	seed: string;
}

/**
 * Quadrant of the Moran scatterplot as esda: H if zᵢ > 0 else L, then H if the
 * lag > 0 else L (a value exactly at the mean counts as low).
 *
 * @example quadrant(1.2, -0.3) // → 'HL'
 */
export function quadrant(z: number, lag: number): Quadrant {
	return z > 0 ? (lag > 0 ? 'HH' : 'HL') : lag > 0 ? 'LH' : 'LL';
}

/**
 * Local Moran's I (LISA) with conditional permutation.
 *
 *   zᵢ = (xᵢ − x̄)/s,  s² = Σ (xᵢ − x̄)²/n
 *   Iᵢ = (n − 1) · zᵢ · Σⱼ wᵢⱼ zⱼ / Σₖ zₖ²   ( = (n−1)/n · zᵢ · lagᵢ )
 *
 * This is esda's `Moran_Local.Is`; GeoDa reports zᵢ · lagᵢ, i.e. n/(n−1) times
 * larger — same signs, quadrants and p-values. ΣᵢIᵢ/(n−1) equals global I.
 *
 * Inference (esda `crand`, GeoDa): for each area i, R times, draw |Nᵢ| values
 * without replacement from the *other* n − 1 areas (a partial Fisher–Yates
 * shuffle), put them in place of i's neighbours and recompute Iᵢ with zᵢ held
 * fixed; pseudo p as `foldedPseudoP`. Cluster = quadrant where p ≤ α (or ≤ the
 * FDR cut-off with `fdr`), else 'ns' (GeoDa also uses ≤; splot's maps use <).
 * One deliberate deviation: an area bordering *all* others has a degenerate
 * reference distribution (every draw is the observed Iᵢ) and gets p = 1,
 * where esda's folding reports 1/(R + 1). Without permutations all p are NaN
 * and every cluster is 'ns'. Typed arrays; 999 permutations on 10,000 areas
 * take about a second.
 *
 * @param values one value per area of `w`
 * @param w row-standardised weights without islands
 * @throws RangeError as `moranI`, for a bad number of permutations or α
 * @example localMoran([9, 8, 1, 0, 9, 1], chain6).quadrant // → ['HH', 'HH', 'LL', 'LH', 'HL', 'LH']
 * @see Anselin (1995), Geographical Analysis 27(2): 93–115; esda `Moran_Local` (Is, q, p_sim)
 */
export function localMoran(values: ArrayLike<number>, w: SpatialWeights, opts: LocalMoranOptions = {}): LocalMoranResult {
	const permutations = opts.permutations ?? DEFAULT_PERMUTATIONS;
	const seed = String(opts.seed ?? DEFAULT_SEED);
	const alpha = opts.alpha ?? DEFAULT_ALPHA;
	const useFdr = opts.fdr ?? false;
	checkPermutations('LISA', permutations);
	if (!(alpha > 0 && alpha < 1)) throw new RangeError(`LISA: Signifikanzniveau ${alpha} nicht zwischen 0 und 1`);
	const n = checkInput('LISA', values, w);
	const { z, sumSquares } = centred('LISA', values);
	const sd = Math.sqrt(sumSquares / n);
	for (let i = 0; i < n; i++) z[i] /= sd;
	const den = sumSquares / (sd * sd); // Σ zᵢ² after standardising (= n up to rounding)
	const scaling = (n - 1) / den;
	const lag = spatialLag(z, w);
	const localI = new Float64Array(n);
	for (let i = 0; i < n; i++) localI[i] = scaling * z[i] * lag[i];
	const quadrants = Array.from({ length: n }, (_, i) => quadrant(z[i], lag[i]));
	const pSim = new Float64Array(n).fill(NaN);

	if (permutations > 0) {
		const rng = createRandom(seed);
		// pool holds all area indices; for area i, i is moved to the last slot and
		// the first |Nᵢ| slots are filled by a partial Fisher–Yates over slots 0 … n−2.
		// A partial shuffle of any arrangement yields a uniform draw, so the pool is
		// never reset; `slot` tracks where each index sits.
		const pool = new Int32Array(n);
		const slot = new Int32Array(n);
		for (let i = 0; i < n; i++) pool[i] = slot[i] = i;
		const others = n - 1;
		for (let i = 0; i < n; i++) {
			const last = n - 1;
			const si = slot[i];
			const moved = pool[last];
			pool[si] = moved;
			slot[moved] = si;
			pool[last] = i;
			slot[i] = last;
			const start = w.offsets[i];
			const k = w.offsets[i + 1] - start;
			if (k === others) {
				// i borders every other area: each draw gives back the observed Iᵢ, so
				// nothing is extreme — p = 1 (esda's folding would report 1/(R + 1))
				pSim[i] = 1;
				continue;
			}
			const zi = scaling * z[i];
			const observed = localI[i];
			let larger = 0;
			for (let p = 0; p < permutations; p++) {
				let s = 0;
				for (let j = 0; j < k; j++) {
					const r = j + ((rng.uniform() * (others - j)) | 0);
					const a = pool[j];
					const b = pool[r];
					pool[j] = b;
					pool[r] = a;
					slot[b] = j;
					slot[a] = r;
					s += w.weights[start + j] * z[b];
				}
				if (zi * s >= observed) larger++;
			}
			pSim[i] = foldedPseudoP(larger, permutations);
		}
	}
	const cutoff = permutations > 0 && useFdr ? fdrCutoff(pSim, alpha) : alpha;
	const cluster: Cluster[] = quadrants.map((q, i) => (pSim[i] <= cutoff ? q : 'ns'));
	return { ids: w.ids, z, lag, localI, p_sim: pSim, quadrant: quadrants, cluster, cutoff, alpha, fdr: useFdr, permutations, seed };
}

// ---------------------------------------------------------------------------
// Moran scatterplot
// ---------------------------------------------------------------------------

export interface ScatterPoint {
	id: string;
	/** the value analysed (rate, or EB-smoothed rate) */
	value: number;
	/** standardised value (x − x̄)/s, s with n */
	z: number;
	/** spatial lag of z: mean z of the neighbours */
	lag: number;
	quadrant: Quadrant;
}

/**
 * Data for the Moran scatterplot: standardised value on x, its spatial lag on
 * y. With row-standardised weights the least-squares slope of lag on z is
 * exactly global Moran's I (Anselin 1996), returned as `slope`.
 *
 * @param values one value per area of `w`
 * @param w row-standardised weights without islands
 * @throws RangeError as `moranI`
 * @example moranScatter(values, w).slope === moranI(values, w) // → true (up to rounding)
 * @see Anselin (1996), The Moran scatterplot as an ESDA tool, in Fischer et al. (eds.), Spatial Analytical Perspectives on GIS, 111–125
 */
export function moranScatter(values: ArrayLike<number>, w: SpatialWeights): { points: ScatterPoint[]; slope: number } {
	const n = checkInput('Moran-Streudiagramm', values, w);
	const { z, sumSquares } = centred('Moran-Streudiagramm', values);
	const sd = Math.sqrt(sumSquares / n);
	for (let i = 0; i < n; i++) z[i] /= sd;
	const lag = spatialLag(z, w);
	let zz = 0;
	let zl = 0;
	for (let i = 0; i < n; i++) {
		zz += z[i] * z[i];
		zl += z[i] * lag[i];
	}
	const points = Array.from({ length: n }, (_, i) => ({
		id: w.ids[i],
		value: values[i],
		z: z[i],
		lag: lag[i],
		quadrant: quadrant(z[i], lag[i])
	}));
	return { points, slope: zl / zz };
}

// ---------------------------------------------------------------------------
// Loading an indicator through the Db
// ---------------------------------------------------------------------------

/** How small-base (unreliable) rates are handled; default 'exclude'. */
export type UnreliableMode = 'exclude' | 'eb';

export interface SpatialOptions {
	indicator: string;
	year: number;
	/**
	 * 'exclude' (default): areas whose denominator is below the indicator's
	 * minimum base are left out and reported. 'eb': all rates are replaced by
	 * Marshall's global empirical-Bayes estimates and every area with a
	 * population stays in.
	 */
	unreliable?: UnreliableMode;
	/** dataset in `vals` (default: all rows) */
	dataset?: string;
}

/** An area's input to the spatial analysis. */
export interface SpatialArea {
	area_id: string;
	area_name: string;
	/** the indicator value as published (null if suppressed/missing) */
	raw_value: number | null;
	/** the value analysed (raw, or EB-smoothed); null if the area is excluded */
	value: number | null;
	reliable: boolean;
	/** why the area is not in the analysis; null if it is */
	note: string | null;
}

export interface SpatialData {
	indicator: string;
	year: number;
	unreliable: UnreliableMode;
	/** all Ortsteile with a row for the indicator and year, in register order */
	areas: SpatialArea[];
	/** the areas analysed (sorted by id: the order the permutations use), their values and weights */
	ids: string[];
	values: Float64Array;
	weights: SpatialWeights;
	/** areas without a neighbour in the analysis */
	islands: string[];
	/** areas without a usable value (suppressed, missing, small base) */
	excluded: ExcludedSpatialArea[];
}

/** An Ortsteil value with the value to compute with under the small-base rule. */
export interface UsableValue extends LevelValue {
	area_name: string;
	/** register order of the Ortsteil */
	sort: number | null;
	/** the indicator's scale (value = numerator / denominator × scale) */
	scale: number;
	/** raw value, or EB-smoothed rate (× scale); NaN when not usable */
	used: number;
	/** why `used` is NaN; null when usable */
	reason: string | null;
}

function exclusionReason(row: LevelValue): string {
	if (row.status !== 'ok') return 'Wert gesperrt';
	if (row.value === null || !Number.isFinite(row.value)) return 'kein Wert';
	if (!row.reliable) return 'kleine Basis (Nenner unter Mindestbasis)';
	return 'nicht verwendbar';
}

/**
 * Ortsteil values of one indicator with the value to compute with:
 *
 * - 'exclude' (default): the published value where it is usable — status ok,
 *   a value, and a denominator ≥ the indicator's minimum base (`usableValue`
 *   in missing.ts); else NaN with the reason;
 * - 'eb': Marshall's global empirical-Bayes rate (`empiricalBayes` in
 *   ebsmooth.ts) × scale for every area with counts and a denominator > 0,
 *   computed per year over all Ortsteile with counts; the minimum base then no
 *   longer applies.
 *
 * Rows come in register order (areas.sort), then by year.
 *
 * @throws Error (German) for an unknown mode, or 'eb' on a plain count indicator
 */
export async function usableValues(
	db: Db,
	opts: { indicator: string; years?: readonly number[]; unreliable?: UnreliableMode; dataset?: string }
): Promise<UsableValue[]> {
	const mode = opts.unreliable ?? 'exclude';
	if (mode !== 'exclude' && mode !== 'eb') {
		throw new Error(`Unbekannte Behandlung kleiner Basen „${mode}“ (erlaubt: exclude, eb).`);
	}
	const rows = await db.query<Omit<UsableValue, 'used' | 'reason'>>(`
WITH v AS (${levelValuesSql('ortsteil', { indicatorIds: [opts.indicator], years: opts.years, dataset: opts.dataset })})
SELECT v.*, a.sort, CAST(i.scale AS DOUBLE) AS scale
FROM v JOIN areas a ON a.id = v.area_id JOIN indicators i ON i.id = v.indicator_id
ORDER BY v.year, a.sort NULLS LAST, v.area_id`);
	const out: UsableValue[] = rows.map((r) => ({ ...r, area_name: r.area_name ?? r.area_id, used: NaN, reason: null }));
	if (mode === 'exclude') {
		for (const r of out) {
			r.used = usableValue(r, false);
			if (Number.isNaN(r.used)) r.reason = exclusionReason(r);
		}
		return out;
	}
	if (out.length > 0 && out.every((r) => r.denominator === null)) {
		throw new Error(`EB-Glättung: „${opts.indicator}“ ist eine Anzahl ohne Nenner – nur Raten lassen sich glätten.`);
	}
	const years = [...new Set(out.map((r) => r.year))];
	for (const year of years) {
		const part = out.filter((r) => r.year === year);
		const events = part.map((r) => (r.status === 'ok' && r.numerator !== null ? r.numerator : NaN));
		const populations = part.map((r) => (r.status === 'ok' && r.denominator !== null ? r.denominator : NaN));
		const { rates } = empiricalBayes(events, populations);
		part.forEach((r, i) => {
			r.used = Number.isFinite(rates[i]) ? rates[i] * r.scale : NaN;
			if (Number.isNaN(r.used)) r.reason = r.status !== 'ok' ? 'Wert gesperrt' : 'kein Nenner (Bevölkerung 0 oder fehlend)';
		});
	}
	return out;
}

/**
 * Loads one indicator's Ortsteil values for a year with the neighbour table,
 * applies the small-base rule and drops islands. The result feeds `moran`,
 * `localMoran` and `moranScatter`.
 *
 * @throws Error (German) when the indicator has no values in that year, or EB is asked for a plain count
 */
export async function loadSpatialData(db: Db, opts: SpatialOptions): Promise<SpatialData> {
	const mode = opts.unreliable ?? 'exclude';
	const [rows, pairs] = await Promise.all([
		usableValues(db, { indicator: opts.indicator, years: [opts.year], unreliable: mode, dataset: opts.dataset }),
		neighbourPairs(db)
	]);
	if (rows.length === 0) throw new Error(`Keine Werte für „${opts.indicator}“ im Jahr ${opts.year}.`);
	// The permutation stream is consumed in analysis order; sorting by id makes the
	// result independent of register or file order (same data → same p-values).
	const byId = [...rows].sort((a, b) => (a.area_id < b.area_id ? -1 : a.area_id > b.area_id ? 1 : 0));
	const subset = spatialSubset(
		byId.map((r) => ({ id: r.area_id, value: r.used })),
		pairs
	);
	const islandSet = new Set(subset.islands);
	const excluded: ExcludedSpatialArea[] = [];
	const areas: SpatialArea[] = rows.map((r) => {
		let note: string | null = r.reason;
		if (note !== null) excluded.push({ area_id: r.area_id, reason: note });
		else if (islandSet.has(r.area_id)) note = 'ohne Nachbarn mit Wert';
		return {
			area_id: r.area_id,
			area_name: r.area_name,
			raw_value: r.status === 'ok' ? r.value : null,
			value: note === null ? r.used : null,
			reliable: r.reliable,
			note
		};
	});
	return {
		indicator: opts.indicator,
		year: opts.year,
		unreliable: mode,
		areas,
		ids: subset.ids,
		values: subset.values,
		weights: subset.weights,
		islands: subset.islands,
		excluded
	};
}

/** Global Moran's I of an indicator, with the areas left out. */
export interface IndicatorMoran extends MoranResult {
	indicator: string;
	year: number;
	unreliable: UnreliableMode;
	islands: string[];
	excluded: ExcludedSpatialArea[];
}

/**
 * Global Moran's I of one indicator's Ortsteil values in a year.
 *
 * @throws Error (German) as `loadSpatialData` and `moran`
 * @example await moranForIndicator(db, { indicator: 'sgb2_quote', year: 2023 }) // → { I: 0.67…, expected: −1/83, p_sim: 0.001, n: 84, … } (demo data)
 */
export async function moranForIndicator(db: Db, opts: SpatialOptions & MoranOptions): Promise<IndicatorMoran> {
	const data = await loadSpatialData(db, opts);
	const result = moran(data.values, data.weights, opts);
	return { ...result, indicator: data.indicator, year: data.year, unreliable: data.unreliable, islands: data.islands, excluded: data.excluded };
}

/** One Ortsteil in the LISA table (all Ortsteile, analysed or not). */
export interface LisaRow {
	area_id: string;
	area_name: string;
	/** the value analysed (raw or EB-smoothed); for excluded areas the raw value */
	value: number | null;
	local_i: number | null;
	p_sim: number | null;
	quadrant: Quadrant | null;
	/** quadrant if significant, 'ns' if not, null if not analysed */
	cluster: Cluster | null;
	/** standardised value and its spatial lag (the scatterplot coordinates) */
	z: number | null;
	lag: number | null;
	/** why the area is not analysed (small base, no neighbours, …); null if it is */
	note: string | null;
}

export interface IndicatorLisa {
	indicator: string;
	year: number;
	unreliable: UnreliableMode;
	rows: LisaRow[];
	cutoff: number;
	alpha: number;
	fdr: boolean;
	permutations: number;
	seed: string;
	islands: string[];
	excluded: ExcludedSpatialArea[];
}

/**
 * Local Moran (LISA) of one indicator's Ortsteil values in a year: one row per
 * Ortsteil in register order; areas not analysed keep their value and a note.
 *
 * @throws Error (German) as `loadSpatialData` and `localMoran`
 * @example (await lisaForIndicator(db, { indicator: 'sgb2_quote', year: 2023 })).rows.filter((r) => r.cluster === 'HH')
 */
export async function lisaForIndicator(db: Db, opts: SpatialOptions & LocalMoranOptions): Promise<IndicatorLisa> {
	const data = await loadSpatialData(db, opts);
	const lisa = localMoran(data.values, data.weights, opts);
	const at = new Map(data.ids.map((id, i) => [id, i]));
	const rows: LisaRow[] = data.areas.map((a) => {
		const i = at.get(a.area_id);
		if (i === undefined) {
			return { area_id: a.area_id, area_name: a.area_name, value: a.raw_value, local_i: null, p_sim: null, quadrant: null, cluster: null, z: null, lag: null, note: a.note };
		}
		return {
			area_id: a.area_id,
			area_name: a.area_name,
			value: data.values[i],
			local_i: lisa.localI[i],
			p_sim: Number.isNaN(lisa.p_sim[i]) ? null : lisa.p_sim[i],
			quadrant: lisa.quadrant[i],
			cluster: lisa.cluster[i],
			z: lisa.z[i],
			lag: lisa.lag[i],
			note: null
		};
	});
	return {
		indicator: data.indicator,
		year: data.year,
		unreliable: data.unreliable,
		rows,
		cutoff: lisa.cutoff,
		alpha: lisa.alpha,
		fdr: lisa.fdr,
		permutations: lisa.permutations,
		seed: lisa.seed,
		islands: data.islands,
		excluded: data.excluded
	};
}

/**
 * Moran scatterplot data of one indicator: points (z, lag) per analysed
 * Ortsteil with name, slope = Moran's I, and the areas left out.
 *
 * @throws Error (German) as `loadSpatialData` and `moranScatter`
 */
export async function moranScatterForIndicator(
	db: Db,
	opts: SpatialOptions
): Promise<{ points: (ScatterPoint & { name: string })[]; slope: number; islands: string[]; excluded: ExcludedSpatialArea[] }> {
	const data = await loadSpatialData(db, opts);
	const { points, slope } = moranScatter(data.values, data.weights);
	const names = new Map(data.areas.map((a) => [a.area_id, a.area_name]));
	return {
		points: points.map((p) => ({ ...p, name: names.get(p.id) ?? p.id })),
		slope,
		islands: data.islands,
		excluded: data.excluded
	};
}
