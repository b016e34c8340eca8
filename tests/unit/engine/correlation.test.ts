import { describe, expect, it } from 'vitest';
import { averageRanks, correlationWords, ols, pearson, relation, spearman } from '../../../src/lib/engine/correlation.ts';

// Small case with ties, by hand:
//   x = 1 2 3 4 5          x̄ = 3, dx = −2 −1 0 1 2,  Sxx = 10
//   y = 2 4 5 4 5          ȳ = 4, dy = −2  0 1 0 1,  Syy = 6
//   Sxy = 4 + 0 + 0 + 0 + 2 = 6
const X = [1, 2, 3, 4, 5];
const Y = [2, 4, 5, 4, 5];

describe('pearson', () => {
	it('hand-computed: r = Sxy / √(Sxx·Syy) = 6 / √60', () => {
		// R: cor(1:5, c(2,4,5,4,5))  → 0.7745967
		expect(pearson(X, Y)).toBeCloseTo(6 / Math.sqrt(60), 14);
		expect(pearson(X, Y)).toBeCloseTo(0.7745967, 7);
	});
	it('is ±1 on a line and symmetric', () => {
		expect(pearson([1, 2, 3], [10, 20, 30])).toBeCloseTo(1, 14);
		expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
		expect(pearson(Y, X)).toBeCloseTo(pearson(X, Y), 14);
	});
	it('is NaN for a constant variable (R: NA), not 0', () => {
		expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
	});
	it('throws on too few pairs, unequal lengths, non-finite values', () => {
		expect(() => pearson([1, 2], [1, 2])).toThrow(/mindestens 3 Wertepaare/);
		expect(() => pearson([1, 2, 3], [1, 2])).toThrow(/gleich lang/);
		expect(() => pearson([1, NaN, 3], [1, 2, 3])).toThrow(/endliche Zahl/);
	});
});

describe('averageRanks', () => {
	it('gives ties their mean rank (R: rank(c(2,4,5,4,5)) → 1.0 2.5 4.5 2.5 4.5)', () => {
		expect(averageRanks(Y)).toEqual([1, 2.5, 4.5, 2.5, 4.5]);
		expect(averageRanks([3, 1, 2])).toEqual([3, 1, 2]);
		expect(averageRanks([7, 7, 7])).toEqual([2, 2, 2]);
	});
});

describe('spearman', () => {
	it('hand-computed with ties: Pearson of the mid-ranks = 7 / √90', () => {
		// R: cor(1:5, c(2,4,5,4,5), method = "spearman")  → 0.7378648
		// ranks y = 1 2.5 4.5 2.5 4.5, mean 3, d = −2 −0.5 1.5 −0.5 1.5, Σd² = 9
		// Σ dx·d = 4 + 0.5 + 0 − 0.5 + 3 = 7;  ρ = 7 / √(10·9)
		expect(spearman(X, Y)).toBeCloseTo(7 / Math.sqrt(90), 14);
		expect(spearman(X, Y)).toBeCloseTo(0.7378648, 7);
	});
	it('differs from the no-ties shortcut 1 − 6Σd²/(n(n²−1)) when there are ties', () => {
		// d = rank x − rank y = 0 −0.5 −1.5 1.5 0.5, Σd² = 5 → shortcut 1 − 30/120 = 0.75
		expect(spearman(X, Y)).not.toBeCloseTo(0.75, 3);
	});
	it('is 1 for any monotone relation', () => {
		expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBeCloseTo(1, 14);
	});
});

describe('ols', () => {
	it('hand-computed line, R² and standardised residuals', () => {
		// R: m <- lm(y ~ x); coef(m) → 2.2 0.6; summary(m)$r.squared → 0.6; rstandard(m)
		// b = 6/10 = 0.6, a = 4 − 0.6·3 = 2.2; ŷ = 2.8 3.4 4.0 4.6 5.2
		// e = −0.8 0.6 1.0 −0.6 −0.2, SSE = 2.4, R² = 1 − 2.4/6 = 0.6
		// σ̂ = √(2.4/3) = √0.8;  h = 0.2 + dx²/10 = 0.6 0.3 0.2 0.3 0.6
		// r₁ = −0.8/(√0.8·√0.4) = −√2;  r₃ = 1/(√0.8·√0.8) = 1.25;  r₂ = 0.6/(√0.8·√0.7) = 0.8017837
		const f = ols(X, Y);
		expect(f.slope).toBeCloseTo(0.6, 14);
		expect(f.intercept).toBeCloseTo(2.2, 14);
		expect(f.r2).toBeCloseTo(0.6, 14);
		expect(f.sigma).toBeCloseTo(Math.sqrt(0.8), 14);
		expect(f.leverage.map((h) => +h.toFixed(12))).toEqual([0.6, 0.3, 0.2, 0.3, 0.6]);
		const expected = [-Math.SQRT2, 0.6 / Math.sqrt(0.56), 1.25, -0.6 / Math.sqrt(0.56), -0.2 / Math.sqrt(0.32)];
		f.standardized.forEach((r, i) => expect(r).toBeCloseTo(expected[i], 12));
		expect(f.standardized[1]).toBeCloseTo(0.8017837, 7);
	});
	it('R² equals r² for a line with intercept', () => {
		expect(ols(X, Y).r2).toBeCloseTo(pearson(X, Y) ** 2, 14);
	});
	it('throws on constant x; residuals NaN-free on exact fits except the standardised ones', () => {
		expect(() => ols([2, 2, 2], [1, 2, 3])).toThrow(/x ist in allen Gebieten gleich/);
		const exact = ols([1, 2, 3], [2, 4, 6]);
		expect(exact.slope).toBeCloseTo(2, 14);
		expect(exact.standardized.every(Number.isNaN)).toBe(true);
	});
});

describe('relation', () => {
	// x = 1…8, y = 2 1 4 3 6 5 8 16 (the last area far above the trend)
	// x̄ = 4.5, Sxx = 42, ȳ = 5.625, Sxy = Σ dx·y = 69.5 → b = 69.5/42 = 1.6547619, a = 5.625 − 4.5b = −1.8214286
	// e₈ = 16 − (a + 8b) = 4.5833333; SSE = Σeᵢ² = 42.8690476 → σ̂ = √(SSE/6) = 2.6729836; h₈ = 1/8 + 3.5²/42 = 0.4166667
	// r₈ = 4.5833333 / (2.6729836 · √0.5833333) = 2.2450538 > 2, every other |rᵢ| < 1.3
	// (R: m <- lm(c(2,1,4,3,6,5,8,16) ~ I(1:8)); rstandard(m)[8] → 2.245054)
	const POINTS = [2, 1, 4, 3, 6, 5, 8, 16].map((y, i) => ({ id: `ot-${i + 1}`, x: i + 1, y, usable: true }));

	it('names the area with |standardised residual| > 2', () => {
		const r = relation(POINTS);
		expect(r.n).toBe(8);
		expect(r.fit.slope).toBeCloseTo(69.5 / 42, 12);
		expect(r.fit.sigma).toBeCloseTo(2.6729836, 6);
		expect(r.residualById.get('ot-8')).toBeCloseTo(2.2450538, 6);
		expect(r.outliers).toEqual(['ot-8']);
		expect(r.threshold).toBe(2);
		// R: cor(1:8, c(2,1,4,3,6,5,8,16), method = "spearman") → 0.9285714 (= 1 − 6·6/504, no ties)
		expect(r.spearman).toBeCloseTo(1 - (6 * 6) / (8 * 63), 12);
	});

	it('leaves out missing and unusable pairs, and says which', () => {
		const r = relation([
			...POINTS,
			{ id: 'ot-klein', x: 50, y: 0, usable: false },
			{ id: 'ot-leer', x: null, y: 3, usable: true }
		]);
		expect(r.n).toBe(8);
		expect(r.excluded).toEqual(['ot-klein', 'ot-leer']);
		expect(r.outliers).toEqual(['ot-8']);
	});

	it('throws below 3 usable pairs', () => {
		expect(() => relation(POINTS.slice(0, 2))).toThrow(/mindestens 3 Gebiete/);
	});
});

describe('correlationWords', () => {
	it('reads |r| after Cohen, with the direction', () => {
		expect(correlationWords(-0.62)).toBe('starker negativer Zusammenhang');
		expect(correlationWords(0.35)).toBe('mittlerer positiver Zusammenhang');
		expect(correlationWords(0.2)).toBe('schwacher positiver Zusammenhang');
		expect(correlationWords(0.05)).toBe('kein nennenswerter Zusammenhang');
		expect(correlationWords(NaN)).toBe('nicht bestimmbar');
	});
});
