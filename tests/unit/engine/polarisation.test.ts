import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polarisation, polarisationSeries } from '../../../src/lib/engine/polarisation.ts';
import { fixtureDb, type FixtureArea } from '../helpers/fixture-db.ts';

// Five areas, fraction 0.4 → k = round(5 · 0.4) = 2
//   a 10 % of 100, b 20 % of 300, c 30 % of 100, d 40 % of 100, e 50 % of 100
const FIVE = [
	{ id: 'a', value: 10, weight: 100 },
	{ id: 'b', value: 20, weight: 300 },
	{ id: 'c', value: 30, weight: 100 },
	{ id: 'd', value: 40, weight: 100 },
	{ id: 'e', value: 50, weight: 100 }
];

describe('polarisation', () => {
	it('pools each group like an aggregate: Σ counts / Σ bases (hand-computed)', () => {
		// most  = e, d: (50·100 + 40·100)/200 = 45
		// least = a, b: (10·100 + 20·300)/400 = 7000/400 = 17.5
		// ratio = 45/17.5 = 2.5714…, gap = 27.5
		// mean = 30, SD (with n) = √((400 + 100 + 0 + 100 + 400)/5) = √200, CV = √200/30 = 0.4714…
		const p = polarisation(FIVE, { fraction: 0.4 });
		expect(p.k).toBe(2);
		expect(p.most).toEqual(['e', 'd']);
		expect(p.least).toEqual(['a', 'b']);
		expect(p.most_mean).toBeCloseTo(45, 12);
		expect(p.least_mean).toBeCloseTo(17.5, 12);
		expect(p.ratio).toBeCloseTo(45 / 17.5, 12);
		expect(p.gap).toBeCloseTo(27.5, 12);
		expect(p.cv).toBeCloseTo(Math.sqrt(200) / 30, 12);
		expect(p.weighting).toBe('population');
	});

	it("weighting 'none' takes plain means of the area rates", () => {
		// least = (10 + 20)/2 = 15 → ratio 45/15 = 3
		const p = polarisation(FIVE, { fraction: 0.4, weighting: 'none' });
		expect(p.least_mean).toBe(15);
		expect(p.ratio).toBe(3);
		expect(p.weighting).toBe('none');
		// missing weights fall back to plain means
		expect(polarisation(FIVE.map(({ id, value }) => ({ id, value })), { fraction: 0.4 }).weighting).toBe('none');
	});

	it('uses fifths by default: k = round(n/5), at least 1, at most n/2', () => {
		const many = Array.from({ length: 88 }, (_, i) => ({ id: `ot-${String(i).padStart(2, '0')}`, value: i }));
		expect(polarisation(many).k).toBe(18); // 17.6 → 18
		expect(polarisation(FIVE.slice(0, 2)).k).toBe(1);
	});

	it('polarity −1 makes the lowest values the most burdened (ratio < 1)', () => {
		const p = polarisation(FIVE, { fraction: 0.4, polarity: -1, weighting: 'none' });
		expect(p.most).toEqual(['a', 'b']);
		expect(p.least).toEqual(['e', 'd']);
		expect(p.ratio).toBeCloseTo(15 / 45, 14);
		expect(p.gap).toBe(-30);
	});

	it('breaks ties at the border by area id and copes with a zero mean', () => {
		const tied = [
			{ id: 'z', value: 5 },
			{ id: 'y', value: 5 },
			{ id: 'x', value: 0 },
			{ id: 'w', value: 0 }
		];
		const p = polarisation(tied, { fraction: 0.25 });
		expect(p.most).toEqual(['y']);
		expect(p.least).toEqual(['x']);
		expect(p.ratio).toBeNull();
		expect(polarisation([{ id: 'a', value: 0 }, { id: 'b', value: 0 }]).cv).toBeNull();
	});

	it('throws German messages on bad input', () => {
		expect(() => polarisation([{ id: 'a', value: 1 }])).toThrow(/mindestens 2 Gebiete/);
		expect(() => polarisation(FIVE, { fraction: 0.6 })).toThrow(/Anteil/);
		expect(() => polarisation([{ id: 'a', value: NaN }, { id: 'b', value: 1 }])).toThrow(/kein gültiger Wert für a/);
	});
});

// Six Ortsteile, two years; Testort F has a small base (unreliable, excluded by default).
const AREAS: FixtureArea[] = [
	...['a', 'b', 'c', 'd', 'e', 'f'].map((x) => ({
		id: `ot-${x}`,
		name: `Testort ${x.toUpperCase()}`,
		level: 'ortsteil' as const,
		stadtteil_id: 'st-x',
		stadtbezirk_id: 'sb-1'
	})),
	{ id: 'st-x', name: 'Teststadtteil X', level: 'stadtteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'sb-1', name: 'Testbezirk 1', level: 'stadtbezirk', stadtbezirk_id: 'sb-1' },
	{ id: 'stadt-bremen', name: 'Teststadt', level: 'stadt' }
];
// 2022: rates 10, 20, 30, 40, 50 % (bases 100, 300, 100, 100, 100), F 9/10
// 2023: rates 10, 20, 30, 40, 70 %, F 9/10
const row = (id: string, year: number, num: number, den: number) => ({ area_id: `ot-${id}`, indicator_id: 'quote', year, numerator: num, denominator: den });
const VALUES = [
	row('a', 2022, 10, 100), row('b', 2022, 60, 300), row('c', 2022, 30, 100), row('d', 2022, 40, 100), row('e', 2022, 50, 100), row('f', 2022, 9, 10),
	row('a', 2023, 10, 100), row('b', 2023, 60, 300), row('c', 2023, 30, 100), row('d', 2023, 40, 100), row('e', 2023, 70, 100), row('f', 2023, 9, 10)
];

let db: Awaited<ReturnType<typeof fixtureDb>>;
beforeAll(async () => {
	db = await fixtureDb(AREAS, [{ id: 'quote', scale: 100, min_base: 50 }], VALUES);
});
afterAll(() => db?.close());

describe('polarisationSeries (Db)', () => {
	it('gives ratio, gap and CV per year with the areas behind them', async () => {
		const s = await polarisationSeries(db, { indicator: 'quote', fraction: 0.4 });
		expect(s.map((y) => y.year)).toEqual([2022, 2023]);
		// 2022 = the hand example: 45 / 17.5
		expect(s[0].ratio).toBeCloseTo(45 / 17.5, 12);
		// 2023: most = E, D: (70 + 40)/2 = 55 → ratio 55/17.5, gap 37.5
		expect(s[1].ratio).toBeCloseTo(55 / 17.5, 12);
		expect(s[1].gap).toBeCloseTo(37.5, 12);
		expect(s[1].most.map((a) => a.area_name)).toEqual(['Testort E', 'Testort D']);
		expect(s[1].most[0]).toMatchObject({ area_id: 'ot-e', value: 70, denominator: 100 });
		expect(s[1].excluded).toEqual([{ area_id: 'ot-f', area_name: 'Testort F', reason: 'kleine Basis (Nenner unter Mindestbasis)' }]);
	});

	it("keeps small bases with EB smoothing ('eb')", async () => {
		const s = await polarisationSeries(db, { indicator: 'quote', fraction: 0.4, unreliable: 'eb', years: [2023] });
		expect(s).toHaveLength(1);
		expect(s[0].n).toBe(6);
		expect(s[0].excluded).toEqual([]);
	});

	it('throws for an unknown indicator', async () => {
		await expect(polarisationSeries(db, { indicator: 'nix' })).rejects.toThrow(/unbekannter Indikator „nix“/);
	});
});
