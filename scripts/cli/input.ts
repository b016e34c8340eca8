/**
 * The data behind a CLI command: the app's own dataset (`static/data/*.arrows`,
 * built by `npm run data`), or a long CSV table given with `--input FILE`, turned
 * into the same `areas` / `indicators` / `vals` tables so that the same engine SQL runs.
 *
 * Input format (DESIGN §7), one row per area × indicator × year:
 *
 *   area_id,area_name,indicator,year,value[,numerator,denominator]
 *
 * - comma separator, decimal point (a decimal comma is rejected with a hint), UTF-8
 *   (a BOM is ignored), fields with commas in double quotes;
 * - with `numerator,denominator` the rate is computed from the counts (value =
 *   numerator / denominator × scale) and `value` may be empty; an indicator has either
 *   counts in every row or values only — not a mix;
 * - an empty value (and no counts) is a missing value: the area appears in the output
 *   with empty cells;
 * - indicators of the app catalogue (`data/indicators.json`) keep its label,
 *   polarity, factor, scale and minimum base; other indicators get polarity +1 (change
 *   with `--polarity`), no factor (assign with `--factors` for `--method factors`),
 *   minimum base 50 when counts are given (DESIGN §4 default) and 0 for values only,
 *   and the scale implied by the values (value ÷ (numerator / denominator), rounded to
 *   a power of ten; 1 without values);
 * - every area is an area of the lowest level (`ortsteil`); there are no parents, so
 *   only `--level ortsteil` works.
 *
 * Every problem is a `CliError` naming file, line and problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Db } from '../../src/lib/engine/db.ts';
import { loadTables } from '../../src/lib/engine/schema.ts';
import { DATA_FILES, type Catalogue } from '../../src/lib/data/contract.ts';
import { rowsToArrowStream } from '../lib/arrow-io.ts';
import { CliError } from './types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where `npm run data` writes the app's dataset. */
export const APP_DATA_DIR = join(ROOT, 'static', 'data');
const CATALOGUE_FILE = join(ROOT, 'data', 'indicators.json');

/** Default minimum base (DESIGN §4) for imported count indicators outside the catalogue. */
export const DEFAULT_MIN_BASE = 50;

/**
 * Loads the app's dataset (areas, indicators, values, neighbours) into the database.
 *
 * @throws CliError when the files are missing (with the hint to run `npm run data`)
 */
export async function loadAppData(db: Db, dir = APP_DATA_DIR): Promise<void> {
	const files = { areas: DATA_FILES.areas, indicators: DATA_FILES.indicators, vals: DATA_FILES.values, neighbours: DATA_FILES.neighbours };
	const bytes: Record<string, Uint8Array> = {};
	for (const [table, file] of Object.entries(files)) {
		const path = join(dir, file);
		if (!existsSync(path)) {
			throw new CliError(`Keine App-Daten gefunden (${path} fehlt). Bitte zuerst „npm run data“ ausführen oder --input FILE angeben.`);
		}
		bytes[table] = new Uint8Array(readFileSync(path));
	}
	await loadTables(db, bytes);
}

/** One CSV record with the line number where it starts (1-based). */
export interface CsvRecord {
	line: number;
	fields: string[];
}

/**
 * Splits CSV text into records (RFC 4180: double quotes, "" inside quotes, line breaks
 * inside quotes; `\n` or `\r\n`). Blank lines are skipped.
 *
 * @throws CliError for an unclosed quote
 * @example parseCsv('a,b\n"x, y",2\n', 'f.csv') // → [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['x, y', '2'] }]
 */
export function parseCsv(text: string, file: string): CsvRecord[] {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const records: CsvRecord[] = [];
	let fields: string[] = [];
	let field = '';
	let line = 1;
	let recordLine = 1;
	let quoted = false;
	let quoteLine = 0;
	const endRecord = () => {
		fields.push(field);
		if (!(fields.length === 1 && fields[0].trim() === '')) records.push({ line: recordLine, fields });
		fields = [];
		field = '';
	};
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else {
				if (ch === '\n') line++;
				field += ch;
			}
		} else if (ch === '"' && field.trim() === '') {
			quoted = true;
			quoteLine = line;
			field = '';
		} else if (ch === ',') {
			fields.push(field);
			field = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			endRecord();
			line++;
			recordLine = line;
		} else {
			field += ch;
		}
	}
	if (quoted) throw new CliError(`${file}, Zeile ${quoteLine}: Anführungszeichen wird nicht geschlossen.`);
	if (field !== '' || fields.length > 0) endRecord();
	return records;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** One parsed data row. */
export interface InputRow {
	line: number;
	area_id: string;
	area_name: string;
	indicator: string;
	year: number;
	value: number | null;
	numerator: number | null;
	denominator: number | null;
}

/** An indicator as it goes into the `indicators` table. */
export interface InputIndicator {
	id: string;
	label: string;
	scale: number;
	min_base: number;
	polarity: number;
	factor: string | null;
	sort: number;
}

export interface ParsedInput {
	rows: InputRow[];
	areas: { id: string; name: string; sort: number }[];
	indicators: InputIndicator[];
}

const REQUIRED = ['area_id', 'area_name', 'indicator', 'year'] as const;
const FORMAT_HINT = 'erwartet: area_id,area_name,indicator,year,value[,numerator,denominator]';

/**
 * Parses and checks the long input table (format in the module comment).
 *
 * @param text file content
 * @param file the file name as the user gave it (for messages)
 * @param catalogue the app catalogue, for known indicator ids
 * @throws CliError naming file, line and problem
 * @example parseLongInput('area_id,area_name,indicator,year,value\na,Musterstadt Nord,x,2020,1.5\n', 'in.csv', []).rows[0].value // → 1.5
 */
export function parseLongInput(text: string, file: string, catalogue: Catalogue['indicators']): ParsedInput {
	const records = parseCsv(text, file);
	if (records.length === 0) throw new CliError(`${file}: die Datei ist leer (${FORMAT_HINT}).`);
	const header = records[0].fields.map((h) => h.trim().toLowerCase());
	if (header.length === 1 && header[0].includes(';')) {
		throw new CliError(`${file}, Zeile ${records[0].line}: Semikolon als Trennzeichen erkannt; erwartet wird das Komma (${FORMAT_HINT}).`);
	}
	const column = (name: string) => header.indexOf(name);
	const hasCounts = column('numerator') >= 0 || column('denominator') >= 0;
	const missing: string[] = REQUIRED.filter((c) => column(c) < 0);
	if (hasCounts) {
		if (column('numerator') < 0) missing.push('numerator');
		if (column('denominator') < 0) missing.push('denominator');
	} else if (column('value') < 0) missing.push('value');
	if (missing.length > 0) {
		throw new CliError(`${file}, Zeile ${records[0].line}: Spalte(n) fehlen: ${missing.join(', ')} (${FORMAT_HINT}).`);
	}
	const duplicateHeader = header.find((h, i) => header.indexOf(h) !== i);
	if (duplicateHeader) throw new CliError(`${file}, Zeile ${records[0].line}: Spalte „${duplicateHeader}“ ist doppelt.`);
	if (records.length === 1) throw new CliError(`${file}: keine Datenzeilen (nur die Kopfzeile).`);

	const fail = (line: number, problem: string): never => {
		throw new CliError(`${file}, Zeile ${line}: ${problem}`);
	};
	const numberAt = (line: number, name: string, text: string): number | null => {
		const t = text.trim();
		if (t === '') return null;
		if (DECIMAL_COMMA.test(t)) fail(line, `${name} „${t}“ hat ein Dezimalkomma; bitte Dezimalpunkt verwenden (z. B. ${t.replace(',', '.')}).`);
		if (!NUMBER.test(t)) fail(line, `${name} „${t}“ ist keine Zahl.`);
		return Number(t);
	};

	const rows: InputRow[] = [];
	const seen = new Map<string, number>();
	const areaNames = new Map<string, { name: string; line: number }>();
	for (const record of records.slice(1)) {
		const { line, fields } = record;
		if (fields.length !== header.length) {
			const hint = fields.length > header.length ? ' (Dezimalkomma oder Komma im Namen ohne Anführungszeichen?)' : '';
			fail(line, `${fields.length} Felder statt ${header.length}${hint}.`);
		}
		const get = (name: string) => (column(name) >= 0 ? fields[column(name)] : '');
		const areaId = get('area_id').trim();
		const areaName = get('area_name').trim();
		const indicator = get('indicator').trim();
		const yearText = get('year').trim();
		if (!areaId) fail(line, 'area_id ist leer.');
		if (!indicator) fail(line, 'indicator ist leer.');
		if (!/^\d{4}$/.test(yearText)) fail(line, `Jahr „${yearText}“ ist keine vierstellige ganze Zahl.`);
		const value = numberAt(line, 'Wert', get('value'));
		const numerator = numberAt(line, 'Zähler', get('numerator'));
		const denominator = numberAt(line, 'Nenner', get('denominator'));
		if ((numerator === null) !== (denominator === null)) fail(line, 'Zähler und Nenner nur gemeinsam angeben (oder beide leer lassen).');
		if ((numerator ?? 0) < 0 || (denominator ?? 0) < 0) fail(line, 'Zähler und Nenner dürfen nicht negativ sein.');
		const key = `${areaId}\u0000${indicator}\u0000${yearText}`;
		const first = seen.get(key);
		if (first !== undefined) fail(line, `doppelter Eintrag für Gebiet „${areaId}“, Indikator „${indicator}“, Jahr ${yearText} (schon in Zeile ${first}).`);
		seen.set(key, line);
		const known = areaNames.get(areaId);
		if (!known) areaNames.set(areaId, { name: areaName || areaId, line });
		else if (areaName && known.name !== areaName) {
			fail(line, `Gebiet „${areaId}“ heißt hier „${areaName}“, in Zeile ${known.line} aber „${known.name}“.`);
		}
		rows.push({ line, area_id: areaId, area_name: areaName, indicator, year: Number(yearText), value, numerator, denominator });
	}

	const byId = new Map(catalogue.map((c) => [c.id, c]));
	const indicatorIds = [...new Set(rows.map((r) => r.indicator))];
	const indicators = indicatorIds.map((id, sort): InputIndicator => {
		const own = rows.filter((r) => r.indicator === id);
		const withCounts = own.filter((r) => r.denominator !== null);
		const valueOnly = own.filter((r) => r.denominator === null && r.value !== null);
		if (withCounts.length > 0 && valueOnly.length > 0) {
			fail(valueOnly[0].line, `Indikator „${id}“ hat in Zeile ${withCounts[0].line} Zähler/Nenner, hier nur einen Wert; bitte einheitlich angeben.`);
		}
		const entry = byId.get(id);
		if (entry) {
			return {
				id, label: entry.label, scale: entry.scale, polarity: entry.polarity, factor: entry.factor, sort,
				min_base: withCounts.length > 0 ? entry.min_base : 0
			};
		}
		return { id, label: id, scale: impliedScale(withCounts), polarity: 1, factor: null, sort, min_base: withCounts.length > 0 ? DEFAULT_MIN_BASE : 0 };
	});
	const areas = [...areaNames.entries()].map(([id, a], sort) => ({ id, name: a.name, sort }));
	return { rows, areas, indicators };
}

/** Power of ten that turns numerator/denominator into the given values (1 when unknown). */
function impliedScale(rows: readonly InputRow[]): number {
	const ratios = rows
		.filter((r) => r.value !== null && r.numerator !== null && r.numerator > 0 && (r.denominator ?? 0) > 0)
		.map((r) => r.value! / (r.numerator! / r.denominator!))
		.filter((x) => Number.isFinite(x) && x > 0)
		.sort((a, b) => a - b);
	if (ratios.length === 0) return 1;
	const median = ratios[Math.floor(ratios.length / 2)];
	return 10 ** Math.max(0, Math.min(6, Math.round(Math.log10(median))));
}

/** The app catalogue (`data/indicators.json`); empty when the file is absent. */
export function readCatalogue(): Catalogue['indicators'] {
	if (!existsSync(CATALOGUE_FILE)) return [];
	return (JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')) as Catalogue).indicators;
}

/**
 * Reads and checks `--input FILE` (no database needed, so errors come fast).
 *
 * @param file the file name as the user wrote it (used in messages)
 * @param path where to read it (default: `file`)
 * @throws CliError naming file, line and problem
 */
export function readLongInput(file: string, path = file): ParsedInput {
	if (!existsSync(path)) throw new CliError(`${file}: Datei nicht gefunden.`);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (e) {
		throw new CliError(`${file}: Datei nicht lesbar (${(e as Error).message}).`);
	}
	return parseLongInput(text, file, readCatalogue());
}

/** Loads a parsed input as the tables `areas`, `indicators`, `vals` (and an empty `neighbours`). */
export async function loadParsedInput(db: Db, parsed: ParsedInput): Promise<void> {
	await loadTables(db, {
		areas: rowsToArrowStream(
			parsed.areas.map((a) => ({ ...a, level: 'ortsteil', parent_id: null, stadtteil_id: null, stadtbezirk_id: null })),
			{ id: 'string', name: 'string', level: 'string', parent_id: 'string', stadtteil_id: 'string', stadtbezirk_id: 'string', sort: 'int' }
		),
		indicators: rowsToArrowStream(parsed.indicators.map((i) => ({ ...i })), {
			id: 'string', label: 'string', scale: 'float', min_base: 'float', polarity: 'int', factor: 'string', sort: 'int'
		}),
		vals: rowsToArrowStream(
			parsed.rows.map((r) => ({
				dataset: 'input',
				area_id: r.area_id,
				indicator_id: r.indicator,
				year: r.year,
				// values only: the engine treats a row without denominator as a plain value (value = numerator)
				numerator: r.denominator === null ? r.value : r.numerator,
				denominator: r.denominator,
				value: r.value,
				status: 'ok'
			})),
			{ dataset: 'string', area_id: 'string', indicator_id: 'string', year: 'int', numerator: 'float', denominator: 'float', value: 'float', status: 'string' }
		),
		neighbours: rowsToArrowStream([], { area_id: 'string', neighbour_id: 'string' })
	});
}

/**
 * Reads `--input FILE` and loads it into the database (`readLongInput` + `loadParsedInput`).
 *
 * @throws CliError naming file, line and problem
 */
export async function loadLongInput(db: Db, file: string, path = file): Promise<ParsedInput> {
	const parsed = readLongInput(file, path);
	await loadParsedInput(db, parsed);
	return parsed;
}
