/**
 * The app's single entry to data: fetches the build's files once, serves a
 * first paint from the precomputed Ortsteil values in `values.arrows` (parsed
 * with apache-arrow, no DuckDB yet), and runs every computed view through the
 * engine's SQL on DuckDB-WASM. Components call these functions; no SQL in `.svelte`.
 */
import { asset } from '$app/paths';
import { DATA_FILES, type Level } from './contract.ts';
import type { Manifest } from './manifest.ts';
import { arrowRows, arrowRowsWhere } from './arrow-rows.ts';
import { loadTables } from '$lib/engine/schema.ts';
import { levelValuesSql } from '$lib/engine/rates.ts';
import type { Db } from '$lib/engine/db.ts';
import type { AreaRow, IndicatorRow, LevelValue } from './rows.ts';
import type { Alias, Catalogue, Register } from './contract.ts';
import { boundariesGeometry, importDataset, readStored, type BrowserBoundaries, type BrowserImport } from './imports-store.ts';
import { applyImports, customIndicatorRows, withImportedGeo } from './apply-imports.ts';

const cache = new Map<string, Promise<Uint8Array>>();

function fetchBytes(file: string): Promise<Uint8Array> {
	let p = cache.get(file);
	if (!p) {
		p = fetch(asset(`/data/${file}`)).then(async (r) => {
			if (!r.ok) throw new Error(`Datei /data/${file} nicht gefunden (${r.status}). Bitte „npm run data“ ausführen.`);
			return new Uint8Array(await r.arrayBuffer());
		});
		cache.set(file, p);
	}
	return p;
}

/** The manifest of the data build (`manifest.json`), without the imports stored in this browser. */
let staticManifest: Promise<Manifest> | null = null;

/** The build's manifest; fetched once per page load (layout and view both need it). */
export function loadStaticManifest(): Promise<Manifest> {
	staticManifest ??= fetch(asset(`/data/${DATA_FILES.manifest}`)).then((r) => {
		if (!r.ok) throw new Error('Keine Daten gefunden: Bitte zuerst „npm run data“ ausführen.');
		return r.json() as Promise<Manifest>;
	});
	return staticManifest;
}

/**
 * The effective manifest: the build's datasets plus every import stored in
 * this browser (IndexedDB), so source lines name them, and the imported
 * boundaries' provenance if there are any. Used by every view.
 */
export async function loadManifest(): Promise<Manifest> {
	const [m, imports, boundaries] = await Promise.all([loadStaticManifest(), storedImports(), storedBoundaries()]);
	if (imports.length === 0 && !boundaries) return m;
	return {
		...m,
		datasets: [...m.datasets, ...imports.map(importDataset)],
		geometry: boundaries ? boundariesGeometry(boundaries) : m.geometry
	};
}

let stored: Promise<{ imports: BrowserImport[]; boundaries: BrowserBoundaries | null }> | null = null;

/** What this browser stores, read once per engine start; nothing if IndexedDB is unavailable. */
function storedData() {
	stored ??= readStored().catch(() => ({ imports: [], boundaries: null }));
	return stored;
}
let generation = 0;

/** Counts `resetEngine()` calls: caches of engine results key on it. */
export function engineGeneration(): number {
	return generation;
}

/** Imports stored in this browser (read once per engine start); none if IndexedDB is unavailable. */
export async function storedImports(): Promise<BrowserImport[]> {
	return (await storedData()).imports;
}

/** Boundaries imported in this browser, or null (also if IndexedDB is unavailable). */
export async function storedBoundaries(): Promise<BrowserBoundaries | null> {
	return (await storedData()).boundaries;
}

/**
 * After an import was added or removed: the next `engineDb()` reloads the
 * tables and merges the stored imports again, `loadManifest()` lists them anew.
 */
export function resetEngine(): void {
	generation++;
	stored = null;
	engine = null;
	factsEngine = null;
}

/** Name variants of Ortsteile (data/areas/aliases.csv); empty if the build has none. */
export async function loadAliases(): Promise<Alias[]> {
	const r = await fetch(asset(`/data/${DATA_FILES.aliases}`));
	return r.ok ? r.json() : [];
}

/** The area register and the indicator catalogue as the import core needs them, built from the served files. */
export async function loadImportContext(): Promise<{ register: Register; catalogue: Catalogue; indicators: IndicatorRow[]; areas: AreaRow[] }> {
	const [areas, indicators, aliases] = await Promise.all([loadAreas(), loadCatalogue(), loadAliases()]);
	const register: Register = {
		ortsteile: areas.filter((a) => a.level === 'ortsteil').map((a) => ({ id: a.id, name: a.name, stadtteil_id: a.stadtteil_id! })),
		stadtteile: areas.filter((a) => a.level === 'stadtteil').map((a) => ({ id: a.id, name: a.name, stadtbezirk_id: a.stadtbezirk_id! })),
		stadtbezirke: areas.filter((a) => a.level === 'stadtbezirk').map((a) => ({ id: a.id, name: a.name })),
		aliases
	};
	const bases: Record<string, string> = {};
	for (const i of indicators) {
		bases[i.numerator] = i.numerator_label;
		if (i.denominator) bases[i.denominator] = i.denominator_label ?? i.denominator;
	}
	const catalogue: Catalogue = {
		bases,
		indicators: indicators.map(({ numerator_label: _n, denominator_label: _d, years: _y, sort: _s, ...ind }) => ({ ...ind, polarity: ind.polarity as -1 | 0 | 1 }))
	};
	return { register, catalogue, indicators, areas };
}

export async function loadGeo(level: Exclude<Level, 'stadt'>): Promise<GeoJSON.FeatureCollection> {
	const imported = await storedBoundaries();
	if (imported) return { ortsteil: imported.levels.ortsteile, stadtteil: imported.levels.stadtteile, stadtbezirk: imported.levels.stadtbezirke }[level];
	const file = { ortsteil: DATA_FILES.ortsteileGeo, stadtteil: DATA_FILES.stadtteileGeo, stadtbezirk: DATA_FILES.stadtbezirkeGeo }[level];
	const r = await fetch(asset(`/data/${file}`));
	if (!r.ok) throw new Error(`Grenzen für ${level} fehlen.`);
	return r.json();
}

/** The build's catalogue plus the indicators defined by imports stored in this browser. */
export async function loadCatalogue(): Promise<IndicatorRow[]> {
	const [builtIn, imports] = await Promise.all([builtInCatalogue(), storedImports()]);
	return imports.length === 0 ? builtIn : [...builtIn, ...customIndicatorRows(imports, builtIn)];
}

async function builtInCatalogue(): Promise<IndicatorRow[]> {
	return arrowRows<IndicatorRow>(await fetchBytes(DATA_FILES.indicators));
}

/** The area register with km² and centroids (from imported boundaries, if any). */
export async function loadAreas(): Promise<AreaRow[]> {
	const [bytes, boundaries] = await Promise.all([fetchBytes(DATA_FILES.areas), storedBoundaries()]);
	return withImportedGeo(arrowRows<AreaRow>(bytes), boundaries);
}

/**
 * Ortsteil values of one indicator and year straight from the Arrow file, for
 * the first paint while DuckDB starts. These are the engine's own results,
 * written by the data build; nothing is computed here.
 */
/** Starts downloading the value file early, so the first paint does not wait for it. */
export function prefetchValues(): void {
	fetchBytes(DATA_FILES.values).catch(() => {}); // a failure reaches the later reader
}

export async function previewOrtsteilValues(indicatorId: string, year: number): Promise<LevelValue[]> {
	// Imports stored in the browser replace values the Arrow file still has: wait for the engine then.
	if ((await storedImports()).length > 0) return [];
	return arrowRowsWhere<LevelValue>(await fetchBytes(DATA_FILES.values), { indicator_id: indicatorId, year });
}

let engine: Promise<Db> | null = null;

/** DuckDB-WASM with the dataset loaded; started on first use. */
export function engineDb(): Promise<Db> {
	engine ??= (async () => {
		const [db, areas, indicators, vals, neighbours] = await Promise.all([
			// DuckDB's JS is loaded only here, so it is not part of the first view's bundle.
			import('./duckdb-browser.ts').then((m) => m.browserDb()),
			fetchBytes(DATA_FILES.areas),
			fetchBytes(DATA_FILES.indicators),
			fetchBytes(DATA_FILES.values),
			fetchBytes(DATA_FILES.neighbours)
		]);
		await loadTables(db, { areas, indicators, vals, neighbours });
		const [imports, boundaries, builtIn] = await Promise.all([storedImports(), storedBoundaries(), builtInCatalogue()]);
		await applyImports(db, imports, boundaries, builtIn);
		return db;
	})();
	return engine;
}

let factsEngine: Promise<Db> | null = null;

/**
 * `engineDb()` plus the `facts` table (the real Stadtteil facts, `facts.arrows`),
 * loaded on first use; a failed load is retried on the next call.
 */
export function engineDbWithFacts(): Promise<Db> {
	factsEngine ??= (async () => {
		const [db, facts] = await Promise.all([engineDb(), fetchBytes(DATA_FILES.facts)]);
		await db.loadArrow('facts', facts);
		return db;
	})().catch((e) => {
		factsEngine = null;
		throw e;
	});
	return factsEngine;
}

/** Values of one indicator and year at a level, aggregated from counts, with ranks. */
export async function levelValues(level: Level, indicatorId: string, year: number): Promise<LevelValue[]> {
	const db = await engineDb();
	return db.query<LevelValue>(levelValuesSql(level, { indicatorIds: [indicatorId], years: [year] }));
}

/** Every indicator of one area in one year (its level's aggregation), plus the city values. */
export async function areaProfile(level: Level, areaId: string, year: number): Promise<{ area: LevelValue[]; city: LevelValue[] }> {
	const db = await engineDb();
	const [area, city] = await Promise.all([
		db.query<LevelValue>(levelValuesSql(level, { areaIds: [areaId], years: [year] })),
		db.query<LevelValue>(levelValuesSql('stadt', { years: [year] }))
	]);
	return { area, city };
}
