/**
 * Inputs of the Lastenausgleich from the database (src/lib/engine/allocation-data.ts),
 * on a small synthetic fixture: target populations summed from Ortsteil counts, need
 * z-standardised with the target population as weights (Σ P z = 0), polarity, missing
 * values, years, the composite indices as need, and the Stadtteil facts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	loadAllocationData,
	loadFactsAllocationData,
	needOptions,
	standardiseNeed,
	TARGET_POPULATIONS
} from '../../../src/lib/engine/allocation-data.ts';
import { allocate } from '../../../src/lib/engine/allocation.ts';
import { rowsToArrowStream } from '../../../scripts/lib/arrow-io.ts';
import { fixtureDb, type FixtureArea, type FixtureValue } from '../helpers/fixture-db.ts';

// Four Ortsteile in three Stadtteile:  X = a + b,  Y = c,  Z = d
const AREAS: FixtureArea[] = [
	{ id: 'ot-a', name: 'Testort A', level: 'ortsteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'ot-b', name: 'Testort B', level: 'ortsteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'ot-c', name: 'Testort C', level: 'ortsteil', stadtteil_id: 'st-y', stadtbezirk_id: 'sb-1' },
	{ id: 'ot-d', name: 'Testort D', level: 'ortsteil', stadtteil_id: 'st-z', stadtbezirk_id: 'sb-1' },
	{ id: 'st-x', name: 'Teststadtteil X', level: 'stadtteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' },
	{ id: 'st-y', name: 'Teststadtteil Y', level: 'stadtteil', stadtteil_id: 'st-y', stadtbezirk_id: 'sb-1' },
	{ id: 'st-z', name: 'Teststadtteil Z', level: 'stadtteil', stadtteil_id: 'st-z', stadtbezirk_id: 'sb-1' },
	{ id: 'sb-1', name: 'Testbezirk 1', level: 'stadtbezirk', stadtbezirk_id: 'sb-1' },
	{ id: 'stadt-bremen', name: 'Teststadt', level: 'stadt' }
];

const kontext = { polarity: 0, factor: 'kontext' };
const INDICATORS = [
	{ id: 'bevoelkerung', scale: 1, min_base: 0, ...kontext },
	{ id: 'anteil_unter_6', scale: 100, min_base: 50, ...kontext },
	{ id: 'anteil_6_bis_18', scale: 100, min_base: 50, ...kontext },
	{ id: 'anteil_65_plus', scale: 100, min_base: 50, ...kontext },
	{ id: 'sgb2_quote', scale: 100, min_base: 50, polarity: 1, factor: 'materiell' },
	{ id: 'wahlbeteiligung', scale: 100, min_base: 50, polarity: -1, factor: 'symbolisch' },
	{ id: 'nichtabiturquote', scale: 100, min_base: 30, polarity: 1, factor: 'kulturell' }
];

//            bev  u6  6–18  65+     SGB II     Wähler    ohne Abitur
//  a         100  10   15    20     10/100     25/50      4/40
//  b         300  20   25    60     50/200     75/150     6/60
//  c         200  30   20    10     60/200     40/100    20/100
//  d         500  40   60   gesp.   50/500    120/200     5/20  (base 20 < 30: unreliable)
//  X = a+b   400  30   40    80     60/300 = 20 %   100/200 = 50 %   10/100 = 10 %
//  Y = c     200  30   20    10     60/200 = 30 %    40/100 = 40 %   20/100 = 20 %
//  Z = d     500  40   60    –      50/500 = 10 %   120/200 = 60 %   unreliable
const ROWS: [string, number, number, number, number | null, [number, number], [number, number], [number, number]][] = [
	['ot-a', 100, 10, 15, 20, [10, 100], [25, 50], [4, 40]],
	['ot-b', 300, 20, 25, 60, [50, 200], [75, 150], [6, 60]],
	['ot-c', 200, 30, 20, 10, [60, 200], [40, 100], [20, 100]],
	['ot-d', 500, 40, 60, null, [50, 500], [120, 200], [5, 20]]
];
// Populations, SGB II and turnout counts are used ×10 (K) so that every Stadtteil has the
// 300 residents a reliable rate needs (rates.ts); rates and z-values do not change with K.
const K = 10;
const VALUES: FixtureValue[] = ROWS.flatMap(([area_id, bev0, u6, u18, o65, sgb2, wahl, abi]) => {
	const bev = bev0 * K;
	const population = (year: number): FixtureValue[] => [
		{ area_id, indicator_id: 'bevoelkerung', year, numerator: bev, denominator: null },
		{ area_id, indicator_id: 'anteil_unter_6', year, numerator: u6 * K, denominator: bev },
		{ area_id, indicator_id: 'anteil_6_bis_18', year, numerator: u18 * K, denominator: bev },
		o65 === null
			? { area_id, indicator_id: 'anteil_65_plus', year, numerator: null, denominator: bev, status: 'gesperrt' }
			: { area_id, indicator_id: 'anteil_65_plus', year, numerator: o65 * K, denominator: bev }
	];
	return [
		...population(2022),
		...population(2023),
		{ area_id, indicator_id: 'sgb2_quote', year: 2023, numerator: sgb2[0] * K, denominator: sgb2[1] * K },
		{ area_id, indicator_id: 'wahlbeteiligung', year: 2023, numerator: wahl[0] * K, denominator: wahl[1] * K },
		{ area_id, indicator_id: 'nichtabiturquote', year: 2023, numerator: abi[0], denominator: abi[1] }
	];
});

let db: Awaited<ReturnType<typeof fixtureDb>>;
beforeAll(async () => {
	db = await fixtureDb(AREAS, INDICATORS, VALUES);
});
afterAll(() => db?.close());

const weightedSum = (areas: { population: number; need: number }[]) => areas.reduce((s, a) => s + a.population * a.need, 0);

describe('target populations', () => {
	it('sums Ortsteil counts per Stadtteil: alle, unter 18 (u6 + 6–18), 6 bis 18', async () => {
		const pop = async (targetPopulation: string) =>
			(await loadAllocationData(db, { targetPopulation, need: 'sgb2_quote' })).areas.map((a) => [a.id, a.population]);
		expect(await pop('alle')).toEqual([['st-x', 4000], ['st-y', 2000], ['st-z', 5000]]);
		// unter 18: X (10+20) + (15+25) = 70, Y 30 + 20 = 50, Z 40 + 60 = 100 (× K)
		expect(await pop('unter_18')).toEqual([['st-x', 700], ['st-y', 500], ['st-z', 1000]]);
		expect(await pop('6_bis_18')).toEqual([['st-x', 400], ['st-y', 200], ['st-z', 600]]);
		// any indicator id: its numerator
		expect(await pop('anteil_unter_6')).toEqual([['st-x', 300], ['st-y', 300], ['st-z', 400]]);
	});

	it('leaves out a Stadtteil whose count is suppressed, and says so', async () => {
		const data = await loadAllocationData(db, { targetPopulation: '65_plus', need: 'sgb2_quote' });
		expect(data.areas.map((a) => [a.id, a.population])).toEqual([['st-x', 800], ['st-y', 100]]);
		expect(data.excluded).toEqual([{ id: 'st-z', name: 'Teststadtteil Z', reason: expect.stringContaining('gesperrt') }]);
		expect(data.warnings.join(' ')).toContain('Teststadtteil Z');
	});

	it('labels the predefined target populations in German', () => {
		expect(TARGET_POPULATIONS.map((t) => t.label)).toEqual([
			'Alle Einwohner/-innen',
			'Unter 18 Jahre',
			'Unter 6 Jahre',
			'6 bis unter 18 Jahre',
			'65 Jahre und älter'
		]);
	});

	it('rejects an unknown target population with the list of choices', async () => {
		await expect(loadAllocationData(db, { targetPopulation: 'kinder', need: 'sgb2_quote' })).rejects.toThrow(/Unbekannte Zielbevölkerung „kinder“.*unter_18/);
	});
});

describe('need: population-weighted z', () => {
	it('standardises an indicator with the target population as weights (hand-computed)', async () => {
		// x = 20, 30, 10 %; P = 400, 200, 500; mean = (8000 + 6000 + 5000)/1100 = 190/11
		// deviations 30/11, 140/11, −80/11; Σ P d² / Σ P = (360 000 + 3 920 000 + 3 200 000)/121/1100 = 6800/121
		// SD = √6800 / 11 → z = 30/√6800, 140/√6800, −80/√6800
		const data = await loadAllocationData(db, { need: 'sgb2_quote' });
		expect(data.year).toBe(2023);
		expect(data.need).toEqual({ id: 'sgb2_quote', label: 'sgb2_quote', kind: 'indicator', polarity: 1 });
		expect(data.areas.map((a) => a.needValue)).toEqual([20, 30, 10]);
		const root = Math.sqrt(6800);
		[30 / root, 140 / root, -80 / root].forEach((z, i) => expect(data.areas[i].need).toBeCloseTo(z, 12));
		expect(weightedSum(data.areas)).toBeCloseTo(0, 10);
		// so allocate has nothing left to centre
		expect(Math.abs(allocate({ budget: 1000, alpha: 0.5, areas: data.areas }).diagnostics.needShift)).toBeLessThan(1e-12);
	});

	it('uses other weights for another target population, still with Σ P z = 0', async () => {
		const data = await loadAllocationData(db, { targetPopulation: 'unter_18', need: 'sgb2_quote' });
		expect(weightedSum(data.areas)).toBeCloseTo(0, 10);
		const sd = Math.sqrt(data.areas.reduce((s, a) => s + a.population * a.need ** 2, 0) / 2200);
		expect(sd).toBeCloseTo(1, 12);
	});

	it('applies polarity −1: lower turnout means more need', async () => {
		// turnout X 50 %, Y 40 %, Z 60 % → need Y > X > Z
		const data = await loadAllocationData(db, { need: 'wahlbeteiligung' });
		expect(data.need.polarity).toBe(-1);
		const [x, y, z] = data.areas.map((a) => a.need);
		expect(y).toBeGreaterThan(x);
		expect(x).toBeGreaterThan(z);
		expect(weightedSum(data.areas)).toBeCloseTo(0, 10);
	});

	it('gives a Stadtteil with an unreliable value z = 0 (average need) and a warning', async () => {
		// Abitur: Z has base 20 < 30 → missing; X 10 %, Y 20 % with P 400, 200 → mean 40/3
		// SD = √((400·(10/3)² + 200·(20/3)²)/600) = √(200/9) → z = −(10/3)/√(200/9) = −0.7071, +1.4142
		const data = await loadAllocationData(db, { need: 'nichtabiturquote' });
		expect(data.areas.map((a) => a.needValue)).toEqual([10, 20, null]);
		expect(data.areas[0].need).toBeCloseTo(-Math.SQRT1_2, 12);
		expect(data.areas[1].need).toBeCloseTo(Math.SQRT2, 12);
		expect(data.areas[2].need).toBe(0);
		expect(data.warnings.join(' ')).toMatch(/Ohne gültigen Bedarfswert.*Teststadtteil Z/);
	});

	it('warns that a context indicator without direction counts higher = more need', async () => {
		const data = await loadAllocationData(db, { need: 'anteil_unter_6' });
		expect(data.need.polarity).toBe(1);
		expect(data.warnings.join(' ')).toContain('keine Richtung');
	});

	it('@example standardiseNeed', () => {
		expect(Array.from(standardiseNeed([1, 3, NaN], [1, 1, 5]))).toEqual([-1, 1, 0]);
		const z = standardiseNeed([2, 4], [3, 1]);
		expect(z[0]).toBeCloseTo(-0.57735, 5);
		expect(z[1]).toBeCloseTo(1.73205, 5);
		expect(3 * z[0] + z[1]).toBeCloseTo(0, 12);
	});

	it('settles the year: latest common year, an explicit year must have values', async () => {
		expect((await loadAllocationData(db, { need: 'sgb2_quote', year: 2023 })).year).toBe(2023);
		await expect(loadAllocationData(db, { need: 'sgb2_quote', year: 2022 })).rejects.toThrow(/Keine Werte für das Jahr 2022.*2023/);
		await expect(loadAllocationData(db, { need: 'gibtsnicht' })).rejects.toThrow(/Unbekanntes Bedarfsmaß „gibtsnicht“/);
	});
});

describe('need from the composite engine', () => {
	it('uses the Ausgrenzungsindex at Stadtteil level, re-standardised with population weights', async () => {
		const data = await loadAllocationData(db, { need: 'ausgrenzungsindex' });
		expect(data.need).toMatchObject({ id: 'ausgrenzungsindex', kind: 'index' });
		expect(data.year).toBe(2023);
		expect(data.areas.every((a) => a.needValue !== null)).toBe(true);
		expect(weightedSum(data.areas)).toBeCloseTo(0, 10);
	});

	it('a factor index with a single indicator gives the same need as that indicator', async () => {
		// materiell = z(SGB II) unweighted, a linear transform of the rate → same weighted z
		const factor = await loadAllocationData(db, { need: 'materiell' });
		const indicator = await loadAllocationData(db, { need: 'sgb2_quote' });
		factor.areas.forEach((a, i) => expect(a.need).toBeCloseTo(indicator.areas[i].need, 12));
	});

	it('lists the need measures for the UI: indices first, then indicators with a direction', async () => {
		const options = await needOptions(db);
		expect(options.slice(0, 6).map((o) => o.id)).toEqual(['ausgrenzungsindex', 'materiell', 'kulturell', 'sozial', 'symbolisch', 'statusindex']);
		expect(options.slice(6).map((o) => o.id)).toEqual(['sgb2_quote', 'wahlbeteiligung', 'nichtabiturquote']);
	});
});

describe('Stadtteil facts', () => {
	it('takes Einwohner as population and the Arbeitslosenquote as need', async () => {
		const facts = [
			['st-x', 'einwohner', 1000],
			['st-x', 'arbeitslosenquote_pct', 10],
			['st-y', 'einwohner', 3000],
			['st-y', 'arbeitslosenquote_pct', 20],
			['st-z', 'einwohner', 1000],
			['st-z', 'arbeitslosenquote_pct', 5]
		].map(([area_id, merkmal, wert]) => ({ area_id, merkmal, wert, einheit: '', stichtag: '2016-12-31', quelle: 'Test', quelle_url: 'https://example.org' }));
		await db.loadArrow(
			'facts',
			rowsToArrowStream(facts, { area_id: 'string', merkmal: 'string', wert: 'float', einheit: 'string', stichtag: 'string', quelle: 'string', quelle_url: 'string' })
		);
		const data = await loadFactsAllocationData(db);
		expect(data.year).toBe(2016);
		expect(data.areas.map((a) => [a.id, a.name, a.population, a.needValue])).toEqual([
			['st-x', 'Teststadtteil X', 1000, 10],
			['st-y', 'Teststadtteil Y', 3000, 20],
			['st-z', 'Teststadtteil Z', 1000, 5]
		]);
		// mean (10 000 + 60 000 + 5000)/5000 = 15; SD = √((1000·25 + 3000·25 + 1000·100)/5000) = √40
		[-5, 5, -10].forEach((d, i) => expect(data.areas[i].need).toBeCloseTo(d / Math.sqrt(40), 12));
		expect(data.warnings.join(' ')).toContain('Sekundärquelle');
		await expect(loadFactsAllocationData(db, { targetPopulation: 'unter_18' })).rejects.toThrow(/nur die Einwohnerzahl/);
	});
});
