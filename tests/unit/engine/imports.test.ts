import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeImportsSql, IMPORT_COLUMNS } from '../../../src/lib/engine/imports.ts';
import { rowsToArrowStream } from '../../../scripts/lib/arrow-io.ts';
import { fixtureDb, TEST_AREAS } from '../helpers/fixture-db.ts';

const demo = (area_id: string, indicator_id: string, year: number, numerator: number, denominator: number | null) => ({
	area_id, indicator_id, year, numerator, denominator, value: denominator ? (numerator / denominator) * 100 : numerator, dataset: 'demo'
});

let db: Awaited<ReturnType<typeof fixtureDb>>;
beforeAll(async () => {
	db = await fixtureDb(
		TEST_AREAS,
		[
			{ id: 'quote', scale: 100, min_base: 50 },
			{ id: 'bevoelkerung', scale: 1, min_base: 0 }
		],
		[
			demo('ot-a', 'quote', 2022, 1, 100),
			demo('ot-a', 'quote', 2023, 2, 100),
			demo('ot-b', 'quote', 2023, 3, 100),
			demo('ot-c', 'quote', 2023, 4, 100),
			...['ot-a', 'ot-b', 'ot-c'].map((a) => demo(a, 'bevoelkerung', 2023, 1000, null))
		]
	);
	await db.query("ALTER TABLE vals ADD COLUMN reliable BOOLEAN DEFAULT TRUE");
	await db.loadArrow(
		'imp_amt',
		rowsToArrowStream(
			[
				{ area_id: 'ot-a', indicator_id: 'quote', year: 2023, numerator: 30, denominator: 200, value: null, status: 'ok' },
				{ area_id: 'ot-b', indicator_id: 'quote', year: 2023, numerator: null, denominator: null, value: 17.5, status: 'ok' },
				{ area_id: 'ot-c', indicator_id: 'quote', year: 2023, numerator: null, denominator: 40, value: null, status: 'gesperrt' }
			],
			IMPORT_COLUMNS
		)
	);
});
afterAll(() => db?.close());

describe('mergeImportsSql', () => {
	it('replaces every value of an imported indicator × year and keeps the rest', async () => {
		const rows = await db.query<Record<string, unknown>>(
			`SELECT dataset, area_id, year, value, status, reliable FROM (${mergeImportsSql([{ table: 'imp_amt', dataset: 'import:amt' }])}) WHERE indicator_id = 'quote'`
		);
		expect(rows).toEqual([
			{ dataset: 'demo', area_id: 'ot-a', year: 2022, value: 1, status: 'ok', reliable: true },
			// counts → the engine's rate: 30 / 200 × 100
			{ dataset: 'import:amt', area_id: 'ot-a', year: 2023, value: 15, status: 'ok', reliable: true },
			// a rate delivered without counts stays as delivered
			{ dataset: 'import:amt', area_id: 'ot-b', year: 2023, value: 17.5, status: 'ok', reliable: true },
			// suppressed stays suppressed: no value, not 0, and never the demo value
			{ dataset: 'import:amt', area_id: 'ot-c', year: 2023, value: null, status: 'gesperrt', reliable: false }
		]);
	});

	it('without imports is the value table itself', async () => {
		expect((await db.query(mergeImportsSql([]))).length).toBe(7);
	});
});
