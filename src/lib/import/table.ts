/**
 * The table import pipeline: bytes → text → grid → header, layout, mapping,
 * decimal style → validated value rows. CSV/TSV come in as bytes here;
 * XLSX worksheets come in as a grid (`interpretGrid`) from `xlsx.ts`.
 *
 * Contract: never throws; returns `{ ok: true, rows, warnings, report }`
 * only if not a single error was found, else `{ ok: false, errors, … }`
 * without any rows. The caller swaps the whole dataset or nothing.
 */
import type { Catalogue, Register } from '../data/contract.ts';
import { parseDelimited } from './csv.ts';
import { decodeText, encodingLabel, sniffBinary } from './decode.ts';
import { issue, lineList, plural } from './issues.ts';
import { mappingGaps, mergeMapping, suggestIndicator, suggestMapping } from './mapping.ts';
import { inferDecimalStyle } from './numbers.ts';
import { cellText, countFooterRows, detectHeaderRow, detectSeparator, separatorLabel } from './sniff.ts';
import type {
	ColumnMapping,
	DecimalStyle,
	Encoding,
	ImportIssue,
	ImportResult,
	RawCell,
	RawGrid,
	Separator,
	TableReport
} from './types.ts';
import { buildRows } from './validate.ts';
import { defaultYearRange } from './years.ts';

/**
 * Options of a table import. Only `register` is required; everything else is
 * detected and can be overridden by the wizard (or CLI flags) after the user
 * has seen the report.
 */
export interface ImportTableOptions {
	/** file name for messages and for suggesting the indicator; default "Datei" */
	fileName?: string;
	/** the area register (Ortsteile, aliases; optional numbers) */
	register: Register;
	/** the indicator catalogue: indicator names, units (share checks), scale; strongly recommended */
	catalogue?: Catalogue;
	encoding?: Encoding;
	separator?: Separator;
	decimal?: DecimalStyle;
	/** 1-based line (CSV) or row (XLSX) of the header */
	headerLine?: number;
	/** the user's mapping; `indicator` is where the wizard puts the chosen indicator of a wide table */
	mapping?: Partial<ColumnMapping>;
	/** official number → Ortsteil id (the register has no numbers yet) */
	areaNumbers?: Record<string, string>;
	/** area key from `AttentionItem.key` → Ortsteil id, or null to leave those rows out */
	areaAssignments?: Record<string, string | null>;
	/** indicator name from the file → catalogue id, or null to leave those rows out */
	indicatorAssignments?: Record<string, string | null>;
	/** plausible years [from, to]; default 1950 … next year */
	yearRange?: [number, number];
	/** read "-" as 0 ("nichts vorhanden") instead of suppressed; default false */
	dashAsZero?: boolean;
	/** XLSX: sheet name; default the first visible sheet */
	sheet?: string;
}

/** Report skeleton for early failures (nothing detected yet). */
export function emptyReport(file: string, format: 'csv' | 'xlsx'): TableReport {
	return {
		file,
		format,
		decimal: 'comma',
		headerLine: 0,
		header: [],
		titleLines: [],
		layout: 'long',
		mapping: { layout: 'long', columns: {}, yearColumns: [] },
		preview: [],
		counts: { dataRows: 0, importRows: 0, attentionRows: 0, skippedRows: 0, values: 0, suppressed: 0, missing: 0 },
		summary: 'Noch nichts importiert.',
		numbers: []
	};
}

/** A failed result with one error. */
export function failure(report: TableReport, errors: ImportIssue[], warnings: ImportIssue[] = []): ImportResult {
	return { ok: false, errors, warnings, attention: [], report: { ...report, summary: `Noch nichts importiert: ${errors[0]?.message ?? ''}` } };
}

const BINARY_MESSAGES: Record<string, string> = {
	zip: 'Die Datei ist ein ZIP-Archiv (z. B. eine Excel-Arbeitsmappe .xlsx) und keine Text-Tabelle.',
	xls: 'Alte Excel-Dateien (.xls) werden nicht unterstützt – bitte in Excel als .xlsx oder als „CSV (Trennzeichen-getrennt)“ speichern.',
	pdf: 'PDF-Dateien können nicht importiert werden – bitte die Tabelle als CSV oder XLSX exportieren.',
	binary: 'Die Datei ist keine Text-Tabelle (sie enthält Binärdaten).'
};

/**
 * Imports a delimited text table (CSV, TSV, "Text (Tab)", Ortsteilatlas
 * export). See `ImportTableOptions` for what can be overridden and
 * `ImportResult` for the all-or-nothing contract. Synchronous; XLSX files go
 * through `importFile` (index.ts), which unzips them first.
 */
export function importTable(bytes: Uint8Array, options: ImportTableOptions): ImportResult {
	const file = options.fileName ?? 'Datei';
	const report = emptyReport(file, 'csv');
	try {
		if (bytes.length === 0) return failure(report, [issue('error', 'file-empty', { file }, 'Die Datei ist leer.')]);
		const binary = sniffBinary(bytes);
		if (binary) return failure(report, [issue('error', binary === 'zip' ? 'file-zip' : binary === 'xls' ? 'file-xls' : 'file-binary', { file }, BINARY_MESSAGES[binary])]);

		const decoded = decodeText(bytes, options.encoding);
		const warnings: ImportIssue[] = [issue('info', 'encoding', { file }, decoded.note)];
		if (decoded.mojibake) {
			warnings.push(issue('warning', 'mojibake', { file }, `Umlaute sehen doppelt kodiert aus (z. B. „Ã¤“ statt „ä“) – die Datei wurde als ${encodingLabel(decoded.encoding)} gelesen; bitte die Zeichenkodierung prüfen.`));
		}
		// Excel's separator hint "sep=;" in the first line: honour it, keep the line numbers
		const hint = /^sep=([;,\t])[ \t]*(?=\r?\n|\r|$)/i.exec(decoded.text);
		const text = hint ? decoded.text.slice(hint[0].length) : decoded.text;
		const separator = options.separator ?? (hint?.[1] as Separator | undefined) ?? detectSeparator(text);
		const { records, problems } = parseDelimited(text, separator);
		const errors: ImportIssue[] = [];
		for (const p of problems) {
			if (p.kind === 'unclosed-quote') {
				errors.push(issue('error', 'csv-unclosed-quote', { file, line: p.line }, 'Ein Anführungszeichen wird bis zum Dateiende nicht geschlossen – der Rest der Datei wäre ein einziges Feld.'));
			}
		}
		const stray = problems.filter((p) => p.kind === 'stray-quote').map((p) => p.line);
		if (stray.length > 0) {
			warnings.push(issue('warning', 'csv-stray-quote', { file, line: stray[0] }, `Text direkt nach einem schließenden Anführungszeichen (${lineList(stray)}) – angehängt wie in Excel; bitte prüfen.`));
		}
		const base: TableReport = { ...report, encoding: decoded.encoding, separator };
		const grid: RawGrid = { rows: records.map((r) => ({ line: r.line, cells: r.fields })) };
		return interpretGrid(grid, base, options, errors, warnings);
	} catch (e) {
		return failure(report, [issue('error', 'internal', { file }, `Interner Fehler beim Lesen: ${(e as Error)?.message ?? String(e)}`)]);
	}
}

/**
 * The format-independent part: finds header, title and footer lines, the
 * layout and mapping, the decimal style, then builds and validates the rows.
 * `errors`/`warnings` carry findings of the reading step.
 */
export function interpretGrid(
	grid: RawGrid,
	base: TableReport,
	options: ImportTableOptions,
	readErrors: ImportIssue[] = [],
	readWarnings: ImportIssue[] = []
): ImportResult {
	const file = base.file;
	const errors = [...readErrors];
	const warnings = [...readWarnings];
	const rows = grid.rows;

	const headerIndex = options.headerLine !== undefined ? rows.findIndex((r) => r.line === options.headerLine) : detectHeaderRow(grid);
	if (headerIndex < 0) {
		const text = options.headerLine !== undefined ? `Zeile ${options.headerLine} gibt es nicht.` : 'Keine Kopfzeile gefunden – bitte die Zeile mit den Spaltennamen wählen.';
		return failure(base, [...errors, issue('error', 'header-missing', { file }, text)], warnings);
	}
	const headerRow = rows[headerIndex];
	const titleLines = rows.slice(0, headerIndex).map((r) => r.cells.map(cellText).filter((t) => t !== '').join(' ')).filter((t) => t !== '');
	if (titleLines.length > 0) {
		warnings.push(issue('info', 'title-lines', { file, line: headerRow.line }, `${plural(titleLines.length, 'Titelzeile', 'Titelzeilen')} über der Kopfzeile übersprungen: ${titleLines.map((t) => `„${t}“`).join(', ')}.`));
	}
	const headerCells = trimTrailing(headerRow.cells);
	const header = displayNames(headerCells);

	// data rows: drop footers at the end and empty rows, keep line numbers
	let body = rows.slice(headerIndex + 1);
	const footerCount = countFooterRows(body);
	const footers = body.slice(body.length - footerCount).filter((r) => r.cells.some((c) => cellText(c) !== ''));
	body = body.slice(0, body.length - footerCount);
	if (footers.length > 0) {
		warnings.push(issue('info', 'footer-lines', { file, line: footers[0].line }, `${plural(footers.length, 'Fußzeile', 'Fußzeilen')} unter den Daten übersprungen: ${footers.map((r) => `„${cellText(r.cells.find((c) => cellText(c) !== ''))}“`).join(', ')}.`));
	}
	const emptyLines = body.filter((r) => r.cells.every((c) => cellText(c) === '')).map((r) => r.line);
	body = body.filter((r) => r.cells.some((c) => cellText(c) !== ''));
	if (emptyLines.length > 0) warnings.push(issue('info', 'empty-lines', { file, line: emptyLines[0] }, `${plural(emptyLines.length, 'leere Zeile', 'leere Zeilen')} übersprungen (${lineList(emptyLines)}).`));

	// ragged rows: extra filled cells are an error (a separator inside a name or number?), missing ones are empty
	const width = header.length;
	const short: number[] = [];
	for (const r of body) {
		const cells = trimTrailing(r.cells);
		if (cells.length > width) {
			errors.push(issue('error', 'csv-extra-fields', { file, line: r.line }, `${cells.length} Felder, die Kopfzeile hat ${width} – steht das Trennzeichen in einem Namen oder einer Zahl? (Inhalt: ${cells.map((c) => `„${cellText(c)}“`).join(' | ')})`));
		} else if (base.format === 'csv' && r.cells.length < width) short.push(r.line);
	}
	if (short.length > 0) {
		warnings.push(issue('warning', 'csv-missing-fields', { file, line: short[0] }, `${plural(short.length, 'Zeile hat', 'Zeilen haben')} weniger Felder als die Kopfzeile (${lineList(short)}) – fehlende Felder gelten als leer.`));
	}

	const dataCells = body.map((r) => r.cells);
	const suggested = suggestMapping(headerCells, dataCells.slice(0, 50));
	const suggestedIndicator = suggestIndicator([...titleLines, file.replace(/\.[a-z0-9]+$/i, '')], options.catalogue);
	const mapping = mergeMapping(suggested, options.mapping);
	const decimalInput = numericCells(dataCells, mapping);
	const inference = inferDecimalStyle(decimalInput, base.separator);
	const decimal = options.decimal ?? inference.style;
	const report: TableReport = {
		...base,
		decimal,
		decimalNote: options.decimal ? undefined : inference.note,
		headerLine: headerRow.line,
		header,
		titleLines,
		layout: mapping.layout,
		mapping,
		suggestedIndicator,
		preview: body.slice(0, 10).map((r) => header.map((_, i) => cellText(r.cells[i]))),
		counts: { ...base.counts, dataRows: body.length }
	};
	if (base.separator) warnings.push(issue('info', 'format', { file }, `Trennzeichen: ${separatorLabel(base.separator)}.`));
	if (!options.decimal && inference.note) {
		warnings.push(issue(inference.mixed ? 'warning' : 'info', inference.mixed ? 'decimal-mixed' : 'decimal-ambiguous', { file }, inference.note));
	}

	const used = new Set([...Object.values(mapping.columns), ...(mapping.layout === 'wide' ? mapping.yearColumns.map((y) => y.column) : [])]);
	const unused = header.filter((_, i) => !used.has(i) && dataCells.some((r) => cellText(r[i]) !== ''));
	if (unused.length > 0) {
		warnings.push(issue('info', 'format', { file }, `${plural(unused.length, 'Spalte ist', 'Spalten sind')} keiner Rolle zugeordnet und ${unused.length === 1 ? 'wird' : 'werden'} nicht übernommen: ${unused.map((h) => `„${h}“`).join(', ')}.`));
	}
	const gaps = mappingGaps(mapping, width);
	if (gaps.length > 0) {
		const gapErrors = gaps.map((g) => issue('error', 'mapping-incomplete', { file }, g));
		return { ok: false, errors: [...errors, ...gapErrors], warnings, attention: [], report: { ...report, summary: `Noch nichts importiert: ${gaps[0]}` } };
	}

	const built = buildRows({
		file,
		header,
		rows: body,
		mapping,
		decimal,
		register: options.register,
		catalogue: options.catalogue,
		areaNumbers: options.areaNumbers,
		areaAssignments: options.areaAssignments,
		indicatorAssignments: options.indicatorAssignments,
		yearRange: options.yearRange ?? defaultYearRange(),
		dashAsZero: options.dashAsZero
	});
	errors.push(...built.errors);
	warnings.push(...built.warnings);
	if (built.rows.length === 0 && built.errors.length === 0 && errors.length === 0) {
		errors.push(issue('error', 'no-rows', { file }, 'Die Datei enthält keine Ortsteilwerte.'));
	}
	const counts = built.counts;
	const final: TableReport = { ...report, counts, numbers: built.numbers };
	const skipped = counts.skippedRows > 0 ? `, ${plural(counts.skippedRows, 'Zeile', 'Zeilen')} ausgelassen (Summen oder bewusst ausgelassen)` : '';
	if (errors.length === 0) {
		final.summary = `${plural(counts.importRows, 'Zeile', 'Zeilen')} importiert, 0 Zeilen brauchen Aufmerksamkeit${skipped}.`;
		return { ok: true, rows: built.rows, warnings, report: final };
	}
	errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)); // file-level first, then in file order (stable)
	const attention = counts.attentionRows > 0
		? `${plural(counts.attentionRows, 'Zeile braucht', 'Zeilen brauchen')} Aufmerksamkeit`
		: `${plural(errors.length, 'Fehler', 'Fehler')} in der Datei`;
	final.summary = `${plural(counts.importRows, 'Zeile', 'Zeilen')} importierbar, ${attention}${skipped} – noch nichts importiert.`;
	return { ok: false, errors, warnings, attention: built.attention, report: final };
}

/** Cells that hold numbers under the mapping (value, numerator, denominator or year columns). */
function numericCells(rows: RawCell[][], m: ColumnMapping): RawCell[] {
	const cols = m.layout === 'wide' ? m.yearColumns.map((y) => y.column) : [m.columns.value, m.columns.numerator, m.columns.denominator].filter((c): c is number => c !== undefined);
	const out: RawCell[] = [];
	for (const r of rows) for (const c of cols) if (r[c] !== undefined) out.push(r[c]);
	return out;
}

function trimTrailing(cells: RawCell[]): RawCell[] {
	let n = cells.length;
	while (n > 0 && cellText(cells[n - 1]) === '') n--;
	return cells.slice(0, n);
}

/** Column names for display: blank headers become "Spalte n", repeated names get their column number. */
function displayNames(cells: RawCell[]): string[] {
	const texts = cells.map((c, i) => cellText(c) || `Spalte ${i + 1}`);
	const count = new Map<string, number>();
	for (const t of texts) count.set(t, (count.get(t) ?? 0) + 1);
	return texts.map((t, i) => ((count.get(t) ?? 0) > 1 ? `${t} (Spalte ${i + 1})` : t));
}
