import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	aggregateColumns,
	competitionRanks,
	compositeIndex,
	logPositiveScale,
	statusClass
} from '../../../src/lib/engine/composite.ts';
import { buildIndexReport, computeIndex } from '../../../src/lib/engine/index-report.ts';
import { availableYears, loadCatalogue, loadIndicatorMatrix, resolveIndexSettings } from '../../../src/lib/engine/index-input.ts';
import { moments } from '../../../src/lib/engine/normalize.ts';
import { createRandom } from '../../../src/lib/engine/random.ts';
import { fixtureDb, type FixtureArea } from '../helpers/fixture-db.ts';

const close = (actual: ArrayLike<number>, expected: number[], digits = 12) => {
	expect(actual.length).toBe(expected.length);
	expected.forEach((e, i) => (Number.isNaN(e) ? expect(actual[i]).toBeNaN() : expect(actual[i]).toBeCloseTo(e, digits)));
};
const M = 'materiell' as const;
const S = 'sozial' as const;

describe('statusClass', () => {
	it('uses exactly the MSS boundaries on unrounded values', () => {
		expect(statusClass(-1.0000001)).toBe('hoch');
		expect(statusClass(-1)).toBe('mittel');
		expect(statusClass(0)).toBe('mittel');
		expect(statusClass(1)).toBe('mittel');
		expect(statusClass(1.0000001)).toBe('niedrig');
		expect(statusClass(1.5)).toBe('niedrig');
		expect(statusClass(1.5000001)).toBe('sehr niedrig');
		expect(statusClass(NaN)).toBeNull();
	});

	it('accepts configured thresholds', () => {
		expect(statusClass(0.6, [-0.5, 0.5, 2])).toBe('niedrig');
	});
});

describe('competitionRanks', () => {
	it('ranks highest first, ties share the best rank, missing stays NaN', () => {
		close(competitionRanks([0.5, 2, NaN, 0.5, -1]), [2, 1, NaN, 2, 4]);
	});
});

describe('aggregateColumns', () => {
	it('matches its doc example', () => {
		const f = [0, 1, 2, 3].map(() => new Float64Array(2));
		const a = new Float64Array(2);
		aggregateColumns([[1, 3], [0, NaN]], [0, 1], [1, 1], [1, 1, 1, 1], 0.5, 2, f, a);
		close(f[0], [1, 3]);
		close(f[1], [0, NaN]);
		close(a, [0.5, 3]);
	});
});

describe('compositeIndex (linear)', () => {
	it('computes factor indices, raw index and the re-standardised Ausgrenzungsindex by hand', () => {
		// materiell = mean of columns 1 and 2: [(1+3)/2, (−1−3)/2, 0 (one of two present = exactly half)]
		// sozial = column 3; raw = mean of the two factors = [2, −1, −1]
		// z: mean 0, SD √((4 + 1 + 1) / 2) = √3 → [2/√3, −1/√3, −1/√3]
		const r = compositeIndex(
			[[1, -1, 0], [3, -3, NaN], [2, 0, -2]],
			[{ factor: M, weight: 1 }, { factor: M, weight: 1 }, { factor: S, weight: 1 }]
		);
		close(r.factors.materiell, [2, -2, 0]);
		close(r.factors.sozial, [2, 0, -2]);
		close(r.factors.kulturell, [NaN, NaN, NaN]);
		close(r.raw, [2, -1, -1]);
		close(r.index, [2 / Math.sqrt(3), -1 / Math.sqrt(3), -1 / Math.sqrt(3)]);
	});

	it('weights indicators and factors', () => {
		// materiell = (3·1 + 1·5) / 4 = 2 (area 1), (3·0 + 1·4)/4 = 1 (area 2); sozial = [0, 4]
		// raw = (2·materiell + 1·sozial) / 3 = [4/3, 2]
		const r = compositeIndex(
			[[1, 0], [5, 4], [0, 4]],
			[{ factor: M, weight: 3 }, { factor: M, weight: 1 }, { factor: S, weight: 1 }],
			{ materiell: 2 }
		);
		close(r.factors.materiell, [2, 1]);
		close(r.raw, [4 / 3, 2]);
	});

	it('missing rule: a factor needs at least half of its indicator weight', () => {
		// weights 3 and 1: only the weight-1 indicator present → 1/4 < ½ → missing;
		// only the weight-3 indicator present → 3/4 → present
		const r = compositeIndex([[NaN, 2], [1, NaN]], [{ factor: M, weight: 3 }, { factor: M, weight: 1 }]);
		close(r.factors.materiell, [NaN, 2]);
		// three equal weights, one present → 1/3 < ½ → missing
		const r3 = compositeIndex([[1], [NaN], [NaN]], [{ factor: M, weight: 1 }, { factor: M, weight: 1 }, { factor: M, weight: 1 }]);
		close(r3.factors.materiell, [NaN]);
	});

	it('missing rule: the Ausgrenzungsindex needs at least half of the factor weight', () => {
		const cols = [[1, 1, 1], [1, NaN, NaN], [1, 1, NaN], [1, NaN, NaN]];
		const inds = [
			{ factor: 'materiell' as const, weight: 1 },
			{ factor: 'kulturell' as const, weight: 1 },
			{ factor: 'sozial' as const, weight: 1 },
			{ factor: 'symbolisch' as const, weight: 1 }
		];
		// area 1: 4 of 4 factors; area 2: 2 of 4 (exactly half → kept); area 3: 1 of 4 → missing
		const r = compositeIndex(cols, inds);
		expect(Number.isNaN(r.raw[0])).toBe(false);
		expect(Number.isNaN(r.raw[1])).toBe(false);
		expect(r.raw[2]).toBeNaN();
		expect(r.index[2]).toBeNaN();
	});

	it('property: scaling all weights by the same factor changes nothing', () => {
		const rng = createRandom('weights-scale');
		const factors = ['materiell', 'kulturell', 'sozial', 'symbolisch'] as const;
		for (let run = 0; run < 20; run++) {
			const k = 2 + rng.integer(8);
			const n = 4 + rng.integer(20);
			const cols = Array.from({ length: k }, () => Array.from({ length: n }, () => (rng.uniform() < 0.15 ? NaN : 4 * rng.uniform() - 2)));
			const inds = Array.from({ length: k }, () => ({ factor: factors[rng.integer(4)], weight: 0.1 + 3 * rng.uniform() }));
			const fw = Object.fromEntries(factors.map((f) => [f, 0.1 + 2 * rng.uniform()]));
			const c = 0.01 + 100 * rng.uniform();
			for (const aggregation of ['linear', 'geometric'] as const) {
				const a = compositeIndex(cols, inds, fw, aggregation);
				const b = compositeIndex(
					cols,
					inds.map((i) => ({ ...i, weight: c * i.weight })),
					Object.fromEntries(Object.entries(fw).map(([f, w]) => [f, c * w])),
					aggregation
				);
				close(b.index, Array.from(a.index), 9);
				close(b.raw, Array.from(a.raw), 9);
			}
		}
	});

	it('property: the Ausgrenzungsindex has mean 0 and SD 1 over the areas that have it', () => {
		const r = compositeIndex(
			[[1, 4, 2, NaN, 7], [3, 1, NaN, NaN, 2], [0, 5, 2, 1, 1]],
			[{ factor: M, weight: 1 }, { factor: 'kulturell', weight: 2 }, { factor: S, weight: 1 }]
		);
		const m = moments(r.index);
		expect(m.mean).toBeCloseTo(0, 12);
		expect(m.sd).toBeCloseTo(1, 12);
	});
});

describe('compositeIndex (geometric)', () => {
	it('averages on the [1, 100] scale geometrically', () => {
		// columns → [1, 100, 50.5] and [100, 1, 50.5]; geometric means √(1·100) = 10, 10, 50.5
		// (linear would give 50.5 for all three: no full compensation of a weak value)
		// z of [10, 10, 50.5]: mean 23.5, SD √((13.5² · 2 + 27²) / 2) = √546.75
		const r = compositeIndex([[0, 1, 0.5], [1, 0, 0.5]], [{ factor: M, weight: 1 }, { factor: M, weight: 1 }], {}, 'geometric');
		close(r.factors.materiell, [10, 10, 50.5]);
		close(r.raw, [10, 10, 50.5]);
		const sd = Math.sqrt(546.75);
		close(r.index, [-13.5 / sd, -13.5 / sd, 27 / sd]);
	});

	it('logPositiveScale is ln of 1 … 100', () => {
		close(logPositiveScale([0, 1]), [0, Math.log(100)]);
	});
});

// End-to-end on a real DuckDB (engine SQL → matrix → composite + MSS), written out:
//   quote (materiell, polarity +1, min base 50): A 10/100, B 20/100, C 30/100, D 12/20 (base 20 < 50: unreliable)
//   wahl  (symbolisch, polarity −1):             A 60/100, B 50/100, C 40/100, D 30/100
//   z(quote) over A–C: mean 20, SD 10                  → [−1, 0, 1, –]
//   aligned wahl −x: mean −45, SD √(500/3)              → [−15, −5, 5, 15] / √(500/3)
//   factor indices = these z-values (one indicator each)
//   raw A = (−1 − 15/√(500/3)) / 2, B = (0 − 5/√(500/3)) / 2, C = (1 + 5/√(500/3)) / 2,
//       D = 15/√(500/3) (only symbolisch: exactly half of the factor weight → kept)
//   MSS Σz: A −1 − 15/s, B −5/s, C 1 + 5/s, D 2 · 15/s (1 of 2 indicators: sum scaled by 2/1)
const AREAS: FixtureArea[] = ['a', 'b', 'c', 'd'].map((x) => ({
	id: `ot-${x}`, name: `Testort ${x.toUpperCase()}`, level: 'ortsteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1'
}));
AREAS.push({ id: 'ot-leer', name: 'Testort ohne Werte', level: 'ortsteil', stadtteil_id: 'st-x', stadtbezirk_id: 'sb-1' });
const value = (area: string, indicator: string, numerator: number, denominator: number) => ({
	area_id: `ot-${area}`, indicator_id: indicator, year: 2023, numerator, denominator
});

describe('computeIndex on a synthetic dataset', () => {
	let db: Awaited<ReturnType<typeof fixtureDb>>;
	beforeAll(async () => {
		db = await fixtureDb(
			AREAS,
			[
				{ id: 'quote', scale: 100, min_base: 50, polarity: 1, factor: 'materiell' },
				{ id: 'wahl', scale: 100, min_base: 50, polarity: -1, factor: 'symbolisch' },
				{ id: 'flaeche', scale: 100, min_base: 0, polarity: 0, factor: 'kontext' }
			],
			[
				value('a', 'quote', 10, 100), value('b', 'quote', 20, 100), value('c', 'quote', 30, 100), value('d', 'quote', 12, 20),
				value('a', 'wahl', 60, 100), value('b', 'wahl', 50, 100), value('c', 'wahl', 40, 100), value('d', 'wahl', 30, 100),
				value('a', 'flaeche', 1, 2), value('b', 'flaeche', 1, 2), value('c', 'flaeche', 1, 2), value('d', 'flaeche', 1, 2)
			]
		);
	});
	afterAll(() => db?.close());

	const s = Math.sqrt(500 / 3);
	const raw = [(-1 - 15 / s) / 2, (0 - 5 / s) / 2, (1 + 5 / s) / 2, 15 / s];
	const rawMean = raw.reduce((x, y) => x + y) / 4;
	const rawSd = Math.sqrt(raw.reduce((acc, x) => acc + (x - rawMean) ** 2, 0) / 3);

	it('reads catalogue, years and the value matrix through the engine SQL', async () => {
		expect((await loadCatalogue(db))[0]).toEqual({ id: 'quote', label: null, polarity: 1, factor: 'materiell', scale: 100 });
		expect(await availableYears(db, ['quote'])).toEqual([2023]);
		const { settings, indicators } = await resolveIndexSettings(db, { year: null });
		expect(settings.year).toBe(2023);
		const m = await loadIndicatorMatrix(db, 'ortsteil', 2023, indicators, false);
		// D's base of 20 is below the minimum base; the empty area has no row at all
		expect(Array.from(m.columns[0])).toEqual([10, 20, 30, NaN, NaN]);
		expect(Array.from(m.populations[0])).toEqual([100, 100, 100, 20, NaN]);
	});

	it('selects the non-context indicators, the latest year, and reports settings', async () => {
		const r = await computeIndex(db, { draws: 200 });
		expect(r.settings.indicators).toEqual(['quote', 'wahl']);
		expect(r.settings.year).toBe(2023);
		expect(r.settings.normalization).toBe('z');
	});

	it('matches the hand-computed factor indices, Ausgrenzungsindex and ranks', async () => {
		const r = await computeIndex(db, { draws: 200 });
		const byId = new Map(r.areas.map((a) => [a.area_id, a]));
		expect(byId.get('ot-a')!.factors.materiell).toBeCloseTo(-1, 12);
		expect(byId.get('ot-d')!.factors.materiell).toBeNull();
		expect(byId.get('ot-d')!.factors.symbolisch).toBeCloseTo(15 / s, 12);
		['a', 'b', 'c', 'd'].forEach((x, i) => {
			expect(byId.get(`ot-${x}`)!.index_raw).toBeCloseTo(raw[i], 12);
			expect(byId.get(`ot-${x}`)!.index).toBeCloseTo((raw[i] - rawMean) / rawSd, 12);
		});
		expect(['a', 'b', 'c', 'd'].map((x) => byId.get(`ot-${x}`)!.rank)).toEqual([4, 3, 2, 1]);
		expect(byId.get('ot-d')!.missing).toEqual(['quote']);
	});

	it('leaves an area without values empty and reports it', async () => {
		const r = await computeIndex(db, { draws: 100 });
		const leer = r.areas.find((a) => a.area_id === 'ot-leer')!;
		expect(leer.index).toBeNull();
		expect(leer.rank).toBeNull();
		expect(leer.rank_p05).toBeNull();
		expect(leer.status_index).toBeNull();
		expect(r.excluded).toContainEqual({ area_id: 'ot-leer', area_name: 'Testort ohne Werte', index: 'ausgrenzungsindex', reason: 'keine gültigen Werte' });
	});

	it('also gives the MSS Statusindex with the half-rule completion', async () => {
		const r = await computeIndex(db, { draws: 0 });
		const sums = [-1 - 15 / s, -5 / s, 1 + 5 / s, 30 / s];
		const mean = sums.reduce((x, y) => x + y) / 4;
		const sd = Math.sqrt(sums.reduce((acc, x) => acc + (x - mean) ** 2, 0) / 3);
		['a', 'b', 'c', 'd'].forEach((x, i) => {
			expect(r.areas.find((a) => a.area_id === `ot-${x}`)!.status_index).toBeCloseTo(sums[i] / sd, 12);
		});
		expect(r.robustness).toBeNull();
	});

	it('rebuilds without the database when only the weights change', async () => {
		const r = await computeIndex(db, { draws: 0 });
		const heavy = buildIndexReport(r.matrix, { ...r.settings, weights: { materiell: 3 } });
		// A: (3·(−1) + 1·(−15/s)) / 4
		expect(heavy.areas[0].index_raw).toBeCloseTo((-3 - 15 / s) / 4, 12);
	});

	it('leaves out an indicator with usable values in fewer than half of the areas, and says so', async () => {
		const r = await computeIndex(db, { draws: 0 });
		const withQuote = (values: number[]) => ({ ...r.matrix, columns: [Float64Array.from(values), r.matrix.columns[1]] });
		const sparse = buildIndexReport(withQuote([10, 20, NaN, NaN, NaN]), r.settings); // 2 of 5
		const none = buildIndexReport(withQuote([NaN, NaN, NaN, NaN, NaN]), r.settings);
		expect(sparse.areas).toEqual(none.areas);
		expect(sparse.warnings).toContain('„quote“ hat 2023 nur in 2 von 5 Gebieten gültige Werte (weniger als die Hälfte) – zu wenige für Vergleichswerte; im Index nicht berücksichtigt.');
		expect(none.warnings).toContain('Für „quote“ liegen 2023 keine gültigen Werte vor; der Indikator fehlt in allen Gebieten.');
		// 3 of 5 is enough: the indicator counts
		const enough = buildIndexReport(withQuote([10, 20, 30, NaN, NaN]), r.settings);
		expect(enough.areas[0].factors.materiell).toBeCloseTo(-1, 12);
		expect(enough.warnings.join(' ')).not.toContain('„quote“');
	});

	it('rejects bad settings with German messages', async () => {
		await expect(computeIndex(db, { indicators: ['gibtsnicht'] })).rejects.toThrow(/Unbekannter Indikator „gibtsnicht“/);
		await expect(computeIndex(db, { indicators: ['quote', 'flaeche'] })).rejects.toThrow(/Kontextindikator „flaeche“/);
		await expect(computeIndex(db, { method: 'mss', indicators: ['quote', 'flaeche'] })).rejects.toThrow(/„flaeche“ hat keine Richtung/);
		await expect(computeIndex(db, { weights: { quote: -1 } })).rejects.toThrow(/Gewicht für „quote“ muss eine Zahl ≥ 0 sein/);
		await expect(computeIndex(db, { year: 1999 })).rejects.toThrow(/Keine Werte für das Jahr 1999/);
		await expect(computeIndex(db, { normalization: 'median' as never })).rejects.toThrow(/Ungültige Einstellung normalization/);
	});
});

describe('year of the index', () => {
	it('takes the latest year with values of the selected indicators, not the latest year in the data', async () => {
		const db = await fixtureDb(
			AREAS,
			[
				{ id: 'quote', scale: 100, min_base: 1, polarity: 1, factor: 'materiell' },
				{ id: 'neu', scale: 100, min_base: 1, polarity: 1, factor: 'sozial' }
			],
			[
				{ ...value('a', 'quote', 1, 10), year: 2021 },
				{ ...value('b', 'quote', 2, 10), year: 2021 },
				{ ...value('a', 'neu', 1, 10), year: 2024 },
				{ area_id: 'ot-a', indicator_id: 'quote', year: 2022, numerator: null, denominator: null, status: 'fehlt' }
			]
		);
		try {
			expect((await resolveIndexSettings(db, { indicators: ['quote'], year: null })).settings.year).toBe(2021);
			expect((await resolveIndexSettings(db, { year: null })).settings.year).toBe(2024);
			expect((await resolveIndexSettings(db, { indicators: ['quote'], year: 2021 })).settings.year).toBe(2021);
			// 2022 has a row for „quote“, but no counts
			await expect(resolveIndexSettings(db, { indicators: ['quote'], year: 2022 })).rejects.toThrow(
				/Keine Werte für das Jahr 2022\. Verfügbare Jahre: 2021\./
			);
		} finally {
			db.close();
		}
	});
});

// Aggregation from counts ≠ mean of rates (Stadtteil level):
//   X: 1/10 (10 %) and 300/1000 (30 %) → Σ 301/1010 = 29.80 %   (mean of rates: 20 %)
//   Y: 25/100 and 25/100               → 25 %                   (mean of rates: 25 %)
//   Z: 10/100 and 10/100               → 10 %
// From counts X is the most disadvantaged Stadtteil; the mean of rates would put Y first.
describe('index at Stadtteil level from summed counts', () => {
	let db: Awaited<ReturnType<typeof fixtureDb>>;
	const areas: FixtureArea[] = [];
	for (const st of ['x', 'y', 'z']) {
		areas.push({ id: `st-${st}`, name: `Teststadtteil ${st.toUpperCase()}`, level: 'stadtteil', stadtteil_id: `st-${st}` });
		for (const n of [1, 2]) areas.push({ id: `ot-${st}${n}`, name: `Testort ${st}${n}`, level: 'ortsteil', stadtteil_id: `st-${st}` });
	}
	beforeAll(async () => {
		db = await fixtureDb(areas, [{ id: 'quote', scale: 100, min_base: 5 }], [
			{ area_id: 'ot-x1', indicator_id: 'quote', year: 2023, numerator: 1, denominator: 10 },
			{ area_id: 'ot-x2', indicator_id: 'quote', year: 2023, numerator: 300, denominator: 1000 },
			{ area_id: 'ot-y1', indicator_id: 'quote', year: 2023, numerator: 25, denominator: 100 },
			{ area_id: 'ot-y2', indicator_id: 'quote', year: 2023, numerator: 25, denominator: 100 },
			{ area_id: 'ot-z1', indicator_id: 'quote', year: 2023, numerator: 10, denominator: 100 },
			{ area_id: 'ot-z2', indicator_id: 'quote', year: 2023, numerator: 10, denominator: 100 }
		]);
	});
	afterAll(() => db?.close());

	it('uses Σ numerators / Σ denominators, not the mean of the Ortsteil rates', async () => {
		const r = await computeIndex(db, { level: 'stadtteil', draws: 0 });
		const rates = [(301 / 1010) * 100, 25, 10];
		close(r.matrix.columns[0], rates);
		expect(r.matrix.columns[0][0]).not.toBeCloseTo(20, 3);
		expect(r.areas.map((a) => a.rank)).toEqual([1, 2, 3]);
		const mean = (rates[0] + rates[1] + rates[2]) / 3;
		const sd = Math.sqrt(rates.reduce((acc, x) => acc + (x - mean) ** 2, 0) / 2);
		expect(r.areas[0].index).toBeCloseTo((rates[0] - mean) / sd, 12);
	});

	it('population weighting uses the denominators: the weighted mean of a rate is the city rate', async () => {
		const r = await computeIndex(db, { level: 'stadtteil', draws: 0, weighting: 'population' });
		// city rate = (301 + 50 + 20) / (1010 + 200 + 200) = 371/1410; weighted z of the city rate would be 0
		const bases = [1010, 200, 200];
		const rates = [301 / 1010, 50 / 200, 20 / 200].map((x) => 100 * x);
		const mean = (100 * 371) / 1410;
		const sd = Math.sqrt(rates.reduce((acc, x, i) => acc + bases[i] * (x - mean) ** 2, 0) / 1410);
		expect(r.areas[0].factors.materiell).toBeCloseTo((rates[0] - mean) / sd, 12);
	});
});
