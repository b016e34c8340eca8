import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { empiricalBayes } from '../../../src/lib/engine/ebsmooth.ts';
import { loadIndicatorMatrix } from '../../../src/lib/engine/index-input.ts';
import { fixtureDb, TEST_AREAS } from '../helpers/fixture-db.ts';

// Hand computation (Marshall 1991; GeoDa "Empirical Bayes"):
//   o = [5, 40, 20], n = [10, 100, 100] → r = [0.5, 0.4, 0.2]
//   m  = 65 / 210 = 13/42
//   s² = [10·(0.5 − 13/42)² + 100·(0.4 − 13/42)² + 100·(0.2 − 13/42)²] / 210 = 5/441
//   n̄  = 210 / 3 = 70,  a = 5/441 − (13/42)/70 = 61/8820
//   w  = a / (a + m/n)  = [61/334, 610/883, 610/883] = [0.18263…, 0.69083…, 0.69083…]
//   EB = w·r + (1 − w)·m = [115/334, 657/1766, 413/1766]
describe('empiricalBayes', () => {
	it('matches the hand-computed example', () => {
		const eb = empiricalBayes([5, 40, 20], [10, 100, 100]);
		expect(eb.mean).toBeCloseTo(13 / 42, 14);
		expect(eb.variance).toBeCloseTo(61 / 8820, 14);
		expect(eb.rates[0]).toBeCloseTo(115 / 334, 14);
		expect(eb.rates[1]).toBeCloseTo(657 / 1766, 14);
		expect(eb.rates[2]).toBeCloseTo(413 / 1766, 14);
		expect(eb.weights[0]).toBeCloseTo(0.18263473053892215, 12);
	});

	it('clamps a negative prior variance to 0, as GeoDa: every area gets the pooled rate', () => {
		// r = [0.1, 0.1, 0.15], m = 41/310; s² = 0.000572… < m/n̄ = 0.00128… → a = 0
		const eb = empiricalBayes([1, 10, 30], [10, 100, 200]);
		expect(eb.variance).toBe(0);
		for (const r of eb.rates) expect(r).toBeCloseTo(41 / 310, 14);
		for (const w of eb.weights) expect(w).toBe(0);
	});

	it('leaves areas with a base ≤ 0 or a missing count out of every sum', () => {
		const eb = empiricalBayes([5, 40, 20, 3, NaN], [10, 100, 100, 0, 50]);
		expect(eb.rates[0]).toBeCloseTo(115 / 334, 14);
		expect(eb.rates[3]).toBeNaN();
		expect(eb.rates[4]).toBeNaN();
	});

	it('shrinks small bases more than large ones', () => {
		const eb = empiricalBayes([5, 40, 20], [10, 100, 100]);
		expect(eb.weights[0]).toBeLessThan(eb.weights[1]);
	});

	it('throws on arrays of different length', () => {
		expect(() => empiricalBayes([1], [1, 2])).toThrow(/gleich viele Gebiete/);
	});
});

describe('EB in the index input', () => {
	let db: Awaited<ReturnType<typeof fixtureDb>>;
	beforeAll(async () => {
		db = await fixtureDb(
			TEST_AREAS,
			[{ id: 'quote', scale: 100, min_base: 50 }],
			[
				{ area_id: 'ot-a', indicator_id: 'quote', year: 2023, numerator: 5, denominator: 10 },
				{ area_id: 'ot-b', indicator_id: 'quote', year: 2023, numerator: 40, denominator: 100 },
				{ area_id: 'ot-c', indicator_id: 'quote', year: 2023, numerator: 20, denominator: 100 }
			]
		);
	});
	afterAll(() => db?.close());
	const indicator = { id: 'quote', label: 'quote', factor: 'materiell' as const, polarity: 1 as const, scale: 100 };

	it('raw rates: the base of 10 is below the minimum base 50 and is missing', async () => {
		const m = await loadIndicatorMatrix(db, 'ortsteil', 2023, [indicator], false);
		expect(Array.from(m.columns[0])).toEqual([NaN, 40, 20]);
	});

	it('smoothed rates replace raw rates (× scale) and every base > 0 is usable', async () => {
		const m = await loadIndicatorMatrix(db, 'ortsteil', 2023, [indicator], true);
		expect(m.columns[0][0]).toBeCloseTo((100 * 115) / 334, 12);
		expect(m.columns[0][1]).toBeCloseTo((100 * 657) / 1766, 12);
		expect(m.columns[0][2]).toBeCloseTo((100 * 413) / 1766, 12);
	});
});
