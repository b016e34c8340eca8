/**
 * Engine benchmarks in Node on synthetic data (`synthetic.ts`), with duckdb-wasm's
 * Node build (`scripts/lib/node-db.ts`) — the same wasm engine and the same engine
 * code as the browser, minus the Web Worker round trip. Per combination of areas ×
 * years × indicators:
 *
 *   build       generate counts (seeded) + grid geometry + Arrow encoding + deriving
 *               `vals` with the data build's SQL (`deriveValuesSql`)
 *   load        `loadTables` of areas, indicators, vals, neighbours (Arrow IPC streams)
 *   recompute   `computeIndex(db, { year: <last>, draws: 0 })`: SQL + factor indices,
 *               Ausgrenzungsindex, MSS Statusindex, classes; split into its SQL
 *               (`levelMatrixSql` via `queryTable`, Ortsteil) and its JS part (`buildIndexReport`)
 *   native      the same `computeIndex` and SQL on native DuckDB (`--native`), ratio wasm / native
 *
 * and once per (areas, indicators) at the largest year count: rank robustness
 * (`indexRobustness`, 1,000 draws); once per area count: Moran's I and LISA with 999
 * permutations (`moranForIndicator`, `lisaForIndicator`), end to end and compute only.
 */
import { buildIndexReport, computeIndex, indexRobustness, type IndexReport } from '../../src/lib/engine/index-report.ts';
import { deriveValuesSql, levelMatrixSql } from '../../src/lib/engine/rates.ts';
import { loadTables } from '../../src/lib/engine/schema.ts';
import { lisaForIndicator, loadSpatialData, localMoran, moran, moranForIndicator } from '../../src/lib/engine/spatial.ts';
import type { Db } from '../../src/lib/engine/db.ts';
import { openNodeDb } from '../lib/node-db.ts';
import { measure, once, summarise, type Timing } from './measure.ts';
import { openNativeDb, type NativeDb, type NativeHandle } from './native.ts';
import { generateSynthetic, gridGeometry, syntheticArrow, valueRowCount } from './synthetic.ts';

export interface NodeBenchOptions {
	sizes: number[];
	years: number[];
	indicators: number[];
	/** counted runs per figure (after one warm-up run) */
	runs: number;
	/** counted runs (no warm-up) for combinations with more than `largeRows` value rows, and for 10,000+ areas in the analyses */
	runsLarge: number;
	largeRows: number;
	/** combinations with more value rows are skipped (memory) */
	maxRows: number;
	/** robustness histograms larger than this many bytes (areas² × 4) are skipped */
	maxHistogramBytes: number;
	permutations: number;
	draws: number;
	/** wall-clock budget for this part; later combinations are skipped (never the target combination) */
	budgetMs: number;
	native: NativeHandle | null;
	log: (line: string) => void;
}

export interface NativeComparison {
	duckdbVersion: string;
	threads: number;
	/** single load (CSV → table), ms; informative only */
	loadMs: number;
	computeIndex: Timing;
	sqlOrtsteil: Timing;
	sqlEngine: Timing;
	sqlStadtteil: Timing;
	/** largest |index difference| between the engines, over Ausgrenzungsindex and Statusindex */
	maxIndexDiff: number;
	/** wasm median / native median */
	ratioComputeIndex: number;
	ratioSqlOrtsteil: number;
	ratioSqlEngine: number;
	ratioSqlStadtteil: number;
}

export interface ComboResult {
	areas: number;
	years: number;
	indicators: number;
	valueRows: number;
	status: 'ok' | 'skipped' | 'failed';
	reason?: string;
	runs?: number;
	warmup?: number;
	build?: {
		runs: number;
		generate: Timing;
		geometry: Timing;
		encode: Timing;
		/** loading indicators + base counts and deriving `vals` with `deriveValuesSql` */
		derive: Timing;
		total: Timing;
	};
	/** bytes of the Arrow IPC streams (and the grid GeoJSON) */
	bytes?: { areas: number; indicators: number; values: number; neighbours: number; bases: number; geojson: number };
	load?: Timing;
	computeIndex?: Timing;
	/** the Ortsteil query of computeIndex (`levelMatrixSql`), result as Arrow IPC bytes */
	sqlOrtsteil?: Timing;
	/** the same query aggregated inside DuckDB (COUNT/SUM over it): engine time without handing rows to JS */
	sqlEngine?: Timing;
	sqlStadtteil?: Timing;
	buildReport?: Timing;
	report?: { year: number; areas: number; withIndex: number; withStatusIndex: number; excluded: number };
	native?: NativeComparison | { skipped: string };
	robustness?: { timing: Timing; draws: number; ranked: number } | { skipped: string };
	spatial?:
		| {
				indicator: string;
				permutations: number;
				analysed: number;
				moranI: number;
				significantClusters: number;
				moran: Timing;
				lisa: Timing;
				moranCompute: Timing;
				lisaCompute: Timing;
		  }
		| { skipped: string };
	rssMb?: number;
}

export interface NodeBenchResult {
	duckdbWasmVersion: string;
	start: Timing;
	native: { packageVersion: string; source: string; start: Timing } | null;
	combos: ComboResult[];
	durationMs: number;
}

const TABLES_TO_DROP = ['vals', 'areas', 'indicators', 'neighbours', 'bases'];

async function dropAll(db: Db): Promise<void> {
	for (const t of TABLES_TO_DROP) await db.query(`DROP TABLE IF EXISTS "${t}"`);
}

const fmt = (t: Timing | undefined) => (t ? `${t.median.toFixed(t.median < 10 ? 2 : 0)} ms` : '–');

export async function runNodeBench(opts: NodeBenchOptions): Promise<NodeBenchResult> {
	const t0 = performance.now();
	const log = opts.log;

	// DuckDB start: a fresh instance each run (instantiate wasm, open, connect, settings)
	log(`DuckDB-WASM (Node) Start: ${opts.runs} Läufe …`);
	const start = (
		await measure(async () => {
			const d = await openNodeDb();
			d.close();
		}, opts.runs)
	).timing;
	const db = await openNodeDb();
	const [{ version }] = await db.query<{ version: string }>('SELECT version() AS version');

	let native: NodeBenchResult['native'] = null;
	let nativeDb: NativeDb | null = null;
	let nativeInfo: { version: string; threads: number } | null = null;
	if (opts.native) {
		const handle = opts.native;
		const nativeStart = (
			await measure(async () => {
				(await openNativeDb(handle)).close();
			}, opts.runs)
		).timing;
		native = { packageVersion: handle.packageVersion, source: handle.source, start: nativeStart };
		nativeDb = await openNativeDb(handle);
		nativeInfo = await nativeDb.info();
	}

	// the plan: every combination, smallest first; static skips; which ones carry the analyses
	const plan = opts.sizes.flatMap((areas) =>
		opts.years.flatMap((years) => opts.indicators.map((indicators) => ({ areas, years, indicators, valueRows: valueRowCount({ areas, years, indicators }) })))
	);
	const runnable = plan.filter((c) => c.valueRows <= opts.maxRows);
	const target = runnable.reduce<(typeof plan)[number] | null>(
		(best, c) => (!best || c.valueRows > best.valueRows ? c : best),
		null
	);
	const robustnessAt = new Set<string>();
	const spatialAt = new Set<string>();
	for (const areas of opts.sizes) {
		for (const indicators of opts.indicators) {
			const c = runnable.filter((x) => x.areas === areas && x.indicators === indicators).sort((a, b) => b.years - a.years)[0];
			if (c) robustnessAt.add(`${c.areas}|${c.years}|${c.indicators}`);
		}
		const c = runnable.filter((x) => x.areas === areas).sort((a, b) => b.valueRows - a.valueRows)[0];
		if (c) spatialAt.add(`${c.areas}|${c.years}|${c.indicators}`);
	}

	const combos: ComboResult[] = [];
	for (const c of plan) {
		const key = `${c.areas}|${c.years}|${c.indicators}`;
		const label = `${c.areas} Gebiete × ${c.years} Jahre × ${c.indicators} Indikatoren (${c.valueRows.toLocaleString('de-DE')} Wertzeilen)`;
		const result: ComboResult = { ...c, status: 'ok' };
		combos.push(result);
		if (c.valueRows > opts.maxRows) {
			result.status = 'skipped';
			result.reason = `mehr als ${opts.maxRows.toLocaleString('de-DE')} Wertzeilen (Speicher)`;
			log(`übersprungen: ${label}: ${result.reason}`);
			continue;
		}
		if (c !== target && performance.now() - t0 > opts.budgetMs) {
			result.status = 'skipped';
			result.reason = `Zeitbudget (${Math.round(opts.budgetMs / 60000)} min) überschritten`;
			log(`übersprungen: ${label}: ${result.reason}`);
			continue;
		}
		log(`— ${label}`);
		try {
			await benchCombo(db, nativeDb, nativeInfo, result, {
				...opts,
				robustness: robustnessAt.has(key),
				spatial: spatialAt.has(key)
			});
		} catch (e) {
			result.status = 'failed';
			result.reason = (e as Error).message.split('\n')[0];
			log(`FEHLER bei ${label}: ${result.reason}`);
		} finally {
			await dropAll(db).catch(() => {});
			if (nativeDb) await dropAll(nativeDb).catch(() => {});
		}
		result.rssMb = Math.round(process.memoryUsage().rss / 1e6);
	}
	db.close();
	nativeDb?.close();
	return { duckdbWasmVersion: version, start, native, combos, durationMs: performance.now() - t0 };
}

async function benchCombo(
	db: Db,
	nativeDb: NativeDb | null,
	nativeInfo: { version: string; threads: number } | null,
	result: ComboResult,
	opts: NodeBenchOptions & { robustness: boolean; spatial: boolean }
): Promise<void> {
	const log = opts.log;
	const large = result.valueRows > opts.largeRows;
	const runs = large ? opts.runsLarge : opts.runs;
	const warmup = large ? 0 : 1;
	result.runs = runs;
	result.warmup = warmup;
	const spec = { areas: result.areas, years: result.years, indicators: result.indicators };

	// 1. data build (repeated only while it is cheap)
	const buildRuns = result.valueRows <= 100_000 ? runs : 1;
	const samples = { generate: [] as number[], geometry: [] as number[], encode: [] as number[], derive: [] as number[], total: [] as number[] };
	let built!: { ds: ReturnType<typeof generateSynthetic>; arrow: ReturnType<typeof syntheticArrow>; vals: Uint8Array; geojson: number };
	for (let r = 0; r < buildRuns; r++) {
		await dropAll(db);
		const gen = await once(() => generateSynthetic(spec));
		const geo = await once(() => JSON.stringify(gridGeometry(spec.areas)).length);
		const enc = await once(() => syntheticArrow(gen.value));
		const der = await once(async () => {
			await db.loadArrow('indicators', enc.value.indicators);
			await db.loadArrow('bases', enc.value.bases);
			return db.queryArrow(deriveValuesSql('synthetic'));
		});
		await db.query('DROP TABLE bases');
		samples.generate.push(gen.ms);
		samples.geometry.push(geo.ms);
		samples.encode.push(enc.ms);
		samples.derive.push(der.ms);
		samples.total.push(gen.ms + geo.ms + enc.ms + der.ms);
		built = { ds: gen.value, arrow: enc.value, vals: der.value, geojson: geo.value };
	}
	result.build = {
		runs: buildRuns,
		generate: summarise(samples.generate),
		geometry: summarise(samples.geometry),
		encode: summarise(samples.encode),
		derive: summarise(samples.derive),
		total: summarise(samples.total)
	};
	const { arrow, vals } = built;
	result.bytes = {
		areas: arrow.areas.length,
		indicators: arrow.indicators.length,
		values: vals.length,
		neighbours: arrow.neighbours.length,
		bases: arrow.bases.length,
		geojson: built.geojson
	};
	// the build input is no longer needed; let it go before the big allocations below
	built = undefined as never;
	const tables = { areas: arrow.areas, indicators: arrow.indicators, vals, neighbours: arrow.neighbours };
	log(`  Aufbau ${fmt(result.build.total)} (davon SQL ${fmt(result.build.derive)}), values.arrows ${(vals.length / 1e6).toFixed(1)} MB`);

	// 2. DuckDB load
	result.load = (await measure(() => loadTables(db, tables), runs, warmup)).timing;
	log(`  Laden ${fmt(result.load)}`);

	// 3. full recomputation at the last year, and its parts
	const year = Math.max(...(await db.query<{ y: number }>('SELECT DISTINCT year AS y FROM vals')).map((r) => Number(r.y)));
	const settings = { year, draws: 0 };
	const full = await measure(() => computeIndex(db, settings), runs, warmup);
	const report: IndexReport = full.last;
	result.computeIndex = full.timing;
	const ortsteilSql = levelMatrixSql('ortsteil', year, report.settings.indicators);
	const stadtteilSql = levelMatrixSql('stadtteil', year, report.settings.indicators);
	const engineSql = `SELECT COUNT(*) AS n, SUM(value) AS v, SUM(area) AS a, COUNT(*) FILTER (WHERE reliable) AS r FROM (${ortsteilSql})`;
	result.sqlOrtsteil = (await measure(() => db.queryTable(ortsteilSql), runs, warmup)).timing;
	result.sqlEngine = (await measure(() => db.query(engineSql), runs, warmup)).timing;
	result.sqlStadtteil = (await measure(() => db.queryTable(stadtteilSql), runs, warmup)).timing;
	result.buildReport = (await measure(() => buildIndexReport(report.matrix, report.settings), runs, warmup)).timing;
	result.report = {
		year,
		areas: report.areas.length,
		withIndex: report.areas.filter((a) => a.index !== null).length,
		withStatusIndex: report.areas.filter((a) => a.status_index !== null).length,
		excluded: report.excluded.length
	};
	log(`  computeIndex ${fmt(result.computeIndex)} (SQL Ortsteil ${fmt(result.sqlOrtsteil)}, davon Engine ${fmt(result.sqlEngine)}; JS ${fmt(result.buildReport)})`);

	// 4. native reference: the same engine code and SQL on native DuckDB
	if (nativeDb && nativeInfo) {
		const load = await once(() => loadTables(nativeDb, tables));
		const nFull = await measure(() => computeIndex(nativeDb, settings), runs, warmup);
		const nOrtsteil = (await measure(() => nativeDb.queryTable(ortsteilSql), runs, warmup)).timing;
		const nEngine = (await measure(() => nativeDb.query(engineSql), runs, warmup)).timing;
		const nStadtteil = (await measure(() => nativeDb.queryTable(stadtteilSql), runs, warmup)).timing;
		let diff = 0;
		report.areas.forEach((a, i) => {
			const b = nFull.last.areas[i];
			if (!b || b.area_id !== a.area_id) throw new Error('Native Referenz: andere Gebietsreihenfolge');
			for (const [x, y] of [[a.index, b.index], [a.status_index, b.status_index]] as const) {
				if ((x === null) !== (y === null)) diff = Infinity;
				else if (x !== null && y !== null) diff = Math.max(diff, Math.abs(x - y));
			}
		});
		result.native = {
			duckdbVersion: nativeInfo.version,
			threads: nativeInfo.threads,
			loadMs: load.ms,
			computeIndex: nFull.timing,
			sqlOrtsteil: nOrtsteil,
			sqlEngine: nEngine,
			sqlStadtteil: nStadtteil,
			maxIndexDiff: diff,
			ratioComputeIndex: result.computeIndex.median / nFull.timing.median,
			ratioSqlOrtsteil: result.sqlOrtsteil.median / nOrtsteil.median,
			ratioSqlEngine: result.sqlEngine.median / nEngine.median,
			ratioSqlStadtteil: result.sqlStadtteil.median / nStadtteil.median
		};
		log(`  nativ computeIndex ${fmt(nFull.timing)}, Engine ${fmt(nEngine)} → wasm/nativ ${result.native.ratioComputeIndex.toFixed(1)} bzw. ${result.native.ratioSqlEngine.toFixed(1)}; max. Abweichung ${diff.toExponential(1)}`);
	}

	const analysisRuns = result.areas >= 10_000 ? opts.runsLarge : opts.runs;

	// 5. rank robustness (a fresh matrix object each run, so the normalisation cache is cold)
	if (opts.robustness) {
		const histogram = report.areas.length ** 2 * 4;
		if (histogram > opts.maxHistogramBytes) {
			result.robustness = { skipped: `Rang-Histogramm ${(histogram / 1e9).toFixed(1)} GB (Speicher)` };
		} else {
			const rob = await measure(
				() => indexRobustness({ ...report.matrix }, { ...report.settings, draws: opts.draws }),
				analysisRuns,
				0
			);
			result.robustness = { timing: rob.timing, draws: opts.draws, ranked: rob.last.ranked };
			log(`  Robustheit (${opts.draws} Ziehungen) ${fmt(rob.timing)}`);
		}
	}

	// 6. Moran's I and LISA on the first indicator
	if (opts.spatial) {
		const indicator = report.settings.indicators[0];
		const o = { indicator, year, permutations: opts.permutations };
		const m = await measure(() => moranForIndicator(db, o), analysisRuns, 0);
		const l = await measure(() => lisaForIndicator(db, o), analysisRuns, 0);
		const data = await loadSpatialData(db, o);
		const mc = (await measure(() => moran(data.values, data.weights, o), analysisRuns, 0)).timing;
		const lc = (await measure(() => localMoran(data.values, data.weights, o), analysisRuns, 0)).timing;
		result.spatial = {
			indicator,
			permutations: opts.permutations,
			analysed: data.ids.length,
			moranI: m.last.I,
			significantClusters: l.last.rows.filter((r) => r.cluster !== null && r.cluster !== 'ns').length,
			moran: m.timing,
			lisa: l.timing,
			moranCompute: mc,
			lisaCompute: lc
		};
		log(`  Moran ${fmt(m.timing)}, LISA ${fmt(l.timing)} (${opts.permutations} Permutationen, ${data.ids.length} Gebiete)`);
	}
}
