import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	correlationRatio,
	dissimilarity,
	dissimilarityContributions,
	exposure,
	gini,
	indexPairs,
	isolation,
	locationQuotients,
	segregationIndices,
	segregationSeries,
	segregationTable,
	spatialDissimilarity,
	theilH
} from '../../../src/lib/engine/segregation.ts';
import { rowsToArrowStream } from '../../../scripts/lib/arrow-io.ts';
import { fixtureDb, type FixtureArea } from '../helpers/fixture-db.ts';

// Hand-computed example, three areas:
//   g = [10, 20, 30]   t = [100, 50, 50]   r = t − g = [90, 30, 20]
//   G = 60, T = 200, R = 140, P = 0.3, p = [0.1, 0.4, 0.6]
const G3 = [10, 20, 30];
const T3 = [100, 50, 50];
const CHAIN: [number, number][] = [[0, 1], [1, 0], [1, 2], [2, 1]];

describe('dissimilarity D', () => {
	it('is ½ Σ |gᵢ/G − rᵢ/R| (hand-computed)', () => {
		// |10/60 − 90/140| = |7/42 − 27/42| = 20/42
		// |20/60 − 30/140| = |14/42 −  9/42| =  5/42
		// |30/60 − 20/140| = |21/42 −  6/42| = 15/42
		// D = ½ · 40/42 = 10/21
		expect(dissimilarity(G3, T3)).toBeCloseTo(10 / 21, 14);
		expect(dissimilarityContributions(G3, T3).map((x) => x * 42)).toEqual([
			expect.closeTo(10, 12),
			expect.closeTo(2.5, 12),
			expect.closeTo(7.5, 12)
		]);
	});

	it('agrees with the rate form Σ tᵢ |pᵢ − P| / (2 T P (1 − P))', () => {
		// 100·0.2 + 50·0.1 + 50·0.3 = 40;  2 · 200 · 0.3 · 0.7 = 84;  40/84 = 10/21
		const P = 60 / 200;
		const rateForm = G3.reduce((s, g, i) => s + T3[i] * Math.abs(g / T3[i] - P), 0) / (2 * 200 * P * (1 - P));
		expect(rateForm).toBeCloseTo(10 / 21, 14);
		expect(dissimilarity(G3, T3)).toBeCloseTo(rateForm, 14);
	});

	it('is 1 for complete separation and 0 for an even spread', () => {
		expect(dissimilarity([10, 0], [10, 10])).toBe(1);
		expect(dissimilarity([5, 10], [50, 100])).toBeCloseTo(0, 15);
	});

	it('throws German messages on bad input', () => {
		expect(() => dissimilarity([1], [2])).toThrow(/mindestens 2 Gebiete/);
		expect(() => dissimilarity([1, 2], [2])).toThrow(/gleich lang/);
		expect(() => dissimilarity([0, 0], [5, 5])).toThrow(/Gruppe leer/);
		expect(() => dissimilarity([5, 5], [5, 5])).toThrow(/ganze Bevölkerung/);
		expect(() => dissimilarity([6, 1], [5, 5])).toThrow(/größer als Gesamtzahl/);
		expect(() => dissimilarity([-1, 1], [5, 5])).toThrow(/ungültige Anzahl/);
	});
});

describe('exposure family', () => {
	it('isolation xPx = Σ (gᵢ/G)(gᵢ/tᵢ)', () => {
		// (1/6)·0.1 + (1/3)·0.4 + (1/2)·0.6 = 1/60 + 8/60 + 18/60 = 27/60
		expect(isolation(G3, T3)).toBeCloseTo(0.45, 14);
	});

	it('exposure xPy = Σ (gᵢ/G)(rᵢ/tᵢ) = 1 − xPx', () => {
		// (1/6)·0.9 + (1/3)·0.6 + (1/2)·0.4 = 0.15 + 0.2 + 0.2 = 0.55
		expect(exposure(G3, T3)).toBeCloseTo(0.55, 14);
		expect(exposure(G3, T3)).toBeCloseTo(1 - isolation(G3, T3), 14);
		expect(exposure([3, 7, 11, 2], [10, 20, 50, 3])).toBeCloseTo(1 - isolation([3, 7, 11, 2], [10, 20, 50, 3]), 14);
	});

	it('correlation ratio V = (xPx − P)/(1 − P)', () => {
		// (0.45 − 0.3)/0.7 = 3/14
		expect(correlationRatio(G3, T3)).toBeCloseTo(3 / 14, 14);
	});
});

describe('Theil H, Gini, location quotients', () => {
	it('Theil H = Σ tᵢ (E − Eᵢ)/(T E)', () => {
		// E  = −(0.3 ln 0.3 + 0.7 ln 0.7) = 0.6108643020548935
		// E₁ = −(0.1 ln 0.1 + 0.9 ln 0.9) = 0.3250829733914482
		// E₂ = E₃ = −(0.4 ln 0.4 + 0.6 ln 0.6) = 0.6730116670092565
		// H = [100·(E − E₁) + 2·50·(E − E₂)] / (200 · E)
		//   = (28.57813286634453 − 6.21473649543630) / 122.1728604109787 = 0.1830471701790…
		expect(theilH(G3, T3)).toBeCloseTo(0.18304717017903, 12);
	});

	it('Theil H takes 0 ln 0 as 0 (areas all group or all rest), as PySAL', () => {
		// E = ln 2, E₁ = E₂ = 0 → H = (10 ln 2 + 10 ln 2)/(20 ln 2) = 1
		expect(theilH([10, 0], [10, 10])).toBeCloseTo(1, 14);
	});

	it('Gini = Σᵢ Σⱼ tᵢ tⱼ |pᵢ − pⱼ| / (2 T² P (1 − P))', () => {
		// pairs i<j: 100·50·0.3 + 100·50·0.5 + 50·50·0.2 = 1500 + 2500 + 500 = 4500; both orders 9000
		// 2 · 200² · 0.21 = 16800;  9000/16800 = 15/28
		expect(gini(G3, T3)).toBeCloseTo(15 / 28, 14);
		expect(gini([10, 0], [10, 10])).toBeCloseTo(1, 14);
	});

	it('the sorted O(n log n) Gini equals the double sum', () => {
		const g = [3, 7, 11, 2, 0, 40, 9];
		const t = [10, 20, 50, 3, 8, 41, 30];
		const T = t.reduce((a, b) => a + b);
		const P = g.reduce((a, b) => a + b) / T;
		let num = 0;
		for (let i = 0; i < g.length; i++) for (let j = 0; j < g.length; j++) num += t[i] * t[j] * Math.abs(g[i] / t[i] - g[j] / t[j]);
		expect(gini(g, t)).toBeCloseTo(num / (2 * T * T * P * (1 - P)), 13);
	});

	it('location quotients pᵢ/P', () => {
		// [0.1, 0.4, 0.6] / 0.3
		const lq = locationQuotients(G3, T3);
		expect(lq[0]).toBeCloseTo(1 / 3, 14);
		expect(lq[1]).toBeCloseTo(4 / 3, 14);
		expect(lq[2]).toBeCloseTo(2, 14);
	});
});

describe("Morrill's spatially adjusted D", () => {
	it('subtracts the mean border contrast Σ cᵢⱼ |pᵢ − pⱼ| / Σ cᵢⱼ (binary queen)', () => {
		// chain 1–2–3, both directions: 2·(|0.1 − 0.4| + |0.4 − 0.6|) / 4 = 1.0/4 = 0.25
		// D(adj) = 10/21 − 1/4 = 19/84
		expect(spatialDissimilarity(G3, T3, CHAIN)).toBeCloseTo(19 / 84, 14);
	});

	it('is null without neighbours and rejects indices outside the areas', () => {
		expect(spatialDissimilarity(G3, T3, [])).toBeNull();
		expect(() => spatialDissimilarity(G3, T3, [[0, 3]])).toThrow(/außerhalb/);
	});

	it('indexPairs maps id pairs to index pairs in both directions, once', () => {
		expect(indexPairs(['a', 'b', 'c'], [['a', 'b'], ['b', 'a'], ['c', 'b'], ['c', 'x'], ['a', 'a']])).toEqual([
			[0, 1],
			[1, 0],
			[1, 2],
			[2, 1]
		]);
	});
});

describe('segregationIndices', () => {
	it('returns all indices with the names of the CLI JSON', () => {
		const s = segregationIndices(G3, T3, CHAIN);
		expect(s).toMatchObject({ n_areas: 3, group_total: 60, population: 200 });
		expect(s.D).toBeCloseTo(10 / 21, 14);
		expect(s.isolation).toBeCloseTo(0.45, 14);
		expect(s.exposure).toBeCloseTo(0.55, 14);
		expect(s.correlation_ratio).toBeCloseTo(3 / 14, 14);
		expect(s.theil_H).toBeCloseTo(0.18304717017903, 12);
		expect(s.gini).toBeCloseTo(15 / 28, 14);
		expect(s.spatial_D_morrill).toBeCloseTo(19 / 84, 14);
		expect(s.share).toBeCloseTo(0.3, 14);
	});
});

// ---------------------------------------------------------------------------
// Through the Db
// ---------------------------------------------------------------------------

// Testort A, B in Testbezirk 1; C, D in Testbezirk 2; neighbours A–B–C–D (chain).
// 2023: A 10/100, B 20/50, C 30/50 (the hand example), D suppressed.
// 2022: A 10/100, B 10/50, C 10/50, D suppressed.
const AREAS: FixtureArea[] = [
	{ id: 'ot-a', name: 'Testort A', level: 'ortsteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'ot-b', name: 'Testort B', level: 'ortsteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'ot-c', name: 'Testort C', level: 'ortsteil', stadtteil_id: 'st-y', stadtbezirk_id: 'sb-2' },
	{ id: 'ot-d', name: 'Testort D', level: 'ortsteil', stadtteil_id: 'st-y', stadtbezirk_id: 'sb-2' },
	{ id: 'st-x', name: 'Teststadtteil X', level: 'stadtteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'st-y', name: 'Teststadtteil Y', level: 'stadtteil', stadtteil_id: 'st-y', stadtbezirk_id: 'sb-2' },
	{ id: 'sb-1', name: 'Testbezirk 1', level: 'stadtbezirk', stadtbezirk_id: 'sb-1' },
	{ id: 'sb-2', name: 'Testbezirk 2', level: 'stadtbezirk', stadtbezirk_id: 'sb-2' },
	{ id: 'stadt-bremen', name: 'Teststadt', level: 'stadt' }
];
const INDICATORS = [
	{ id: 'gruppe_quote', numerator: 'gruppe', denominator: 'bev', unit: '%', scale: 100, min_base: 50 },
	{ id: 'einwohner', numerator: 'bev', denominator: null, unit: 'Personen', scale: 1, min_base: 0 },
	{ id: 'kinder', numerator: 'kinder', denominator: null, unit: 'Personen', scale: 1, min_base: 0 },
	{ id: 'dichte', numerator: 'ereignisse', denominator: 'bev', unit: 'je 1.000 Einw.', scale: 1000, min_base: 50 },
	{ id: 'flaeche_anteil', numerator: 'gruen_ha', denominator: 'flaeche_ha', unit: '%', scale: 100, min_base: 0 }
];
const vals = (year: number, g: (number | null)[], t: number[]) =>
	AREAS.slice(0, 4).flatMap((a, i) => [
		{ area_id: a.id, indicator_id: 'gruppe_quote', year, numerator: g[i], denominator: t[i], status: g[i] === null ? ('gesperrt' as const) : ('ok' as const) },
		{ area_id: a.id, indicator_id: 'einwohner', year, numerator: t[i], denominator: null },
		{ area_id: a.id, indicator_id: 'kinder', year, numerator: 15, denominator: null }
	]);

let db: Awaited<ReturnType<typeof fixtureDb>>;
beforeAll(async () => {
	db = await fixtureDb(AREAS, INDICATORS, [...vals(2023, [10, 20, 30, null], [100, 50, 50, 80]), ...vals(2022, [10, 10, 10, null], [100, 50, 50, 80])]);
	// the full catalogue columns segregation needs (numerator, denominator, unit)
	await db.loadArrow(
		'indicators',
		rowsToArrowStream(
			INDICATORS.map((i, sort) => ({ ...i, polarity: 1, factor: 'materiell', sort })),
			{ id: 'string', numerator: 'string', denominator: 'string', unit: 'string', scale: 'float', min_base: 'float', polarity: 'int', factor: 'string', sort: 'int' }
		)
	);
	await db.loadArrow(
		'neighbours',
		rowsToArrowStream(
			[['ot-a', 'ot-b'], ['ot-b', 'ot-a'], ['ot-b', 'ot-c'], ['ot-c', 'ot-b'], ['ot-c', 'ot-d'], ['ot-d', 'ot-c']].map(([area_id, neighbour_id]) => ({ area_id, neighbour_id })),
			{ area_id: 'string', neighbour_id: 'string' }
		)
	);
});
afterAll(() => db?.close());

describe('segregationTable (Db)', () => {
	it('computes the city-wide indices over the Ortsteile with counts and lists the excluded one', async () => {
		const t = await segregationTable(db, { group: 'gruppe_quote' }, 2023);
		expect(t.city.n_areas).toBe(3);
		expect(t.city.D).toBeCloseTo(10 / 21, 12);
		expect(t.city.gini).toBeCloseTo(15 / 28, 12);
		// A–B–C chain; the pair C–D is dropped with D
		expect(t.city.spatial_D_morrill).toBeCloseTo(19 / 84, 12);
		expect(t.excluded).toEqual([{ area_id: 'ot-d', area_name: 'Testort D', reason: 'Anzahl gesperrt oder fehlend' }]);
		expect(t.group.label).toBe('gruppe');
		expect(t.total.label).toBe('bev');
	});

	it('lists each Ortsteil with share, location quotient and its part of D', async () => {
		const t = await segregationTable(db, { group: 'gruppe_quote' }, 2023);
		const c = t.areas.find((a) => a.area_id === 'ot-c')!;
		expect(c.share).toBeCloseTo(0.6, 14);
		expect(c.location_quotient).toBeCloseTo(2, 12);
		// (15/42 · ½) / (10/21) = 7.5/20
		expect(c.d_share).toBeCloseTo(7.5 / 20, 12);
		expect(t.areas.reduce((s, a) => s + a.d_share, 0)).toBeCloseTo(1, 12);
	});

	it('computes each Stadtbezirk over its own Ortsteile', async () => {
		const t = await segregationTable(db, { group: 'gruppe_quote' }, 2023);
		// Testbezirk 1 = A, B: G = 30, R = 120; D = ½(|10/30 − 90/120| + |20/30 − 30/120|) = ½(5/12 + 5/12) = 5/12
		// Morrill: one border, |0.1 − 0.4| = 0.3 → 5/12 − 0.3
		const sb1 = t.byStadtbezirk.find((b) => b.id === 'sb-1')!;
		expect(sb1.name).toBe('Testbezirk 1');
		expect(sb1.indices!.D).toBeCloseTo(5 / 12, 12);
		expect(sb1.indices!.spatial_D_morrill).toBeCloseTo(5 / 12 - 0.3, 12);
		const sb2 = t.byStadtbezirk.find((b) => b.id === 'sb-2')!;
		expect(sb2.indices).toBeNull();
		expect(sb2.note).toMatch(/nur ein Ortsteil/);
	});

	it('takes --total as an indicator id or a base id', async () => {
		const byIndicator = await segregationTable(db, { group: 'gruppe_quote', total: 'einwohner' }, 2023);
		const byBase = await segregationTable(db, { group: 'gruppe_quote', total: 'bev' }, 2023);
		expect(byIndicator.city.D).toBeCloseTo(10 / 21, 12);
		expect(byBase.city.D).toBeCloseTo(10 / 21, 12);
		await expect(segregationTable(db, { group: 'gruppe_quote', total: 'kinder' }, 2023)).rejects.toThrow(
			/Gruppe \(20, gruppe\) größer als Gesamtzahl \(15, kinder\) in Testort B \(ot-b\), 2023/
		);
		await expect(segregationTable(db, { group: 'gruppe_quote', total: 'gibtsnicht' }, 2023)).rejects.toThrow(/unbekannte Gesamtzahl/);
	});

	it('refuses indicators that are not a group share of a population', async () => {
		await expect(segregationTable(db, { group: 'einwohner' }, 2023)).rejects.toThrow(/Anzahl ohne Bezugsbevölkerung/);
		await expect(segregationTable(db, { group: 'dichte' }, 2023)).rejects.toThrow(/kein Anteil.*je 1\.000/);
		await expect(segregationTable(db, { group: 'flaeche_anteil' }, 2023)).rejects.toThrow(/Flächenanteil/);
		await expect(segregationTable(db, { group: 'unbekannt' }, 2023)).rejects.toThrow(/unbekannter Indikator/);
		await expect(segregationTable(db, { group: 'gruppe_quote' }, 1999)).rejects.toThrow(/keine Werte/);
	});
});

describe('segregationSeries (Db)', () => {
	it('gives one value per index and year', async () => {
		const s = await segregationSeries(db, { group: 'gruppe_quote' });
		expect(s.map((y) => y.year)).toEqual([2022, 2023]);
		// 2022: g = [10, 10, 10], t = [100, 50, 50], R = 170:
		// ½(|1/3 − 9/17| + 2·|1/3 − 4/17|) = ½(10/51 + 10/51) = 10/51
		expect(s[0].city.D).toBeCloseTo(10 / 51, 12);
		expect(s[1].city.D).toBeCloseTo(10 / 21, 12);
		expect(s[1].byStadtbezirk.find((b) => b.id === 'sb-1')!.indices!.D).toBeCloseTo(5 / 12, 12);
		expect(s[0].excluded.map((e) => e.area_id)).toEqual(['ot-d']);
	});
});
