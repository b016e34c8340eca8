/**
 * The full index recompute at scale *in the browser*: Chromium loads the engine's own
 * modules from a Vite dev server (the same TypeScript the app bundles; only the
 * benchmark's synthetic generator is allowed in addition), generates the synthetic
 * data in the page (`synthetic.ts`, same seed and shape as the Node part), derives
 * `vals` with the engine's SQL in DuckDB-WASM — which runs in its Web Worker, as in the
 * app — and times `computeIndex` (draws 0), so every result crosses the worker boundary.
 *
 * Not the production bundle (that exposes no engine entry point to call); the code
 * and the wasm are the same, the bundling differs.
 */
import type { Browser } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { join } from 'node:path';
import { summarise, type Timing } from './measure.ts';
import type { SyntheticSpec } from './synthetic.ts';

export interface BrowserScaleResult {
	spec: SyntheticSpec;
	/** generate + encode the synthetic data in the page */
	generateMs: number;
	/** load into DuckDB-WASM and derive `vals` with the engine SQL */
	loadMs: number;
	computeIndex: Timing;
	areasWithIndex: number;
	areas: number;
}

async function startDevServer(root: string, port: number): Promise<ViteDevServer> {
	const server = await createServer({
		root,
		configFile: join(root, 'vite.config.ts'),
		// the generator lives in scripts/bench/, outside SvelteKit's default allow list
		server: { port, strictPort: true, fs: { allow: [root] } },
		logLevel: 'error'
	});
	await server.listen();
	return server;
}

/**
 * In the page: import the engine, build the data, time `computeIndex` `runs` times after
 * one warm-up. A string, not a function: the bundler of this script would rename or wrap
 * a function's internals, and the page must get it exactly as written.
 */
const IN_PAGE = `async ({ spec, runs }) => {
	const [{ browserDb }, synthetic, rates, schema, report] = await Promise.all([
		import('/src/lib/data/duckdb-browser.ts'),
		import('/scripts/bench/synthetic.ts'),
		import('/src/lib/engine/rates.ts'),
		import('/src/lib/engine/schema.ts'),
		import('/src/lib/engine/index-report.ts')
	]);
	const db = await browserDb();
	const t0 = performance.now();
	const arrow = synthetic.syntheticArrow(synthetic.generateSynthetic(spec));
	const t1 = performance.now();
	await db.loadArrow('indicators', arrow.indicators);
	await db.loadArrow('bases', arrow.bases);
	await db.query('CREATE TABLE vals AS ' + rates.deriveValuesSql('synthetic'));
	await db.query('DROP TABLE bases');
	await schema.loadTables(db, { areas: arrow.areas, neighbours: arrow.neighbours });
	const t2 = performance.now();
	const samples = [];
	let last = null;
	for (let r = 0; r <= runs; r++) {
		const s = performance.now();
		last = await report.computeIndex(db, { draws: 0 });
		if (r > 0) samples.push(performance.now() - s);
	}
	return { generateMs: t1 - t0, loadMs: t2 - t1, samples, areas: last.areas.length, areasWithIndex: last.areas.filter((a) => a.index !== null).length };
}`;

interface InPageResult {
	generateMs: number;
	loadMs: number;
	samples: number[];
	areas: number;
	areasWithIndex: number;
}

export async function runBrowserScale(browser: Browser, opts: { root: string; port: number; spec: SyntheticSpec; runs: number; guard: (url: string) => boolean }): Promise<BrowserScaleResult> {
	const server = await startDevServer(opts.root, opts.port);
	const context = await browser.newContext();
	try {
		await context.route('**/*', (route) => (opts.guard(route.request().url()) ? route.continue() : route.abort()));
		const page = await context.newPage();
		// any same-origin document will do; the app's own page would start a second DuckDB
		await page.goto(`http://localhost:${opts.port}/data/manifest.json`);
		const r = (await page.evaluate(`(${IN_PAGE})(${JSON.stringify({ spec: opts.spec, runs: opts.runs })})`)) as InPageResult;
		return { spec: opts.spec, generateMs: r.generateMs, loadMs: r.loadMs, computeIndex: summarise(r.samples, 1), areas: r.areas, areasWithIndex: r.areasWithIndex };
	} finally {
		await context.close();
		await server.close();
	}
}
