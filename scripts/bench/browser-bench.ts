/**
 * Browser benchmarks on the built site with the real Bremen data (88 Ortsteile):
 * Playwright drives Debian's Chromium against `vite preview` of `build/` on its own port.
 *
 *   first paint     navigation start → `.map[data-ready="true"]` on `/` (the map sets it
 *                   once the choropleth is really drawn), as `performance.now()` in the
 *                   page, recorded by a MutationObserver installed before any page script;
 *                   cold (new browser context, empty cache) and warm (same context again)
 *   weight change   on `/ausgrenzungsindex/`: set the `materiell` weight slider (input
 *                   event) and measure until the map's next `idle` after the repaint was
 *                   requested (and until `data-ready` is back to true)
 *   bundle          every response of the first cold view: bytes on the wire (body +
 *                   headers as Playwright reports them), content type, whether the DuckDB
 *                   wasm is requested before or after the first paint
 *
 * Every request that leaves localhost is aborted and listed (the app must work offline).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { summarise, type Timing } from './measure.ts';
import { runBrowserScale, type BrowserScaleResult } from './browser-scale.ts';
import type { SyntheticSpec } from './synthetic.ts';

export interface BrowserBenchOptions {
	root: string;
	port: number;
	runs: number;
	/** run `npm run build` first (else the existing `build/` is used) */
	build: boolean;
	chromiumPath: string;
	/** synthetic size for the full recompute in the browser (`browser-scale.ts`; own dev server on port + 1), or null to skip */
	scale: SyntheticSpec | null;
	/** runs of that recompute (after one warm-up) */
	scaleRuns: number;
	log: (line: string) => void;
}

export interface ResourceEntry {
	url: string;
	type: string;
	status: number | null;
	contentType: string | null;
	contentEncoding: string | null;
	/** bytes on the wire: encoded body + headers */
	transfer: number;
	body: number;
	/** ms after navigation start */
	start: number;
	end: number;
}

export interface BrowserBenchResult {
	chromiumVersion: string;
	siteBuildMs: number | null;
	/** files in build/ */
	disk: { totalBytes: number; wasm: { file: string; bytes: number }[] };
	/** null when that part failed (see `errors`) */
	firstPaintCold: Timing | null;
	firstPaintWarm: Timing | null;
	/** navigation start → engine status "DuckDB bereit" on `/`, cold */
	engineReadyCold: Timing | null;
	weightChangeIdle: Timing | null;
	weightChangeReady: Timing | null;
	/** full recompute at scale in the browser; null when skipped or failed */
	scale: BrowserScaleResult | null;
	bundle: {
		resources: ResourceEntry[];
		firstPaintMs: number;
		totalTransfer: number;
		transferBeforeFirstPaint: number;
		byType: Record<string, number>;
		wasm: {
			url: string;
			transfer: number;
			contentType: string | null;
			servedAsWasm: boolean;
			start: number;
			end: number;
			/** requested after the first paint, in parallel (paint did not wait), or finished before the paint */
			timing: 'nach der ersten Karte' | 'parallel, erste Karte wartet nicht' | 'vor der ersten Karte geladen';
		}[];
	} | null;
	externalRequests: string[];
	errors: string[];
	notes: string[];
}

/** Installed before any page script: records when the first choropleth is drawn and when DuckDB is ready. */
const RECORDER = `(() => {
	const marks = { firstPaint: null, engineReady: null };
	window.__benchMarks = marks;
	const check = () => {
		if (marks.firstPaint === null && document.querySelector('.map[data-ready="true"]')) marks.firstPaint = performance.now();
		if (marks.engineReady === null) {
			const s = document.querySelector('[data-testid="engine-status"]');
			if (s && /DuckDB bereit/.test(s.textContent || '')) marks.engineReady = performance.now();
		}
		if (marks.firstPaint !== null && marks.engineReady !== null) observer.disconnect();
	};
	const observer = new MutationObserver(check);
	observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-ready'] });
})();`;

interface Marks {
	firstPaint: number | null;
	engineReady: number | null;
	timeOrigin: number;
}

function dirBytes(dir: string): { total: number; files: { file: string; bytes: number }[] } {
	const files: { file: string; bytes: number }[] = [];
	const walk = (d: string) => {
		for (const e of readdirSync(d, { withFileTypes: true })) {
			const p = join(d, e.name);
			if (e.isDirectory()) walk(p);
			else files.push({ file: relative(dir, p), bytes: statSync(p).size });
		}
	};
	walk(dir);
	return { total: files.reduce((s, f) => s + f.bytes, 0), files };
}

function portFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = createServer()
			.once('error', () => resolve(false))
			.once('listening', () => srv.close(() => resolve(true)))
			.listen(port, '127.0.0.1');
	});
}

async function startPreview(root: string, port: number): Promise<ChildProcess> {
	if (!(await portFree(port))) {
		throw new Error(`Port ${port} ist belegt. Anderen Port wählen: npm run bench -- --port NNNN (oder PW_PORT).`);
	}
	const vite = join(root, 'node_modules/vite/bin/vite.js');
	const child = spawn(process.execPath, [vite, 'preview', '--port', String(port), '--strictPort'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`vite preview beendet (${child.exitCode}): ${output.trim()}`);
		try {
			const r = await fetch(`http://localhost:${port}/`);
			if (r.ok) return child;
		} catch {
			// not yet listening
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	child.kill();
	throw new Error(`vite preview antwortet nicht auf Port ${port}: ${output.trim()}`);
}

function stopPreview(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null) return resolve();
		child.once('exit', () => resolve());
		child.kill('SIGTERM');
		setTimeout(() => {
			if (child.exitCode === null) child.kill('SIGKILL');
		}, 3000);
	});
}

async function guardOffline(context: BrowserContext, external: string[]): Promise<void> {
	await context.route('**/*', (route) => {
		const url = new URL(route.request().url());
		if (url.protocol === 'data:' || url.protocol === 'blob:' || ['localhost', '127.0.0.1'].includes(url.hostname)) return route.continue();
		external.push(route.request().url());
		return route.abort();
	});
}

async function newContext(browser: Browser, external: string[]): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	await guardOffline(context, external);
	await context.addInitScript(RECORDER);
	return context;
}

/** Navigates and waits for the first choropleth paint and DuckDB; returns the in-page marks. */
async function openAndWait(page: Page, url: string): Promise<Marks> {
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForSelector('.map[data-ready="true"]', { timeout: 60_000 });
	await page.waitForFunction(() => (window as unknown as { __benchMarks: Marks }).__benchMarks.engineReady !== null, null, { timeout: 60_000 }).catch(() => {});
	return page.evaluate(() => ({ ...(window as unknown as { __benchMarks: Marks }).__benchMarks, timeOrigin: performance.timeOrigin }));
}

/** Collects every finished request of a page with sizes and timing (worker requests included in Chromium). */
function collectRequests(page: Page): () => Promise<(Omit<ResourceEntry, 'start' | 'end'> & { startEpoch: number; endEpoch: number })[]> {
	const pending: Promise<(Omit<ResourceEntry, 'start' | 'end'> & { startEpoch: number; endEpoch: number }) | null>[] = [];
	page.on('requestfinished', (req) => {
		pending.push(
			(async () => {
				const [sizes, resp] = await Promise.all([req.sizes(), req.response()]);
				const t = req.timing();
				const headers = resp ? await resp.allHeaders() : {};
				return {
					url: req.url(),
					type: req.resourceType(),
					status: resp?.status() ?? null,
					contentType: headers['content-type'] ?? null,
					contentEncoding: headers['content-encoding'] ?? null,
					transfer: sizes.responseBodySize + sizes.responseHeadersSize,
					body: sizes.responseBodySize,
					startEpoch: t.startTime,
					endEpoch: t.startTime + Math.max(0, t.responseEnd)
				};
			})().catch(() => null)
		);
	});
	return async () => (await Promise.all(pending)).filter((x): x is NonNullable<typeof x> => x !== null);
}

function typeOf(r: { url: string; type: string }): string {
	const path = new URL(r.url).pathname;
	if (path.endsWith('.wasm')) return 'wasm';
	if (path.startsWith('/data/')) return 'daten';
	if (/\.(m?js)$/.test(path)) return 'javascript';
	if (path.endsWith('.css')) return 'css';
	if (r.type === 'document') return 'html';
	return 'sonstige';
}

/**
 * One weight change on the index view: input event → next map idle after the repaint
 * was requested. Kept as page-side source text (the TypeScript loader would wrap
 * named functions in helpers that do not exist in the page).
 */
const WEIGHT_CHANGE = `(value) => {
	const map = window.__sozialraumMap;
	const el = document.querySelector('.map');
	const input = document.querySelector('input[data-weight="materiell"]');
	if (!map || !el || !input) return Promise.reject(new Error('Karte oder Gewichtsregler nicht gefunden'));
	return new Promise((resolve, reject) => {
		let pending = false, idle = null, ready = null, t0 = 0;
		const cleanup = () => { clearTimeout(timer); observer.disconnect(); map.off('idle', onIdle); };
		const done = () => {
			if (idle === null || ready === null) return;
			cleanup();
			resolve({ idle: idle - t0, ready: ready - t0 });
		};
		// data-ready turns false when the map receives new colours and true once they are drawn
		const observer = new MutationObserver(() => {
			const state = el.getAttribute('data-ready');
			if (state === 'false') pending = true;
			else if (state === 'true' && pending && ready === null) { ready = performance.now(); done(); }
		});
		const onIdle = () => { if (pending && idle === null) { idle = performance.now(); done(); } };
		const timer = setTimeout(() => { cleanup(); reject(new Error('keine Neuzeichnung innerhalb von 15 s')); }, 15000);
		observer.observe(el, { attributes: true, attributeFilter: ['data-ready'] });
		map.on('idle', onIdle);
		t0 = performance.now();
		input.value = String(value);
		input.dispatchEvent(new Event('input', { bubbles: true }));
	});
}`;

async function weightChange(page: Page, value: number): Promise<{ idle: number; ready: number }> {
	return page.evaluate(`(${WEIGHT_CHANGE})(${JSON.stringify(value)})`) as Promise<{ idle: number; ready: number }>;
}

/** Weights to step through; each differs from the one before (slider steps of 0.25, default 1). */
const WEIGHTS = [2, 0.5, 2.5, 1.5, 3, 0.75, 2.25, 1.25, 2.75, 1];

export async function runBrowserBench(opts: BrowserBenchOptions): Promise<BrowserBenchResult> {
	const { root, port, runs, log } = opts;
	const notes: string[] = [];
	const errors: string[] = [];
	let siteBuildMs: number | null = null;
	if (opts.build) {
		log('Seite bauen (npm run build) …');
		const t0 = performance.now();
		const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
		if (r.status !== 0) throw new Error(`npm run build fehlgeschlagen:\n${(r.stderr || r.stdout).slice(-2000)}`);
		siteBuildMs = performance.now() - t0;
	} else {
		notes.push('Vorhandener Build verwendet (--no-build); nicht neu gebaut.');
	}
	if (!existsSync(join(root, 'build/index.html'))) throw new Error('build/index.html fehlt: npm run build (oder ohne --no-build starten).');
	const disk = dirBytes(join(root, 'build'));

	const server = await startPreview(root, port);
	const base = `http://localhost:${port}`;
	const external: string[] = [];
	let browser: Browser | null = null;
	/** Runs one part; a failure is reported and the other parts still run. */
	async function part<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
		try {
			return await fn();
		} catch (e) {
			const message = `${name}: ${(e as Error).message.split('\n')[0]}`;
			errors.push(message);
			log(`FEHLER ${message}`);
			return null;
		}
	}
	try {
		browser = await chromium.launch({ executablePath: opts.chromiumPath, headless: true });
		const b = browser;

		// first paint, cold: a new context (empty cache) per run; the first run also records the bundle
		log(`Erste Karte (kalt): ${runs} Läufe …`);
		let bundle: BrowserBenchResult['bundle'] = null;
		const coldParts = await part('Erste Karte (kalt)', async () => {
			const cold: number[] = [];
			const engine: number[] = [];
			for (let r = 0; r < runs; r++) {
				const context = await newContext(b, external);
				try {
					const page = await context.newPage();
					const requests = r === 0 ? collectRequests(page) : null;
					const marks = await openAndWait(page, `${base}/`);
					if (marks.firstPaint === null) throw new Error('erste Karte nicht erkannt');
					cold.push(marks.firstPaint);
					if (marks.engineReady !== null) engine.push(marks.engineReady);
					if (requests) {
						await page.waitForLoadState('networkidle').catch(() => {});
						const entries = (await requests()).map(({ startEpoch, endEpoch, ...e }) => ({
							...e,
							start: startEpoch - marks.timeOrigin,
							end: endEpoch - marks.timeOrigin
						}));
						bundle = summariseBundle(entries, marks.firstPaint);
					}
				} finally {
					await context.close();
				}
			}
			return { cold: summarise(cold), engine: engine.length ? summarise(engine) : null };
		});

		// first paint, warm: a new tab in the same context (HTTP cache filled), the previous tab closed first
		log(`Erste Karte (warm): ${runs} Läufe …`);
		const warm = await part('Erste Karte (warm)', async () => {
			const samples: number[] = [];
			const context = await newContext(b, external);
			try {
				let page = await context.newPage();
				await openAndWait(page, `${base}/`);
				for (let r = 0; r < runs; r++) {
					await page.close();
					page = await context.newPage();
					const marks = await openAndWait(page, `${base}/`);
					if (marks.firstPaint !== null) samples.push(marks.firstPaint);
				}
			} finally {
				await context.close();
			}
			return summarise(samples);
		});

		// weight change → repaint on the index view
		log(`Gewichtsänderung → Neuzeichnung: ${runs} Läufe (+1 zum Aufwärmen) …`);
		const weights = await part('Gewichtsänderung', async () => {
			const idle: number[] = [];
			const ready: number[] = [];
			const context = await newContext(b, external);
			try {
				const page = await context.newPage();
				await page.goto(`${base}/ausgrenzungsindex/`);
				await page.waitForSelector('.map[data-ready="true"]', { timeout: 60_000 });
				await page.waitForSelector('input[data-weight="materiell"]', { timeout: 60_000 });
				await page.waitForLoadState('networkidle').catch(() => {});
				await page.waitForTimeout(1000);
				for (let r = 0; r <= runs; r++) {
					await page.waitForSelector('.map[data-ready="true"]');
					await page.waitForTimeout(300);
					const t = await weightChange(page, WEIGHTS[r % WEIGHTS.length]);
					if (r === 0) continue; // warm-up
					idle.push(t.idle);
					ready.push(t.ready);
				}
			} finally {
				await context.close();
			}
			return { idle: summarise(idle, 1), ready: summarise(ready, 1) };
		});

		// full recompute at scale, in the browser (its own dev server and context)
		let scale: BrowserScaleResult | null = null;
		if (opts.scale) {
			const spec = opts.scale;
			log(`Volle Indexneuberechnung im Browser (${spec.areas} × ${spec.years} × ${spec.indicators}): ${opts.scaleRuns} Läufe (+1) …`);
			const local = (url: string) => {
				const u = new URL(url);
				const ok = u.protocol === 'data:' || u.protocol === 'blob:' || ['localhost', '127.0.0.1'].includes(u.hostname);
				if (!ok) external.push(url);
				return ok;
			};
			scale = await part('Indexneuberechnung im Browser', () => runBrowserScale(b, { root, port: port + 1, spec, runs: opts.scaleRuns, guard: local }));
			if (scale) log(`  computeIndex im Browser ${Math.round(scale.computeIndex.median)} ms (Median), Laden ${Math.round(scale.loadMs)} ms`);
			notes.push(
				'Indexneuberechnung im Browser: Chromium lädt die Module der Engine vom Vite-Entwicklungsserver (derselbe Quelltext, den die App bündelt), erzeugt die synthetischen Daten im Tab (gleicher Generator und Seed wie in Node), leitet `vals` mit der Engine-SQL in DuckDB-WASM ab (im Web Worker wie in der App) und misst `computeIndex` (draws 0) einschließlich der Übergabe aus dem Worker.'
			);
		}

		notes.push(
			'Erste Karte: performance.now() im Dokument (0 = Navigationsbeginn) in dem Moment, in dem `.map[data-ready="true"]` erscheint; die Karte setzt das Attribut erst, wenn die Flächen gezeichnet sind. Kalt = neuer Browser-Kontext je Lauf (leerer Cache), warm = neuer Tab im selben Kontext (HTTP-Cache gefüllt).',
			'Gewichtsänderung: gemessen vom input-Ereignis des Reglers „materiell“ bis zum nächsten idle-Ereignis der Karte, nachdem sie neue Farben erhalten hat (enthält die Neuberechnung im Browser mit 1.000 Robustheits-Ziehungen, Svelte-Aktualisierung und WebGL-Zeichnen; SwiftShader, keine GPU).',
			'Übertragung: Körper + Header je Antwort, wie Playwright sie meldet (Anfragen des DuckDB-Workers eingeschlossen); erste Ansicht = erster kalter Lauf bis Netzwerkruhe.'
		);
		for (const e of errors) notes.push(`FEHLER ${e}`);
		return {
			chromiumVersion: b.version(),
			siteBuildMs,
			disk: { totalBytes: disk.total, wasm: disk.files.filter((f) => f.file.endsWith('.wasm')) },
			firstPaintCold: coldParts?.cold ?? null,
			firstPaintWarm: warm,
			engineReadyCold: coldParts?.engine ?? null,
			weightChangeIdle: weights?.idle ?? null,
			weightChangeReady: weights?.ready ?? null,
			scale,
			bundle,
			externalRequests: [...new Set(external)],
			errors,
			notes
		};
	} finally {
		await browser?.close().catch(() => {});
		await stopPreview(server);
	}
}

function summariseBundle(entries: ResourceEntry[], firstPaint: number): BrowserBenchResult['bundle'] {
	const byType: Record<string, number> = {};
	for (const e of entries) byType[typeOf(e)] = (byType[typeOf(e)] ?? 0) + e.transfer;
	const wasm = entries
		.filter((e) => new URL(e.url).pathname.endsWith('.wasm'))
		.map((e) => ({
			url: new URL(e.url).pathname,
			transfer: e.transfer,
			contentType: e.contentType,
			servedAsWasm: (e.contentType ?? '').split(';')[0].trim() === 'application/wasm',
			start: e.start,
			end: e.end,
			timing:
				e.start >= firstPaint
					? ('nach der ersten Karte' as const)
					: e.end > firstPaint
						? ('parallel, erste Karte wartet nicht' as const)
						: ('vor der ersten Karte geladen' as const)
		}));
	return {
		resources: [...entries].sort((a, b) => a.start - b.start),
		firstPaintMs: firstPaint,
		totalTransfer: entries.reduce((s, e) => s + e.transfer, 0),
		transferBeforeFirstPaint: entries.filter((e) => e.end <= firstPaint).reduce((s, e) => s + e.transfer, 0),
		byType,
		wasm
	};
}
