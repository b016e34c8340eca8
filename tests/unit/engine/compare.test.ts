import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaValuesSql, assess, difference, seriesOverYears } from '../../../src/lib/engine/compare.ts';
import { fixtureDb, TEST_AREAS } from '../helpers/fixture-db.ts';
import type { LevelValue } from '../../../src/lib/data/rows.ts';

describe('assess', () => {
	it('judges by polarity', () => {
		expect(assess(2.5, 1)).toBe('ungünstiger');
		expect(assess(-2.5, 1)).toBe('günstiger');
		expect(assess(2.5, -1)).toBe('günstiger');
		expect(assess(-1, 0)).toBe('ohne Wertung');
		expect(assess(0, 1)).toBe('gleich');
		expect(assess(null, 1)).toBeNull();
		expect(assess(NaN, 1)).toBeNull();
	});
});

describe('difference', () => {
	it('value − reference and value / reference (doc example)', () => {
		expect(difference(30, 20, 1)).toEqual({ difference: 10, ratio: 1.5, assessment: 'ungünstiger' });
	});
	it('missing stays missing, never 0', () => {
		expect(difference(null, 20, 1)).toEqual({ difference: null, ratio: null, assessment: null });
		expect(difference(20, undefined, 1)).toEqual({ difference: null, ratio: null, assessment: null });
	});
	it('has no ratio against a reference of 0', () => {
		expect(difference(5, 0, -1)).toEqual({ difference: 5, ratio: null, assessment: 'günstiger' });
	});
});

describe('seriesOverYears', () => {
	it('leaves gaps for missing years instead of interpolating (doc example)', () => {
		expect(
			seriesOverYears(
				[
					{ year: 2019, value: 58, reliable: true },
					{ year: 2015, value: 60, reliable: true }
				],
				[2015, 2016, 2019]
			)
		).toEqual([
			{ year: 2015, value: 60, reliable: true },
			{ year: 2016, value: null, reliable: false },
			{ year: 2019, value: 58, reliable: true }
		]);
	});
	it('a suppressed value (null) is a gap', () => {
		expect(seriesOverYears([{ year: 2020, value: null, reliable: false }], [2020])).toEqual([{ year: 2020, value: null, reliable: false }]);
	});
});

describe('areaValuesSql', () => {
	// Testort A 10/100, B 30/40 (unreliable), C 50/500; Stadtteil X = 40/140; city = 90/640
	let db: Awaited<ReturnType<typeof fixtureDb>>;
	beforeAll(async () => {
		db = await fixtureDb(TEST_AREAS, [{ id: 'quote', scale: 100, min_base: 50 }], [
			{ area_id: 'ot-a', indicator_id: 'quote', year: 2023, numerator: 10, denominator: 100 },
			{ area_id: 'ot-b', indicator_id: 'quote', year: 2023, numerator: 30, denominator: 40 },
			{ area_id: 'ot-c', indicator_id: 'quote', year: 2023, numerator: 50, denominator: 500 }
		]);
	});
	afterAll(() => db?.close());

	it('combines areas of different levels, each aggregated at its own level', async () => {
		const rows = await db.query<LevelValue & { level: string }>(
			areaValuesSql([
				{ id: 'ot-c', level: 'ortsteil' },
				{ id: 'st-x', level: 'stadtteil' },
				{ id: 'stadt-bremen', level: 'stadt' }
			])
		);
		const by = new Map(rows.map((r) => [r.area_id, r]));
		expect(rows).toHaveLength(3);
		expect(by.get('ot-c')!.level).toBe('ortsteil');
		expect(by.get('ot-c')!.value).toBeCloseTo(10, 12);
		// rank among all three Ortsteile (A and C share rank 1), not "1 of 1"
		expect(by.get('ot-c')!.rank).toBe(1);
		expect(by.get('ot-c')!.n_ranked).toBe(2);
		expect(by.get('st-x')!.value).toBeCloseTo((40 / 140) * 100, 12);
		expect(by.get('stadt-bremen')!.value).toBeCloseTo((90 / 640) * 100, 12);
	});

	it('refuses an empty list', () => {
		expect(() => areaValuesSql([])).toThrow(RangeError);
	});
});
