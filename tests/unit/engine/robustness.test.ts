import { describe, expect, it } from 'vitest';
import { competitionRanks, compositeIndex } from '../../../src/lib/engine/composite.ts';
import type { ExclusionFactor } from '../../../src/lib/engine/index-settings.ts';
import { normalize } from '../../../src/lib/engine/normalize.ts';
import { createRandom } from '../../../src/lib/engine/random.ts';
import { prepareRobustness, rankQuantile, rankRobustness } from '../../../src/lib/engine/robustness.ts';

const FACTORS: ExclusionFactor[] = ['materiell', 'kulturell', 'sozial', 'symbolisch'];

function syntheticInput(seed: string, areas: number, indicators: number) {
	const rng = createRandom(seed);
	const columns = Array.from({ length: indicators }, () =>
		Float64Array.from({ length: areas }, () => (rng.uniform() < 0.05 ? NaN : 100 * rng.uniform()))
	);
	const polarities = columns.map(() => (rng.uniform() < 0.8 ? 1 : -1));
	const factors = columns.map((_, j) => FACTORS[j % 4]);
	const weights = columns.map(() => 0.5 + rng.uniform());
	return { columns, polarities, factors, weights };
}

describe('rankQuantile (Hyndman & Fan type 1)', () => {
	it('picks the smallest rank whose cumulative count reaches ⌈p · D⌉', () => {
		// 100 draws: rank 1 ×10, rank 2 ×30, rank 3 ×40, rank 4 ×20
		expect(rankQuantile([10, 30, 40, 20], 0.05)).toBe(1); // 5th draw: 10 ≥ 5
		expect(rankQuantile([10, 30, 40, 20], 0.5)).toBe(3); // 50th: 10 + 30 = 40 < 50 ≤ 80
		expect(rankQuantile([10, 30, 40, 20], 0.95)).toBe(4); // 95th: 80 < 95 ≤ 100
		expect(rankQuantile([10, 30, 40, 20], 0.4)).toBe(2); // 40th: exactly 40 → rank 2
	});
});

describe('rankRobustness', () => {
	it('one indicator: every draw gives the same order (doc example)', () => {
		const p = prepareRobustness({ columns: [[1, 2, 3]], polarities: [1], factors: ['materiell'] });
		const r = rankRobustness(p, [1], {}, { draws: 100, seed: 1 });
		expect(Array.from(r.median)).toEqual([3, 2, 1]);
		expect(Array.from(r.p05)).toEqual([3, 2, 1]);
		expect(Array.from(r.p95)).toEqual([3, 2, 1]);
	});

	it('without perturbation it reproduces the ranks of the composite index (linear and geometric)', () => {
		const input = syntheticInput('no-perturbation', 30, 8);
		const normalised = input.columns.map((c, j) => normalize(c, 'z', { polarity: input.polarities[j] as 1 | -1 }));
		const inds = input.factors.map((factor, j) => ({ factor, weight: input.weights[j] }));
		for (const aggregation of ['linear', 'geometric'] as const) {
			const composite = compositeIndex(normalised, inds, { sozial: 2 }, aggregation);
			const p = prepareRobustness(input);
			const r = rankRobustness(p, input.weights, { sozial: 2 }, {
				draws: 20, seed: 'x', weightRange: [1, 1], normalizations: ['z'], aggregations: [aggregation]
			});
			const expected = Array.from(competitionRanks(composite.index));
			expect(Array.from(r.median)).toEqual(expected);
			expect(Array.from(r.p05)).toEqual(expected);
			expect(Array.from(r.p95)).toEqual(expected);
		}
	});

	it('two areas that swap with the weights: both bands span ranks 1 to 2', () => {
		// A is worse on materiell, B on sozial: which is first depends only on the drawn factor weights
		const p = prepareRobustness({
			columns: [[1, 0], [0, 1]], polarities: [1, 1], factors: ['materiell', 'sozial']
		});
		const r = rankRobustness(p, [1, 1], {}, { draws: 1000, seed: 7 });
		expect(Array.from(r.p05)).toEqual([1, 1]);
		expect(Array.from(r.p95)).toEqual([2, 2]);
	});

	it('is reproducible with a seed, ordered p05 ≤ median ≤ p95, and skips areas without index', () => {
		const input = syntheticInput('bands', 40, 12);
		for (const column of input.columns) column[3] = NaN; // area 3 has no values: not ranked
		const p = prepareRobustness(input);
		const a = rankRobustness(p, input.weights, {}, { draws: 1000, seed: 42 });
		const b = rankRobustness(p, input.weights, {}, { draws: 1000, seed: 42 });
		expect(Array.from(a.median)).toEqual(Array.from(b.median));
		expect(Array.from(a.p95)).toEqual(Array.from(b.p95));
		expect(a.median[3]).toBeNaN();
		expect(a.ranked).toBe(39);
		for (let i = 0; i < 40; i++) {
			if (i === 3) continue;
			expect(a.p05[i]).toBeGreaterThanOrEqual(1);
			expect(a.p05[i]).toBeLessThanOrEqual(a.median[i]);
			expect(a.median[i]).toBeLessThanOrEqual(a.p95[i]);
			expect(a.p95[i]).toBeLessThanOrEqual(39);
		}
	});

	it('rejects invalid options in German', () => {
		const p = prepareRobustness({ columns: [[1, 2]], polarities: [1], factors: ['materiell'] });
		expect(() => rankRobustness(p, [1], {}, { draws: 0 })).toThrow(/mindestens 1 Ziehung/);
		expect(() => rankRobustness(p, [1, 2], {})).toThrow(/je Indikator ein Gewicht/);
		expect(() => rankRobustness(p, [1], {}, { normalizations: [] })).toThrow(/mindestens eine Normierung/);
	});

	it('timing: 1,000 draws × 88 areas × 12 indicators (reported, not asserted)', () => {
		const input = syntheticInput('timing', 88, 12);
		let start = performance.now();
		const p = prepareRobustness(input);
		const prepareMs = performance.now() - start;
		const runs: number[] = [];
		for (let k = 0; k < 5; k++) {
			start = performance.now();
			rankRobustness(p, input.weights, { materiell: 1 + k / 10 }, { draws: 1000, seed: k });
			runs.push(performance.now() - start);
		}
		console.log(`robustness: prepare ${prepareMs.toFixed(1)} ms, 1,000 draws ${runs.map((x) => x.toFixed(1)).join(' / ')} ms`);
		expect(runs.length).toBe(5);
	});
});

describe('prepareRobustness', () => {
	it('normalises every column once per method (doc example)', () => {
		const p = prepareRobustness({ columns: [[1, 2, 3]], polarities: [1], factors: ['materiell'] });
		expect(Array.from(p.linear.rank[0])).toEqual([0, 0.5, 1]);
		expect(p.logarithmic.minmax[0][2]).toBeCloseTo(Math.log(100), 12);
	});
});
