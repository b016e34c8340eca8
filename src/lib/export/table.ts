/**
 * Data export of a table in three formats, from one description:
 *
 * - `csv-de`: for German Excel — UTF-8 with BOM (Excel otherwise reads
 *   cp1252), ";" between fields, decimal comma, no thousands separator, CRLF.
 *   A header block comes first (title, Demodaten note, source, settings,
 *   export date), then one empty line, then the table with its header row.
 * - `csv`: plain data for R, Python, QGIS — "," and decimal point, UTF-8
 *   without BOM, only the header row and the data; with demo data a last
 *   column "Hinweis" carries the Demodaten mark on every row.
 * - `xlsx`: sheet "Daten" (bold, frozen header row; numbers as numbers with
 *   the column's decimals; "Hinweis" column as in `csv`) and sheet
 *   "Quellen und Methode" (title, source, Demodaten note, settings, export date).
 *
 * Missing values are empty cells, never 0. Used by every table of the app
 * (ranking, index, segregation) and meant for reuse by other views.
 *
 * @example exportTable({ columns: [{ key: 'name', label: 'Gebiet', type: 'text' }], rows: [{ name: 'Tenever' }],
 *   meta: { title: 'Test', source: 'Quelle: X', demo: true, settings: {} } }, 'csv-de').filename // → "sozialraum_test.csv"
 */
import { exportFilename } from './filename.ts';
import { DEMO_MARK, DEMO_NOTE, APP_NAME, formatExportDate } from './meta.ts';
import { writeXlsx, type XlsxCell } from './xlsx-writer.ts';
import type { ExportFile } from './download.ts';

export interface TableColumn {
	key: string;
	label: string;
	type: 'text' | 'number';
	/** fixed decimals for numbers (CSV text and the XLSX number format); default: as many as the value has */
	decimals?: number;
}

export interface TableMeta {
	title: string;
	/** "Quelle: … Stand …" */
	source: string;
	/** synthetic data: header block, "Hinweis" column and a note on the second sheet */
	demo: boolean;
	/** method settings shown in the header block / second sheet, label → value (e.g. { Ebene: 'Ortsteil', Jahr: 2023 }) */
	settings: Readonly<Record<string, string | number>>;
	/** default: now */
	exportedAt?: Date;
	/** parts of the file name (see exportFilename); default: the title */
	filename?: readonly (string | number | null | undefined)[];
}

export interface ExportTable {
	columns: readonly TableColumn[];
	rows: readonly Readonly<Record<string, unknown>>[];
	meta: TableMeta;
}

export type TableFormat = 'csv-de' | 'csv' | 'xlsx';

const NOTE_COLUMN = 'Hinweis';

function numberOf(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) ? n : null;
}

/** Plain decimal notation (never "1e-7"), point as separator. */
function plainNumber(n: number, decimals: number | undefined): string {
	if (decimals !== undefined) return n.toFixed(decimals);
	return new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 15 }).format(n);
}

/** Text of one cell in CSV, before quoting. */
function cellText(value: unknown, column: TableColumn, decimalComma: boolean): string {
	if (column.type === 'number') {
		const n = numberOf(value);
		if (n === null) return '';
		const s = plainNumber(n, column.decimals);
		return decimalComma ? s.replace('.', ',') : s;
	}
	if (value === null || value === undefined) return '';
	const s = String(value);
	// A text starting with = + @ would be run as a formula by spreadsheet programs.
	return /^[=+@\t\r]/.test(s) ? `'${s}` : s;
}

/** RFC 4180 quoting: fields with the separator, quotes, line breaks or outer spaces are quoted. */
export function csvField(text: string, separator: string): string {
	return text.includes(separator) || /["\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (fields: readonly string[], sep: string) => fields.map((f) => csvField(f, sep)).join(sep);

/** The header block of the German CSV and the rows of the second XLSX sheet. */
export function metaRows(meta: TableMeta): [string, string][] {
	const rows: [string, string][] = [['Titel', meta.title]];
	if (meta.demo) rows.push(['Hinweis', DEMO_NOTE]);
	rows.push(['Quelle', meta.source.replace(/^Quelle:\s*/, '')]);
	for (const [k, v] of Object.entries(meta.settings)) rows.push([k, String(v)]);
	rows.push(['Exportiert am', formatExportDate(meta.exportedAt ?? new Date())]);
	rows.push(['Erstellt mit', APP_NAME]);
	return rows;
}

/** CSV for German Excel: BOM, ";", decimal comma, header block, empty line, table. */
export function csvGerman(table: ExportTable): string {
	const sep = ';';
	const out = metaRows(table.meta).map(([k, v]) => line([k, v], sep));
	out.push('');
	out.push(line(table.columns.map((c) => c.label), sep));
	for (const row of table.rows) out.push(line(table.columns.map((c) => cellText(row[c.key], c, true)), sep));
	return `\ufeff${out.join('\r\n')}\r\n`;
}

/** Plain CSV: ",", decimal point, header row and data only (+ "Hinweis" column with demo data). */
export function csvPlain(table: ExportTable): string {
	const sep = ',';
	const demo = table.meta.demo;
	const out = [line([...table.columns.map((c) => c.label), ...(demo ? [NOTE_COLUMN] : [])], sep)];
	for (const row of table.rows) out.push(line([...table.columns.map((c) => cellText(row[c.key], c, false)), ...(demo ? [DEMO_MARK] : [])], sep));
	return `${out.join('\r\n')}\r\n`;
}

/** XLSX bytes: "Daten" and "Quellen und Methode". */
export function xlsxTable(table: ExportTable): Uint8Array {
	const demo = table.meta.demo;
	const header: XlsxCell[] = [...table.columns.map((c) => c.label), ...(demo ? [NOTE_COLUMN] : [])];
	const data = table.rows.map((row) => [
		...table.columns.map((c): XlsxCell => {
			if (c.type === 'number') {
				const n = numberOf(row[c.key]);
				return c.decimals !== undefined ? { value: n, decimals: c.decimals } : n;
			}
			const v = row[c.key];
			return v === null || v === undefined ? null : String(v);
		}),
		...(demo ? [DEMO_MARK] : [])
	]);
	const info: XlsxCell[][] = metaRows(table.meta).map(([k, v]) => [{ bold: k }, v]);
	info.push([]);
	info.push([{ bold: 'Spalten' }]);
	for (const c of table.columns) info.push([c.label, c.type === 'number' ? `Zahl${c.decimals !== undefined ? `, ${c.decimals} Nachkommastellen` : ''}` : 'Text']);
	return writeXlsx(
		[
			{ name: 'Daten', rows: [header, ...data], headerRows: 1 },
			{ name: 'Quellen und Methode', rows: info, columnWidths: [24, 100] }
		],
		table.meta.exportedAt
	);
}

/**
 * The table as a file. File names from `meta.filename` (or the title):
 * `….csv` (German Excel), `…_international.csv` (plain), `….xlsx`.
 */
export function exportTable(table: ExportTable, format: TableFormat): ExportFile {
	const parts = table.meta.filename ?? [table.meta.title];
	switch (format) {
		case 'csv-de':
			return { blob: new Blob([csvGerman(table)], { type: 'text/csv;charset=utf-8' }), filename: exportFilename(parts, 'csv') };
		case 'csv':
			return { blob: new Blob([csvPlain(table)], { type: 'text/csv;charset=utf-8' }), filename: exportFilename([...parts, 'international'], 'csv') };
		case 'xlsx':
			return {
				blob: new Blob([xlsxTable(table) as Uint8Array<ArrayBuffer>], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
				filename: exportFilename(parts, 'xlsx')
			};
		default:
			throw new RangeError(`exportTable: unbekanntes Format „${format as string}“`);
	}
}
