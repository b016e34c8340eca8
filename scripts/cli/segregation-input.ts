/**
 * Reads the table for `segregation --input FILE` (DESIGN.md §7): one row per
 * area with the persons of the group and of the whole population,
 *
 *   area_id,area_name,group,total
 *   z-01,Musterviertel Nord,120,2400
 *
 * UTF-8 CSV, comma separator, decimal point (counts may be fractional, e.g.
 * estimates), header names case-insensitive, columns in any order, extra
 * columns ignored. An empty `group` or `total` cell marks a suppressed count:
 * the area is left out and reported, like an area with total 0. Every error
 * names the file, the line and the problem (German, for the user).
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../lib/register.ts';
import { CliError } from './types.ts';

export interface SegregationInputRow {
	area_id: string;
	area_name: string;
	group: number;
	total: number;
	/** line in the file (header = 1) */
	line: number;
}

export interface SegregationInput {
	/** areas with counts and a population > 0, in file order */
	rows: SegregationInputRow[];
	/** areas left out, with the reason */
	excluded: { area_id: string; area_name: string; line: number; reason: string }[];
}

const REQUIRED = ['area_id', 'area_name', 'group', 'total'] as const;

/** A count cell: '' → null (suppressed); a finite number ≥ 0; else a CliError naming file and line. */
function count(file: string, line: number, column: string, text: string): number | null {
	const t = text.trim();
	if (t === '') return null;
	if (/^\d+,\d+$/.test(t)) {
		throw new CliError(`${file}, Zeile ${line}: Spalte ${column} „${t}“ hat ein Dezimalkomma – bitte Dezimalpunkt verwenden.`);
	}
	const value = Number(t);
	if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) || !Number.isFinite(value)) {
		throw new CliError(`${file}, Zeile ${line}: Spalte ${column} „${t}“ ist keine Zahl.`);
	}
	if (value < 0) throw new CliError(`${file}, Zeile ${line}: Spalte ${column} ist negativ (${t}).`);
	return value;
}

/**
 * Parses the text of a segregation input table.
 *
 * @param text CSV text
 * @param file file name for messages
 * @throws CliError (German, with file and line) for a missing column, an empty or duplicate area_id, a
 *         non-numeric or negative count, a group larger than its total, or fewer than 2 usable areas
 * @example parseSegregationInput('area_id,area_name,group,total\na,A,1,10\nb,B,5,10\n', 'x.csv').rows.length // → 2
 */
export function parseSegregationInput(text: string, file: string): SegregationInput {
	let parsed: ReturnType<typeof parseCsv>;
	try {
		parsed = parseCsv(text, file);
	} catch (e) {
		throw new CliError((e as Error).message);
	}
	const lower = parsed.header.map((h) => h.toLowerCase());
	const missing = REQUIRED.filter((c) => !lower.includes(c));
	if (missing.length) {
		throw new CliError(
			`${file}, Zeile 1: Spalte${missing.length > 1 ? 'n' : ''} ${missing.join(', ')} fehlt` +
				` (erwartet: ${REQUIRED.join(',')}; gefunden: ${parsed.header.join(',')}).`
		);
	}
	const col = (c: string) => parsed.header[lower.indexOf(c)];
	const rows: SegregationInputRow[] = [];
	const excluded: SegregationInput['excluded'] = [];
	const seen = new Map<string, number>();
	for (const { line, values } of parsed.rows) {
		const id = values[col('area_id')].trim();
		const name = values[col('area_name')].trim() || id;
		if (!id) throw new CliError(`${file}, Zeile ${line}: area_id ist leer.`);
		const earlier = seen.get(id);
		if (earlier !== undefined) throw new CliError(`${file}, Zeile ${line}: area_id „${id}“ kommt schon in Zeile ${earlier} vor.`);
		seen.set(id, line);
		const group = count(file, line, 'group', values[col('group')]);
		const total = count(file, line, 'total', values[col('total')]);
		if (group === null || total === null) {
			excluded.push({ area_id: id, area_name: name, line, reason: 'Anzahl fehlt (leere Zelle)' });
			continue;
		}
		if (group > total) {
			throw new CliError(`${file}, Zeile ${line}: group (${group}) ist größer als total (${total}) für „${id}“.`);
		}
		if (total === 0) {
			excluded.push({ area_id: id, area_name: name, line, reason: 'keine Bevölkerung (total 0)' });
			continue;
		}
		rows.push({ area_id: id, area_name: name, group, total, line });
	}
	if (rows.length < 2) {
		throw new CliError(`${file}: mindestens 2 Gebiete mit group und total > 0 nötig (gefunden: ${rows.length}).`);
	}
	const groupSum = rows.reduce((s, r) => s + r.group, 0);
	const totalSum = rows.reduce((s, r) => s + r.total, 0);
	if (groupSum === 0) throw new CliError(`${file}: die Gruppe ist in allen Gebieten 0 – Segregation nicht definiert.`);
	if (groupSum === totalSum) throw new CliError(`${file}: group = total in allen Gebieten – es gibt keine übrige Bevölkerung.`);
	return { rows, excluded };
}

/**
 * Reads and parses a segregation input file.
 *
 * @throws CliError when the file cannot be read, or as `parseSegregationInput`
 */
export function readSegregationInput(path: string): SegregationInput {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		throw new CliError(`${path}: Datei kann nicht gelesen werden${code === 'ENOENT' ? ' (nicht gefunden)' : ''}.`);
	}
	return parseSegregationInput(text, path);
}
