import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levelMatrixSql, levelValuesSql, deriveValuesSql } from '../../../src/lib/engine/rates.ts';
import { boolColumn, float64Column, int32Column, readArrow } from '../../../src/lib/engine/arrow-columns.ts';
import { rowsToArrowStream } from '../../../scripts/lib/arrow-io.ts';
import { openNodeDb } from '../../../scripts/lib/node-db.ts';
import { fixtureDb, TEST_AREAS } from '../helpers/fixture-db.ts';
import type { LevelValue } from '../../../src/lib/data/rows.ts';

// Hand-computed case (share in %, minimum base 50):
//   Testort A  10 / 100  → 10 %
//   Testort B  30 /  40  → 75 %  (base 40 < 50: unreliable)
//   Testort C  50 / 500  → 10 %
//   Stadtteil X = (10 + 30) / (100 + 40) = 28.5714… %   (mean of rates would be 42.5 %)
//   Stadt       = (10 + 30 + 50) / 640   = 14.0625 %
const VALUES = [
	{ area_id: 'ot-a', indicator_id: 'quote', year: 2023, numerator: 10, denominator: 100 },
	{ area_id: 'ot-b', indicator_id: 'quote', year: 2023, numerator: 30, denominator: 40 },
	{ area_id: 'ot-c', indicator_id: 'quote', year: 2023, numerator: 50, denominator: 500 },
	{ area_id: 'ot-a', indicator_id: 'einwohner', year: 2023, numerator: 100, denominator: null },
	{ area_id: 'ot-b', indicator_id: 'einwohner', year: 2023, numerator: 40, denominator: null },
	{ area_id: 'ot-c', indicator_id: 'einwohner', year: 2023, numerator: 500, denominator: null },
	{ area_id: 'ot-a', indicator_id: 'geheim', year: 2023, numerator: 5, denominator: 100 },
	{ area_id: 'ot-b', indicator_id: 'geheim', year: 2023, numerator: 6, denominator: 80 },
	{ area_id: 'ot-c', indicator_id: 'geheim', year: 2023, numerator: null, denominator: 500, status: 'gesperrt' as const }
];

let db: Awaited<ReturnType<typeof fixtureDb>>;
beforeAll(async () => {
	db = await fixtureDb(
		TEST_AREAS,
		[
			{ id: 'quote', scale: 100, min_base: 50 },
			{ id: 'einwohner', scale: 1, min_base: 0 },
			{ id: 'geheim', scale: 100, min_base: 50 }
		],
		VALUES
	);
});
afterAll(() => db?.close());

const at = async (level: 'ortsteil' | 'stadtteil' | 'stadtbezirk' | 'stadt', indicator: string) =>
	new Map((await db.query<LevelValue>(levelValuesSql(level, { indicatorIds: [indicator], years: [2023] }))).map((r) => [r.area_id, r]));

describe('rates from counts', () => {
	it('computes Ortsteil rates as numerator / denominator × scale', async () => {
		const v = await at('ortsteil', 'quote');
		expect(v.get('ot-a')!.value).toBeCloseTo(10, 12);
		expect(v.get('ot-b')!.value).toBeCloseTo(75, 12);
		expect(v.get('ot-c')!.area_name).toBe('Testort C');
	});

	it('aggregates Stadtteile by summing counts, not by averaging rates', async () => {
		const x = (await at('stadtteil', 'quote')).get('st-x')!;
		expect(x.numerator).toBe(40);
		expect(x.denominator).toBe(140);
		expect(x.value).toBeCloseTo((40 / 140) * 100, 12);
		expect(x.value).not.toBeCloseTo((10 + 75) / 2, 1);
		expect(x.n_parts).toBe(2);
	});

	it('aggregates the Stadtbezirk and the city the same way', async () => {
		expect((await at('stadtbezirk', 'quote')).get('sb-1')!.value).toBeCloseTo(14.0625, 12);
		expect((await at('stadt', 'quote')).get('stadt-bremen')!.value).toBeCloseTo(14.0625, 12);
	});

	it('sums plain counts', async () => {
		expect((await at('stadtteil', 'einwohner')).get('st-x')!.value).toBe(140);
		expect((await at('stadt', 'einwohner')).get('stadt-bremen')!.value).toBe(640);
	});
});

describe('reliability and ranks', () => {
	it('flags a base below min_base as unreliable and leaves it unranked', async () => {
		const v = await at('ortsteil', 'quote');
		expect(v.get('ot-b')!.reliable).toBe(false);
		expect(v.get('ot-b')!.rank).toBeNull();
	});

	it('ranks reliable values, ties sharing a rank', async () => {
		const v = await at('ortsteil', 'quote');
		expect(v.get('ot-a')!.rank).toBe(1);
		expect(v.get('ot-c')!.rank).toBe(1);
	});

	it('ranks among all areas of the level, also when only some areas are asked for', async () => {
		// A (10 %) and C (10 %) share rank 1; B is unreliable. Asking for C alone must not make it "1 of 1".
		const rows = await db.query<LevelValue>(levelValuesSql('ortsteil', { indicatorIds: ['quote'], years: [2023], areaIds: ['ot-c'] }));
		expect(rows).toHaveLength(1);
		expect(rows[0].rank).toBe(1);
		expect(rows[0].n_ranked).toBe(2);
		const b = await db.query<LevelValue>(levelValuesSql('ortsteil', { indicatorIds: ['quote'], years: [2023], areaIds: ['ot-b'] }));
		expect(b[0].rank).toBeNull();
		expect(b[0].n_ranked).toBe(2);
		expect(await db.query(levelValuesSql('ortsteil', { areaIds: [] }))).toEqual([]);
	});

	it('an aggregate becomes reliable once its summed base is large enough', async () => {
		expect((await at('stadtteil', 'quote')).get('st-x')!.reliable).toBe(true);
	});
});

describe('suppressed values', () => {
	it('suppresses an aggregate with a suppressed part instead of summing what is visible', async () => {
		const city = (await at('stadt', 'geheim')).get('stadt-bremen')!;
		expect(city.value).toBeNull();
		expect(city.status).toBe('gesperrt');
		expect(city.reliable).toBe(false);
		const x = (await at('stadtteil', 'geheim')).get('st-x')!;
		expect(x.value).toBeCloseTo((11 / 180) * 100, 12);
		expect(x.status).toBe('ok');
	});
});

describe('deriveValuesSql', () => {
	it('turns base counts into values via the catalogue', async () => {
		const fresh = await openNodeDb();
		await fresh.loadArrow(
			'bases',
			rowsToArrowStream(
				[
					{ area_id: 'ot-a', year: 2020, base_id: 'arbeitslose', count: 12 },
					{ area_id: 'ot-a', year: 2020, base_id: 'bev', count: 300 },
					{ area_id: 'ot-b', year: 2020, base_id: 'bev', count: 0 }
				],
				{ area_id: 'string', year: 'int', base_id: 'string', count: 'float' }
			)
		);
		await fresh.loadArrow(
			'indicators',
			rowsToArrowStream(
				[
					{ id: 'al', numerator: 'arbeitslose', denominator: 'bev', scale: 100, min_base: 50 },
					{ id: 'bev', numerator: 'bev', denominator: null, scale: 1, min_base: 0 }
				],
				{ id: 'string', numerator: 'string', denominator: 'string', scale: 'float', min_base: 'float' }
			)
		);
		// ot-b has no count of unemployed: no row for "al", rather than a guessed 0
		expect(await fresh.query(deriveValuesSql('test'))).toEqual([
			{ dataset: 'test', area_id: 'ot-a', indicator_id: 'al', year: 2020, numerator: 12, denominator: 300, value: 4, status: 'ok', reliable: true },
			{ dataset: 'test', area_id: 'ot-a', indicator_id: 'bev', year: 2020, numerator: 300, denominator: null, value: 300, status: 'ok', reliable: true },
			{ dataset: 'test', area_id: 'ot-b', indicator_id: 'bev', year: 2020, numerator: 0, denominator: null, value: 0, status: 'ok', reliable: true }
		]);
		fresh.close();
	});
});

describe('minimum population', () => {
	// Testort A: 200 residents, 150 of them under 65 (≥ min_base 50) — still too few people
	// to rank; Testort C: 5,000 residents. Stadtteil X (A + B): 200 + 400 = 600 residents.
	it('flags rates of areas under 300 residents, also when the denominator passes min_base', async () => {
		const small = await fixtureDb(
			TEST_AREAS,
			[
				{ id: 'sgb2', scale: 100, min_base: 50 },
				{ id: 'bevoelkerung', scale: 1, min_base: 0 }
			],
			[
				{ area_id: 'ot-a', indicator_id: 'sgb2', year: 2023, numerator: 60, denominator: 150 },
				{ area_id: 'ot-b', indicator_id: 'sgb2', year: 2023, numerator: 30, denominator: 300 },
				{ area_id: 'ot-c', indicator_id: 'sgb2', year: 2023, numerator: 400, denominator: 4000 },
				{ area_id: 'ot-a', indicator_id: 'bevoelkerung', year: 2023, numerator: 200, denominator: null },
				{ area_id: 'ot-b', indicator_id: 'bevoelkerung', year: 2023, numerator: 400, denominator: null },
				{ area_id: 'ot-c', indicator_id: 'bevoelkerung', year: 2023, numerator: 5000, denominator: null }
			]
		);
		const rows = async (level: 'ortsteil' | 'stadtteil') =>
			new Map((await small.query<LevelValue>(levelValuesSql(level, { indicatorIds: ['sgb2', 'bevoelkerung'], years: [2023] }))).map((r) => [`${r.area_id}|${r.indicator_id}`, r]));
		const ot = await rows('ortsteil');
		expect(ot.get('ot-a|sgb2')!.reliable).toBe(false);
		expect(ot.get('ot-a|sgb2')!.rank).toBeNull();
		expect(ot.get('ot-b|sgb2')!.reliable).toBe(true);
		expect(ot.get('ot-a|bevoelkerung')!.reliable).toBe(true); // a count is exact
		const st = await rows('stadtteil');
		expect(st.get('st-x|sgb2')!.reliable).toBe(true); // 600 residents
		expect(st.get('st-x|sgb2')!.value).toBeCloseTo((90 / 450) * 100, 12);
		small.close();
	});
});

describe('rates delivered without counts (imports) and provenance', () => {
	it('shows a delivered rate for its Ortsteil, refuses to aggregate it, and names the datasets', async () => {
		const db2 = await fixtureDb(
			TEST_AREAS,
			[{ id: 'quote', scale: 100, min_base: 50 }],
			[
				{ area_id: 'ot-a', indicator_id: 'quote', year: 2023, numerator: null, denominator: null, value: 12.5, dataset: 'import:amt' },
				{ area_id: 'ot-b', indicator_id: 'quote', year: 2023, numerator: 30, denominator: 300, dataset: 'demo' },
				{ area_id: 'ot-c', indicator_id: 'quote', year: 2023, numerator: null, denominator: 500, status: 'fehlt', dataset: 'import:amt' }
			]
		);
		const at2 = async (level: 'ortsteil' | 'stadtteil' | 'stadt') =>
			new Map((await db2.query<LevelValue & { datasets: string }>(levelValuesSql(level, { indicatorIds: ['quote'] }))).map((r) => [r.area_id, r]));
		const ot = await at2('ortsteil');
		expect(ot.get('ot-a')).toMatchObject({ value: 12.5, status: 'ok', reliable: true, datasets: 'import:amt' });
		expect(ot.get('ot-c')).toMatchObject({ value: null, status: 'fehlt', reliable: false });
		const x = (await at2('stadtteil')).get('st-x')!;
		expect(x).toMatchObject({ value: null, status: 'ohne_zaehler', reliable: false, datasets: 'demo,import:amt' });
		expect((await at2('stadt')).get('stadt-bremen')!.status).toBe('fehlt');
		db2.close();
	});
});

describe('levelMatrixSql (the index matrix, read column-wise)', () => {
	it('carries exactly the values, status and reliability of levelValuesSql at every level', async () => {
		const ids = ['quote', 'einwohner', 'geheim'];
		for (const level of ['ortsteil', 'stadtteil', 'stadtbezirk', 'stadt'] as const) {
			const expected = await db.query<LevelValue>(levelValuesSql(level, { indicatorIds: ids, years: [2023] }));
			const order = await db.query<{ id: string }>(`SELECT id FROM areas WHERE level = '${level}' ORDER BY sort, id`);
			const t = readArrow(await db.queryArrow(levelMatrixSql(level, 2023, ids)));
			const [area, indicator] = [int32Column(t, 'area'), int32Column(t, 'indicator')];
			const [numerator, denominator, value] = ['numerator', 'denominator', 'value'].map((c) => float64Column(t, c));
			const [ok, reliable] = [boolColumn(t, 'ok'), boolColumn(t, 'reliable')];
			const got = Array.from(area, (_, r) => ({
				area_id: order[area[r]].id,
				indicator_id: ids[indicator[r]],
				// NULL arrives as NaN
				numerator: Number.isNaN(numerator[r]) ? null : numerator[r],
				denominator: Number.isNaN(denominator[r]) ? null : denominator[r],
				value: Number.isNaN(value[r]) ? null : value[r],
				ok: ok[r] === 1,
				reliable: reliable[r] === 1
			}));
			const key = (r: { area_id: string; indicator_id: string }) => `${r.indicator_id}|${r.area_id}`;
			got.sort((a, b) => key(a).localeCompare(key(b)));
			const want = expected
				.map((r) => ({
					area_id: r.area_id,
					indicator_id: r.indicator_id,
					numerator: r.numerator,
					denominator: r.denominator,
					value: r.value,
					ok: r.status === 'ok',
					reliable: r.reliable === true
				}))
				.sort((a, b) => key(a).localeCompare(key(b)));
			expect(got, level).toEqual(want);
		}
		// the fixture covers a suppressed value, an unreliable base and counts without denominator
		const ot = await at('ortsteil', 'geheim');
		expect(ot.get('ot-c')!.status).toBe('gesperrt');
	});
});
