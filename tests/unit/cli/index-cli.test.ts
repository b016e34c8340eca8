import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/indicators.ts';
import { openNodeDb } from '../../../scripts/lib/node-db.ts';
import { checkOptions, choiceOption, flagOption, integerOption, parseArgs, stringOption } from '../../../scripts/cli/args.ts';
import { csvCell, formatNumber, toCsv, toJson } from '../../../scripts/cli/output.ts';
import { parseCsv, parseLongInput } from '../../../scripts/cli/input.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'cli');
const MUSTERSTADT = join(FIXTURES, 'musterstadt.csv');
const COUNTS = join(FIXTURES, 'musterstadt-counts.csv');
const TMP = mkdtempSync(join(tmpdir(), 'indicators-cli-'));
// one DuckDB for all in-process runs (the dispatcher reloads the tables for each run)
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
	const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
	const code = await main(argv, io, { db });
	return { code, stdout, stderr, lines: stdout.trimEnd().split('\n') };
}

/** Parses our CSV output into objects (numbers stay strings). */
function table(stdout: string) {
	const [header, ...rows] = parseCsv(stdout, 'stdout');
	return rows.map((r) => Object.fromEntries(header.fields.map((h, i) => [h, r.fields[i]])));
}

function badFile(name: string, content: string): string {
	const path = join(TMP, name);
	writeFileSync(path, content, 'utf8');
	return path;
}

const CLASSES = ['hoch', 'mittel', 'niedrig', 'sehr niedrig', ''];

describe('index on the app dataset', () => {
	it('prints the factor table with rank bands; areas without values stay empty', async () => {
		const r = await run('index', '--year', '2023');
		expect(r.code).toBe(0);
		expect(r.lines[0]).toBe('area_id,area_name,index,class,rank,materiell,kulturell,sozial,symbolisch,rank_p05,rank_p95');
		expect(r.lines).toHaveLength(89);
		expect(r.lines).toContain('ot-hohentorshafen,Hohentorshafen,,,,,,,,,');
		const rows = table(r.stdout);
		for (const row of rows) {
			expect(CLASSES).toContain(row.class);
			if (row.index === '') continue;
			expect(Number(row.rank_p05)).toBeLessThanOrEqual(Number(row.rank_p95));
			expect(row.index).toMatch(/^-?\d+(\.\d{1,6})?$/);
		}
		expect(r.stderr).toMatch(/4 Gebiet\(e\) ohne Ausgrenzungsindex/);
	});

	it('--method mss prints Berlin’s Statusindex with classes on the printed values', async () => {
		const r = await run('index', '--method', 'mss');
		expect(r.code).toBe(0);
		expect(r.lines[0]).toBe('area_id,area_name,index,class,rank');
		for (const row of table(r.stdout)) {
			if (row.index === '') {
				expect(row.class).toBe('');
				continue;
			}
			const x = Number(row.index);
			const expected = x < -1 ? 'hoch' : x <= 1 ? 'mittel' : x <= 1.5 ? 'niedrig' : 'sehr niedrig';
			expect(row.class).toBe(expected);
		}
	});

	it('dynamic prints the Dynamikindex between two years', async () => {
		const r = await run('dynamic', '--from', '2015', '--to', '2023');
		expect(r.code).toBe(0);
		expect(r.lines[0]).toBe('area_id,area_name,dynamic_index,dynamic_class');
		for (const row of table(r.stdout)) expect(['positiv', 'stabil', 'negativ', '']).toContain(row.dynamic_class);
	});

	it('--format json and --out FILE', async () => {
		const out = join(TMP, 'index.json');
		const r = await run('index', '--level', 'stadtteil', '--draws', '100', '--format', 'json', '--out', out);
		expect(r.code).toBe(0);
		expect(r.stdout).toBe('');
		const json = JSON.parse(readFileSync(out, 'utf8'));
		expect(json.settings.level).toBe('stadtteil');
		expect(json.settings.year).toBe(2023);
		expect(json.areas).toHaveLength(23);
		expect(json.robustness.draws).toBe(100);
		expect(json.areas[0]).toHaveProperty('rank_median');
	});
});

// musterstadt.csv, 2023 (values only; `alq` is not in the catalogue → polarity +1;
// `wahlbeteiligung` is → polarity −1, factor symbolisch; Hafen has empty values):
//   alq:  4, 6, 8, 10, 12        → mean 8, SD √10, z = [−4, −2, 0, 2, 4] / √10
//   wahl: 70, 60, 65, 50, 45     → aligned −x, mean −58, deviations [−12, −2, −7, 8, 13], SD √107.5
//   Σz, then ÷ SD(Σz) (Σz has mean 0)
const zAlq = [-4, -2, 0, 2, 4].map((x) => x / Math.sqrt(10));
const zWahl = [-12, -2, -7, 8, 13].map((x) => x / Math.sqrt(107.5));
const sums = zAlq.map((z, i) => z + zWahl[i]);
const sdSum = Math.sqrt(sums.reduce((a, x) => a + x * x, 0) / 4);
const status = sums.map((x) => x / sdSum); // ≈ [−1.2377, −0.4217, −0.3450, 0.7174, 1.2870]

describe('--input (another city)', () => {
	it('index --method mss matches the hand computation', async () => {
		const r = await run('index', '--input', MUSTERSTADT, '--method', 'mss');
		expect(r.code).toBe(0);
		const rows = table(r.stdout);
		expect(rows.map((x) => x.area_id)).toEqual(['ms-nord', 'ms-sued', 'ms-ost', 'ms-west', 'ms-mitte', 'ms-hafen']);
		status.forEach((s, i) => expect(Number(rows[i].index)).toBeCloseTo(s, 6));
		expect(rows.map((x) => x.class)).toEqual(['hoch', 'mittel', 'mittel', 'mittel', 'niedrig', '']);
		expect(rows.map((x) => x.rank)).toEqual(['5', '4', '3', '2', '1', '']);
		expect(r.lines).toContain('ms-hafen,Musterstadt Hafen,,,');
		expect(r.stdout).toContain('ms-mitte,"Musterstadt Mitte, Altbau",');
		expect(r.stderr).toMatch(/Musterstadt Hafen \(ms-hafen\): keine gültigen Werte/);
	});

	it('index --method factors needs a factor for indicators outside the catalogue', async () => {
		const r = await run('index', '--input', MUSTERSTADT);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/^Fehler: Indikator „alq“ ist keinem Ausgrenzungsfaktor zugeordnet/);
		// with one indicator per factor and complete data, the re-standardised index equals the Statusindex
		const ok = await run('index', '--input', MUSTERSTADT, '--factors', 'alq:materiell', '--draws', '200');
		expect(ok.code).toBe(0);
		const rows = table(ok.stdout);
		status.forEach((s, i) => expect(Number(rows[i].index)).toBeCloseTo(s, 6));
		zAlq.forEach((z, i) => expect(Number(rows[i].materiell)).toBeCloseTo(z, 6));
		zWahl.forEach((z, i) => expect(Number(rows[i].symbolisch)).toBeCloseTo(z, 6));
		expect(rows[0].kulturell).toBe('');
		expect(rows[5].index).toBe('');
	});

	it('--polarity overrides the default +1 of an unknown indicator', async () => {
		const r = await run('index', '--input', MUSTERSTADT, '--method', 'mss', '--polarity', 'alq:-1,wahlbeteiligung:1');
		const rows = table(r.stdout);
		status.forEach((s, i) => expect(Number(rows[i].index)).toBeCloseTo(-s, 6));
	});

	it('dynamic --from 2022 --to 2023 matches the hand computation', async () => {
		// changes alq [−1, 0, 1, 2, 3] → mean 1, SD √2.5; wahl [2, −2, 0, −5, −5] aligned −Δ = [−2, 2, 0, 5, 5],
		// mean 2, deviations [−4, 0, −2, 3, 3], SD √(38/4) = √9.5
		const za = [-2, -1, 0, 1, 2].map((x) => x / Math.sqrt(2.5));
		const zw = [-4, 0, -2, 3, 3].map((x) => x / Math.sqrt(9.5));
		const s = za.map((z, i) => z + zw[i]);
		const sd = Math.sqrt(s.reduce((a, x) => a + x * x, 0) / 4);
		const r = await run('dynamic', '--input', MUSTERSTADT, '--from', '2022', '--to', '2023');
		expect(r.code).toBe(0);
		expect(r.lines[0]).toBe('area_id,area_name,dynamic_index,dynamic_class');
		const rows = table(r.stdout);
		s.forEach((x, i) => expect(Number(rows[i].dynamic_index)).toBeCloseTo(x / sd, 6));
		expect(rows.map((x) => x.dynamic_class)).toEqual(['positiv', 'stabil', 'stabil', 'stabil', 'negativ', '']);
	});

	it('counts: rates from numerator/denominator, small bases unreliable unless --eb', async () => {
		// sgb2_quote [10, 20, 30] %, xq [5, 15, 10] %; Kleinsiedlung has bases 10 and 8 (< 50) → excluded
		// z = [−1, 0, 1] and [−1, 1, 0]; Σz = [−2, 1, 1]; SD √3 → [−2/√3, 1/√3, 1/√3]
		const r = await run('index', '--input', COUNTS, '--method', 'mss');
		expect(r.code).toBe(0);
		const rows = table(r.stdout);
		[-2, 1, 1].forEach((x, i) => expect(Number(rows[i].index)).toBeCloseTo(x / Math.sqrt(3), 6));
		expect(rows.map((x) => x.rank)).toEqual(['3', '1', '1', '']);
		expect(rows[3].index).toBe('');
		const eb = await run('index', '--input', COUNTS, '--method', 'mss', '--eb');
		expect(table(eb.stdout)[3].index).not.toBe('');
	});

	it('--year picks another year of the input', async () => {
		const r = await run('index', '--input', MUSTERSTADT, '--method', 'mss', '--year', '2022');
		expect(r.code).toBe(0);
		const r2 = await run('index', '--input', MUSTERSTADT, '--method', 'mss', '--year', '2021');
		expect(r2.code).toBe(2);
		expect(r2.stderr).toMatch(/Keine Werte für das Jahr 2021. Verfügbare Jahre: 2022, 2023/);
	});
});

describe('malformed input: file, line and problem on stderr, exit code 2', () => {
	const HEADER = 'area_id,area_name,indicator,year,value\n';
	const cases: [string, string, RegExp][] = [
		['leer.csv', '', /leer\.csv: die Datei ist leer/],
		['kopf.csv', HEADER, /kopf\.csv: keine Datenzeilen/],
		['spalte.csv', 'area_id,area_name,indicator,value\na,Musterstadt Nord,x,1\n', /spalte\.csv, Zeile 1: Spalte\(n\) fehlen: year/],
		['text.csv', HEADER + 'a,Musterstadt Nord,x,2023,viel\n', /text\.csv, Zeile 2: Wert „viel“ ist keine Zahl/],
		['komma.csv', HEADER + 'a,Musterstadt Nord,x,2023,"4,5"\n', /komma\.csv, Zeile 2: Wert „4,5“ hat ein Dezimalkomma; bitte Dezimalpunkt verwenden \(z\. B\. 4\.5\)/],
		['komma2.csv', HEADER + 'a,Musterstadt Nord,x,2023,4,5\n', /komma2\.csv, Zeile 2: 6 Felder statt 5 \(Dezimalkomma/],
		['doppelt.csv', HEADER + 'a,Musterstadt Nord,x,2023,1\nb,Musterstadt Süd,x,2023,2\na,Musterstadt Nord,x,2023,3\n', /doppelt\.csv, Zeile 4: doppelter Eintrag für Gebiet „a“, Indikator „x“, Jahr 2023 \(schon in Zeile 2\)/],
		['semikolon.csv', 'area_id;area_name;indicator;year;value\na;N;x;2023;1\n', /semikolon\.csv, Zeile 1: Semikolon als Trennzeichen/],
		['jahr.csv', HEADER + 'a,Musterstadt Nord,x,23,1\n', /jahr\.csv, Zeile 2: Jahr „23“/],
		['name.csv', HEADER + 'a,Musterstadt Nord,x,2023,1\na,Musterstadt Süd,y,2023,1\n', /name\.csv, Zeile 3: Gebiet „a“ heißt hier „Musterstadt Süd“/],
		['gemischt.csv', 'area_id,area_name,indicator,year,value,numerator,denominator\na,N,x,2023,,1,10\nb,S,x,2023,5,,\n', /gemischt\.csv, Zeile 3: Indikator „x“ hat in Zeile 2 Zähler\/Nenner/],
		['halb.csv', 'area_id,area_name,indicator,year,value,numerator,denominator\na,N,x,2023,,1,\n', /halb\.csv, Zeile 2: Zähler und Nenner nur gemeinsam/],
		['quote.csv', HEADER + 'a,"Musterstadt Nord,x,2023,1\n', /quote\.csv, Zeile 2: Anführungszeichen wird nicht geschlossen/]
	];
	for (const [name, content, message] of cases) {
		it(name, async () => {
			const r = await run('index', '--method', 'mss', '--input', badFile(name, content));
			expect(r.code).toBe(2);
			expect(r.stdout).toBe('');
			expect(r.stderr).toMatch(/^Fehler: /);
			expect(r.stderr).toMatch(message);
		});
	}

	it('a missing file', async () => {
		const r = await run('index', '--input', join(TMP, 'gibtsnicht.csv'));
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/gibtsnicht\.csv: Datei nicht gefunden/);
	});
});

describe('bad options: German message, exit code 2', () => {
	const cases: [string[], RegExp][] = [
		[['index', '--foo', '1'], /Unbekannte Option --foo für „index“\. Erlaubt: /],
		[['dynamic', '--from', '2015', '--to', '2023', '--weights', 'a:1'], /Unbekannte Option --weights für „dynamic“/],
		[['kaffee'], /Unbekannter Befehl „kaffee“/],
		[['index', '--method', 'mss', '--weights', 'sgb2_quote:2'], /--weights gilt nur für --method factors/],
		[['index', '--normalize', 'median'], /--normalize: „median“ ist nicht erlaubt \(möglich: z, minmax, rank\)/],
		[['index', '--weights', 'sgb2_quote:1,5'], /Dezimalkomma\? Bitte Dezimalpunkt verwenden/],
		[['index', '--weights', 'sgb2_quote:-2'], /Gewicht für „sgb2_quote“ muss eine Zahl ≥ 0 sein/],
		[['index', '--indicators', 'sgb2_quote,gibtsnicht'], /Unbekannter Indikator „gibtsnicht“/],
		[['index', '--year', 'zwanzig'], /--year: „zwanzig“ ist keine ganze Zahl/],
		[['index', '--eb', 'ja'], /--eb ist ein Schalter/],
		[['index', '--input', MUSTERSTADT, '--level', 'stadtteil'], /Mit --input gibt es nur die Ebene ortsteil/],
		[['dynamic', '--from', '2015'], /dynamic braucht --from JAHR und --to JAHR/]
	];
	for (const [argv, message] of cases) {
		it(argv.join(' '), async () => {
			const r = await run(...argv);
			expect(r.code).toBe(2);
			expect(r.stderr).toMatch(message);
		});
	}

	it('help lists the commands; no command is an error', async () => {
		const help = await run('help');
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/index \[--year Y\]/);
		expect(help.stdout).toMatch(/dynamic --from Y0 --to Y1/);
		expect((await run()).code).toBe(2);
	});
});

describe('helpers', () => {
	it('parseArgs reads values, flags and --name=value', () => {
		expect(parseArgs(['index', '--year', '2023', '--eb', '--polarity=a:-1', '--weights', 'a:-1'])).toEqual({
			command: 'index',
			options: { year: '2023', eb: true, polarity: 'a:-1', weights: 'a:-1' }
		});
	});

	it('option readers (doc examples)', () => {
		expect(() => checkOptions('index', { year: '2023' }, ['year', 'input', 'out'])).not.toThrow();
		expect(stringOption({ year: '2023' }, 'year')).toBe('2023');
		expect(() => stringOption({ year: true }, 'year')).toThrow(/braucht einen Wert/);
		expect(integerOption({ draws: '500' }, 'draws', 0)).toBe(500);
		expect(() => integerOption({ draws: '-1' }, 'draws', 0)).toThrow(/nicht im erlaubten Bereich \(≥ 0\)/);
		expect(choiceOption({ method: 'mss' }, 'method', ['factors', 'mss'])).toBe('mss');
		expect(flagOption({ eb: true }, 'eb')).toBe(true);
		expect(flagOption({}, 'eb')).toBe(false);
	});

	it('formatNumber and toJson (doc examples)', () => {
		expect(formatNumber(-0.0000001)).toBe('0');
		expect(formatNumber(1500)).toBe('1500');
		expect(toJson({ a: NaN, b: [1] })).toBe('{\n  "a": null,\n  "b": [\n    1\n  ]\n}\n');
		expect(JSON.parse(toJson({ t: new Float64Array([1, NaN]) }))).toEqual({ t: [1, null] });
	});

	it('parseCsv and parseLongInput (doc examples)', () => {
		expect(parseCsv('a,b\n"x, y",2\n', 'f.csv')).toEqual([
			{ line: 1, fields: ['a', 'b'] },
			{ line: 2, fields: ['x, y', '2'] }
		]);
		expect(parseCsv('\uFEFFa\r\n"zwei\nZeilen"\r\n\r\nc\n', 'f.csv').map((r) => r.line)).toEqual([1, 2, 5]);
		const parsed = parseLongInput('area_id,area_name,indicator,year,value\na,Musterstadt Nord,x,2020,1.5\n', 'in.csv', []);
		expect(parsed.rows[0].value).toBe(1.5);
		expect(parsed.indicators[0]).toEqual({ id: 'x', label: 'x', scale: 1, min_base: 0, polarity: 1, factor: null, sort: 0 });
	});

	it('imported counts: minimum base 50 and the scale implied by the values', () => {
		const parsed = parseLongInput(
			'area_id,area_name,indicator,year,value,numerator,denominator\na,N,x,2020,25,1,4\nb,S,x,2020,,3,4\n',
			'in.csv',
			[]
		);
		expect(parsed.indicators[0]).toMatchObject({ scale: 100, min_base: 50 });
	});

	it('CSV cells: decimal point, empty for missing, quotes when needed', () => {
		expect(csvCell(1.23456789)).toBe('1.234568');
		expect(csvCell(NaN)).toBe('');
		expect(csvCell(null)).toBe('');
		expect(csvCell('Musterstadt, Nord')).toBe('"Musterstadt, Nord"');
		expect(csvCell('Sagt "Moin"')).toBe('"Sagt ""Moin"""');
		expect(toCsv(['a', 'b'], [{ a: 1, b: null }])).toBe('a,b\n1,\n');
	});
});

describe('a real process', () => {
	const spawn = (...args: string[]) =>
		new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
			execFile(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/indicators.ts', ...args], { cwd: ROOT }, (error, stdout, stderr) =>
				resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code: number }).code) : 0, stdout, stderr })
			);
		});

	it('exits 0 on success and 2 with a message on bad input', async () => {
		const [ok, bad] = await Promise.all([
			spawn('index', '--method', 'mss', '--input', 'tests/fixtures/cli/musterstadt.csv'),
			spawn('index', '--input', 'tests/fixtures/cli/musterstadt-dezimalkomma.csv')
		]);
		expect(ok.code).toBe(0);
		expect(ok.stdout.split('\n')[0]).toBe('area_id,area_name,index,class,rank');
		expect(bad.code).toBe(2);
		expect(bad.stdout).toBe('');
		expect(bad.stderr).toBe(
			'Fehler: tests/fixtures/cli/musterstadt-dezimalkomma.csv, Zeile 2: Wert „4,5“ hat ein Dezimalkomma; bitte Dezimalpunkt verwenden (z. B. 4.5).\n'
		);
	});
});
