/**
 * `npm run indicators -- kilb`: the DESIGN §7 CSV on the app dataset, the JSON "warum?",
 * another criteria file, and German errors with exit code 2 — through the dispatcher's
 * `main` on one shared DuckDB.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/indicators.ts';
import { parseCsv } from '../../../scripts/cli/input.ts';
import { openNodeDb } from '../../../scripts/lib/node-db.ts';
import { KILB_TYPES } from '../../../src/lib/engine/kilb-criteria.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const CRITERIA = JSON.parse(readFileSync(join(ROOT, 'data/kilb-criteria.json'), 'utf8'));
const TMP = mkdtempSync(join(tmpdir(), 'kilb-cli-'));

let db: Awaited<ReturnType<typeof openNodeDb>>;
beforeAll(async () => {
	db = await openNodeDb();
});
afterAll(() => {
	db?.close();
	rmSync(TMP, { recursive: true, force: true });
});

async function run(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, { db });
	return { code, stdout, stderr };
}

function table(stdout: string) {
	const [header, ...rows] = parseCsv(stdout, 'stdout');
	return { header: header.fields, rows: rows.map((r) => Object.fromEntries(header.fields.map((h, i) => [h, r.fields[i]]))) };
}

function file(name: string, content: unknown): string {
	const path = join(TMP, name);
	writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content), 'utf8');
	return path;
}

describe('kilb on the app dataset', () => {
	let csv2023: string;

	it('prints exactly the DESIGN §7 columns, one row per Ortsteil, scores in [0, 1] and the assigned types', async () => {
		const r = await run('kilb', '--year', '2023');
		expect(r.code).toBe(0);
		csv2023 = r.stdout;
		const { header, rows } = table(r.stdout);
		expect(header).toEqual(['area_id', 'area_name', 'abspaltung', 'konfrontation', 'verunsicherung', 'desintegration', 'types']);
		expect(rows).toHaveLength(88);
		for (const row of rows) {
			const assigned = KILB_TYPES.filter((t) => row[t] !== '' && Number(row[t]) >= 0.5);
			expect(row.types, row.area_id).toBe(assigned.join(';'));
			for (const t of KILB_TYPES) {
				if (row[t] === '') continue;
				expect(Number(row[t])).toBeGreaterThanOrEqual(0);
				expect(Number(row[t])).toBeLessThanOrEqual(1);
			}
		}
		// several types in one Ortsteil occur, and Ortsteile without any type too
		expect(rows.some((row) => row.types.includes(';'))).toBe(true);
		expect(rows.some((row) => row.types === '' && row.abspaltung !== '')).toBe(true);
		// every type occurs at least once with the demo data
		for (const t of KILB_TYPES) expect(rows.some((row) => row.types.split(';').includes(t)), t).toBe(true);
	});

	it('leaves harbour areas with a handful of residents empty (not 0) and says why on stderr', async () => {
		const r = await run('kilb', '--year', '2023');
		expect(r.stdout).toContain('\not-industriehaefen,Industriehäfen,,,,,\n');
		expect(r.stderr).toMatch(/^Hinweis: Industriehäfen \(ot-industriehaefen\) ohne Bewertung für abspaltung, konfrontation, verunsicherung, desintegration/m);
	});

	it('is deterministic and uses the latest year by default', async () => {
		expect((await run('kilb')).stdout).toBe(csv2023);
		expect((await run('kilb', '--year', '2023')).stdout).toBe(csv2023);
	});

	it('prints the "warum?" as JSON: every criterion with value, thresholds, membership, weight, contribution', async () => {
		const r = await run('kilb', '--year', '2023', '--format', 'json');
		expect(r.code).toBe(0);
		const json = JSON.parse(r.stdout);
		expect(json).toMatchObject({ version: CRITERIA.version, year: 2023, from_year: 2019, assign_at: 0.5 });
		const area = json.areas.find((a: { area_id: string }) => a.area_id === 'ot-altstadt');
		const csvRow = table(csv2023).rows.find((row) => row.area_id === 'ot-altstadt')!;
		for (const t of KILB_TYPES) {
			expect(area.details[t].criteria).toHaveLength(CRITERIA.typen.find((x: { id: string }) => x.id === t).kriterien.length);
			expect(Number(csvRow[t])).toBeCloseTo(area.scores[t], 6);
		}
		const centre = area.details.konfrontation.criteria.find((c: { id: string }) => c.id === 'zentral');
		expect(Object.keys(centre)).toEqual(
			expect.arrayContaining(['value', 'thresholds', 'direction', 'membership', 'weight', 'must', 'contribution', 'binding', 'begruendung'])
		);
		expect(centre.value).toBeLessThan(1); // the Altstadt lies a few hundred metres from the Marktplatz
		expect(json.measures.zentrumsdistanz_km.unit).toBe('km');
		expect(json.measures['indikator:wahlbeteiligung'].years).toBe('2023');
	});

	it('uses the last election for turnout in a year without one', async () => {
		const json = JSON.parse((await run('kilb', '--year', '2021', '--format', 'json')).stdout);
		expect(json.measures['indikator:wahlbeteiligung'].years).toBe('2019');
		expect(json.from_year).toBe(2017);
	});

	it('takes another criteria file: a stricter threshold assigns no more types', async () => {
		const strict = structuredClone(CRITERIA);
		strict.einstellungen.zuordnung_ab = 0.9;
		const r = await run('kilb', '--year', '2023', '--criteria', file('streng.json', strict));
		expect(r.code).toBe(0);
		const before = table(csv2023).rows;
		const after = table(r.stdout).rows;
		after.forEach((row, i) => {
			for (const t of KILB_TYPES) expect(row[t]).toBe(before[i][t]); // same scores
			expect(row.types.split(';').filter(Boolean).length).toBeLessThanOrEqual(before[i].types.split(';').filter(Boolean).length);
		});
	});
});

describe('kilb errors (German, exit code 2)', () => {
	it('names the problem in the criteria file', async () => {
		const bad = structuredClone(CRITERIA);
		bad.typen[1].kriterien[0].schwellen = [2, 2];
		const r = await run('kilb', '--criteria', file('gleich.json', bad));
		expect(r.code).toBe(2);
		expect(r.stderr).toBe('Fehler: Typ „konfrontation“, Kriterium „zentral“: die beiden Schwellen müssen verschieden sein (erhalten: 2 und 2).\n');
		const unknown = structuredClone(CRITERIA);
		unknown.typen[0].kriterien[0].messgroesse = 'indikator:gibtsnicht';
		expect((await run('kilb', '--criteria', file('unbekannt.json', unknown))).stderr).toMatch(/^Fehler: .*unbekannter Indikator „gibtsnicht“/);
	});
	it('rejects broken JSON, a missing file, unknown years and options, and --input', async () => {
		expect((await run('kilb', '--criteria', file('kaputt.json', '{ "version": '))).stderr).toMatch(/kaputt\.json: kein gültiges JSON/);
		expect((await run('kilb', '--criteria', join(TMP, 'fehlt.json'))).stderr).toMatch(/fehlt\.json: Kriteriendatei nicht gefunden/);
		expect((await run('kilb', '--year', '1990')).stderr).toMatch(/^Fehler: Keine Werte für das Jahr 1990/);
		const opt = await run('kilb', '--method', 'mss');
		expect(opt.code).toBe(2);
		expect(opt.stderr).toMatch(/Unbekannte Option --method für „kilb“/);
		const input = await run('kilb', '--input', join(ROOT, 'tests/fixtures/cli/musterstadt.csv'));
		expect(input.code).toBe(2);
		expect(input.stderr).toMatch(/--input wird nicht unterstützt/);
	});
});
