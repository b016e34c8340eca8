/**
 * `npm run indicators -- allocate …` (scripts/cli/allocate-command.ts): the command's
 * run() on the app dataset (static/data), parsed and checked like the dispatcher does.
 * The CSV has the DESIGN §7 columns and its amount column sums to exactly B.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateCommands, parseBudget, parseStatusQuo } from '../../../scripts/cli/allocate-command.ts';
import { checkOptions, parseArgs } from '../../../scripts/cli/args.ts';
import { loadAppData, loadLongInput } from '../../../scripts/cli/input.ts';
import { CliError } from '../../../scripts/cli/types.ts';
import { openNodeDb } from '../../../scripts/lib/node-db.ts';

let db: Awaited<ReturnType<typeof openNodeDb>>;
beforeAll(async () => {
	db = await openNodeDb();
	await loadAppData(db);
});
afterAll(() => db?.close());

const TMP = mkdtempSync(join(tmpdir(), 'allocate-cli-'));

/** The command on a Db, as the dispatcher runs it; a CliError becomes exit code 2. */
async function run(argv: string[], onDb = db) {
	let stdout = '';
	let stderr = '';
	try {
		const { command, options } = parseArgs(argv);
		const cmd = allocateCommands[command!];
		checkOptions(command!, options, [...cmd.options, 'input', 'out']);
		await cmd.run({ db: onDb, options, write: (t) => void (stdout += t), warn: (t: string) => void (stderr += t) } as Parameters<typeof cmd.run>[0]);
		return { code: 0, stdout, stderr };
	} catch (e) {
		if (!(e instanceof CliError)) throw e;
		return { code: 2, stdout, stderr: stderr + `Fehler: ${e.message}\n` };
	}
}

const parse = (csv: string) => {
	const [header, ...lines] = csv.trimEnd().split('\n');
	const columns = header.split(',');
	return {
		columns,
		rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])))
	};
};
const total = (rows: Record<string, string>[]) => rows.reduce((s, r) => s + Number(r.amount), 0);

describe('allocate', () => {
	it('prints the DESIGN §7 CSV for 23 Stadtteile whose amounts sum to exactly B', async () => {
		const r = await run(['allocate', '--budget', '1000000', '--alpha', '0.5']);
		expect(r.code).toBe(0);
		const { columns, rows } = parse(r.stdout);
		expect(columns).toEqual(['stadtteil_id', 'stadtteil_name', 'population', 'need', 'amount', 'per_capita']);
		expect(rows).toHaveLength(23);
		expect(total(rows)).toBe(1_000_000);
		for (const row of rows) {
			expect(Number.isInteger(Number(row.amount))).toBe(true);
			expect(Number(row.per_capita)).toBeCloseTo(Number(row.amount) / Number(row.population), 2);
		}
		// need is the population-weighted z: Σ P z ≈ 0 (6 decimals in the CSV)
		expect(Math.abs(rows.reduce((s, r) => s + Number(r.population) * Number(r.need), 0))).toBeLessThan(1);
		expect(r.stderr).toContain('Ausgrenzungsindex');
		expect(r.stderr).toMatch(/✓ Summe gleich Budget/);
		expect(r.stderr).not.toContain('✗');
	});

	it('α = 0 gives per-capita amounts; a Sockel and another target population still sum to B', async () => {
		const flat = parse((await run(['allocate', '--budget', '500000', '--alpha', '0'])).stdout).rows;
		const people = flat.reduce((s, r) => s + Number(r.population), 0);
		for (const row of flat) expect(Math.abs(Number(row.amount) - (500000 * Number(row.population)) / people)).toBeLessThan(1);
		const r = await run(['allocate', '--budget', '750000', '--alpha', '1', '--floor', '10%', '--target-population', 'unter_18', '--need', 'sgb2_u15_quote']);
		expect(r.code).toBe(0);
		const rows = parse(r.stdout).rows;
		expect(total(rows)).toBe(750_000);
		// Sockel: ⌊75 000 / 23⌋ = 3260 € each at least
		for (const row of rows) expect(Number(row.amount)).toBeGreaterThanOrEqual(3260);
	});

	it('rejects a malformed budget with a German hint', async () => {
		for (const [budget, message] of [
			['1.000.000', /Tausenderpunkte.*1000000/],
			['1,5', /Dezimalkomma/],
			['1000000.50', /ganzen Euro/],
			['0', /größer als 0/],
			['-5', /größer als 0/],
			['eine Million', /keine ganze Zahl/]
		] as const) {
			const r = await run(['allocate', '--budget', budget]);
			expect(r.code, budget).toBe(2);
			expect(r.stderr).toMatch(message);
		}
		expect(() => parseBudget('1.000.000')).toThrow(CliError);
		expect(parseBudget('1000000')).toBe(1_000_000);
		expect((await run(['allocate'])).stderr).toMatch(/--budget fehlt/);
		expect((await run(['allocate', '--budget', '1000', '--alpha', '0,5'])).stderr).toMatch(/Dezimalkomma.*0\.5/);
		expect((await run(['allocate', '--budget', '1000', '--alpha', '2'])).stderr).toMatch(/nicht zwischen 0 und 1/);
		expect((await run(['allocate', '--budget', '1000', '--level', 'ortsteil'])).code).toBe(2);
		expect((await run(['allocate', '--budget', '1000', '--need', 'gibtsnicht'])).stderr).toMatch(/Unbekanntes Bedarfsmaß/);
	});

	it('caps the change against an imported status quo and reports unsatisfiable caps', async () => {
		// status quo = the per-capita split of 1 000 000 €; new: α = 1, at most ±5 %
		const base = parse((await run(['allocate', '--budget', '1000000', '--alpha', '0'])).stdout).rows;
		const file = join(TMP, 'status-quo.csv');
		writeFileSync(file, 'stadtteil_id,amount\n' + base.map((r) => `${r.stadtteil_id},${r.amount}`).join('\n') + '\n');
		const r = await run(['allocate', '--budget', '1000000', '--alpha', '1', '--cap', '0.05', '--status-quo', file]);
		expect(r.code).toBe(0);
		const rows = parse(r.stdout).rows;
		expect(total(rows)).toBe(1_000_000);
		rows.forEach((row, i) => {
			const q = Number(base[i].amount);
			expect(Number(row.amount)).toBeGreaterThanOrEqual(Math.ceil(q * 0.95 - 1e-6));
			expect(Number(row.amount)).toBeLessThanOrEqual(Math.floor(q * 1.05 + 1e-6));
		});
		expect(r.stderr).toMatch(/✓ Kappungsgrenzen eingehalten/);

		// a budget 20 % above the status quo cannot stay within ±5 %; exactly +20 % is not quite
		// enough either, as every upper bound is rounded down to whole euros → 20.01 %
		const more = await run(['allocate', '--budget', '1200000', '--cap', '5%', '--status-quo', file, '--format', 'json']);
		expect(more.code).toBe(0);
		const json = JSON.parse(more.stdout);
		expect(json.diagnostics).toMatchObject({ capsFeasible: false, capsApplied: false, minimalFeasibleCap: 0.2001 });
		expect(json.checks.find((c: { id: string }) => c.id === 'kappung').ok).toBe(false);
		expect(json.areas.reduce((s: number, a: { amount: number }) => s + a.amount, 0)).toBe(1_200_000);
		expect(more.stderr).toMatch(/✗ Kappungsgrenzen eingehalten.*nicht erfüllbar.*±20,01 %/);
	});

	it('checks the status-quo file: needs --status-quo for --cap, every Stadtteil once, decimal point', async () => {
		expect((await run(['allocate', '--budget', '1000', '--cap', '0.1'])).stderr).toMatch(/--cap braucht einen Status quo/);
		const areas = [
			{ id: 'st-a', name: 'A' },
			{ id: 'st-b', name: 'B' }
		];
		expect([...parseStatusQuo('stadtteil_id,amount\nst-a,10.5\nst-b,0\n', 'sq.csv', areas)]).toEqual([['st-a', 10.5], ['st-b', 0]]);
		expect(() => parseStatusQuo('stadtteil_id,amount\nst-a,10\n', 'sq.csv', areas)).toThrow(/fehlt für B \(st-b\)/);
		expect(() => parseStatusQuo('stadtteil_id,amount\nst-a,"10,5"\nst-b,1\n', 'sq.csv', areas)).toThrow(/Zeile 2: Betrag „10,5“ hat ein Dezimalkomma/);
		expect(() => parseStatusQuo('stadtteil_id,amount\nst-x,1\n', 'sq.csv', areas)).toThrow(/Zeile 2: unbekannter Stadtteil „st-x“/);
		expect(() => parseStatusQuo('stadtteil_id,amount\nst-a,1\nst-a,2\n', 'sq.csv', areas)).toThrow(/Zeile 3: .*doppelt/);
		expect(() => parseStatusQuo('stadtteil_id;amount\n', 'sq.csv', areas)).toThrow(/Semikolon/);
	});

	it('runs on the real Stadtteil facts 2016 (--facts)', async () => {
		const r = await run(['allocate', '--budget', '1000000', '--facts']);
		expect(r.code).toBe(0);
		const rows = parse(r.stdout).rows;
		expect(rows).toHaveLength(23);
		expect(total(rows)).toBe(1_000_000);
		expect(rows.reduce((s, row) => s + Number(row.population), 0)).toBe(565_719);
		expect(rows.find((row) => row.stadtteil_id === 'st-groepelingen')!.population).toBe('37187');
		expect(r.stderr).toMatch(/Lastenausgleich 2016/);
		expect(r.stderr).toMatch(/Sekundärquelle/);
	});

	it('runs on an imported table, every area counting as a Stadtteil (--input)', async () => {
		const file = join(TMP, 'stadtteile.csv');
		writeFileSync(
			file,
			[
				'area_id,area_name,indicator,year,value',
				'n,Nord,einwohner,2020,1000',
				's,Süd,einwohner,2020,3000',
				'n,Nord,quote,2020,20',
				's,Süd,quote,2020,10'
			].join('\n') + '\n'
		);
		const input = await openNodeDb();
		try {
			await loadLongInput(input, file);
			const r = await run(['allocate', '--budget', '1000', '--alpha', '0.5', '--target-population', 'einwohner', '--need', 'quote', '--input', file], input);
			expect(r.code).toBe(0);
			// weighted mean 12.5, SD √((1000·56.25 + 3000·6.25)/4000) = √18.75 → z = 1.732, −0.577
			// m = 1.866, 0.711 → keys 1866, 2134 (Σ 4000 = Σ P) → 466.5…, 533.4… → 467, 533
			expect(parse(r.stdout).rows.map((row) => [row.stadtteil_id, row.amount])).toEqual([['n', '467'], ['s', '533']]);
			expect(r.stderr).toContain('jedes Gebiet der Tabelle zählt als ein Stadtteil');
			// the default need (Ausgrenzungsindex) needs factors the table does not have: clear hint
			const noNeed = await run(['allocate', '--budget', '1000', '--target-population', 'einwohner', '--input', file], input);
			expect(noNeed.code).toBe(2);
			expect(noNeed.stderr).toMatch(/--need/);
		} finally {
			input.close();
		}
	});
});
