/**
 * The app's single entry to data: fetches the build's files once, serves a
 * first paint from the precomputed Ortsteil values in `values.arrows` (parsed
 * with apache-arrow, no DuckDB yet), and runs every computed view through the
 * engine's SQL on DuckDB-WASM. Components call these functions; no SQL in `.svelte`.
 */
import { asset } from '$app/paths';
import { DATA_FILES, type Level } from './contract.ts';
import type { Manifest } from './manifest.ts';
import { arrowRows } from './arrow-rows.ts';
import { browserDb } from './duckdb-browser.ts';
import { loadTables } from '$lib/engine/schema.ts';
import { levelValuesSql } from '$lib/engine/rates.ts';
import type { Db } from '$lib/engine/db.ts';
import type { AreaRow, IndicatorRow, LevelValue } from './rows.ts';

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

export async function loadManifest(): Promise<Manifest> {
	const r = await fetch(asset(`/data/${DATA_FILES.manifest}`));
	if (!r.ok) throw new Error('Keine Daten gefunden: Bitte zuerst „npm run data“ ausführen.');
	return r.json();
}

export async function loadGeo(level: Exclude<Level, 'stadt'>): Promise<GeoJSON.FeatureCollection> {
	const file = { ortsteil: DATA_FILES.ortsteileGeo, stadtteil: DATA_FILES.stadtteileGeo, stadtbezirk: DATA_FILES.stadtbezirkeGeo }[level];
	const r = await fetch(asset(`/data/${file}`));
	if (!r.ok) throw new Error(`Grenzen für ${level} fehlen.`);
	return r.json();
}

export async function loadCatalogue(): Promise<IndicatorRow[]> {
	return arrowRows<IndicatorRow>(await fetchBytes(DATA_FILES.indicators));
}

export async function loadAreas(): Promise<AreaRow[]> {
	return arrowRows<AreaRow>(await fetchBytes(DATA_FILES.areas));
}

/**
 * Ortsteil values of one indicator and year straight from the Arrow file, for
 * the first paint while DuckDB starts. These are the engine's own results,
 * written by the data build; nothing is computed here.
 */
export async function previewOrtsteilValues(indicatorId: string, year: number): Promise<LevelValue[]> {
	const rows = arrowRows<LevelValue>(await fetchBytes(DATA_FILES.values));
	return rows.filter((r) => r.indicator_id === indicatorId && r.year === year);
}

let engine: Promise<Db> | null = null;

/** DuckDB-WASM with the dataset loaded; started on first use. */
export function engineDb(): Promise<Db> {
	engine ??= (async () => {
		const [db, areas, indicators, vals, neighbours] = await Promise.all([
			browserDb(),
			fetchBytes(DATA_FILES.areas),
			fetchBytes(DATA_FILES.indicators),
			fetchBytes(DATA_FILES.values),
			fetchBytes(DATA_FILES.neighbours)
		]);
		await loadTables(db, { areas, indicators, vals, neighbours });
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
