/**
 * `npm run indicators -- neighbours | moran | lisa | segregation`: the commands run
 * on one shared app Db (parsed and checked like the dispatcher does), and a few
 * invocations go through the dispatcher's `main` (--input, exit codes). App
 * dataset from static/data, fixtures in tests/fixtures/cli/.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/indicators.ts';
import { checkOptions, parseArgs } from '../../../scripts/cli/args.ts';
import { loadAppData } from '../../../scripts/cli/input.ts';
import { spatialCommands } from '../../../scripts/cli/spatial-commands.ts';
import { parseSegregationInput, readSegregationInput } from '../../../scripts/cli/segregation-input.ts';
import { CliError } from '../../../scripts/cli/types.ts';
import { openNodeDb } from '../../../scripts/lib/node-db.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'tests/fixtures/cli');
const BOUNDARIES = resolve(ROOT, '../shared/data/bremen-ortsteile.osm.geojson');

let db: Awaited<ReturnType<typeof openNodeDb>>;
beforeAll(async () => {
	db = await openNodeDb();
	await loadAppData(db);
});
afterAll(() => db?.close());

/** A command on the shared app Db; a CliError becomes exit code 2 with `Fehler: …`, as in the dispatcher. */
async function run(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	try {
		const { command, options } = parseArgs(argv);
		const cmd = spatialCommands[command!];
		checkOptions(command!, options, [...cmd.options, 'input', 'out']);
		await cmd.run({ db, options, write: (t) => void (stdout += t), warn: (t: string) => void (stderr += t) } as Parameters<typeof cmd.run>[0]);
		return { code: 0, stdout, stderr };
	} catch (e) {
		if (!(e instanceof CliError)) throw e;
		return { code: 2, stdout, stderr: stderr + `Fehler: ${e.message}\n` };
	}
}

/** The whole CLI (`npm run indicators -- …`), in-process. */
async function cli(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
	return { code, stdout, stderr };
}

const csvRows = (text: string) => text.trimEnd().split('\n').map((l) => l.split(','));

describe('moran', () => {
	it('prints the DESIGN §7 JSON, deterministic for the default seed, and names the excluded areas', async () => {
		const a = await run('moran', '--indicator', 'sgb2_quote', '--year', '2023');
		expect(a.code).toBe(0);
		const json = JSON.parse(a.stdout);
		expect(Object.keys(json)).toEqual(['I', 'expected', 'z', 'p_sim', 'permutations', 'n', 'islands']);
		// 88 Ortsteile − 4 with a base below 50 (Hafengebiete, In den Wischen)
		expect(json).toMatchObject({ n: 84, permutations: 999, p_sim: 0.001, islands: [] });
		expect(json.expected).toBeCloseTo(-1 / 83, 15);
		expect(json.I).toBeGreaterThan(0.3);
		expect(a.stderr).toMatch(/^Hinweis: nicht berücksichtigt – kleine Basis.*Hohentorshafen/m);
		const b = await run('moran', '--indicator', 'sgb2_quote', '--year', '2023');
		expect(b.stdout).toBe(a.stdout);
		const other = JSON.parse((await run('moran', '--indicator', 'sgb2_quote', '--year', '2023', '--seed', '7', '--permutations', '99')).stdout);
		expect(other.I).toBe(json.I);
		expect(other.permutations).toBe(99);
		expect(other.z).not.toBe(json.z);
	});

	it('keeps small bases with --eb', async () => {
		const r = await run('moran', '--indicator', 'sgb2_quote', '--year', '2023', '--eb', '--permutations', '9');
		expect(JSON.parse(r.stdout).n).toBe(88);
		expect(r.stderr).toBe('');
	});

	it('gives the same result for the same data read with --input (row order does not matter)', async () => {
		// the app's own 2023 counts as a long table, rows in reverse order
		const areas = new Map(tableFromIPC(readFileSync(join(ROOT, 'static/data/areas.arrows'))).toArray().map((r) => [r.id, r.name]));
		const rows = tableFromIPC(readFileSync(join(ROOT, 'static/data/values.arrows')))
			.toArray()
			.map((r) => r.toJSON())
			.filter((r) => r.indicator_id === 'sgb2_quote' && r.year === 2023)
			.reverse();
		const file = join(mkdtempSync(join(tmpdir(), 'spatial-cli-')), 'spatial-input-app-ids.csv');
		writeFileSync(
			file,
			'area_id,area_name,indicator,year,value,numerator,denominator\n' +
				rows.map((r) => `${r.area_id},"${areas.get(r.area_id)}",sgb2_quote,2023,,${r.numerator},${r.denominator}`).join('\n') +
				'\n'
		);
		const viaInput = await cli('moran', '--input', file, '--indicator', 'sgb2_quote', '--permutations', '99');
		const viaApp = await run('moran', '--indicator', 'sgb2_quote', '--year', '2023', '--permutations', '99');
		expect(viaInput.code).toBe(0);
		expect(JSON.parse(viaInput.stdout).I).toBeCloseTo(JSON.parse(viaApp.stdout).I, 12);
		expect(JSON.parse(viaInput.stdout).p_sim).toBe(JSON.parse(viaApp.stdout).p_sim);
		expect(JSON.parse(viaInput.stdout).z).toBeCloseTo(JSON.parse(viaApp.stdout).z, 10);
	});

	it('explains why areas of another city have no neighbours', async () => {
		const r = await cli('moran', '--input', join(FIXTURES, 'spatial-input-fremd.csv'), '--indicator', 'sgb2_quote');
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/^Fehler: Keine Nachbarschaften für diese Gebiete/);
	});

	it('rejects unknown indicators, years and options with German messages', async () => {
		expect((await run('moran', '--indicator', 'gibtsnicht')).stderr).toMatch(/Unbekannter Indikator „gibtsnicht“/);
		expect((await run('moran', '--indicator', 'sgb2_quote', '--year', '1990')).stderr).toMatch(/keine Werte im Jahr 1990/);
		expect((await run('moran')).stderr).toMatch(/braucht --indicator/);
		const bad = await cli('moran', '--indicator', 'sgb2_quote', '--alpha', '0.1');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/Unbekannte Option --alpha/);
	});
});

describe('lisa', () => {
	it('prints one row per Ortsteil with quadrant and cluster; excluded areas keep their value', async () => {
		const r = await run('lisa', '--indicator', 'sgb2_quote', '--year', '2023', '--permutations', '199');
		expect(r.code).toBe(0);
		const [header, ...rows] = csvRows(r.stdout);
		expect(header).toEqual(['area_id', 'area_name', 'value', 'local_i', 'p_sim', 'quadrant', 'cluster']);
		expect(rows).toHaveLength(88);
		for (const row of rows) {
			const [, , value, localI, p, quadrant, cluster] = row.slice(-7);
			expect(value).not.toBe('');
			if (localI === '') {
				expect([p, quadrant, cluster]).toEqual(['', '', '']);
				continue;
			}
			expect(['HH', 'LL', 'LH', 'HL']).toContain(quadrant);
			expect(cluster === quadrant || cluster === 'ns').toBe(true);
			expect(cluster === quadrant).toBe(Number(p) <= 0.05);
			// HH/LL have a positive local I, LH/HL a negative one
			expect(Number(localI) >= 0).toBe(quadrant === 'HH' || quadrant === 'LL');
		}
		expect(rows.filter((x) => x.at(-1) === 'HH').length).toBeGreaterThan(0);
		expect(rows.find((x) => x[0] === 'ot-hohentorshafen')!.slice(-4)).toEqual(['', '', '', '']);
	});

	it('--fdr applies the Benjamini–Hochberg cut-off and reports it', async () => {
		const plain = await run('lisa', '--indicator', 'sgb2_quote', '--year', '2023', '--permutations', '199');
		const fdr = await run('lisa', '--indicator', 'sgb2_quote', '--year', '2023', '--permutations', '199', '--fdr');
		const significant = (text: string) => csvRows(text).slice(1).filter((x) => ['HH', 'LL', 'LH', 'HL'].includes(x.at(-1)!)).length;
		expect(significant(fdr.stdout)).toBeLessThanOrEqual(significant(plain.stdout));
		expect(fdr.stderr).toMatch(/FDR \(Benjamini–Hochberg, α = 0.05\): signifikant bei p_sim ≤ 0\.\d+/);
	});

	it('checks --alpha and --permutations', async () => {
		expect((await run('lisa', '--indicator', 'sgb2_quote', '--alpha', '0,05')).stderr).toMatch(/--alpha: „0,05“/);
		expect((await run('lisa', '--indicator', 'sgb2_quote', '--permutations', '0')).stderr).toMatch(/braucht Permutationen/);
	});
});

describe('segregation', () => {
	it('prints the DESIGN §7 JSON for a catalogue group', async () => {
		const r = await run('segregation', '--group', 'sgb2_quote', '--year', '2023');
		expect(r.code).toBe(0);
		const json = JSON.parse(r.stdout);
		expect(Object.keys(json)).toEqual(['D', 'isolation', 'exposure', 'correlation_ratio', 'theil_H', 'gini', 'spatial_D_morrill', 'n_areas']);
		expect(json.n_areas).toBe(88);
		expect(json.exposure).toBeCloseTo(1 - json.isolation, 12);
		expect(json.spatial_D_morrill).toBeLessThan(json.D);
		expect(json.D).toBeGreaterThan(0);
		expect(json.D).toBeLessThan(1);
	});

	it('reads an area_id,area_name,group,total table with --input (hand example)', async () => {
		// group 10, 20, 30 of 100, 50, 50 — see tests/unit/engine/segregation.test.ts
		const r = await cli('segregation', '--input', join(FIXTURES, 'segregation-input.csv'));
		expect(r.code).toBe(0);
		const json = JSON.parse(r.stdout);
		expect(json.D).toBeCloseTo(10 / 21, 12);
		expect(json.isolation).toBeCloseTo(0.45, 12);
		expect(json.gini).toBeCloseTo(15 / 28, 12);
		expect(json.spatial_D_morrill).toBeNull();
		expect(json.n_areas).toBe(3);
		expect(r.stderr).toMatch(/Testviertel D \(Zeile 5: Anzahl fehlt/);
		expect(r.stderr).toMatch(/Testviertel E \(Zeile 6: keine Bevölkerung/);
	});

	it('names file, line and problem for a bad table', async () => {
		const bad = join(FIXTURES, 'segregation-input-bad.csv');
		expect(() => readSegregationInput(bad)).toThrow(`${bad}, Zeile 3: group (60) ist größer als total (50) für „test-b“.`);
		expect(() => readSegregationInput(join(FIXTURES, 'segregation-input-komma.csv'))).toThrow(/Zeile 3: Spalte group „12,5“ hat ein Dezimalkomma/);
		expect(() => readSegregationInput(join(FIXTURES, 'fehlt.csv'))).toThrow(/fehlt\.csv: Datei kann nicht gelesen werden \(nicht gefunden\)/);
		expect(() => parseSegregationInput('area_id,name,group,total\n', 'x.csv')).toThrow(/x\.csv, Zeile 1: Spalte area_name fehlt/);
		expect(() => parseSegregationInput('area_id,area_name,group,total\na,A,1,5\na,B,1,5\n', 'x.csv')).toThrow(/Zeile 3: area_id „a“ kommt schon in Zeile 2 vor/);
		expect(() => parseSegregationInput('area_id,area_name,group,total\na,A,x,5\nb,B,1,5\n', 'x.csv')).toThrow(/Zeile 2: Spalte group „x“ ist keine Zahl/);
		expect(() => parseSegregationInput('area_id,area_name,group,total\na,A,1,5\n', 'x.csv')).toThrow(/mindestens 2 Gebiete/);
	});

	it('rejects a group that is not a share of a population', async () => {
		const r = await run('segregation', '--group', 'straftaten');
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/kein Anteil einer Gruppe/);
	});
});

describe('neighbours', () => {
	it("prints the app's queen neighbours in both directions, and the same from the boundary file", async () => {
		const app = await run('neighbours');
		expect(app.code).toBe(0);
		const [header, ...rows] = csvRows(app.stdout);
		expect(header).toEqual(['area_id', 'area_name', 'neighbour_id', 'neighbour_name']);
		expect(rows).toHaveLength(2 * 231);
		const pairs = new Set(rows.map((r) => `${r[0]}|${r.at(-2)}`));
		for (const r of rows) expect(pairs.has(`${r.at(-2)}|${r[0]}`)).toBe(true);
		const geo = await run('neighbours', '--geometry', BOUNDARIES);
		expect(geo.code).toBe(0);
		expect(geo.stdout).toBe(app.stdout);
	});

	it('names the boundary file when it cannot be used', async () => {
		const r = await run('neighbours', '--geometry', join(FIXTURES, 'segregation-input.csv'));
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/segregation-input\.csv: Grenzdatei ist kein gültiges JSON/);
	});
});
