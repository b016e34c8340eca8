/**
 * Performance benchmark (`npm run bench`, not part of `npm test`): load, recomputation
 * and scale. Writes `bench/results/latest.md` and `latest.json`.
 *
 *   npm run bench                       full run (88 / 1,000 / 10,000 areas × 1 / 10 / 20 years × 10 / 30 indicators, browser)
 *   npm run bench -- --quick            small settings, to check that everything works (noisy, marked as such)
 *   npm run bench -- --native           plus native DuckDB as the reference (installed into bench/.native/)
 *
 * Options: --runs N, --sizes 88,1000, --years 1,10, --indicators 10,30, --no-browser,
 * --no-node, --no-build (use the existing build/), --port N (default PW_PORT or 4178),
 * --budget MIN (Node part, default 15), --max-rows N, --out DIR.
 *
 * Parts: `scripts/bench/synthetic.ts` (data), `node-bench.ts` (engine in Node),
 * `browser-bench.ts` (built site in Chromium), `native.ts` (reference), `report.ts`.
 * No assertions on times: the report puts each figure beside its target.
 */
import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, release, totalmem, type as osType } from 'node:os';
import { join, resolve } from 'node:path';
import { runBrowserBench, type BrowserBenchResult } from './bench/browser-bench.ts';
import { loadNative, type NativeHandle } from './bench/native.ts';
import { runNodeBench, type NodeBenchResult } from './bench/node-bench.ts';
import { evaluateTargets, writeReport, type BenchReport, type BenchSettings, type MachineInfo } from './bench/report.ts';

const ROOT = resolve(import.meta.dirname, '..');

interface Args extends BenchSettings {
	build: boolean;
	out: string;
	custom: boolean;
}

function parseList(text: string, name: string): number[] {
	const xs = text.split(',').map((x) => Number(x.trim()));
	if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`${name}: ganze Zahlen ≥ 1 mit Komma getrennt erwartet (erhalten: ${text}).`);
	return xs;
}

function parseArgs(argv: string[]): Args {
	const quick = argv.includes('--quick');
	const a: Args = {
		quick,
		runs: quick ? 3 : 5,
		runsLarge: quick ? 1 : 3,
		largeRows: 1_000_000,
		maxRows: 8_000_000,
		sizes: quick ? [88, 1000] : [88, 1000, 10_000],
		years: quick ? [1, 10] : [1, 10, 20],
		indicators: quick ? [10] : [10, 30],
		permutations: 999,
		draws: 1000,
		native: false,
		browser: true,
		node: true,
		port: Number(process.env.PW_PORT ?? 4178),
		budgetMinutes: 15,
		build: true,
		out: join(ROOT, 'bench/results'),
		custom: false
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`Option ${arg} braucht einen Wert.`);
			return v;
		};
		switch (arg) {
			case '--quick':
				break;
			case '--native':
				a.native = true;
				break;
			case '--no-browser':
				a.browser = false;
				break;
			case '--no-node':
				a.node = false;
				break;
			case '--no-build':
				a.build = false;
				break;
			case '--runs':
				a.runs = parseList(value(), '--runs')[0];
				a.runsLarge = Math.min(a.runsLarge, a.runs);
				a.custom = true;
				break;
			case '--sizes':
				a.sizes = parseList(value(), '--sizes');
				a.custom = true;
				break;
			case '--years':
				a.years = parseList(value(), '--years');
				a.custom = true;
				break;
			case '--indicators':
				a.indicators = parseList(value(), '--indicators');
				a.custom = true;
				break;
			case '--max-rows':
				a.maxRows = parseList(value(), '--max-rows')[0];
				a.custom = true;
				break;
			case '--budget':
				a.budgetMinutes = parseList(value(), '--budget')[0];
				break;
			case '--port':
				a.port = parseList(value(), '--port')[0];
				break;
			case '--out':
				a.out = resolve(value());
				break;
			case '--help':
			case '-h':
				console.log(readme());
				process.exit(0);
				break;
			default:
				throw new Error(`Unbekannte Option ${arg}.\n${readme()}`);
		}
	}
	return a;
}

function readme(): string {
	return `npm run bench [-- OPTIONEN]
  --quick               kleine Einstellungen (88/1.000 Gebiete, 1/10 Jahre, 10 Indikatoren, 3 Läufe): Funktionsprüfung
  --native              native DuckDB als Referenz (wird nach bench/.native/ installiert, nicht in package.json)
  --runs N              gezählte Läufe je Messung (Standard 5; große Kombinationen 3)
  --sizes 88,1000       Gebietszahlen   --years 1,10,20   --indicators 10,30
  --no-browser | --no-node | --no-build
  --port N              Port für vite preview (Standard PW_PORT oder 4178)
  --budget MIN          Zeitbudget des Node-Teils (Standard 15)
  --max-rows N          Kombinationen mit mehr Wertzeilen überspringen (Standard 8.000.000)
  --out ORDNER          Ergebnisordner (Standard bench/results)`;
}

function git(): string {
	try {
		const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${sha} (mit lokalen Änderungen)` : sha;
	} catch {
		return 'unbekannt';
	}
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const startedAt = new Date();
	const t0 = performance.now();
	const log = (line: string) => console.log(line);
	const machine: MachineInfo = {
		cpu: cpus()[0] ? `${cpus()[0].model.trim()}${cpus()[0].speed ? ` (${cpus()[0].speed} MHz)` : ''}` : 'unbekannt',
		cores: cpus().length,
		memoryGb: totalmem() / 1e9,
		freeMemoryGbAtStart: freemem() / 1e9,
		node: process.version,
		os: `${osType()} ${release()}`,
		loadAtStart: loadavg(),
		loadAtEnd: [],
		loadByPhase: {},
		git: git()
	};
	log(`Benchmark ${args.quick ? '(QUICK) ' : ''}auf ${machine.cpu}, ${machine.cores} Kerne, Load ${machine.loadAtStart.map((x) => x.toFixed(2)).join(' / ')}`);

	const skipped: string[] = [];
	const notes: string[] = [];
	const why = { browser: '', node: '', native: '' };

	let native: NativeHandle | null = null;
	if (!args.node) why.native = 'Node-Teil abgeschaltet (--no-node)';
	else if (!args.native) why.native = 'ohne --native gestartet: kein Vergleich mit nativem DuckDB';
	else {
		const n = await loadNative(join(ROOT, 'bench/.native'), log);
		if ('unavailable' in n) why.native = `native Referenz nicht verfügbar: ${n.unavailable}`;
		else native = n;
	}
	if (why.native) skipped.push(`Verhältnis zu nativem DuckDB: ${why.native}.`);

	let nodeResult: NodeBenchResult | null = null;
	if (args.node) {
		machine.loadByPhase.Node = loadavg();
		nodeResult = await runNodeBench({
			sizes: args.sizes,
			years: args.years,
			indicators: args.indicators,
			runs: args.runs,
			runsLarge: args.runsLarge,
			largeRows: args.largeRows,
			maxRows: args.maxRows,
			maxHistogramBytes: 1.5e9,
			permutations: args.permutations,
			draws: args.draws,
			budgetMs: args.budgetMinutes * 60_000,
			native,
			log
		});
		for (const c of nodeResult.combos) {
			if (c.status !== 'ok') skipped.push(`${c.areas} × ${c.years} × ${c.indicators}: ${c.status === 'skipped' ? 'übersprungen' : 'Fehler'} – ${c.reason}`);
			if (c.robustness && 'skipped' in c.robustness) skipped.push(`Robustheit ${c.areas} × ${c.indicators}: ${c.robustness.skipped}`);
		}
		if (!args.sizes.some((s) => s >= 10_000)) why.node = `${args.quick ? 'Quick-Lauf' : 'Lauf'} ohne 10.000 Gebiete`;
	} else {
		why.node = 'Node-Teil abgeschaltet (--no-node)';
		skipped.push('Engine in Node: abgeschaltet (--no-node).');
	}

	let browserResult: BrowserBenchResult | null = null;
	if (args.browser) {
		machine.loadByPhase.Browser = loadavg();
		try {
			browserResult = await runBrowserBench({
				root: ROOT,
				port: args.port,
				runs: args.runs,
				build: args.build,
				chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
				// the largest combination of the run, as the Node part's largest
				scale: { areas: Math.max(...args.sizes), years: Math.max(...args.years), indicators: Math.max(...args.indicators) },
				scaleRuns: args.runs,
				log
			});
		} catch (e) {
			why.browser = `Browser-Teil fehlgeschlagen: ${(e as Error).message.split('\n')[0]}`;
			skipped.push(why.browser);
			log(`FEHLER: ${(e as Error).message}`);
		}
	} else {
		why.browser = 'Browser-Teil abgeschaltet (--no-browser)';
		skipped.push('Browser: abgeschaltet (--no-browser).');
	}

	machine.loadAtEnd = loadavg();
	notes.push(
		`Jede Zahl ist der Median mehrerer Läufe: ${args.runs} gezählte Läufe nach einem Aufwärmlauf; Kombinationen mit mehr als ${args.largeRows.toLocaleString('de-DE')} Wertzeilen und Analysen mit 10.000 Gebieten ${args.runsLarge} ${args.runsLarge === 1 ? 'Lauf' : 'Läufe'} ohne Aufwärmlauf; der Datenaufbau ab 100.000 Wertzeilen nur einmal.`,
		'Die große Neuberechnung (10.000 Gebiete) läuft in Node mit derselben duckdb-wasm-Engine und demselben Engine-Code wie der Browser (blockierender Node-Build, ohne Web-Worker-Übergabe); eine eigene Benchmark-Seite gibt es in der App nicht. Im Browser gemessen werden die Bremer Daten: erste Karte und Gewichtsänderung.',
		'computeIndex enthält: Katalog lesen, Jahr prüfen, levelMatrixSql (Aggregation aus Ortsteil-Zählern und Zuverlässigkeit wie levelValuesSql, ohne Ränge) für alle Indikatoren im letzten Jahr, spaltenweise gelesen, Faktorindizes, Ausgrenzungsindex, MSS-Statusindex und Klassen; ohne Robustheitsziehungen (draws 0).',
		'Synthetische Daten: quadratisches Raster („Rasterzelle 0001“ …), Queen-Nachbarn, Faktoren reihum materiell/kulturell/sozial/symbolisch, Zählwerte aus dem Seed-Generator der Engine (createRandom); je Kombination deterministisch.',
		'Native Referenz (--native): dieselben Engine-Funktionen über einen Db-Adapter auf @duckdb/node-api (andere DuckDB-Version, mehrere Threads; duckdb-wasm rechnet mit einem Thread). Daten per CSV mit exakten Werten geladen; die Indexwerte werden verglichen.'
	);
	if (args.quick) notes.unshift('QUICK-LAUF: kleine Einstellungen zur Funktionsprüfung, Messwerte nicht vergleichbar.');
	const report: BenchReport = {
		kind: args.quick ? 'quick' : args.custom ? 'custom' : 'full',
		startedAt: startedAt.toISOString(),
		durationMs: performance.now() - t0,
		machine,
		settings: {
			quick: args.quick, runs: args.runs, runsLarge: args.runsLarge, largeRows: args.largeRows, maxRows: args.maxRows,
			sizes: args.sizes, years: args.years, indicators: args.indicators, permutations: args.permutations, draws: args.draws,
			native: args.native, browser: args.browser, node: args.node, port: args.port, budgetMinutes: args.budgetMinutes
		},
		targets: evaluateTargets(nodeResult, browserResult, why),
		node: nodeResult,
		browser: browserResult,
		skipped,
		notes
	};
	const files = writeReport(args.out, report);
	log('');
	for (const row of report.targets) log(`${row.status.padEnd(14)} ${row.figure}: ${row.value === null ? '–' : row.value.toFixed(row.unit === '×' ? 1 : 0) + ' ' + row.unit} (Ziel ${row.target})`);
	log(`\nBericht: ${files.md}\n         ${files.json}`);
}

main().catch((e: Error) => {
	console.error(`Benchmark abgebrochen: ${e.message}`);
	process.exit(1);
});
