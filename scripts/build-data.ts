/**
 * Data build (`npm run data`): reads the committed register, catalogue and facts
 * in `data/`, the boundary file (default `../shared/data/bremen-ortsteile.osm.geojson`,
 * `--geometry PATH` for another, WGS84 or EPSG:25832), generates the demo values,
 * and writes everything the app reads into `static/data/` (git-ignored).
 *
 * Same inputs → byte-identical outputs: no timestamps, fixed order, fixed seed.
 * Without a boundary file the build says so and still writes values and areas;
 * the app then shows tables and explains that the map is missing.
 *
 *   npm run data [-- --geometry PATH] [--crs EPSG:25832] [--geometry-source TEXT] [--out DIR]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AreaGeo, Catalogue, Register } from '../src/lib/data/contract.ts';
import { DATA_FILES } from '../src/lib/data/contract.ts';
import type { Manifest } from '../src/lib/data/manifest.ts';
import { deriveValuesSql } from '../src/lib/engine/rates.ts';
import { CITY_ID, INDICATOR_COLUMNS } from '../src/lib/engine/schema.ts';
import { rowsToArrowStream } from './lib/arrow-io.ts';
import { readRegister, parseCsv } from './lib/register.ts';
import { readFacts } from './lib/facts.ts';
import { areaGeo, buildLevels, matchBoundaries, queenNeighbours, readBoundaries } from '../src/lib/geo/geometry.ts';
import { DEMO_SEED, DEMO_YEARS, generateDemoBases } from './lib/demo/generate.ts';
import { openNodeDb } from './lib/node-db.ts';
import { inputsHash } from './lib/inputs-hash.ts';
import { importIntoData, readDataImports } from './lib/data-imports.ts';
import { IMPORT_COLUMNS, mergeImportsSql } from '../src/lib/engine/imports.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const DEFAULT_GEOMETRY = resolve(ROOT, '../shared/data/bremen-ortsteile.osm.geojson');
export const DEFAULT_OUT = join(ROOT, 'static/data');
export const OPTIONS_FILE = '.build-options.json';
/** Official tables imported with `--import` (committed, with their provenance). */
export const IMPORTS_DIR = 'data/imports';
const OSM_ATTRIBUTION = 'Kartengrundlage © OpenStreetMap-Mitwirkende, ODbL';

/**
 * The map attribution: the stated source of the boundary file; the OSM credit for
 * the default file; otherwise the file name with a note that its source is unknown
 * (never the OSM credit for somebody else's boundaries).
 */
export function geometryAttribution(opts: Pick<BuildOptions, 'geometryPath' | 'geometrySource'>): string {
	if (opts.geometrySource) return `Kartengrundlage: ${opts.geometrySource}`;
	if (resolve(opts.geometryPath) === DEFAULT_GEOMETRY) return OSM_ATTRIBUTION;
	return `Kartengrundlage: ${basename(opts.geometryPath)} (Quelle nicht angegeben)`;
}

/** Options that change the output besides the input files; part of the inputs hash. */
export function optionsKey(opts: Pick<BuildOptions, 'crs' | 'geometrySource'>): string {
	return JSON.stringify({ crs: opts.crs ?? null, ...(opts.geometrySource ? { geometrySource: opts.geometrySource } : {}) });
}

export interface BuildOptions {
	geometryPath: string;
	outDir: string;
	crs?: string;
	/** who publishes the boundary file (`--geometry-source`), shown as the map attribution */
	geometrySource?: string;
	/** stored official imports to merge (default `data/imports/`) */
	importsDir?: string;
	log?: (line: string) => void;
}

/** `--import FILE --source TEXT [--name N] [--stand D] [--indicator ID]`: store an official table first. */
export interface ImportOption {
	file: string;
	source: string;
	name?: string;
	stand?: string;
	indicator?: string;
}

export function readCatalogue(root = ROOT): Catalogue {
	return JSON.parse(readFileSync(join(root, 'data/indicators.json'), 'utf8')) as Catalogue;
}

/** The reference neighbour table and areas (committed, derived from the OSM boundaries) the demo generator uses. */
function readGeoReference(root: string) {
	const read = (f: string) => parseCsv(readFileSync(join(root, 'data/areas', f), 'utf8'), `data/areas/${f}`).rows;
	const neighbours = read('nachbarn.csv').map((r) => [r.values.ortsteil_id, r.values.nachbar_id] as [string, string]);
	const areas = read('flaechen.csv').map((r) => ({
		id: r.values.ortsteil_id,
		area_km2: Number(r.values.flaeche_km2),
		centroid: [Number(r.values.centroid_lon), Number(r.values.centroid_lat)] as [number, number]
	}));
	return { neighbours, areas };
}

/**
 * Parents' area is the sum of their Ortsteile, centroid the area-weighted mean of
 * theirs (in lon/lat, good to a few metres at Bremen's extent). Used for the city
 * row, and for all parents when no boundary file is available.
 */
function aggregateAreaGeo(register: Register, ortsteile: AreaGeo[], levels: readonly ('st' | 'sb' | 'city')[]): AreaGeo[] {
	const byId = new Map(ortsteile.map((a) => [a.id, a]));
	const parentOf = (level: 'st' | 'sb' | 'city', o: Register['ortsteile'][number]) => {
		if (level === 'st') return o.stadtteil_id;
		if (level === 'sb') return register.stadtteile.find((s) => s.id === o.stadtteil_id)!.stadtbezirk_id;
		return CITY_ID;
	};
	const out: AreaGeo[] = [];
	for (const level of levels) {
		const sums = new Map<string, { a: number; x: number; y: number }>();
		for (const o of register.ortsteile) {
			const g = byId.get(o.id)!;
			const key = parentOf(level, o);
			const s = sums.get(key) ?? { a: 0, x: 0, y: 0 };
			s.a += g.area_km2;
			s.x += g.centroid[0] * g.area_km2;
			s.y += g.centroid[1] * g.area_km2;
			sums.set(key, s);
		}
		for (const [id, s] of sums) out.push({ id, area_km2: s.a, centroid: [s.x / s.a, s.y / s.a] });
	}
	return out;
}

function areaRows(register: Register, geo: Map<string, AreaGeo>) {
	const bezirkOf = new Map(register.stadtteile.map((s) => [s.id, s.stadtbezirk_id]));
	let sort = 0;
	const row = (id: string, name: string, level: string, parent: string | null, st: string | null, sb: string | null) => {
		const g = geo.get(id);
		return {
			id, name, level, parent_id: parent, stadtteil_id: st, stadtbezirk_id: sb,
			area_km2: g ? Math.round(g.area_km2 * 1e4) / 1e4 : null,
			cx: g ? Math.round(g.centroid[0] * 1e6) / 1e6 : null,
			cy: g ? Math.round(g.centroid[1] * 1e6) / 1e6 : null,
			sort: sort++
		};
	};
	return [
		...register.ortsteile.map((o) => row(o.id, o.name, 'ortsteil', o.stadtteil_id, o.stadtteil_id, bezirkOf.get(o.stadtteil_id)!)),
		...register.stadtteile.map((s) => row(s.id, s.name, 'stadtteil', s.stadtbezirk_id, s.id, s.stadtbezirk_id)),
		...register.stadtbezirke.map((b) => row(b.id, b.name, 'stadtbezirk', CITY_ID, null, b.id)),
		row(CITY_ID, 'Stadt Bremen', 'stadt', null, null, null)
	];
}

export async function buildData(opts: BuildOptions): Promise<Manifest> {
	const log = opts.log ?? ((line: string) => console.log(line));
	// Everything is written to a staging folder and swapped in at the end: a failed
	// build leaves the current data untouched.
	mkdirSync(dirname(opts.outDir), { recursive: true });
	const staging = mkdtempSync(join(dirname(opts.outDir), `.${basename(opts.outDir)}-staging-`));
	const write = (file: string, bytes: Uint8Array | string) => writeFileSync(join(staging, file), bytes);
	try {
		const manifest = await writeAll(opts, write, log);
		rmSync(opts.outDir, { recursive: true, force: true });
		renameSync(staging, opts.outDir);
		return manifest;
	} catch (e) {
		rmSync(staging, { recursive: true, force: true });
		throw e;
	}
}

async function writeAll(opts: BuildOptions, write: (file: string, bytes: Uint8Array | string) => void, log: (line: string) => void): Promise<Manifest> {
	const register = readRegister(join(ROOT, 'data/areas'));
	const catalogue = readCatalogue();
	const facts = readFacts(join(ROOT, 'data/facts'));
	const reference = readGeoReference(ROOT);
	const imports = readDataImports(opts.importsDir ?? join(ROOT, IMPORTS_DIR));

	// 1. Geometry (optional): boundaries, neighbours, simplified levels.
	let geometry: Manifest['geometry'];
	let geo: AreaGeo[];
	let neighbours: [string, string][];
	if (existsSync(opts.geometryPath)) {
		const { features, sourceCrs } = readBoundaries(readFileSync(opts.geometryPath, 'utf8'), { crs: opts.crs });
		const byId = matchBoundaries(features, register);
		neighbours = queenNeighbours(byId);
		const levels = buildLevels(byId, register, {});
		write(DATA_FILES.ortsteileGeo, JSON.stringify(levels.ortsteile));
		write(DATA_FILES.stadtteileGeo, JSON.stringify(levels.stadtteile));
		write(DATA_FILES.stadtbezirkeGeo, JSON.stringify(levels.stadtbezirke));
		geo = areaGeo(byId, register);
		const ortsteilIds = new Set(register.ortsteile.map((o) => o.id));
		geo.push(...aggregateAreaGeo(register, geo.filter((g) => ortsteilIds.has(g.id)), ['city']));
		geometry = { available: true, source: basename(opts.geometryPath), crs: sourceCrs, attribution: geometryAttribution(opts) };
		log(`Grenzen: ${byId.size} Ortsteile aus ${opts.geometryPath} (${sourceCrs}), ${neighbours.length / 2} Nachbarpaare.`);
	} else {
		log(`HINWEIS: Keine Grenzdatei unter ${opts.geometryPath} gefunden – die Karte ist nicht verfügbar, Tabellen funktionieren.`);
		log(`         Mit einer Grenzdatei: npm run data -- --geometry PFAD/zur/datei.geojson`);
		neighbours = reference.neighbours;
		geo = [...reference.areas, ...aggregateAreaGeo(register, reference.areas, ['st', 'sb', 'city'])];
		geometry = { available: false, source: `keine Grenzdatei unter ${opts.geometryPath}`, crs: null, attribution: OSM_ATTRIBUTION };
	}

	// 2. Demo base counts → values through the engine's own SQL.
	const bases = generateDemoBases({
		register,
		catalogue,
		neighbours: reference.neighbours,
		areaKm2: new Map(reference.areas.map((a) => [a.id, a.area_km2])),
		stadtteilFacts: facts.stadtteile,
		seed: DEMO_SEED,
		years: [...DEMO_YEARS]
	});
	const baseRows = bases.flatMap((b) =>
		Object.entries(b.counts).map(([base_id, count]) => ({ area_id: b.area_id, year: b.year, base_id, count }))
	);
	const indicatorYears = (ind: Catalogue['indicators'][number]) =>
		DEMO_YEARS.filter((y) => bases.some((b) => b.year === y && ind.numerator in b.counts)).join(',');
	const indicatorRows = catalogue.indicators.map((ind, sort) => ({
		...ind,
		numerator_label: catalogue.bases[ind.numerator],
		denominator_label: ind.denominator ? catalogue.bases[ind.denominator] : null,
		years: indicatorYears(ind),
		sort
	}));
	const indicatorsArrow = rowsToArrowStream(indicatorRows, INDICATOR_COLUMNS);
	const db = await openNodeDb();
	try {
		await db.loadArrow('indicators', indicatorsArrow);
		await db.loadArrow('bases', rowsToArrowStream(baseRows, { area_id: 'string', year: 'int', base_id: 'string', count: 'float' }));
		await db.loadArrow('vals', await db.queryArrow(deriveValuesSql('demo')));
		const tables = imports.map((imp, k) => ({ table: `imp_${k}`, dataset: imp.meta.id }));
		for (const [k, imp] of imports.entries()) await db.loadArrow(tables[k].table, rowsToArrowStream(imp.rows, IMPORT_COLUMNS));
		write(DATA_FILES.values, await db.queryArrow(mergeImportsSql(tables)));
	} finally {
		db.close();
	}
	write(DATA_FILES.indicators, indicatorsArrow);

	// 3. Areas, neighbours, facts.
	write(
		DATA_FILES.areas,
		rowsToArrowStream(areaRows(register, new Map(geo.map((g) => [g.id, g]))), {
			id: 'string', name: 'string', level: 'string', parent_id: 'string', stadtteil_id: 'string', stadtbezirk_id: 'string',
			area_km2: 'float', cx: 'float', cy: 'float', sort: 'int'
		})
	);
	write(
		DATA_FILES.neighbours,
		rowsToArrowStream(neighbours.map(([area_id, neighbour_id]) => ({ area_id, neighbour_id })), { area_id: 'string', neighbour_id: 'string' })
	);
	write(DATA_FILES.aliases, JSON.stringify(register.aliases.map(({ alias, ortsteil_id }) => ({ alias, ortsteil_id })), null, 1) + '\n');
	const factRows = [
		...facts.stadtteile.map(({ stadtteil_id, ...f }) => ({ area_id: stadtteil_id, ...f })),
		...facts.ortsteile.map(({ ortsteil_id, ...f }) => ({ area_id: ortsteil_id, ...f }))
	];
	write(
		DATA_FILES.facts,
		rowsToArrowStream(factRows, { area_id: 'string', merkmal: 'string', wert: 'float', einheit: 'string', stichtag: 'string', quelle: 'string', quelle_url: 'string' })
	);

	const manifest: Manifest = {
		inputs_hash: inputsHash(ROOT, existsSync(opts.geometryPath) ? opts.geometryPath : null, optionsKey(opts)),
		datasets: [
			{
				id: 'demo',
				label: 'Demodaten (synthetisch, nicht amtlich)',
				demo: true,
				description: `Synthetische Ortsteilwerte aus scripts/lib/demo (Seed „${DEMO_SEED}“), nur in der groben Stadtteilstruktur an reale Stadtteil-Fakten angelehnt.`,
				years: [...DEMO_YEARS]
			},
			...imports.map(({ meta }) => ({
				id: meta.id,
				label: `${meta.name} – ${meta.source}${meta.stand ? `, Stand ${meta.stand}` : ''}`,
				demo: false,
				description: `Importiert aus ${meta.file}: ${meta.rows} Werte, Indikatoren ${meta.indicators.join(', ')}; ersetzt für diese Indikatoren und Jahre die Demodaten vollständig.`,
				years: meta.years
			}))
		],
		geometry,
		counts: {
			ortsteile: register.ortsteile.length,
			stadtteile: register.stadtteile.length,
			stadtbezirke: register.stadtbezirke.length,
			neighbour_pairs: neighbours.length / 2
		}
	};
	write(DATA_FILES.manifest, JSON.stringify(manifest, null, 2) + '\n');
	// Remembered so that `ensure-data` rebuilds with the same boundary file (machine-specific, not served data).
	write(OPTIONS_FILE, JSON.stringify({ geometryPath: opts.geometryPath, crs: opts.crs, geometrySource: opts.geometrySource }) + '\n');
	log(`Daten geschrieben nach ${opts.outDir}: ${baseRows.length} Grundzahlen, ${catalogue.indicators.length} Indikatoren, ${DEMO_YEARS.length} Jahre (Demodaten).`);
	return manifest;
}

export function parseArgs(argv: string[]): BuildOptions & { import?: ImportOption } {
	const opts: BuildOptions & { import?: ImportOption } = { geometryPath: process.env.SOZIALRAUM_GEOMETRY ?? DEFAULT_GEOMETRY, outDir: DEFAULT_OUT };
	const imp: Partial<ImportOption> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const v = argv[++i];
			if (!v) throw new Error(`Option ${arg} braucht einen Wert.`);
			return v;
		};
		if (arg === '--geometry') opts.geometryPath = resolve(value());
		else if (arg === '--out') opts.outDir = resolve(value());
		else if (arg === '--crs') opts.crs = value();
		else if (arg === '--geometry-source') opts.geometrySource = value();
		else if (arg === '--import') imp.file = resolve(value());
		else if (arg === '--source') imp.source = value();
		else if (arg === '--name') imp.name = value();
		else if (arg === '--stand') imp.stand = value();
		else if (arg === '--indicator') imp.indicator = value();
		else
			throw new Error(
				`Unbekannte Option: ${arg}. Erlaubt: --geometry PFAD, --crs EPSG:CODE, --geometry-source TEXT, --out ORDNER, --import DATEI --source TEXT [--name NAME] [--stand DATUM] [--indicator ID]`
			);
	}
	if (Object.keys(imp).length > 0) {
		if (!imp.file) throw new Error('--source, --name, --stand und --indicator gehören zu --import DATEI.');
		opts.import = { source: '', ...imp } as ImportOption;
	}
	return opts;
}

async function main(argv: string[]): Promise<void> {
	const opts = parseArgs(argv);
	if (opts.import) {
		const { ok, report } = await importIntoData(opts.import, readRegister(join(ROOT, 'data/areas')), readCatalogue(), join(ROOT, IMPORTS_DIR));
		console.log(report);
		if (!ok) {
			console.error('Import abgebrochen – es wurde nichts gespeichert, die bisherigen Daten bleiben unverändert.');
			process.exit(1);
		}
		console.log(`Gespeichert in ${IMPORTS_DIR}/ – der Datenaufbau übernimmt die Werte.`);
	}
	await buildData(opts);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	main(process.argv.slice(2)).catch((e: Error) => {
		console.error(`Fehler beim Datenaufbau: ${e.message}`);
		process.exit(1);
	});
}
