/**
 * The benchmark report: `bench/results/latest.json` (everything, every run) and
 * `bench/results/latest.md` (the figures beside their targets, machine and load).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserBenchResult } from './browser-bench.ts';
import type { Timing } from './measure.ts';
import type { ComboResult, NodeBenchResult } from './node-bench.ts';

export interface MachineInfo {
	cpu: string;
	cores: number;
	memoryGb: number;
	freeMemoryGbAtStart: number;
	node: string;
	os: string;
	/** os.loadavg() (1, 5, 15 min) */
	loadAtStart: number[];
	loadAtEnd: number[];
	/** load average when each part began */
	loadByPhase: Record<string, number[]>;
	git: string;
}

export interface BenchSettings {
	quick: boolean;
	runs: number;
	runsLarge: number;
	largeRows: number;
	maxRows: number;
	sizes: number[];
	years: number[];
	indicators: number[];
	permutations: number;
	draws: number;
	native: boolean;
	browser: boolean;
	node: boolean;
	port: number;
	budgetMinutes: number;
}

export interface TargetRow {
	figure: string;
	value: number | null;
	unit: string;
	target: string;
	status: 'erfüllt' | 'verfehlt' | 'nicht gemessen';
	note: string;
}

export interface BenchReport {
	kind: 'quick' | 'full' | 'custom';
	startedAt: string;
	durationMs: number;
	machine: MachineInfo;
	settings: BenchSettings;
	targets: TargetRow[];
	node: NodeBenchResult | null;
	browser: BrowserBenchResult | null;
	skipped: string[];
	notes: string[];
}

const nf = (digits: number) => new Intl.NumberFormat('de-DE', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export function ms(x: number | null | undefined): string {
	if (x === null || x === undefined || !Number.isFinite(x)) return '–';
	return `${nf(x < 10 ? 2 : x < 100 ? 1 : 0).format(x)} ms`;
}
const t = (x: Timing | null | undefined) => (x ? ms(x.median) : '–');
const spread = (x: Timing | null | undefined) => (x ? `${ms(x.median)} (${ms(x.min)} – ${ms(x.max)}, n = ${x.samples.length})` : '–');
export function bytes(x: number | null | undefined): string {
	if (x === null || x === undefined) return '–';
	if (x >= 1e6) return `${nf(1).format(x / 1e6)} MB`;
	if (x >= 1e3) return `${nf(1).format(x / 1e3)} kB`;
	return `${x} B`;
}
const int = (x: number) => new Intl.NumberFormat('de-DE').format(x);
const ratio = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${nf(1).format(x)}×`);
const load = (l: number[]) => l.map((x) => nf(2).format(x)).join(' / ');

/** The figures the issue sets targets for, with their status. */
export function evaluateTargets(node: NodeBenchResult | null, browser: BrowserBenchResult | null, notes: { browser: string; node: string; native: string }): TargetRow[] {
	const row = (figure: string, value: number | null, target: number, unit: string, targetText: string, missing: string, note = ''): TargetRow => ({
		figure,
		value,
		unit,
		target: targetText,
		status: value === null ? 'nicht gemessen' : value < target ? 'erfüllt' : 'verfehlt',
		note: value === null ? missing : note
	});
	const big = node?.combos
		.filter((c) => c.status === 'ok' && c.computeIndex)
		.sort((a, b) => b.valueRows - a.valueRows)[0];
	const isTargetSize = big && big.areas >= 10_000 && big.years >= 20 && big.indicators >= 30;
	const scale = browser?.scale?.spec;
	const browserScaleAtTarget = !!scale && scale.areas >= 10_000 && scale.years >= 20 && scale.indicators >= 30;
	const spatial10k = node?.combos.find((c) => c.areas >= 10_000 && c.spatial && 'lisa' in c.spatial);
	const nativeBig = big?.native && 'ratioComputeIndex' in big.native ? big.native : null;
	return [
		row('Erste Karte nach Navigation (Produktionsbuild, localhost, kalter Cache)', browser?.firstPaintCold?.median ?? null, 1000, 'ms', '< 1 s', notes.browser),
		row(
			'Gewichtsänderung → Neuzeichnung (88 Ortsteile)',
			browser?.weightChangeIdle?.median ?? null,
			50,
			'ms',
			'< 50 ms',
			notes.browser
		),
		row(
			'Volle Indexneuberechnung 10.000 × 20 × 30 im Browser (computeIndex, draws 0)',
			browserScaleAtTarget ? browser!.scale!.computeIndex.median : null,
			300,
			'ms',
			'< 300 ms',
			notes.browser || 'im Browser nicht in der Größe 10.000 × 20 × 30 gemessen',
			`Chromium, DuckDB-WASM im Web Worker, Engine-Module vom Vite-Entwicklungsserver${isTargetSize ? `; in Node (gleiche Engine, ohne Worker): ${ms(big!.computeIndex!.median)}` : ''}`
		),
		row(
			'… im Verhältnis zu nativem DuckDB (wasm / nativ)',
			isTargetSize && nativeBig ? nativeBig.ratioComputeIndex : null,
			3,
			'×',
			'≤ 3×',
			isTargetSize ? notes.native || 'native Referenz nicht verfügbar' : notes.node || 'Kombination 10.000 × 20 × 30 nicht gemessen',
			nativeBig ? `nativ ${nativeBig.duckdbVersion}, ${nativeBig.threads} Threads; wasm 1 Thread; nur Engine (ohne Ergebnisübergabe): ${ratio(nativeBig.ratioSqlEngine)}` : ''
		),
		row(
			'LISA mit 999 Permutationen, 10.000 Gebiete (lisaForIndicator, inkl. Laden)',
			spatial10k && spatial10k.spatial && 'lisa' in spatial10k.spatial ? spatial10k.spatial.lisa.median : null,
			2000,
			'ms',
			'< 2 s',
			notes.node || '10.000 Gebiete nicht gemessen',
			'gemessen in Node (gleiche Engine)'
		)
	];
}

function targetValue(r: TargetRow): string {
	if (r.value === null) return '–';
	return r.unit === '×' ? ratio(r.value) : ms(r.value);
}

function comboLabel(c: ComboResult): string {
	return `${int(c.areas)} × ${c.years} × ${c.indicators}`;
}

export function renderMarkdown(r: BenchReport): string {
	const out: string[] = [];
	const p = (...lines: string[]) => out.push(...lines);
	const m = r.machine;
	const busy = Math.max(m.loadAtStart[0], m.loadAtEnd[0]) > 0.5;
	p('# Benchmark Sozialraum-Monitor', '');
	if (r.kind === 'quick') {
		p('> **QUICK-LAUF (`--quick`) – kleine Einstellungen, nur zur Funktionsprüfung. Keine Vergleichswerte.**', '');
	}
	if (busy) {
		p(
			`> **Rechner war belastet** (Load average 1 min: ${nf(2).format(m.loadAtStart[0])} zu Beginn, ${nf(2).format(m.loadAtEnd[0])} am Ende bei ${m.cores} Kernen) – die Zeiten sind verrauscht.`,
			''
		);
	}
	p(
		`Gestartet ${r.startedAt}, Dauer ${nf(1).format(r.durationMs / 60000)} min, Commit \`${m.git}\`.`,
		'',
		'## Rechner',
		'',
		'| | |',
		'|---|---|',
		`| CPU | ${m.cpu} |`,
		`| Kerne | ${m.cores} |`,
		`| Speicher | ${nf(1).format(m.memoryGb)} GB (frei zu Beginn ${nf(1).format(m.freeMemoryGbAtStart)} GB) |`,
		`| Node | ${m.node} |`,
		`| System | ${m.os} |`,
		`| Load average (1 / 5 / 15 min) zu Beginn | ${load(m.loadAtStart)} |`,
		`| Load average am Ende | ${load(m.loadAtEnd)} |`,
		...Object.entries(m.loadByPhase).map(([phase, l]) => `| Load average zu Beginn „${phase}“ | ${load(l)} |`)
	);
	if (r.node) p(`| DuckDB-WASM | ${r.node.duckdbWasmVersion} (@duckdb/duckdb-wasm, Node-Build) |`);
	if (r.node?.native) p(`| DuckDB nativ | @duckdb/node-api ${r.node.native.packageVersion} (${r.node.native.source}) |`);
	if (r.browser) p(`| Chromium | ${r.browser.chromiumVersion} (headless, SwiftShader) |`);
	p('');

	p('## Ziele', '', '| Kennzahl | Messwert (Median) | Ziel | Status | Anmerkung |', '|---|---|---|---|---|');
	for (const row of r.targets) p(`| ${row.figure} | ${targetValue(row)} | ${row.target} | ${row.status} | ${row.note} |`);
	p('');

	if (r.browser) {
		const b = r.browser;
		p(
			'## Browser (Bremen, 88 Ortsteile, Produktionsbuild über `vite preview`)',
			'',
			'| Messung | Median (min – max, Läufe) |',
			'|---|---|',
			`| Erste Karte, kalter Cache (Navigation → \`.map[data-ready="true"]\`) | ${spread(b.firstPaintCold)} |`,
			`| Erste Karte, warmer Cache | ${spread(b.firstPaintWarm)} |`,
			`| DuckDB bereit auf \`/\` (kalt, Navigation → Statuszeile) | ${spread(b.engineReadyCold)} |`,
			`| Gewichtsänderung → nächstes idle der Karte | ${spread(b.weightChangeIdle)} |`,
			`| Gewichtsänderung → \`data-ready\` wieder true | ${spread(b.weightChangeReady)} |`
		);
		if (b.siteBuildMs !== null) p(`| Seitenbau \`npm run build\` (einmal) | ${ms(b.siteBuildMs)} |`);
		if (b.scale) {
			const sc = b.scale;
			const size = `${int(sc.spec.areas)} × ${sc.spec.years} × ${sc.spec.indicators}`;
			p(
				`| Volle Indexneuberechnung ${size} im Browser (computeIndex, draws 0; Vite-Entwicklungsserver) | ${spread(sc.computeIndex)} |`,
				`| … Daten im Tab erzeugen / in DuckDB-WASM laden und \`vals\` ableiten (einmal) | ${ms(sc.generateMs)} / ${ms(sc.loadMs)} |`,
				`| … Gebiete mit Index | ${int(sc.areasWithIndex)} / ${int(sc.areas)} |`
			);
		}
		p('');
		const bu = b.bundle;
		if (bu) {
			p(
				'### Übertragung der ersten Ansicht (`/`)',
				'',
				`Gesamt bis Netzwerkruhe: **${bytes(bu.totalTransfer)}** in ${bu.resources.length} Antworten; davon vor der ersten Karte (${ms(bu.firstPaintMs)}) abgeschlossen: ${bytes(bu.transferBeforeFirstPaint)}.`,
				'',
				'| Art | Übertragen |',
				'|---|---|',
				...Object.entries(bu.byType)
					.sort((a, c) => c[1] - a[1])
					.map(([k, v]) => `| ${k} | ${bytes(v)} |`),
				''
			);
			if (bu.wasm.length === 0) p('DuckDB-wasm wurde in der ersten Ansicht **nicht** angefordert.', '');
			for (const w of bu.wasm) {
				p(
					`DuckDB-wasm \`${w.url}\`: ${bytes(w.transfer)}, Content-Type \`${w.contentType ?? '–'}\` (${w.servedAsWasm ? 'application/wasm ✓' : '**nicht application/wasm**'}), angefordert bei ${ms(w.start)}, fertig bei ${ms(w.end)}, erste Karte bei ${ms(bu.firstPaintMs)} → **${w.timing}**.`,
					''
				);
			}
			const seen = new Map<string, number>();
			for (const x of bu.resources) seen.set(new URL(x.url).pathname, (seen.get(new URL(x.url).pathname) ?? 0) + 1);
			const twice = [...seen].filter(([, k]) => k > 1);
			if (twice.length) p(`Mehrfach angefordert: ${twice.map(([u, k]) => `\`${u}\` (${k}×)`).join(', ')}.`, '');
			const encodings = [...new Set(bu.resources.map((x) => x.contentEncoding ?? 'keine'))].join(', ');
			p(`Content-Encoding der Antworten: ${encodings}.`, '');
			p('<details><summary>Alle Antworten der ersten Ansicht</summary>', '', '| Start | Ende | Übertragen | Typ | Content-Type | Encoding | URL |', '|---|---|---|---|---|---|---|');
			for (const x of bu.resources) p(`| ${ms(x.start)} | ${ms(x.end)} | ${bytes(x.transfer)} | ${x.type} | ${x.contentType || '–'} | ${x.contentEncoding || '–'} | ${new URL(x.url).pathname} |`);
			p('', '</details>', '');
		}
		p(`Größe von \`build/\` auf der Platte: ${bytes(b.disk.totalBytes)} (wasm: ${b.disk.wasm.map((w) => `${w.file} ${bytes(w.bytes)}`).join(', ') || '–'}).`, '');
		if (b.externalRequests.length) p(`**Anfragen außerhalb von localhost (abgebrochen):** ${b.externalRequests.join(', ')}`, '');
		for (const n of b.notes) p(`- ${n}`);
		p('');
	}

	if (r.node) {
		const n = r.node;
		p(
			'## Engine in Node (synthetische Rasterdaten, duckdb-wasm Node-Build)',
			'',
			`DuckDB-Start (instanziieren, öffnen, verbinden): ${spread(n.start)}${n.native ? `; nativ: ${spread(n.native.start)}` : ''}.`,
			'',
			'Gebiete × Jahre × Indikatoren; Wertzeilen = Gebiete × Jahre × (Indikatoren + 1 Bevölkerungszahl). Median je Zelle; „Läufe (+1)“: gezählte Läufe nach einem Aufwärmlauf.',
			'',
			'### Datenaufbau und Laden',
			'',
			'| Kombination | Wertzeilen | Aufbau gesamt | davon Zählwerte erzeugen | davon Arrow kodieren | davon SQL (`deriveValuesSql`) | values.arrows | Laden in DuckDB (`loadTables`) |',
			'|---|---|---|---|---|---|---|---|'
		);
		const ok = n.combos.filter((c) => c.status === 'ok');
		for (const c of n.combos) {
			if (c.status !== 'ok') {
				p(`| ${comboLabel(c)} | ${int(c.valueRows)} | ${c.status === 'skipped' ? 'übersprungen' : 'FEHLER'}: ${c.reason} | | | | | |`);
				continue;
			}
			const once = c.build && c.build.runs === 1 ? ' ¹' : '';
			p(`| ${comboLabel(c)} | ${int(c.valueRows)} | ${t(c.build?.total)}${once} | ${t(c.build?.generate)} | ${t(c.build?.encode)} | ${t(c.build?.derive)} | ${bytes(c.bytes?.values)} | ${t(c.load)} |`);
		}
		p('', '¹ Aufbau einmal gemessen (ab 100.000 Wertzeilen zu teuer für Wiederholungen).', '');
		p(
			'### Volle Neuberechnung (computeIndex, letztes Jahr, draws 0)',
			'',
			'| Kombination | Läufe | computeIndex | SQL Ortsteil (Arrow-Spalten) | davon Engine (in DuckDB aggregiert) | SQL Stadtteil | JS (`buildIndexReport`) | Gebiete mit Index |',
			'|---|---|---|---|---|---|---|---|'
		);
		for (const c of ok) {
			p(`| ${comboLabel(c)} | ${c.runs}${c.warmup ? ` (+${c.warmup})` : ''} | ${t(c.computeIndex)} | ${t(c.sqlOrtsteil)} | ${t(c.sqlEngine)} | ${t(c.sqlStadtteil)} | ${t(c.buildReport)} | ${c.report ? `${int(c.report.withIndex)} / ${int(c.report.areas)}` : '–'} |`);
		}
		p(
			'',
			'„SQL Ortsteil“ ist die Abfrage, die computeIndex stellt (`levelMatrixSql` für alle Indikatoren im letzten Jahr), Ergebnis als Arrow-Tabelle (`queryTable`), die die Engine spaltenweise in typisierte Arrays liest; „Engine“ dieselbe Abfrage mit `COUNT`/`SUM` darüber, also ohne Ergebnisübergabe. computeIndex enthält außerdem Katalog, Jahresprüfung, Gebietsliste und das Dekodieren der Spalten.',
			''
		);
		const withNative = ok.filter((c) => c.native && 'ratioComputeIndex' in c.native);
		if (withNative.length) {
			p(
				'### Native Referenz (@duckdb/node-api, gleicher Engine-Code über einen Db-Adapter)',
				'',
				'| Kombination | nativ computeIndex | nativ SQL Ortsteil | nativ Engine | wasm/nativ computeIndex | wasm/nativ SQL Ortsteil | wasm/nativ Engine | wasm/nativ SQL Stadtteil | nativ Laden (CSV) |',
				'|---|---|---|---|---|---|---|---|---|'
			);
			for (const c of withNative) {
				const x = c.native as Exclude<ComboResult['native'], { skipped: string } | undefined>;
				p(`| ${comboLabel(c)} | ${t(x.computeIndex)} | ${t(x.sqlOrtsteil)} | ${t(x.sqlEngine)} | ${ratio(x.ratioComputeIndex)} | ${ratio(x.ratioSqlOrtsteil)} | ${ratio(x.ratioSqlEngine)} | ${ratio(x.ratioSqlStadtteil)} | ${ms(x.loadMs)} |`);
			}
			const first = withNative[0].native as { duckdbVersion: string; threads: number };
			p('', `Nativ: DuckDB ${first.duckdbVersion} mit ${first.threads} Threads; duckdb-wasm: ${n.duckdbWasmVersion}, ein Thread. Die Ergebnisübergabe ist in beiden Adaptern verschieden (wasm: Arrow aus DuckDB; nativ: Spalten über getColumnsJS, in JS nach Arrow kodiert).`, '');
		}
		p('### Dateigrößen (Arrow-IPC-Streams)', '', '| Kombination | values.arrows | areas | indicators | neighbours | Grundzahlen (Aufbau-Eingabe) | Raster-GeoJSON |', '|---|---|---|---|---|---|---|');
		for (const c of n.combos.filter((x) => x.bytes)) {
			const b = c.bytes!;
			p(`| ${comboLabel(c)} | ${bytes(b.values)} | ${bytes(b.areas)} | ${bytes(b.indicators)} | ${bytes(b.neighbours)} | ${bytes(b.bases)} | ${bytes(b.geojson)} |`);
		}
		p('');
		const robust = n.combos.filter((c) => c.robustness);
		if (robust.length) {
			p('### Rang-Robustheit (indexRobustness, 1.000 Ziehungen, kalter Normierungs-Cache)', '', '| Gebiete × Indikatoren (Jahr = letztes) | gerankt | Median (min – max, Läufe) |', '|---|---|---|');
			for (const c of robust) {
				const rb = c.robustness!;
				p(`| ${int(c.areas)} × ${c.indicators} | ${'ranked' in rb ? int(rb.ranked) : '–'} | ${'timing' in rb ? spread(rb.timing) : `übersprungen: ${rb.skipped}`} |`);
			}
			p('');
		}
		const spatial = n.combos.filter((c) => c.spatial);
		if (spatial.length) {
			p(
				'### Moran’s I und LISA (999 Permutationen, ein Indikator)',
				'',
				'| Gebiete (analysiert) | Moran gesamt | Moran nur Rechnung | LISA gesamt | LISA nur Rechnung | I | signifikante Cluster |',
				'|---|---|---|---|---|---|---|'
			);
			for (const c of spatial) {
				const s = c.spatial!;
				if (!('lisa' in s)) p(`| ${int(c.areas)} | übersprungen: ${s.skipped} | | | | | |`);
				else p(`| ${int(c.areas)} (${int(s.analysed)}) | ${spread(s.moran)} | ${t(s.moranCompute)} | ${spread(s.lisa)} | ${t(s.lisaCompute)} | ${nf(3).format(s.moranI)} | ${int(s.significantClusters)} |`);
			}
			p('', '„gesamt“ = `moranForIndicator` / `lisaForIndicator` inklusive SQL-Laden und Gewichten; „nur Rechnung“ = `moran` / `localMoran` auf geladenen Werten.', '');
		}
		const diffs = n.combos.map((c) => (c.native && 'maxIndexDiff' in c.native ? c.native.maxIndexDiff : null)).filter((x): x is number => x !== null);
		if (diffs.length) p(`Kontrolle: größte Abweichung von Ausgrenzungs- und Statusindex zwischen wasm und nativ über alle Kombinationen: ${Math.max(...diffs).toExponential(1)}.`, '');
	}

	p('## Übersprungen', '');
	if (r.skipped.length === 0) p('- nichts: alle geplanten Kombinationen und Messungen wurden ausgeführt.');
	for (const s of r.skipped) p(`- ${s}`);
	p('');
	p('## Hinweise', '');
	for (const s of r.notes) p(`- ${s}`);
	p('', `Rohdaten aller Läufe: \`latest.json\`.`, '');
	return out.join('\n');
}

export function writeReport(dir: string, report: BenchReport): { md: string; json: string } {
	mkdirSync(dir, { recursive: true });
	const md = join(dir, 'latest.md');
	const json = join(dir, 'latest.json');
	writeFileSync(json, JSON.stringify(report, null, '\t') + '\n');
	writeFileSync(md, renderMarkdown(report));
	return { md, json };
}
