/**
 * Relations between two indicators across areas: Pearson and Spearman
 * correlation, the least-squares line and its standardised residuals.
 *
 * These describe areas, not people: a correlation between the SGB-II rate and
 * turnout across Ortsteile says nothing about whether recipients vote
 * (ecological fallacy, Robinson 1950). Neighbouring areas are not independent
 * (spatial autocorrelation), so the app reports no p-values here.
 *
 * Input pairs are complete cases: the caller drops areas with a missing or
 * unreliable value in either indicator (see `relation`). All functions throw
 * a RangeError with a German message on too few pairs, never return 0 for
 * "cannot be computed".
 *
 * @see Pearson, K. (1895), Proc. R. Soc. London 58: 240–242
 * @see Spearman, C. (1904), American Journal of Psychology 15(1): 72–101
 * @see Cook, R. D. & Weisberg, S. (1982), Residuals and Influence in Regression, ch. 2 (R's `rstandard`)
 */

function requirePairs(name: string, x: readonly number[], y: readonly number[], min: number): void {
	if (x.length !== y.length) throw new RangeError(`${name}: x und y müssen gleich lang sein (${x.length} ≠ ${y.length})`);
	if (x.length < min) throw new RangeError(`${name}: mindestens ${min} Wertepaare nötig (erhalten: ${x.length})`);
	for (let i = 0; i < x.length; i++) {
		if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new RangeError(`${name}: Wertepaar ${i + 1} ist keine endliche Zahl`);
	}
}

const mean = (v: readonly number[]) => v.reduce((s, a) => s + a, 0) / v.length;

/** Centred cross-products: Sxx = Σ(xᵢ − x̄)², Syy, Sxy. */
function moments(x: readonly number[], y: readonly number[]) {
	const meanX = mean(x);
	const meanY = mean(y);
	let sxx = 0;
	let syy = 0;
	let sxy = 0;
	for (let i = 0; i < x.length; i++) {
		const dx = x[i] - meanX;
		const dy = y[i] - meanY;
		sxx += dx * dx;
		syy += dy * dy;
		sxy += dx * dy;
	}
	return { meanX, meanY, sxx, syy, sxy };
}

/**
 * Pearson's product-moment correlation coefficient:
 *
 *   r = Σ(xᵢ − x̄)(yᵢ − ȳ) / √( Σ(xᵢ − x̄)² · Σ(yᵢ − ȳ)² )
 *
 * Range −1 … +1; measures the linear part of the relation only.
 * NaN when either variable is constant (R: `NA` with a warning).
 *
 * @throws RangeError for fewer than 3 pairs, unequal lengths or non-finite values
 * @example pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) // → 0.7745966… (= 6 / √60; R: cor(1:5, c(2,4,5,4,5)))
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
	requirePairs('Pearson-Korrelation', x, y, 3);
	const { sxx, syy, sxy } = moments(x, y);
	if (sxx === 0 || syy === 0) return NaN;
	return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Ranks 1…n with ties given their average rank ("mid-ranks", R's
 * `rank(ties.method = "average")`, the default).
 *
 * @example averageRanks([2, 4, 5, 4, 5]) // → [1, 2.5, 4.5, 2.5, 4.5]
 */
export function averageRanks(values: readonly number[]): number[] {
	const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
	const ranks = new Array<number>(values.length);
	let start = 0;
	while (start < order.length) {
		let end = start;
		while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
		const rank = (start + end) / 2 + 1; // average of positions start+1 … end+1
		for (let k = start; k <= end; k++) ranks[order[k].i] = rank;
		start = end + 1;
	}
	return ranks;
}

/**
 * Spearman's rank correlation ρ: Pearson's r of the average ranks of x and of
 * y. With ties this is what R computes for `cor(x, y, method = "spearman")`;
 * the shortcut 1 − 6Σd²/(n(n²−1)) holds only without ties and is not used.
 * Robust against outliers and any monotone (not only linear) relation.
 *
 * @throws RangeError for fewer than 3 pairs, unequal lengths or non-finite values
 * @example spearman([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) // → 0.7378647… (= 7 / √90; R: cor(1:5, c(2,4,5,4,5), method = "spearman"))
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
	requirePairs('Spearman-Korrelation', x, y, 3);
	return pearson(averageRanks(x), averageRanks(y));
}

export interface OlsFit {
	/** a in ŷ = a + b·x */
	intercept: number;
	/** b = Sxy / Sxx */
	slope: number;
	/** R² = 1 − SSE / SST (for a line with intercept equal to r²); NaN when y is constant */
	r2: number;
	/** σ̂ = √(SSE / (n − 2)), the residual standard error */
	sigma: number;
	/** ŷᵢ */
	fitted: number[];
	/** eᵢ = yᵢ − ŷᵢ */
	residuals: number[];
	/** leverage hᵢ = 1/n + (xᵢ − x̄)² / Sxx */
	leverage: number[];
	/** standardised residuals rᵢ = eᵢ / (σ̂ √(1 − hᵢ)); NaN when σ̂ = 0 (all points on the line) */
	standardized: number[];
	n: number;
}

/**
 * Ordinary least squares line of y on x, with the diagnostics needed to name
 * outliers:
 *
 *   b = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)²,   a = ȳ − b·x̄
 *   eᵢ = yᵢ − (a + b·xᵢ),   σ̂² = Σeᵢ² / (n − 2)
 *   hᵢ = 1/n + (xᵢ − x̄)² / Σ(xⱼ − x̄)²
 *   rᵢ = eᵢ / (σ̂ · √(1 − hᵢ))      (internally studentised, R: `rstandard(lm(y ~ x))`)
 *
 * Dividing by √(1 − hᵢ) matters: a point far out on x pulls the line towards
 * itself, so its raw residual understates how unusual it is.
 *
 * @throws RangeError for fewer than 3 pairs, unequal lengths, non-finite values, or constant x
 * @example ols([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) // → { intercept: 2.2, slope: 0.6, r2: 0.6, standardized: [−√2, 0.8018, 1.25, −0.8018, −0.3536], … }
 */
export function ols(x: readonly number[], y: readonly number[]): OlsFit {
	requirePairs('Regression', x, y, 3);
	const n = x.length;
	const { meanX, meanY, sxx, syy, sxy } = moments(x, y);
	if (sxx === 0) throw new RangeError('Regression: x ist in allen Gebieten gleich; keine Gerade bestimmbar');
	const slope = sxy / sxx;
	const intercept = meanY - slope * meanX;
	const fitted = x.map((xi) => intercept + slope * xi);
	const residuals = y.map((yi, i) => yi - fitted[i]);
	const sse = residuals.reduce((s, e) => s + e * e, 0);
	const sigma = Math.sqrt(sse / (n - 2));
	const leverage = x.map((xi) => 1 / n + ((xi - meanX) * (xi - meanX)) / sxx);
	const standardized = residuals.map((e, i) => (sigma > 0 ? e / (sigma * Math.sqrt(1 - leverage[i])) : NaN));
	return { intercept, slope, r2: syy === 0 ? NaN : 1 - sse / syy, sigma, fitted, residuals, leverage, standardized, n };
}

/** One area in a relation: its two values and whether both are usable. */
export interface RelationInput {
	id: string;
	x: number | null;
	y: number | null;
	/** false when either value rests on a small base or is suppressed: shown, not used */
	usable: boolean;
}

export interface RelationResult {
	/** pairs used (complete and usable) */
	n: number;
	pearson: number;
	spearman: number;
	fit: OlsFit;
	/** standardised residual per used area id */
	residualById: Map<string, number>;
	/** ids with |rᵢ| > threshold, largest first */
	outliers: string[];
	/** the threshold used (default 2) */
	threshold: number;
	/** ids left out (missing or unusable value), in input order */
	excluded: string[];
}

/**
 * Everything the relations view shows, from one list of areas: drops
 * incomplete or unusable pairs, then Pearson, Spearman, the OLS line and the
 * outliers |rᵢ| > `threshold` (default 2: about 5 % of points under normal errors).
 *
 * @throws RangeError (German) when fewer than 3 usable pairs remain or x is constant
 * @example relation([{ id: 'a', x: 1, y: 2, usable: true }, …]).outliers // → ['h']
 */
export function relation(points: readonly RelationInput[], threshold = 2): RelationResult {
	const used = points.filter((p) => p.usable && p.x !== null && p.y !== null && Number.isFinite(p.x) && Number.isFinite(p.y));
	const usedIds = new Set(used.map((p) => p.id));
	const x = used.map((p) => p.x as number);
	const y = used.map((p) => p.y as number);
	if (used.length < 3) throw new RangeError(`Zusammenhang: mindestens 3 Gebiete mit gültigen Werten in beiden Indikatoren nötig (erhalten: ${used.length})`);
	const fit = ols(x, y);
	const residualById = new Map(used.map((p, i) => [p.id, fit.standardized[i]]));
	const outliers = used
		.map((p, i) => ({ id: p.id, r: fit.standardized[i] }))
		.filter((o) => Math.abs(o.r) > threshold)
		.sort((a, b) => Math.abs(b.r) - Math.abs(a.r))
		.map((o) => o.id);
	return {
		n: used.length,
		pearson: pearson(x, y),
		spearman: spearman(x, y),
		fit,
		residualById,
		outliers,
		threshold,
		excluded: points.filter((p) => !usedIds.has(p.id)).map((p) => p.id)
	};
}

/**
 * A plain-German reading of |r| after Cohen (1988): < 0.1 "kein nennenswerter",
 * < 0.3 "schwacher", < 0.5 "mittlerer", else "starker" Zusammenhang; with
 * direction. NaN → "nicht bestimmbar".
 *
 * @example correlationWords(-0.62) // → 'starker negativer Zusammenhang'
 */
export function correlationWords(r: number): string {
	if (!Number.isFinite(r)) return 'nicht bestimmbar';
	const a = Math.abs(r);
	if (a < 0.1) return 'kein nennenswerter Zusammenhang';
	const strength = a < 0.3 ? 'schwacher' : a < 0.5 ? 'mittlerer' : 'starker';
	return `${strength} ${r > 0 ? 'positiver' : 'negativer'} Zusammenhang`;
}
