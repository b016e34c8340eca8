/**
 * Stadtteillastenausgleich (src/lib/engine/allocation.ts): hand-computed cases for the
 * formula, the Sockelbetrag, the caps and the rounding, every @example of the module,
 * and property-based tests (fast-check) of the fairness properties over random inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	allocate,
	concentrationIndex,
	fifthRatio,
	largestRemainder,
	lorenzCurve,
	type AllocationAreaInput,
	type AllocationInput
} from '../../../src/lib/engine/allocation.ts';

const amounts = (r: ReturnType<typeof allocate>) => r.areas.map((a) => a.amount);
const check = (r: ReturnType<typeof allocate>, id: string) => r.checks.find((c) => c.id === id)!;

// Four Stadtteile, need already centred: Σ P z = 100·1 + 200·0.5 + 300·0 + 400·(−0.5) = 0
//   B = 10 000 €, α = 0.5, φ = 0.2
//   m = 1 + 0.5 z            → A 1.5, B 1.25, C 1, D 0.75
//   P · m                    → A 150, B 250, C 300, D 300;  Σ = 1000 (= Σ P, as Σ P z = 0)
//   Sockel f = 0.2 · 10 000 / 4 = 500 each;  need pool N = 10 000 − 4 · 500 = 8000
//   need part = 8000 · P m / 1000 → A 1200, B 2000, C 2400, D 2400
//   amount = f + need part   → A 1700, B 2500, C 2900, D 2900   (Σ = 10 000)
//   per capita               → A 17, B 12.5, C 9.666…, D 7.25
//   reference α = 0: 500 + 8000 · P / 1000 → A 1300, B 2100, C 2900, D 3700
const FOUR: AllocationAreaInput[] = [
	{ id: 'a', name: 'Stadtteil A', population: 100, need: 1 },
	{ id: 'b', name: 'Stadtteil B', population: 200, need: 0.5 },
	{ id: 'c', name: 'Stadtteil C', population: 300, need: 0 },
	{ id: 'd', name: 'Stadtteil D', population: 400, need: -0.5 }
];

describe('allocate: hand-computed example', () => {
	const r = allocate({ budget: 10_000, alpha: 0.5, floorShare: 0.2, areas: FOUR });

	it('computes multipliers, Sockel, need parts and amounts', () => {
		expect(r.areas.map((a) => a.multiplier)).toEqual([1.5, 1.25, 1, 0.75]);
		expect(r.areas.map((a) => a.floorPart)).toEqual([500, 500, 500, 500]);
		expect(r.totals.needPool).toBe(8000);
		r.areas.forEach((a, i) => expect(a.needPart).toBeCloseTo([1200, 2000, 2400, 2400][i], 9));
		expect(amounts(r)).toEqual([1700, 2500, 2900, 2900]);
		expect(r.areas.map((a) => a.perCapita)).toEqual([17, 12.5, 2900 / 300, 7.25]);
		expect(r.diagnostics.needShift).toBe(0);
	});

	it('compares with the per-capita reference (α = 0, same Sockel)', () => {
		expect(r.areas.map((a) => a.perCapitaAmount)).toEqual([1300, 2100, 2900, 3700]);
		expect(r.areas.map((a) => a.differenceToPerCapita)).toEqual([400, 400, 0, -800]);
	});

	it('passes every check', () => {
		expect(r.checks.map((c) => [c.id, c.ok])).toEqual([
			['summe', true],
			['pro-kopf', true],
			['bedarf', true],
			['sockel', true],
			['kappung', true]
		]);
		expect(check(r, 'sockel').detail).toContain('500 €');
	});

	it('computes Lorenz curve, concentration index and fifth ratio', () => {
		// need ascending D, C, B, A: population 0.4, 0.7, 0.9, 1; money 0.29, 0.58, 0.83, 1
		const L = r.measures.lorenz;
		expect(L.map((p) => p.ids)).toEqual([[], ['d'], ['c'], ['b'], ['a']]);
		L.forEach((p, k) => {
			expect(p.populationShare).toBeCloseTo([0, 0.4, 0.7, 0.9, 1][k], 12);
			expect(p.moneyShare).toBeCloseTo([0, 0.29, 0.58, 0.83, 1][k], 12);
		});
		// area = 0.4·0.29/2 + 0.3·(0.29+0.58)/2 + 0.2·(0.58+0.83)/2 + 0.1·(0.83+1)/2
		//      = 0.058 + 0.1305 + 0.141 + 0.0915 = 0.421 → C = 1 − 2 · 0.421 = 0.158
		expect(r.measures.concentrationIndex).toBeCloseTo(0.158, 12);
		// n = 4 → k = round(0.8) = 1: A 1700/100 = 17 €, D 2900/400 = 7.25 € → 2.3448…
		expect(r.measures.fifthRatio).toMatchObject({ k: 1, most: ['a'], least: ['d'], mostPerCapita: 17, leastPerCapita: 7.25 });
		expect(r.measures.fifthRatio!.ratio).toBeCloseTo(17 / 7.25, 12);
	});

	it('centres a need that is not centred (population-weighted mean)', () => {
		// shift every z by +2: weighted mean 2 is removed again → same amounts
		const shifted = allocate({ budget: 10_000, alpha: 0.5, floorShare: 0.2, areas: FOUR.map((a) => ({ ...a, need: a.need + 2 })) });
		expect(shifted.diagnostics.needShift).toBeCloseTo(2, 12);
		expect(amounts(shifted)).toEqual([1700, 2500, 2900, 2900]);
		expect(shifted.areas[3].needCentred).toBeCloseTo(-0.5, 12);
	});
});

describe('allocate: doc examples and rounding', () => {
	it('@example: two Stadtteile, α = 0.5 → 750 / 250', () => {
		// m = [1.5, 0.5] → 1000 · 150/200 = 750, 1000 · 50/200 = 250
		const r = allocate({
			budget: 1000,
			alpha: 0.5,
			areas: [
				{ id: 'a', name: 'A', population: 100, need: 1 },
				{ id: 'b', name: 'B', population: 100, need: -1 }
			]
		});
		expect(amounts(r)).toEqual([750, 250]);
	});

	it('gives the leftover euro to the largest remainder: 50, 33.33…, 16.66… → 50, 33, 17', () => {
		const r = allocate({
			budget: 100,
			alpha: 0.5,
			areas: [
				{ id: 'a', name: 'A', population: 1, need: 1 },
				{ id: 'b', name: 'B', population: 1, need: 0 },
				{ id: 'c', name: 'C', population: 1, need: -1 }
			]
		});
		expect(amounts(r)).toEqual([50, 33, 17]);
	});

	it('breaks equal remainders by larger need, then by id: 100 / 3 → 34, 33, 33', () => {
		const three = (needs: number[], ids = ['a', 'b', 'c']) =>
			amounts(allocate({ budget: 100, alpha: 0, areas: ids.map((id, i) => ({ id, name: id, population: 1, need: needs[i] })) }));
		expect(three([0, 0, 0])).toEqual([34, 33, 33]); // tie → smallest id
		expect(three([0, 0, 0], ['z', 'y', 'x'])).toEqual([33, 33, 34]); // 'x' is the smallest id
		expect(three([-1, 0, 1])).toEqual([33, 33, 34]); // α = 0: equal remainders, larger need first
	});

	it('@example largestRemainder([1.5, 1.5, 2], 5, [1, 0, 2]) → [1, 2, 2]', () => {
		expect(largestRemainder([1.5, 1.5, 2], 5, [1, 0, 2])).toEqual([1, 2, 2]);
	});

	it('@example lorenzCurve and concentrationIndex: 25 / 75 → C = 0.25', () => {
		const two = [
			{ id: 'a', population: 1, need: -1, amount: 25 },
			{ id: 'b', population: 1, need: 1, amount: 75 }
		];
		expect(lorenzCurve(two)).toEqual([
			{ populationShare: 0, moneyShare: 0, ids: [] },
			{ populationShare: 0.5, moneyShare: 0.25, ids: ['a'] },
			{ populationShare: 1, moneyShare: 1, ids: ['b'] }
		]);
		// area = 0.5·(0 + 0.25)/2 + 0.5·(0.25 + 1)/2 = 0.375 → 1 − 0.75
		expect(concentrationIndex(two)).toBeCloseTo(0.25, 14);
	});

	it('@example fifthRatio: 600/20 against 100/10 → 3', () => {
		const r = fifthRatio([
			{ id: 'a', population: 10, need: -1, amount: 100 },
			{ id: 'b', population: 20, need: 1, amount: 600 }
		]);
		expect(r).toEqual({ k: 1, most: ['b'], least: ['a'], mostPerCapita: 30, leastPerCapita: 10, ratio: 3 });
	});

	it('forms a fifth of 23 Stadtteile as round(4.6) = 5, by count', () => {
		const areas = Array.from({ length: 23 }, (_, i) => ({ id: `s${String(i).padStart(2, '0')}`, population: 10, need: i, amount: 10 + i }));
		const r = fifthRatio(areas);
		expect(r.k).toBe(5);
		expect(r.most).toEqual(['s22', 's21', 's20', 's19', 's18']);
		expect(r.least).toEqual(['s00', 's01', 's02', 's03', 's04']);
		// (32+31+30+29+28)/50 = 3, (10+11+12+13+14)/50 = 1.2
		expect(r.ratio).toBeCloseTo(3 / 1.2, 12);
	});

	it('merges tied needs into one Lorenz point, so the tie order does not matter', () => {
		const L = lorenzCurve([
			{ id: 'b', population: 1, need: 0, amount: 1 },
			{ id: 'a', population: 1, need: 0, amount: 3 }
		]);
		expect(L).toEqual([
			{ populationShare: 0, moneyShare: 0, ids: [] },
			{ populationShare: 1, moneyShare: 1, ids: ['a', 'b'] }
		]);
		expect(concentrationIndex([{ id: 'a', population: 0, need: 0, amount: 0 }])).toBeNull();
	});

	it('clips the multiplier at 0 and still spends the whole budget', () => {
		// α = 1, z = [2, −0.5, −1.5] with P = [1, 2, 1]: Σ P z = 2 − 1 − 1.5 = −0.5 → shift −0.125
		// z̃ = [2.125, −0.375, −1.375] → m = [3.125, 0.625, 0] → keys [3.125, 1.25, 0], Σ 4.375
		// 1000 · 3.125/4.375 = 714.28…, 1000 · 1.25/4.375 = 285.71… → 714, 286, 0
		const r = allocate({
			budget: 1000,
			alpha: 1,
			areas: [
				{ id: 'a', name: 'A', population: 1, need: 2 },
				{ id: 'b', name: 'B', population: 2, need: -0.5 },
				{ id: 'c', name: 'C', population: 1, need: -1.5 }
			]
		});
		expect(r.areas.map((a) => a.multiplier)).toEqual([3.125, 0.625, 0]);
		expect(amounts(r)).toEqual([714, 286, 0]);
		expect(r.diagnostics.clipped).toEqual(['c']);
	});

	it('keeps the input order in the result and gives a Stadtteil without population only the Sockel', () => {
		const r = allocate({
			budget: 1000,
			alpha: 0.5,
			floorShare: 0.3,
			areas: [
				{ id: 'z', name: 'Z', population: 0, need: 3 },
				{ id: 'a', name: 'A', population: 10, need: 0 }
			]
		});
		expect(r.areas.map((a) => a.id)).toEqual(['z', 'a']);
		// f = 300 / 2 = 150; N = 700 goes to A alone
		expect(amounts(r)).toEqual([150, 850]);
		expect(r.areas[0].perCapita).toBeNull();
	});
});

describe('allocate: caps against the status quo', () => {
	// B = 1000, α = 1, four Stadtteile of 100 persons, z = [1.5, 0.5, −0.5, −1.5] (centred),
	// status quo [260, 250, 250, 240], cap ±10 % → bounds A [234, 286], B [225, 275],
	// C [225, 275], D [216, 264].
	//   m = [2.5, 1.5, 0.5, 0]; keys = [250, 150, 50, 0], Σ 450
	//   round 1: 1000 · key/450 = 555.56, 333.33, 111.11, 0
	//            above: (555.56 − 286) + (333.33 − 275) = 327.89
	//            below: (225 − 111.11) + (216 − 0)     = 329.89 → below is larger: fix C at 225, D at 216
	//   round 2: pool 1000 − 441 = 559 for A, B (250 : 150) → 349.375, 209.625
	//            above 63.375 > below 15.375 → fix A at 286
	//   round 3: B gets 1000 − 286 − 441 = 273 → inside [225, 275] → done
	//   check: one κ = 273/150 = 1.82 for the free B; A 250κ = 455 > 286, C 50κ = 91 < 225, D 0 < 216
	const capped = (cap: number, statusQuo = [260, 250, 250, 240], floorShare = 0) =>
		allocate({
			budget: 1000,
			alpha: 1,
			floorShare,
			cap,
			areas: [1.5, 0.5, -0.5, -1.5].map((need, i) => ({ id: 'abcd'[i], name: 'ABCD'[i], population: 100, need, statusQuo: statusQuo[i] }))
		});

	it('redistributes iteratively and respects the caps (hand-computed)', () => {
		const r = capped(0.1);
		expect(amounts(r)).toEqual([286, 273, 225, 216]);
		expect(r.areas.map((a) => a.capped)).toEqual(['oben', null, 'unten', 'unten']);
		expect(r.diagnostics).toMatchObject({ iterations: 3, capsApplied: true, capsFeasible: true });
		expect(r.areas.map((a) => a.capBounds)).toEqual([
			{ lower: 234, upper: 286 },
			{ lower: 225, upper: 275 },
			{ lower: 225, upper: 275 },
			{ lower: 216, upper: 264 }
		]);
		expect(r.areas.map((a) => a.differenceToStatusQuo)).toEqual([26, 23, -25, -24]);
		expect(r.areas[0].changeToStatusQuo).toBeCloseTo(0.1, 12);
		expect(r.areas[1].capAdjustment).toBeCloseTo(273 - 1000 * 150 / 450, 9);
		expect(check(r, 'kappung').ok).toBe(true);
		expect(check(r, 'bedarf').ok).toBe(true);
	});

	it('a cap of 0 with a status quo summing to B reproduces the status quo', () => {
		const r = capped(0, [400, 300, 200, 100]);
		expect(amounts(r)).toEqual([400, 300, 200, 100]);
		expect(check(r, 'kappung').ok).toBe(true);
	});

	it('reports unsatisfiable caps, does not apply them and names the smallest satisfiable cap', () => {
		// status quo 100 each: Σ upper = 4 · 110 = 440 < 1000; satisfiable from 100 · (1 + c) · 4 ≥ 1000 → c = 1.5
		const r = capped(0.1, [100, 100, 100, 100]);
		expect(r.diagnostics).toMatchObject({ capsApplied: false, capsFeasible: false, iterations: 0, minimalFeasibleCap: 1.5 });
		expect(check(r, 'kappung').ok).toBe(false);
		expect(check(r, 'kappung').detail).toMatch(/nicht erfüllbar.*440 €.*±150 %/);
		expect(amounts(r).reduce((s, x) => s + x, 0)).toBe(1000);
		expect(amounts(r)).toEqual(amounts(capped(1e6, [1e5, 1e5, 1e5, 1e5]))); // = the uncapped split
	});

	it('lets the Sockelbetrag win over a cap', () => {
		// φ = 0.4 → f = 100; status quo of A is 50 → cap bounds [45, 55] lifted to [100, 100]
		const r = capped(0.1, [50, 250, 350, 350], 0.4);
		expect(r.areas[0].capBounds).toEqual({ lower: 100, upper: 100 });
		expect(r.areas[0].amount).toBe(100);
		expect(check(r, 'sockel').ok).toBe(true);
		expect(amounts(r).reduce((s, x) => s + x, 0)).toBe(1000);
	});

	it('leaves a Stadtteil without status quo uncapped and says so', () => {
		const r = allocate({
			budget: 1000,
			alpha: 1,
			cap: 0.1,
			areas: [
				{ id: 'a', name: 'A', population: 100, need: 1, statusQuo: 500 },
				{ id: 'b', name: 'B', population: 100, need: -1 }
			]
		});
		// A: m = 2 → 1000 · 200/200 = 1000 > 550 → capped at 550; B takes the rest
		expect(amounts(r)).toEqual([550, 450]);
		expect(r.diagnostics.uncapped).toEqual(['b']);
		expect(r.diagnostics.messages.join(' ')).toContain('Ohne Status quo');
	});
});

describe('allocate: input errors (German)', () => {
	const base: AllocationInput = { budget: 1000, alpha: 0.5, areas: FOUR };
	it.each([
		[{ budget: 1000.5 }, /ganze Zahl in Euro/],
		[{ budget: 0 }, /positive ganze Zahl/],
		[{ budget: 1e12 }, /nicht unterstützt/],
		[{ alpha: 1.5 }, /zwischen 0 und 1/],
		[{ floorShare: -0.1 }, /Sockelanteil/],
		[{ cap: -1 }, /Kappung/],
		[{ cap: 0.1 }, /Status-quo/],
		[{ areas: [] }, /mindestens 1 Stadtteil/],
		[{ areas: [FOUR[0], FOUR[0]] }, /doppelt/],
		[{ areas: [{ ...FOUR[0], population: -1 }] }, /Zielbevölkerung/],
		[{ areas: [{ ...FOUR[0], need: NaN }] }, /Bedarf/],
		[{ areas: [{ ...FOUR[0], population: 0 }] }, /überall 0/]
	] as [Partial<AllocationInput>, RegExp][])('rejects %o', (change, message) => {
		expect(() => allocate({ ...base, ...change })).toThrow(message);
	});
});

// ——— property-based tests ———————————————————————————————————————————————

const areaArb = (populations: fc.Arbitrary<number>) =>
	fc.record({
		population: populations,
		need: fc.double({ min: -3, max: 3, noNaN: true }),
		statusQuo: fc.integer({ min: 0, max: 200_000 })
	});

/** Random scenarios: 1–25 Stadtteile (ids s00…), at least one populated. */
const scenarioArb = (populations: fc.Arbitrary<number> = fc.integer({ min: 0, max: 50_000 })) =>
	fc
		.record({
			budget: fc.integer({ min: 1, max: 2_000_000 }),
			alpha: fc.double({ min: 0, max: 1, noNaN: true }),
			floorShare: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
			areas: fc.array(areaArb(populations), { minLength: 1, maxLength: 25 })
		})
		.filter((s) => s.areas.some((a) => a.population > 0))
		.map((s) => ({
			budget: s.budget,
			alpha: s.alpha,
			floorShare: s.floorShare,
			areas: s.areas.map((a, i) => ({ id: `s${String(i).padStart(2, '0')}`, name: `Stadtteil ${i}`, population: a.population, need: a.need, statusQuo: a.statusQuo }))
		}));

const RUNS = { numRuns: 200 };

describe('fairness properties (fast-check)', () => {
	it('amounts are whole euros and sum to exactly B', () => {
		fc.assert(
			fc.property(scenarioArb(), (s) => {
				const r = allocate(s);
				expect(r.areas.every((a) => Number.isInteger(a.amount))).toBe(true);
				expect(r.areas.reduce((t, a) => t + a.amount, 0)).toBe(s.budget);
				expect(check(r, 'summe').ok).toBe(true);
				// every amount within 1 € of its exact value
				for (const a of r.areas) expect(Math.abs(a.amount - a.exactAmount)).toBeLessThan(1);
			}),
			RUNS
		);
	});

	it('α = 0 is proportional to population (within 1 € rounding)', () => {
		fc.assert(
			fc.property(scenarioArb(), (s) => {
				const r = allocate({ ...s, alpha: 0, floorShare: 0 });
				const total = s.areas.reduce((t, a) => t + a.population, 0);
				for (const a of r.areas) expect(Math.abs(a.amount - (s.budget * a.population) / total)).toBeLessThan(1);
				expect(check(r, 'pro-kopf').ok).toBe(true);
				// with a Sockel: what is above the Sockel is proportional to population
				const withFloor = allocate({ ...s, alpha: 0 });
				const pool = withFloor.totals.needPool;
				for (const a of withFloor.areas) expect(Math.abs(a.amount - a.floorPart - (pool * a.population) / total)).toBeLessThan(1);
			}),
			RUNS
		);
	});

	it('at equal population, more need never gets less (and per-capita need money rises with need)', () => {
		// few distinct populations, so that equal populations occur often
		fc.assert(
			fc.property(scenarioArb(fc.constantFrom(0, 100, 1000)), (s) => {
				const r = allocate(s);
				for (const hi of r.areas) {
					for (const lo of r.areas) {
						if (hi.need > lo.need && hi.population === lo.population) expect(hi.amount).toBeGreaterThanOrEqual(lo.amount);
					}
				}
				expect(check(r, 'bedarf').ok).toBe(true);
			}),
			RUNS
		);
		fc.assert(
			fc.property(scenarioArb(), (s) => {
				expect(check(allocate(s), 'bedarf').ok).toBe(true);
			}),
			RUNS
		);
	});

	it('every amount is at least its Sockel part', () => {
		fc.assert(
			fc.property(scenarioArb(), (s) => {
				const r = allocate(s);
				const f = Math.floor(Math.round(s.floorShare * s.budget) / s.areas.length);
				for (const a of r.areas) {
					expect(a.floorPart).toBe(f);
					expect(a.amount).toBeGreaterThanOrEqual(f);
				}
				expect(check(r, 'sockel').ok).toBe(true);
			}),
			RUNS
		);
	});

	it('caps: respected whenever satisfiable, reported otherwise; redistribution converges', () => {
		fc.assert(
			fc.property(scenarioArb(), fc.double({ min: 0, max: 1, noNaN: true }), (s, cap) => {
				const r = allocate({ ...s, cap });
				const n = s.areas.length;
				// the documented bounds, recomputed here
				const f = Math.floor(Math.round(s.floorShare * s.budget) / n);
				// rounded inward to whole euros, ignoring floating-point dust of relative 10⁻¹²
				const dust = (x: number) => 1e-12 * Math.max(1, Math.abs(x));
				const lower = s.areas.map((a) => Math.max(f, Math.ceil(a.statusQuo * (1 - cap) - dust(a.statusQuo * (1 - cap)))));
				const upper = s.areas.map((a) => Math.max(f, Math.floor(a.statusQuo * (1 + cap) + dust(a.statusQuo * (1 + cap)))));
				const sumL = lower.reduce((t, x) => t + x, 0);
				const sumU = upper.reduce((t, x) => t + x, 0);
				const satisfiable = sumL <= s.budget && s.budget <= sumU;
				expect(r.diagnostics.capsFeasible).toBe(satisfiable);
				expect(r.areas.reduce((t, a) => t + a.amount, 0)).toBe(s.budget);
				if (satisfiable) {
					expect(r.diagnostics.iterations).toBeLessThanOrEqual(n + 1);
					r.areas.forEach((a, i) => {
						expect(a.capBounds).toEqual({ lower: lower[i], upper: upper[i] });
						expect(a.amount).toBeGreaterThanOrEqual(lower[i]);
						expect(a.amount).toBeLessThanOrEqual(upper[i]);
					});
					expect(check(r, 'kappung').ok).toBe(true);
					// the free Stadtteile share one κ: (exact − f) / (P m) is the same for all with a key > 0
					const kappas = r.areas
						.filter((a) => a.capped === null && a.population * a.multiplier > 0)
						.map((a) => (a.exactAmount - a.floorPart) / (a.population * a.multiplier));
					for (const k of kappas) expect(k).toBeCloseTo(kappas[0], 6);
				} else {
					expect(r.diagnostics.capsApplied).toBe(false);
					expect(check(r, 'kappung').ok).toBe(false);
					const m = r.diagnostics.minimalFeasibleCap;
					if (m !== null) expect(m).toBeGreaterThan(cap);
				}
			}),
			RUNS
		);
	});

	it('the neediest Stadtteil never gets less when α rises (no caps)', () => {
		fc.assert(
			fc.property(scenarioArb(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (s, x, y) => {
				const [a1, a2] = x <= y ? [x, y] : [y, x];
				const top = s.areas.reduce((best, a) => (a.need > best.need ? a : best), s.areas[0]);
				if (top.population === 0 || s.areas.some((a) => a !== top && a.need === top.need)) return;
				const low = allocate({ ...s, alpha: a1 }).areas.find((a) => a.id === top.id)!;
				const high = allocate({ ...s, alpha: a2 }).areas.find((a) => a.id === top.id)!;
				expect(high.exactAmount).toBeGreaterThanOrEqual(low.exactAmount - 1e-6);
				expect(high.amount).toBeGreaterThanOrEqual(low.amount - 1);
			}),
			RUNS
		);
	});

	it('is deterministic and does not depend on the input order', () => {
		fc.assert(
			fc.property(scenarioArb(), fc.double({ min: 0, max: 0.5, noNaN: true }), (s, cap) => {
				const first = allocate({ ...s, cap });
				expect(allocate({ ...s, cap })).toEqual(first);
				const reversed = allocate({ ...s, cap, areas: [...s.areas].reverse() });
				const byId = new Map(reversed.areas.map((a) => [a.id, a.amount]));
				for (const a of first.areas) expect(byId.get(a.id)).toBe(a.amount);
			}),
			{ numRuns: 100 }
		);
	});

	it('with need weighting and no Sockel, money concentrates on need: C ≥ 0, fifth ratio ≥ 1', () => {
		fc.assert(
			fc.property(scenarioArb(), (s) => {
				const r = allocate({ ...s, floorShare: 0 });
				const exact = r.areas.map((a) => ({ id: a.id, population: a.population, need: a.need, amount: a.exactAmount }));
				expect(concentrationIndex(exact)!).toBeGreaterThanOrEqual(-1e-9);
				if (exact.filter((a) => a.population > 0).length >= 2) {
					const f = fifthRatio(exact);
					// ratio null: the least needy fifth gets nothing (multipliers clipped at 0)
					if (f.ratio !== null) expect(f.ratio).toBeGreaterThanOrEqual(1 - 1e-9);
					else expect(f.leastPerCapita).toBe(0);
				}
				// Lorenz curve: from (0,0) to (1,1), non-decreasing
				const L = lorenzCurve(exact);
				expect(L[0]).toMatchObject({ populationShare: 0, moneyShare: 0 });
				expect(L[L.length - 1]).toMatchObject({ populationShare: 1, moneyShare: 1 });
				for (let k = 1; k < L.length; k++) {
					expect(L[k].populationShare).toBeGreaterThanOrEqual(L[k - 1].populationShare);
					expect(L[k].moneyShare).toBeGreaterThanOrEqual(L[k - 1].moneyShare);
				}
			}),
			RUNS
		);
	});
});
