/**
 * Reads and validates the committed area register in `data/areas/`
 * (Ortsteile, Stadtteile, Stadtbezirke, name aliases).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alias, Ortsteil, Register, Stadtbezirk, Stadtteil } from '../../src/lib/data/contract.ts';
import { createAreaMatcher, normalizeName } from '../../src/lib/data/names.ts';

/** One data row of a CSV file with its 1-based line number (header = line 1). */
export interface CsvRow {
	line: number;
	values: Record<string, string>;
}

/**
 * Parses CSV text (RFC 4180: comma separator, fields optionally in double quotes,
 * "" escapes a quote, quoted fields may contain commas and line breaks; CRLF or LF;
 * a leading UTF-8 BOM is ignored). Returns the header and one record per data row.
 * Fully empty lines are skipped. `line` is the line on which the record starts.
 */
export function parseCsv(text: string, file = 'CSV'): { header: string[]; rows: CsvRow[] } {
	const records = splitCsvRecords(text.replace(/^\uFEFF/, ''), file);
	if (records.length === 0) throw new Error(`${file}: Datei ist leer (Kopfzeile fehlt).`);
	const header = records[0].fields.map((h) => h.trim());
	const rows: CsvRow[] = [];
	for (const rec of records.slice(1)) {
		if (rec.fields.length === 1 && rec.fields[0] === '') continue;
		if (rec.fields.length !== header.length) {
			throw new Error(
				`${file}, Zeile ${rec.line}: ${rec.fields.length} Felder statt ${header.length} (Kopfzeile: ${header.join(',')}).`
			);
		}
		const values: Record<string, string> = {};
		header.forEach((h, i) => (values[h] = rec.fields[i]));
		rows.push({ line: rec.line, values });
	}
	return { header, rows };
}

/** Splits CSV text into records of raw field strings (quotes resolved). */
function splitCsvRecords(text: string, file: string): { line: number; fields: string[] }[] {
	const records: { line: number; fields: string[] }[] = [];
	let fields: string[] = [];
	let field = '';
	let inQuotes = false;
	let line = 1;
	let recordLine = 1;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inQuotes) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') inQuotes = false;
			else {
				if (c === '\n') line++;
				field += c;
			}
		} else if (c === '"') inQuotes = true;
		else if (c === ',') {
			fields.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			fields.push(field);
			records.push({ line: recordLine, fields });
			fields = [];
			field = '';
			line++;
			recordLine = line;
		} else field += c;
	}
	if (inQuotes) throw new Error(`${file}, Zeile ${recordLine}: Anführungszeichen wird nicht geschlossen.`);
	if (field !== '' || fields.length > 0) {
		fields.push(field);
		records.push({ line: recordLine, fields });
	}
	return records;
}

/** Reads `file` in `dir` and checks that the required columns exist and are non-empty. */
function readTable(dir: string, file: string, columns: string[]): CsvRow[] {
	let text: string;
	try {
		text = readFileSync(join(dir, file), 'utf8');
	} catch {
		throw new Error(`Gebietsregister: Datei ${join(dir, file)} kann nicht gelesen werden.`);
	}
	const { header, rows } = parseCsv(text, file);
	const missing = columns.filter((c) => !header.includes(c));
	if (missing.length > 0) {
		throw new Error(`${file}: Spalte(n) ${missing.join(', ')} fehlen (vorhanden: ${header.join(', ')}).`);
	}
	for (const row of rows) {
		for (const c of columns) {
			row.values[c] = row.values[c].trim();
			if (row.values[c] === '') throw new Error(`${file}, Zeile ${row.line}: Feld „${c}“ ist leer.`);
		}
	}
	return rows;
}

/** Throws if an id occurs twice in `rows`; returns the set of ids. */
function uniqueIds(file: string, rows: CsvRow[]): Set<string> {
	const seen = new Map<string, number>();
	for (const { line, values } of rows) {
		const first = seen.get(values.id);
		if (first !== undefined) {
			throw new Error(`${file}, Zeile ${line}: id „${values.id}“ ist doppelt (bereits in Zeile ${first}).`);
		}
		seen.set(values.id, line);
	}
	return new Set(seen.keys());
}

/** Throws if `column` of some row refers to an id that is not in `targets`. */
function checkReferences(file: string, rows: CsvRow[], column: string, targets: Set<string>, targetFile: string): void {
	for (const { line, values } of rows) {
		if (!targets.has(values[column])) {
			throw new Error(`${file}, Zeile ${line}: ${column} „${values[column]}“ gibt es nicht in ${targetFile}.`);
		}
	}
}

/** Throws if some row of `parents` is not referenced by any row of `children` (an empty area). */
function checkNotEmpty(file: string, parents: CsvRow[], children: CsvRow[], column: string, childFile: string): void {
	const used = new Set(children.map((r) => r.values[column]));
	for (const { line, values } of parents) {
		if (!used.has(values.id)) throw new Error(`${file}, Zeile ${line}: „${values.id}“ hat keine Einträge in ${childFile}.`);
	}
}

/**
 * Throws if an Ortsteil name or alias cannot be resolved to exactly one Ortsteil,
 * e.g. because two names normalise to the same key (see `normalizeName`).
 */
function checkNamesUnambiguous(ortsteile: CsvRow[], aliases: CsvRow[]): void {
	const matcher = createAreaMatcher(
		ortsteile.map((r) => ({ id: r.values.id, name: r.values.name })),
		aliases.map((r) => ({ alias: r.values.alias, id: r.values.ortsteil_id }))
	);
	const check = (file: string, row: CsvRow, name: string) => {
		const ids = matcher.ambiguous(name);
		if (ids.length > 0) {
			throw new Error(
				`${file}, Zeile ${row.line}: Name „${name}“ ist nicht eindeutig (Schlüssel „${normalizeName(name)}“ passt zu ${ids.join(', ')}).`
			);
		}
	};
	for (const r of ortsteile) check('ortsteile.csv', r, r.values.name);
	for (const r of aliases) check('aliases.csv', r, r.values.alias);
}

/**
 * Reads the area register from `dir` (ortsteile.csv, stadtteile.csv,
 * stadtbezirke.csv, aliases.csv; UTF-8, comma-separated, register order = row order)
 * and validates it: ids unique per file, every stadtteil_id / stadtbezirk_id /
 * alias target exists, every Stadtteil/Stadtbezirk has children, names and
 * aliases resolve unambiguously. Throws an Error
 * with a German message naming file and line on the first problem.
 */
export function readRegister(dir = 'data/areas'): Register {
	const ot = readTable(dir, 'ortsteile.csv', ['id', 'name', 'stadtteil_id']);
	const st = readTable(dir, 'stadtteile.csv', ['id', 'name', 'stadtbezirk_id']);
	const sb = readTable(dir, 'stadtbezirke.csv', ['id', 'name']);
	const al = readTable(dir, 'aliases.csv', ['alias', 'ortsteil_id']);

	const otIds = uniqueIds('ortsteile.csv', ot);
	const stIds = uniqueIds('stadtteile.csv', st);
	const sbIds = uniqueIds('stadtbezirke.csv', sb);
	checkReferences('ortsteile.csv', ot, 'stadtteil_id', stIds, 'stadtteile.csv');
	checkReferences('stadtteile.csv', st, 'stadtbezirk_id', sbIds, 'stadtbezirke.csv');
	checkReferences('aliases.csv', al, 'ortsteil_id', otIds, 'ortsteile.csv');
	checkNotEmpty('stadtteile.csv', st, ot, 'stadtteil_id', 'ortsteile.csv');
	checkNotEmpty('stadtbezirke.csv', sb, st, 'stadtbezirk_id', 'stadtteile.csv');
	checkNamesUnambiguous(ot, al);

	const ortsteile: Ortsteil[] = ot.map(({ values: v }) => ({ id: v.id, name: v.name, stadtteil_id: v.stadtteil_id }));
	const stadtteile: Stadtteil[] = st.map(({ values: v }) => ({ id: v.id, name: v.name, stadtbezirk_id: v.stadtbezirk_id }));
	const stadtbezirke: Stadtbezirk[] = sb.map(({ values: v }) => ({ id: v.id, name: v.name }));
	const aliases: Alias[] = al.map(({ values: v }) => ({ alias: v.alias, ortsteil_id: v.ortsteil_id }));
	return { ortsteile, stadtteile, stadtbezirke, aliases };
}
