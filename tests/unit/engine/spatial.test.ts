import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	fdrCutoff,
	foldedPseudoP,
	lisaForIndicator,
	loadSpatialData,
	localMoran,
	moran,
	moranForIndicator,
	moranI,
	moranScatter,
	moranScatterForIndicator,
	quadrant,
	rowStandardisedWeights,
	spatialLag,
	spatialSubset
} from '../../../src/lib/engine/spatial.ts';
import { empiricalBayes } from '../../../src/lib/engine/ebsmooth.ts';
import { rowsToArrowStream } from '../../../scripts/lib/arrow-io.ts';
import { fixtureDb, type FixtureArea } from '../helpers/fixture-db.ts';

/** rows × cols lattice, ids "r-c" row by row; rook (edges) or queen (edges + corners) pairs. */
function lattice(rows: number, cols: number, queen: boolean) {
	const ids: string[] = [];
	const pairs: [string, string][] = [];
	const steps = queen ? [[0, 1], [1, 0], [1, 1], [1, -1]] : [[0, 1], [1, 0]];
	for (let r = 0; r < rows; r++) {
		for (let c = 0; c < cols; c++) {
			ids.push(`${r}-${c}`);
			for (const [dr, dc] of steps) {
				const rr = r + dr;
				const cc = c + dc;
				if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) pairs.push([`${r}-${c}`, `${rr}-${cc}`]);
			}
		}
	}
	return { ids, pairs };
}

// 3 × 3 checkerboard, 1 at the corners and the centre:
//   1 0 1
//   0 1 0
//   1 0 1
const CHECKER = [1, 0, 1, 0, 1, 0, 1, 0, 1];

describe('weights', () => {
	it('row-standardises and symmetrises neighbour pairs', () => {
		const w = rowStandardisedWeights(['a', 'b', 'c', 'd'], [['a', 'b'], ['c', 'b'], ['b', 'a'], ['a', 'a'], ['a', 'x']]);
		expect([...w.offsets]).toEqual([0, 1, 3, 4, 4]);
		expect([...w.neighbours]).toEqual([1, 0, 2, 1]);
		expect([...w.weights]).toEqual([1, 0.5, 0.5, 1]);
		expect(w.islands).toEqual(['d']);
		expect(() => rowStandardisedWeights(['a', 'a'], [])).toThrow(/doppelt/);
	});

	it('spatial lag is the mean of the neighbours', () => {
		const w = rowStandardisedWeights(['a', 'b', 'c'], [['a', 'b'], ['b', 'c']]);
		expect([...spatialLag([1, 2, 3], w)]).toEqual([2, 2, 2]);
	});

	it('spatialSubset drops areas without value, then areas left without a neighbour', () => {
		// a–b–c, d alone; b has no value → a and c lose their only neighbour
		const s = spatialSubset(
			[{ id: 'a', value: 1 }, { id: 'b', value: null }, { id: 'c', value: 3 }, { id: 'd', value: 4 }, { id: 'e', value: 5 }, { id: 'f', value: NaN }],
			[['a', 'b'], ['b', 'c'], ['d', 'e'], ['e', 'f']]
		);
		expect(s.missing).toEqual(['b', 'f']);
		expect(s.islands).toEqual(['a', 'c']);
		expect(s.ids).toEqual(['d', 'e']);
		expect([...s.values]).toEqual([4, 5]);
		expect(s.weights.islands).toEqual([]);
	});
});

describe("global Moran's I", () => {
	it('is −1 for a checkerboard on the rook lattice', () => {
		// every neighbour of a 1 is a 0 and vice versa: x̄ = 5/9, z = 4/9 or −5/9, lag = the other value
		// Σ z·lag = 5·(4/9)(−5/9) + 4·(−5/9)(4/9) = −180/81;  Σ z² = 5·16/81 + 4·25/81 = 180/81;  I = −1
		const { ids, pairs } = lattice(3, 3, false);
		expect(moranI(CHECKER, rowStandardisedWeights(ids, pairs))).toBeCloseTo(-1, 14);
	});

	it('is −7/30 for the checkerboard on the queen lattice (hand-computed)', () => {
		// z₁ = 4/9, z₀ = −5/9
		// corner (1; neighbours 0, 0, 1):     lag = (−10/9 + 4/9)/3   = −2/9;  z·lag = −8/81, ×4 = −32/81
		// edge   (0; neighbours 1,1,1,0,0):   lag = (12/9 − 10/9)/5   = 2/45;  z·lag = −2/81, ×4 =  −8/81
		// centre (1; four 1s, four 0s):       lag = (16/9 − 20/9)/8   = −1/18; z·lag = −2/81
		// I = (9/9) · (−42/81) / (180/81) = −7/30
		const { ids, pairs } = lattice(3, 3, true);
		expect(moranI(CHECKER, rowStandardisedWeights(ids, pairs))).toBeCloseTo(-7 / 30, 14);
	});

	it('is scale-invariant and throws on constant values, islands or too few areas', () => {
		const { ids, pairs } = lattice(3, 3, true);
		const w = rowStandardisedWeights(ids, pairs);
		expect(moranI(CHECKER.map((x) => 100 * x + 7), w)).toBeCloseTo(-7 / 30, 12);
		expect(() => moranI(CHECKER.map(() => 3), w)).toThrow(/alle Werte gleich/);
		expect(() => moranI([1, 2, 3], rowStandardisedWeights(['a', 'b', 'c'], [['a', 'b']]))).toThrow(/ohne Nachbarn \(c\)/);
		expect(() => moranI([1, 2], rowStandardisedWeights(['a', 'b'], [['a', 'b']]))).toThrow(/mindestens 3 Gebiete/);
		expect(() => moranI([1, 2], w)).toThrow(/2 Werte für 9 Gebiete/);
	});

	it('permutation inference: folded pseudo p, z from the permutation mean and SD, E[I] = −1/(n−1)', () => {
		// 10 × 10 queen lattice, left half high: a strong cluster
		const { ids, pairs } = lattice(10, 10, true);
		const values = ids.map((id, k) => (Number(id.split('-')[1]) < 5 ? 10 : 0) + (k % 3));
		const m = moran(values, rowStandardisedWeights(ids, pairs), { permutations: 999, seed: 1 });
		expect(m.expected).toBeCloseTo(-1 / 99, 15);
		expect(m.p_sim).toBe(0.001); // no permutation reaches I: (0 + 1)/(999 + 1)
		expect(m.z!).toBeGreaterThan(5);
		expect(m.z!).toBeCloseTo((m.I - m.mean_sim!) / m.sd_sim!, 12);
		// the permutation mean estimates E[I] (SE ≈ sd/√999 ≈ 0.002)
		expect(Math.abs(m.mean_sim! - m.expected)).toBeLessThan(0.01);
	});

	it('is deterministic for a seed and differs across seeds', () => {
		const { ids, pairs } = lattice(3, 3, true);
		const w = rowStandardisedWeights(ids, pairs);
		const a = moran(CHECKER, w, { permutations: 199, seed: 'abc' });
		const b = moran(CHECKER, w, { permutations: 199, seed: 'abc' });
		expect(b).toEqual(a);
		const c = moran(CHECKER, w, { permutations: 199, seed: 'xyz' });
		expect([c.mean_sim, c.sd_sim]).not.toEqual([a.mean_sim, a.sd_sim]);
		expect(moran(CHECKER, w, { permutations: 0 })).toMatchObject({ p_sim: null, z: null, permutations: 0 });
		expect(() => moran(CHECKER, w, { permutations: -1 })).toThrow(/Permutationen/);
	});

	it('foldedPseudoP counts the smaller tail: min(M, R − M)', () => {
		expect(foldedPseudoP(0, 999)).toBe(0.001);
		expect(foldedPseudoP(999, 999)).toBe(0.001);
		expect(foldedPseudoP(30, 99)).toBe(0.31);
		expect(foldedPseudoP(80, 99)).toBe(0.2); // R − M = 19 → 20/100
	});
});

describe('local Moran (LISA)', () => {
	it('Iᵢ = (n − 1) zᵢ lagᵢ / Σ z² on the queen checkerboard (hand-computed)', () => {
		// standardised z: s² = (180/81)/9 = 20/81; Iᵢ = (n−1)/n · (zᵢ lagᵢ)/s² (raw deviations)
		// corner: (8/9) · (−8/81) · (81/20) = −16/45;  edge: (8/9) · (−2/81) · (81/20) = −4/45;  centre: −4/45
		const { ids, pairs } = lattice(3, 3, true);
		const l = localMoran(CHECKER, rowStandardisedWeights(ids, pairs), { permutations: 99 });
		const expected = [-16, -4, -16, -4, -4, -4, -16, -4, -16].map((x) => x / 45);
		l.localI.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 13));
		// Σ Iᵢ / (n − 1) = global I = −7/30
		expect(l.localI.reduce((s, x) => s + x, 0) / 8).toBeCloseTo(-7 / 30, 13);
		expect(l.quadrant).toEqual(['HL', 'LH', 'HL', 'LH', 'HL', 'LH', 'HL', 'LH', 'HL']);
		// the centre borders all 8 others: every draw equals the observed value → p = 1
		expect(l.p_sim[4]).toBe(1);
	});

	it('assigns all four quadrants on a constructed chain', () => {
		// chain a–b–c–d–e–f, values 9 8 1 0 9 1, mean 28/6 = 4.67
		// z: +4.33 +3.33 −3.67 −4.67 +4.33 −3.67
		// lag (mean of neighbours): a: +3.33 → HH;  b: (4.33 − 3.67)/2 = +0.33 → HH;  c: (3.33 − 4.67)/2 = −0.67 → LL
		//   d: (−3.67 + 4.33)/2 = +0.33 → LH;  e: (−4.67 − 3.67)/2 = −4.17 → HL;  f: +4.33 → LH
		const w = rowStandardisedWeights(['a', 'b', 'c', 'd', 'e', 'f'], [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f']]);
		expect(localMoran([9, 8, 1, 0, 9, 1], w, { permutations: 9 }).quadrant).toEqual(['HH', 'HH', 'LL', 'LH', 'HL', 'LH']);
		expect(quadrant(0, 1)).toBe('LH'); // a value at the mean counts as low, as esda
	});

	it('conditional permutation draws from the other n − 1 areas only', () => {
		// area a (z = +4.33) has one neighbour; the 5 others have z = 3.33, −3.67, −4.67, 4.33, −3.67.
		// Iₐ(perm) ≥ Iₐ iff the drawn z ≥ 3.33: 2 of 5 → M/R → 0.4 (it would be 3/6 = 0.5 if a could draw itself)
		const w = rowStandardisedWeights(['a', 'b', 'c', 'd', 'e', 'f'], [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f']]);
		const l = localMoran([9, 8, 1, 0, 9, 1], w, { permutations: 9999, seed: 7 });
		expect(Math.abs(l.p_sim[0] - 0.4)).toBeLessThan(0.02);
	});

	it('finds HH and LL clusters in a two-block pattern and is deterministic', () => {
		const { ids, pairs } = lattice(10, 10, true);
		const values = ids.map((id, k) => (Number(id.split('-')[1]) < 5 ? 10 : 0) + (k % 3));
		const w = rowStandardisedWeights(ids, pairs);
		const l = localMoran(values, w, { permutations: 999, seed: 3 });
		const at = (id: string) => ids.indexOf(id);
		expect(l.cluster[at('5-1')]).toBe('HH');
		expect(l.cluster[at('5-8')]).toBe('LL');
		expect(l.p_sim[at('5-1')]).toBeLessThanOrEqual(0.05);
		const again = localMoran(values, w, { permutations: 999, seed: 3 });
		expect([...again.p_sim]).toEqual([...l.p_sim]);
		expect(again.cluster).toEqual(l.cluster);
	});

	it('FDR: Benjamini–Hochberg cut-off as esda.fdr', () => {
		// n = 4, α = 0.05: thresholds k·α/n = 0.0125, 0.025, 0.0375, 0.05
		// sorted p 0.01 < 0.0125, 0.02 < 0.025, 0.03 < 0.0375, 0.5 ≥ 0.05 → largest k = 3 → 0.0375
		expect(fdrCutoff([0.5, 0.03, 0.01, 0.02], 0.05)).toBeCloseTo(0.0375, 15);
		// nothing passes → Bonferroni α/n
		expect(fdrCutoff([0.2, 0.3], 0.05)).toBe(0.025);
		expect(() => fdrCutoff([], 0.05)).toThrow(/keine p-Werte/);
	});

	it('with --fdr fewer or equally many areas are significant, and the cut-off is reported', () => {
		const { ids, pairs } = lattice(10, 10, true);
		const values = ids.map((id, k) => (Number(id.split('-')[1]) < 5 ? 10 : 0) + ((k * 7) % 5));
		const w = rowStandardisedWeights(ids, pairs);
		const plain = localMoran(values, w, { permutations: 199, seed: 5 });
		const fdr = localMoran(values, w, { permutations: 199, seed: 5, fdr: true });
		expect(plain.cutoff).toBe(0.05);
		expect(fdr.cutoff).toBeLessThanOrEqual(0.05);
		const sig = (c: string[]) => c.filter((x) => x !== 'ns').length;
		expect(sig(fdr.cluster)).toBeLessThanOrEqual(sig(plain.cluster));
		fdr.cluster.forEach((c, i) => expect(c === 'ns').toBe(!(fdr.p_sim[i] <= fdr.cutoff)));
	});
});

describe('Moran scatterplot', () => {
	it('has slope = global I', () => {
		const { ids, pairs } = lattice(4, 4, true);
		const values = [3, 5, 1, 8, 2, 9, 4, 4, 7, 1, 6, 2, 0, 3, 5, 9];
		const w = rowStandardisedWeights(ids, pairs);
		const s = moranScatter(values, w);
		expect(s.slope).toBeCloseTo(moranI(values, w), 13);
		expect(s.points).toHaveLength(16);
		expect(s.points[0]).toMatchObject({ id: '0-0', value: 3 });
	});
});

// ---------------------------------------------------------------------------
// Through the Db
// ---------------------------------------------------------------------------

// A 3 × 3 queen lattice of Ortsteile "Testort 0-0" … plus Testort Insel (no neighbours).
// Rate = 10 × (row + 1) %, base 200; 2-2 has a small base (8 of 20, 40 %); 0-1 is suppressed.
const GRID = lattice(3, 3, true);
const AREAS: FixtureArea[] = [
	...GRID.ids.map((id) => ({ id: `ot-${id}`, name: `Testort ${id}`, level: 'ortsteil' as const, stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' })),
	{ id: 'ot-insel', name: 'Testort Insel', level: 'ortsteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'st-x', name: 'Teststadtteil X', level: 'stadtteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'sb-1', name: 'Testbezirk 1', level: 'stadtbezirk', stadtbezirk_id: 'sb-1' },
	{ id: 'stadt-bremen', name: 'Teststadt', level: 'stadt' }
];
const VALUES = [
	...GRID.ids.map((id) => {
		const row = Number(id.split('-')[0]);
		if (id === '2-2') return { area_id: `ot-${id}`, indicator_id: 'quote', year: 2023, numerator: 8, denominator: 20 };
		if (id === '0-1') return { area_id: `ot-${id}`, indicator_id: 'quote', year: 2023, numerator: null, denominator: 200, status: 'gesperrt' as const };
		return { area_id: `ot-${id}`, indicator_id: 'quote', year: 2023, numerator: 20 * (row + 1), denominator: 200 };
	}),
	{ area_id: 'ot-insel', indicator_id: 'quote', year: 2023, numerator: 30, denominator: 300 }
];

let db: Awaited<ReturnType<typeof fixtureDb>>;
beforeAll(async () => {
	db = await fixtureDb(AREAS, [{ id: 'quote', scale: 100, min_base: 50 }], VALUES);
	await db.loadArrow(
		'neighbours',
		rowsToArrowStream(
			GRID.pairs.flatMap(([a, b]) => [{ area_id: `ot-${a}`, neighbour_id: `ot-${b}` }, { area_id: `ot-${b}`, neighbour_id: `ot-${a}` }]),
			{ area_id: 'string', neighbour_id: 'string' }
		)
	);
});
afterAll(() => db?.close());

describe('spatial analysis of an indicator (Db)', () => {
	it("excludes small bases by default and reports them and islands", async () => {
		const d = await loadSpatialData(db, { indicator: 'quote', year: 2023 });
		expect(d.unreliable).toBe('exclude');
		expect(d.ids).toEqual(['ot-0-0', 'ot-0-2', 'ot-1-0', 'ot-1-1', 'ot-1-2', 'ot-2-0', 'ot-2-1']);
		expect(d.islands).toEqual(['ot-insel']);
		expect(d.excluded).toEqual([
			{ area_id: 'ot-0-1', reason: 'Wert gesperrt' },
			{ area_id: 'ot-2-2', reason: 'kleine Basis (Nenner unter Mindestbasis)' }
		]);
		expect(d.areas.find((a) => a.area_id === 'ot-insel')!.note).toBe('ohne Nachbarn mit Wert');
	});

	it('moranForIndicator equals moran() on the analysed areas', async () => {
		const m = await moranForIndicator(db, { indicator: 'quote', year: 2023, permutations: 99, seed: 1 });
		const sub = lattice(3, 3, true);
		const keep = ['0-0', '0-2', '1-0', '1-1', '1-2', '2-0', '2-1'];
		const w = rowStandardisedWeights(keep, sub.pairs);
		expect(m.I).toBeCloseTo(moranI([10, 10, 20, 20, 20, 30, 30], w), 13);
		expect(m.n).toBe(7);
		expect(m.islands).toEqual(['ot-insel']);
		expect(m.excluded.map((e) => e.area_id)).toEqual(['ot-0-1', 'ot-2-2']);
	});

	it("EB smoothing keeps small bases, using Marshall's global EB × scale", async () => {
		const d = await loadSpatialData(db, { indicator: 'quote', year: 2023, unreliable: 'eb' });
		expect(d.ids).toContain('ot-2-2');
		expect(d.excluded).toEqual([{ area_id: 'ot-0-1', reason: 'Wert gesperrt' }]);
		// the prior covers every Ortsteil with counts, the island included
		const events = [20, 20, 40, 40, 40, 60, 60, 8, 30];
		const pops = [200, 200, 200, 200, 200, 200, 200, 20, 300];
		const eb = empiricalBayes(events, pops);
		const at = d.ids.indexOf('ot-2-2');
		expect(d.values[at]).toBeCloseTo(eb.rates[7] * 100, 12);
	});

	it('LISA rows cover every Ortsteil; the ones not analysed keep their value and a note', async () => {
		const l = await lisaForIndicator(db, { indicator: 'quote', year: 2023, permutations: 99 });
		expect(l.rows).toHaveLength(10);
		const small = l.rows.find((r) => r.area_id === 'ot-2-2')!;
		expect(small).toMatchObject({ value: 40, local_i: null, cluster: null, note: 'kleine Basis (Nenner unter Mindestbasis)' });
		const row = l.rows.find((r) => r.area_id === 'ot-0-0')!;
		expect(row.quadrant).toBe('LL');
		expect(['LL', 'ns']).toContain(row.cluster);
		const scatter = await moranScatterForIndicator(db, { indicator: 'quote', year: 2023 });
		expect(scatter.points.map((p) => p.name)).toContain('Testort 1-1');
	});

	it('throws German errors for a year without values and an unknown mode', async () => {
		await expect(loadSpatialData(db, { indicator: 'quote', year: 1999 })).rejects.toThrow(/Keine Werte für „quote“ im Jahr 1999/);
		await expect(loadSpatialData(db, { indicator: 'quote', year: 2023, unreliable: 'x' as 'eb' })).rejects.toThrow(/Unbekannte Behandlung/);
	});
});
