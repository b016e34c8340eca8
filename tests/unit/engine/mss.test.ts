import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamicClass, mssDynamicIndex, mssIndex, statusDynamicMatrix } from '../../../src/lib/engine/mss.ts';
import { computeDynamic, computeIndex } from '../../../src/lib/engine/index-report.ts';
import { moments } from '../../../src/lib/engine/normalize.ts';
import { createRandom } from '../../../src/lib/engine/random.ts';
import { fixtureDb, type FixtureArea } from '../helpers/fixture-db.ts';

const close = (actual: ArrayLike<number>, expected: number[], digits = 12) => {
	expect(actual.length).toBe(expected.length);
	expected.forEach((e, i) => (Number.isNaN(e) ? expect(actual[i]).toBeNaN() : expect(actual[i]).toBeCloseTo(e, digits)));
};

describe('mssIndex (Statusindex)', () => {
	it('matches the hand-computed example', () => {
		// indicator 1 (+1): [10, 20, 30, 40], mean 25, SD √(500/3) → [−15, −5, 5, 15] / √(500/3)
		// indicator 2 (−1): aligned [−1, −3, −2, −2], mean −2, SD √(2/3) → [1, −1, 0, 0] / √(2/3)
		const s1 = Math.sqrt(500 / 3);
		const s2 = Math.sqrt(2 / 3);
		const sums = [-15 / s1 + 1 / s2, -5 / s1 - 1 / s2, 5 / s1, 15 / s1];
		// the z-values have mean 0, so SD(S) = √(Σ S² / 3)
		const sd = Math.sqrt(sums.reduce((a, x) => a + x * x, 0) / 3);
		const r = mssIndex([[10, 20, 30, 40], [1, 3, 2, 2]], [1, -1]);
		close(r.sum, sums);
		expect(r.sdOfSum).toBeCloseTo(sd, 12);
		close(r.index, sums.map((x) => x / sd));
		close(r.index, [0.0537, -1.3785, 0.3312, 0.9936], 4); // the doc example
	});

	it('property: with complete data the index is Σz / SD(Σz), with mean 0 and SD 1', () => {
		const rng = createRandom('mss-property');
		for (let run = 0; run < 20; run++) {
			const k = 1 + rng.integer(6);
			const n = 3 + rng.integer(30);
			const cols = Array.from({ length: k }, () => Array.from({ length: n }, () => 100 * rng.uniform()));
			const r = mssIndex(cols, cols.map(() => (rng.uniform() < 0.5 ? 1 : -1)));
			const m = moments(r.index);
			expect(m.mean).toBeCloseTo(0, 10);
			expect(m.sd).toBeCloseTo(1, 10);
		}
	});

	it('completes an area with at least half of the indicators and excludes one with fewer', () => {
		// 4 indicators; z of each: areas 1–3 = [−1, 0, 1]-pattern, area 4 only partly present
		const cols = [
			[1, 2, 3, 2],
			[1, 2, 3, NaN],
			[1, 2, 3, NaN],
			[1, 2, 3, NaN]
		];
		const r = mssIndex(cols, [1, 1, 1, 1]);
		// area 4 has 1 of 4 values (< half): excluded; areas 1–3 have z = −1, 0, 1 in every indicator
		expect(r.sum[3]).toBeNaN();
		expect(r.index[3]).toBeNaN();
		expect(r.present[3]).toBe(1);
		// indicator 1 over 4 areas: mean 2, SD √(2/3) → z(area 1) = −1/√(2/3); the others −1
		const z1 = -1 / Math.sqrt(2 / 3);
		expect(r.sum[0]).toBeCloseTo(z1 - 3, 12);
		// two of four present → the sum is scaled by 4/2
		const half = mssIndex([[1, 2, 3], [1, 2, 3], [NaN, 3, 1], [NaN, 1, 3]], [1, 1, 1, 1]);
		expect(half.sum[0]).toBeCloseTo((4 / 2) * (-1 + -1), 12);
	});

	it('throws German errors when no index is possible', () => {
		expect(() => mssIndex([[1, NaN, NaN]], [1])).toThrow(/mindestens 2 Gebiete/);
		expect(() => mssIndex([[1, 1, 1]], [1])).toThrow(/in allen Gebieten gleich/);
		expect(() => mssIndex([[1, 2]], [1, 1])).toThrow(/je Indikator/);
	});
});

describe('dynamicClass', () => {
	it('uses exactly ±1 on unrounded values', () => {
		expect(dynamicClass(-1.0000001)).toBe('positiv');
		expect(dynamicClass(-1)).toBe('stabil');
		expect(dynamicClass(1)).toBe('stabil');
		expect(dynamicClass(1.0000001)).toBe('negativ');
		expect(dynamicClass(NaN)).toBeNull();
	});
});

describe('mssDynamicIndex', () => {
	it('standardises the changes between two years', () => {
		// changes [2, 0, −2]: mean 0, SD 2 → z [1, 0, −1]; SD of the sum 1
		close(mssDynamicIndex([[10, 10, 10]], [[12, 10, 8]], [1]).index, [1, 0, -1]);
	});

	it('treats a change as missing when either year is missing', () => {
		const r = mssDynamicIndex([[10, NaN, 10, 10]], [[12, 10, 8, 11]], [1]);
		expect(r.index[1]).toBeNaN();
	});
});

describe('statusDynamicMatrix', () => {
	it('counts areas per status × dynamic cell', () => {
		const cells = statusDynamicMatrix(['hoch', 'sehr niedrig', null, 'sehr niedrig'], ['stabil', 'negativ', 'stabil', 'negativ']);
		expect(cells).toHaveLength(12);
		expect(cells.filter((c) => c.count > 0)).toEqual([
			{ status: 'hoch', dynamic: 'stabil', count: 1, areas: [0] },
			{ status: 'sehr niedrig', dynamic: 'negativ', count: 2, areas: [1, 3] }
		]);
	});
});

// Any input table: areas without values are excluded and reported, not dropped silently.
//   quote (+1): A 10 %, B 20 %, C 30 % in 2022; A 10 %, B 25 %, C 40 % in 2023; D has no values
//   2023: z = [−1, 0, 1]-ish → Statusindex; changes [0, 5, 10] → z [−1, 0, 1] → Dynamikindex [−1, 0, 1]
describe('MSS on a database with an empty area', () => {
	let db: Awaited<ReturnType<typeof fixtureDb>>;
	const areas: FixtureArea[] = ['a', 'b', 'c', 'd'].map((x) => ({ id: `ot-${x}`, name: `Testort ${x.toUpperCase()}`, level: 'ortsteil' }));
	beforeAll(async () => {
		const v = (a: string, year: number, n: number) => ({ area_id: `ot-${a}`, indicator_id: 'quote', year, numerator: n, denominator: 100 });
		db = await fixtureDb(areas, [{ id: 'quote', scale: 100, min_base: 50 }], [
			v('a', 2022, 10), v('b', 2022, 20), v('c', 2022, 30),
			v('a', 2023, 10), v('b', 2023, 25), v('c', 2023, 40)
		]);
	});
	afterAll(() => db?.close());

	it('Statusindex: z of [10, 25, 40] divided by its SD (= 1 for one indicator)', async () => {
		const r = await computeIndex(db, { method: 'mss' });
		const index = r.areas.map((a) => a.status_index);
		expect(index[0]).toBeCloseTo(-1, 12);
		expect(index[1]).toBeCloseTo(0, 12);
		expect(index[2]).toBeCloseTo(1, 12);
		expect(index[3]).toBeNull();
		expect(r.areas.map((a) => a.status_class)).toEqual(['mittel', 'mittel', 'mittel', null]);
		expect(r.excluded).toContainEqual({ area_id: 'ot-d', area_name: 'Testort D', index: 'statusindex', reason: 'keine gültigen Werte' });
	});

	it('Dynamikindex between 2022 and 2023 with classes', async () => {
		const r = await computeDynamic(db, { from: 2022, to: 2023 });
		expect(r.areas[0].dynamic_index).toBeCloseTo(-1, 12);
		expect(r.areas[2].dynamic_index).toBeCloseTo(1, 12);
		expect(r.areas.map((a) => a.dynamic_class)).toEqual(['stabil', 'stabil', 'stabil', null]);
		expect(r.excluded.map((e) => e.area_id)).toEqual(['ot-d']);
	});

	it('rejects years that do not fit', async () => {
		await expect(computeDynamic(db, { from: 2023, to: 2022 })).rejects.toThrow(/muss vor dem Endjahr/);
		await expect(computeDynamic(db, { from: 2010, to: 2023 })).rejects.toThrow(/Keine Werte für das Jahr 2010/);
	});
});
