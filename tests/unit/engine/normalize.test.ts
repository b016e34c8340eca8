import { describe, expect, it } from 'vitest';
import { minMax, moments, normalize, percentileRanks, positiveScale, zScores } from '../../../src/lib/engine/normalize.ts';
import { createRandom } from '../../../src/lib/engine/random.ts';
import { isPresent, usableValue } from '../../../src/lib/engine/missing.ts';

const close = (actual: ArrayLike<number>, expected: number[], digits = 12) => {
	expect(actual.length).toBe(expected.length);
	expected.forEach((e, i) => (Number.isNaN(e) ? expect(actual[i]).toBeNaN() : expect(actual[i]).toBeCloseTo(e, digits)));
};

describe('moments', () => {
	it('gives mean and sample SD (n − 1) of the present values', () => {
		// mean (2 + 4 + 6) / 3 = 4; SD √(((−2)² + 0² + 2²) / 2) = √4 = 2
		expect(moments([2, 4, 6, NaN])).toEqual({ n: 3, mean: 4, sd: 2 });
	});

	it('weights by population with Σw in the denominator', () => {
		// mean (3·2 + 1·4) / 4 = 2.5; variance (3·0.25 + 1·2.25) / 4 = 0.75
		const m = moments([2, 4], [3, 1]);
		expect(m.mean).toBeCloseTo(2.5, 12);
		expect(m.sd).toBeCloseTo(Math.sqrt(0.75), 12);
	});
});

describe('zScores', () => {
	it('standardises a hand-computed example and keeps missing as NaN', () => {
		close(zScores([2, 4, 6, NaN]), [-1, 0, 1, NaN]);
	});

	it('population-weighted: (x − 2.5) / √0.75', () => {
		close(zScores([2, 4], [3, 1]), [-0.5 / Math.sqrt(0.75), 1.5 / Math.sqrt(0.75)]);
	});

	it("doesn't divide by zero on a constant indicator or a single value", () => {
		close(zScores([5, 5, NaN]), [0, 0, NaN]);
		close(zScores([7]), [0]);
	});

	it('property: over the present values z has mean 0 and SD 1 (unweighted and weighted)', () => {
		const rng = createRandom('z-property');
		for (let run = 0; run < 50; run++) {
			const n = 3 + rng.integer(40);
			const values = Array.from({ length: n }, () => (rng.uniform() < 0.2 ? NaN : 100 * rng.uniform() - 20));
			const weights = Array.from({ length: n }, () => 1 + 1000 * rng.uniform());
			if (values.filter((v) => !Number.isNaN(v)).length < 2) continue;
			const z = zScores(values);
			const m = moments(z);
			expect(m.mean).toBeCloseTo(0, 10);
			expect(m.sd).toBeCloseTo(1, 10);
			values.forEach((v, i) => expect(Number.isNaN(z[i])).toBe(Number.isNaN(v)));
			const zw = zScores(values, weights);
			const mw = moments(zw, weights);
			expect(mw.mean).toBeCloseTo(0, 10);
			expect(mw.sd).toBeCloseTo(1, 10);
		}
	});

	it('property: z is unchanged by a positive linear change of units', () => {
		const values = [3.2, 7.9, 1.1, NaN, 4.4];
		close(zScores(values.map((v) => 1000 * v - 17)), Array.from(zScores(values)), 10);
	});
});

describe('minMax', () => {
	it('rescales to [0, 1]: (x − 10) / 30', () => {
		close(minMax([10, 20, 40, NaN]), [0, 1 / 3, 1, NaN]);
	});

	it('gives 0.5 for a constant indicator', () => {
		close(minMax([3, 3]), [0.5, 0.5]);
	});
});

describe('percentileRanks', () => {
	it('gives (rank − 1) / (n − 1) with average ranks for ties', () => {
		// ascending ranks 10 → 1, 20 and 20 → 2.5, 30 → 4; (r − 1) / 3
		close(percentileRanks([10, 30, 20, 20, NaN]), [0, 1, 0.5, 0.5, NaN]);
	});

	it('gives 0.5 for a single value', () => {
		close(percentileRanks([NaN, 42]), [NaN, 0.5]);
	});
});

describe('normalize', () => {
	it('applies polarity before normalising so that higher = more disadvantage', () => {
		close(normalize([2, 4, 6], 'z', { polarity: -1 }), [1, 0, -1]);
		close(normalize([10, 20, 40], 'minmax', { polarity: -1 }), [1, 2 / 3, 0]);
		close(normalize([10, 30, 20], 'rank', { polarity: -1 }), [1, 0, 0.5]);
	});

	it('throws a German error on an unknown method', () => {
		expect(() => normalize([1, 2], 'median' as never)).toThrow(/Unbekannte Normierung „median“/);
	});
});

describe('positiveScale', () => {
	it('maps to [1, 100] for geometric aggregation', () => {
		close(positiveScale([-1, 0, 1, NaN]), [1, 50.5, 100, NaN]);
	});
});

describe('what counts as missing', () => {
	it('isPresent: finite numbers only', () => {
		expect(isPresent(0)).toBe(true);
		expect(isPresent(NaN)).toBe(false);
		expect(isPresent(null)).toBe(false);
		expect(isPresent(Infinity)).toBe(false);
	});

	it('usableValue: unreliable values are missing unless EB-smoothed; suppressed always', () => {
		const small = { value: 12, denominator: 30, status: 'ok', reliable: false };
		expect(usableValue(small, false)).toBeNaN();
		expect(usableValue(small, true)).toBe(12);
		expect(usableValue({ ...small, denominator: 0 }, true)).toBeNaN();
		expect(usableValue({ value: 5, denominator: 100, status: 'gesperrt', reliable: true }, true)).toBeNaN();
		expect(usableValue({ value: 300, denominator: null, status: 'ok', reliable: true }, false)).toBe(300);
	});
});
