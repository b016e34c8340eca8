/**
 * `npm run indicators -- neighbours | moran | lisa | segregation` (DESIGN.md §7):
 * queen neighbours, global and local Moran's I, and segregation indices — the
 * same engine code the app runs (src/lib/engine/spatial.ts, segregation.ts).
 *
 *   neighbours [--geometry FILE]
 *       CSV area_id,area_name,neighbour_id,neighbour_name (queen contiguity, both directions).
 *       Without --geometry: the app's neighbour table (static/data, built by `npm run data`);
 *       with it: computed from that boundary file (GeoJSON, WGS84 or EPSG:25832), matched to
 *       the Ortsteil register in data/areas/.
 *   moran --indicator ID [--year Y] [--permutations N] [--seed S] [--eb]
 *       JSON { "I", "expected", "z", "p_sim", "permutations", "n", "islands" }
 *   lisa --indicator ID [--year Y] [--permutations N] [--seed S] [--alpha 0.05] [--fdr] [--eb]
 *       CSV area_id,area_name,value,local_i,p_sim,quadrant,cluster
 *   segregation --group ID [--total ID] [--year Y]   or   segregation --input FILE
 *       JSON { "D", "isolation", "exposure", "correlation_ratio", "theil_H", "gini",
 *              "spatial_D_morrill", "n_areas" }
 *
 * Defaults: the latest year with values, 999 permutations, seed 12345, α = 0.05.
 * Small bases: excluded (default) or, with --eb, replaced by empirical-Bayes rates.
 * Areas left out (small base, suppressed, no neighbours) are named on stderr as
 * „Hinweis: …“ lines; stdout stays clean CSV/JSON. In the LISA table they keep
 * their row with the value and empty statistics.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { literal, QueryError, type Db } from '../../src/lib/engine/db.ts';
import {
	DEFAULT_ALPHA,
	DEFAULT_PERMUTATIONS,
	DEFAULT_SEED,
	lisaForIndicator,
	moranForIndicator,
	neighbourPairs,
	type ExcludedSpatialArea,
	type UnreliableMode
} from '../../src/lib/engine/spatial.ts';
import { indicatorYearsSql } from '../../src/lib/engine/rates.ts';
import { indexPairs, segregationIndices, segregationTable, type SegregationIndices } from '../../src/lib/engine/segregation.ts';
import { queenNeighbours } from '../../src/lib/geo/geometry.ts';
import { loadBoundaryFile } from '../lib/boundary-file.ts';
import { readRegister } from '../lib/register.ts';
import { flagOption, integerOption, stringOption } from './args.ts';
import { toCsv, toJson } from './output.ts';
import { APP_DATA_DIR } from './input.ts';
import { readSegregationInput, type SegregationInput } from './segregation-input.ts';
import { DATA_FILES } from '../../src/lib/data/contract.ts';
import { CliError, type CliContext, type CliOptions, type Command } from './types.ts';

/** Repository root (for data/areas/ when --geometry is given). */
const ROOT = resolve(import.meta.dirname, '../..');

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Engine errors are user errors (unknown indicator, no values …): shown as `Fehler: …`; SQL failures are not. */
async function asCliError<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof CliError || e instanceof QueryError || !(e instanceof Error)) throw e;
		throw new CliError(e.message);
	}
}

/** Writes „Hinweis: …“ lines to stderr (the dispatcher's `warn`), never into the CSV/JSON on stdout. */
function note(ctx: CliContext, lines: string[]): void {
	const warn = ctx.warn ?? ((t: string) => void process.stderr.write(t));
	for (const line of lines) warn(`Hinweis: ${line}\n`);
}

/** `--indicator`/`--group`: required text option. */
function requiredOption(options: CliOptions, name: string, command: string): string {
	const value = stringOption(options, name);
	if (value === undefined) throw new CliError(`„${command}“ braucht --${name} ID.`);
	return value;
}

/** The indicator must exist; returns its years with values (ascending). */
async function indicatorYears(db: Db, id: string): Promise<number[]> {
	const known = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM indicators WHERE id = ${literal(id)}`);
	if (Number(known[0]?.n ?? 0) === 0) {
		const ids = await db.query<{ id: string }>('SELECT id FROM indicators ORDER BY id');
		throw new CliError(`Unbekannter Indikator „${id}“. Vorhanden: ${ids.map((r) => r.id).join(', ')}.`);
	}
	const rows = await db.query<{ year: number }>(indicatorYearsSql(id));
	return rows.map((r) => Number(r.year));
}

/** `--year`, checked against the years with values; default the latest. */
async function chooseYear(db: Db, options: CliOptions, indicator: string): Promise<number> {
	const years = await indicatorYears(db, indicator);
	if (years.length === 0) throw new CliError(`Für „${indicator}“ gibt es keine Werte.`);
	const year = integerOption(options, 'year', 1000, 9999);
	if (year === undefined) return years[years.length - 1];
	if (!years.includes(year)) {
		throw new CliError(`Für „${indicator}“ gibt es keine Werte im Jahr ${year} (vorhanden: ${years.join(', ')}).`);
	}
	return year;
}

/** `--alpha`: a number in (0, 1), decimal point. */
function alphaOption(options: CliOptions): number {
	const text = stringOption(options, 'alpha');
	if (text === undefined) return DEFAULT_ALPHA;
	const value = Number(text);
	if (!/^\d*\.?\d+([eE][+-]?\d+)?$/.test(text.trim()) || !(value > 0 && value < 1)) {
		throw new CliError(`Option --alpha: „${text}“ ist kein Signifikanzniveau zwischen 0 und 1 (z. B. 0.05, mit Punkt).`);
	}
	return value;
}

interface PermutationSettings {
	permutations: number;
	seed: string;
	unreliable: UnreliableMode;
}

function permutationOptions(options: CliOptions): PermutationSettings {
	return {
		permutations: integerOption(options, 'permutations', 0, 99999) ?? DEFAULT_PERMUTATIONS,
		seed: stringOption(options, 'seed') ?? String(DEFAULT_SEED),
		unreliable: flagOption(options, 'eb') ? 'eb' : 'exclude'
	};
}

async function areaNames(db: Db): Promise<Map<string, string>> {
	const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM areas');
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** Hinweis lines for areas left out of a spatial analysis. */
function exclusionNotes(names: Map<string, string>, excluded: readonly ExcludedSpatialArea[], islands: readonly string[]): string[] {
	const label = (id: string) => `${names.get(id) ?? id} (${id})`;
	const lines: string[] = [];
	const byReason = new Map<string, string[]>();
	for (const e of excluded) byReason.set(e.reason, [...(byReason.get(e.reason) ?? []), label(e.area_id)]);
	for (const [reason, list] of byReason) lines.push(`nicht berücksichtigt – ${reason}: ${list.join(', ')}`);
	if (islands.length) lines.push(`nicht berücksichtigt – ohne Nachbarn mit Wert: ${islands.map(label).join(', ')}`);
	return lines;
}

/**
 * An `--input` dataset has no geometry and comes with an empty neighbour table;
 * the app's queen neighbours (static/data) are loaded instead, so input with the
 * app's Ortsteil ids (e.g. official Bremen figures) gets its neighbours. For other
 * areas nothing matches and the analysis explains why it cannot run.
 */
async function useAppNeighbours(db: Db): Promise<void> {
	if ((await neighbourPairs(db)).length > 0) return;
	const path = join(APP_DATA_DIR, DATA_FILES.neighbours);
	if (existsSync(path)) await db.loadArrow('neighbours', new Uint8Array(readFileSync(path)));
}

/** Throws a clear error when no analysed area has a neighbour in the table. */
async function checkNeighbours(db: Db, indicator: string): Promise<void> {
	const ids = await db.query<{ area_id: string }>(`SELECT DISTINCT area_id FROM vals WHERE indicator_id = ${literal(indicator)}`);
	if (indexPairs(ids.map((r) => r.area_id), await neighbourPairs(db)).length === 0) {
		throw new CliError(
			'Keine Nachbarschaften für diese Gebiete: Moran und LISA nutzen die Queen-Nachbarschaften der App ' +
				'(„npm run data“); Gebiete einer --input-Datei müssen dafür die Ortsteil-IDs der App tragen.'
		);
	}
}

// ---------------------------------------------------------------------------
// Pure output builders (used by the commands and the tests)
// ---------------------------------------------------------------------------

export interface NeighbourRow {
	area_id: string;
	area_name: string;
	neighbour_id: string;
	neighbour_name: string;
}

export const NEIGHBOUR_COLUMNS = ['area_id', 'area_name', 'neighbour_id', 'neighbour_name'] as const;
export const LISA_COLUMNS = ['area_id', 'area_name', 'value', 'local_i', 'p_sim', 'quadrant', 'cluster'] as const;

/** The app's neighbour table with names, sorted by area_id, neighbour_id (code units). */
export async function neighbourRows(db: Db): Promise<NeighbourRow[]> {
	const pairs = await neighbourPairs(db);
	if (pairs.length === 0) {
		throw new CliError('Keine Nachbarschaftstabelle gefunden – bitte „npm run data“ ausführen oder --geometry DATEI angeben.');
	}
	const names = await areaNames(db);
	return pairRows(pairs, names);
}

function pairRows(pairs: readonly [string, string][], names: Map<string, string>): NeighbourRow[] {
	const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return [...pairs]
		.sort((p, q) => cmp(p[0], q[0]) || cmp(p[1], q[1]))
		.map(([a, b]) => ({ area_id: a, area_name: names.get(a) ?? a, neighbour_id: b, neighbour_name: names.get(b) ?? b }));
}

/**
 * Queen neighbours computed from a boundary file, matched to the Ortsteil
 * register; plus the Ortsteile without any neighbour.
 *
 * @throws CliError naming the file for unreadable, invalid or unmatched boundaries
 */
export function neighbourRowsFromGeometry(path: string, registerDir = resolve(ROOT, 'data/areas')): { rows: NeighbourRow[]; islands: string[] } {
	let byId: ReturnType<typeof loadBoundaryFile>['byId'];
	const register = readRegister(registerDir);
	try {
		byId = loadBoundaryFile(path, register).byId;
	} catch (e) {
		const message = (e as Error).message;
		throw new CliError(message.includes(path) ? message : `${path}: ${message}`);
	}
	const pairs = queenNeighbours(byId);
	const names = new Map(register.ortsteile.map((o) => [o.id, o.name]));
	const connected = new Set(pairs.flat());
	const islands = register.ortsteile.filter((o) => !connected.has(o.id)).map((o) => `${o.name} (${o.id})`);
	return { rows: pairRows(pairs, names), islands };
}

/** The `moran` JSON object (DESIGN §7 keys, in that order). */
export function moranJson(m: { I: number; expected: number; z: number | null; p_sim: number | null; permutations: number; n: number; islands: readonly string[] }) {
	return { I: m.I, expected: m.expected, z: m.z, p_sim: m.p_sim, permutations: m.permutations, n: m.n, islands: [...m.islands] };
}

/** The `segregation` JSON object (DESIGN §7 keys, in that order). */
export function segregationJson(s: SegregationIndices) {
	return {
		D: s.D,
		isolation: s.isolation,
		exposure: s.exposure,
		correlation_ratio: s.correlation_ratio,
		theil_H: s.theil_H,
		gini: s.gini,
		spatial_D_morrill: s.spatial_D_morrill,
		n_areas: s.n_areas
	};
}

/**
 * Segregation indices of an `--input` table. Morrill's D uses the neighbour
 * pairs of the Db whose ids occur in the table (the app's Ortsteil ids), else null.
 */
export async function segregationFromInput(db: Db | null, input: SegregationInput): Promise<SegregationIndices> {
	const ids = input.rows.map((r) => r.area_id);
	const pairs = db ? indexPairs(ids, await neighbourPairs(db)) : [];
	return segregationIndices(
		input.rows.map((r) => r.group),
		input.rows.map((r) => r.total),
		pairs
	);
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

const neighbours: Command = {
	usage: 'neighbours [--geometry DATEI]   Nachbarschaften (Queen) als CSV area_id,area_name,neighbour_id,neighbour_name',
	options: ['geometry'],
	async run(ctx: CliContext) {
		const geometry = stringOption(ctx.options, 'geometry');
		if (geometry !== undefined) {
			const { rows, islands } = neighbourRowsFromGeometry(geometry);
			if (islands.length) note(ctx, [`Ortsteile ohne Nachbarn: ${islands.join(', ')}`]);
			ctx.write(toCsv(NEIGHBOUR_COLUMNS, rows as unknown as Record<string, string>[]));
			return;
		}
		const rows = await neighbourRows(ctx.db);
		const names = await ctx.db.query<{ id: string; name: string }>(`SELECT id, name FROM areas WHERE level = 'ortsteil' ORDER BY sort`);
		const connected = new Set(rows.map((r) => r.area_id));
		const islands = names.filter((a) => !connected.has(a.id)).map((a) => `${a.name} (${a.id})`);
		if (islands.length) note(ctx, [`Ortsteile ohne Nachbarn: ${islands.join(', ')}`]);
		ctx.write(toCsv(NEIGHBOUR_COLUMNS, rows as unknown as Record<string, string>[]));
	}
};

const moran: Command = {
	usage:
		"moran --indicator ID [--year J] [--permutations N] [--seed S] [--eb]   globales Moran's I als JSON " +
		'(Queen, zeilenstandardisiert, 999 Permutationen, Seed 12345)',
	options: ['indicator', 'year', 'permutations', 'seed', 'eb'],
	async run(ctx: CliContext) {
		const indicator = requiredOption(ctx.options, 'indicator', 'moran');
		const settings = permutationOptions(ctx.options);
		const year = await chooseYear(ctx.db, ctx.options, indicator);
		await useAppNeighbours(ctx.db);
		await checkNeighbours(ctx.db, indicator);
		const result = await asCliError(() => moranForIndicator(ctx.db, { indicator, year, ...settings }));
		note(ctx, exclusionNotes(await areaNames(ctx.db), result.excluded, result.islands));
		ctx.write(toJson(moranJson(result)));
	}
};

const lisa: Command = {
	usage:
		'lisa --indicator ID [--year J] [--permutations N] [--seed S] [--alpha 0.05] [--fdr] [--eb]   lokales Moran (LISA) als CSV ' +
		'area_id,area_name,value,local_i,p_sim,quadrant,cluster',
	options: ['indicator', 'year', 'permutations', 'seed', 'alpha', 'fdr', 'eb'],
	async run(ctx: CliContext) {
		const indicator = requiredOption(ctx.options, 'indicator', 'lisa');
		const settings = permutationOptions(ctx.options);
		const alpha = alphaOption(ctx.options);
		const fdr = flagOption(ctx.options, 'fdr');
		if (settings.permutations === 0) throw new CliError('„lisa“ braucht Permutationen (--permutations ≥ 1) für die p-Werte.');
		const year = await chooseYear(ctx.db, ctx.options, indicator);
		await useAppNeighbours(ctx.db);
		await checkNeighbours(ctx.db, indicator);
		const result = await asCliError(() => lisaForIndicator(ctx.db, { indicator, year, alpha, fdr, ...settings }));
		const lines = exclusionNotes(await areaNames(ctx.db), result.excluded, result.islands);
		if (fdr) lines.push(`FDR (Benjamini–Hochberg, α = ${alpha}): signifikant bei p_sim ≤ ${Number(result.cutoff.toFixed(6))}`);
		note(ctx, lines);
		ctx.write(
			toCsv(
				LISA_COLUMNS,
				result.rows.map((r) => ({
					area_id: r.area_id,
					area_name: r.area_name,
					value: r.value,
					local_i: r.local_i,
					p_sim: r.p_sim,
					quadrant: r.quadrant,
					cluster: r.cluster
				}))
			)
		);
	}
};

const segregation: Command = {
	usage:
		'segregation --group ID [--total ID] [--year J]   Segregationsindizes der Gruppe (Zähler von ID) gegenüber der übrigen ' +
		'Bevölkerung als JSON; mit --input DATEI eine Tabelle area_id,area_name,group,total',
	// lists `input`: the dispatcher leaves the file (another layout) to this command and passes an empty Db
	options: ['group', 'total', 'year', 'input'],
	async run(ctx: CliContext) {
		const input = stringOption(ctx.options, 'input');
		if (input !== undefined) {
			for (const name of ['group', 'total', 'year']) {
				if (ctx.options[name] !== undefined) {
					throw new CliError(`„segregation --input“ liest Gruppe und Gesamtzahl aus der Datei; --${name} passt nicht dazu.`);
				}
			}
			const table = readSegregationInput(input);
			await useAppNeighbours(ctx.db);
			if (table.excluded.length) {
				note(ctx, [`nicht berücksichtigt: ${table.excluded.map((e) => `${e.area_name} (Zeile ${e.line}: ${e.reason})`).join(', ')}`]);
			}
			const indices = await asCliError(() => segregationFromInput(ctx.db, table));
			if (indices.spatial_D_morrill === null) {
				note(ctx, ['spatial_D_morrill leer: keine Nachbarschaften für diese Gebiete (nur für Ortsteil-IDs der App bekannt).']);
			}
			ctx.write(toJson(segregationJson(indices)));
			return;
		}
		const group = requiredOption(ctx.options, 'group', 'segregation');
		const total = stringOption(ctx.options, 'total');
		const year = await chooseYear(ctx.db, ctx.options, group);
		const table = await asCliError(() => segregationTable(ctx.db, { group, total }, year));
		if (table.excluded.length) {
			note(ctx, [`nicht berücksichtigt: ${table.excluded.map((e) => `${e.area_name} (${e.area_id}): ${e.reason}`).join(', ')}`]);
		}
		ctx.write(toJson(segregationJson(table.city)));
	}
};

/** The commands of this module, keyed by name, for the dispatcher (scripts/indicators.ts). */
export const spatialCommands: Record<string, Command> = { neighbours, moran, lisa, segregation };
