/**
 * Types shared by the import modules (tables and boundaries). Plain data only,
 * so results can cross a worker boundary, be shown by the wizard and printed by
 * the CLI.
 *
 * The central promise of the import: nothing lost, nothing injected. Every data
 * cell of a file either becomes a value row (with status `ok`, `gesperrt` or
 * `fehlt`), or is named in an issue; and an import with any error returns no
 * rows at all (`ok: false`), so a caller can only ever swap in a complete,
 * validated dataset.
 */
import type { ValueRow } from '../data/contract.ts';

export type Severity = 'error' | 'warning' | 'info';

/** Stable machine codes of import issues (the UI may group or filter by them). */
export type IssueCode =
	// file level
	| 'internal'
	| 'file-empty'
	| 'file-binary'
	| 'file-xls'
	| 'file-zip'
	| 'encoding'
	| 'format'
	| 'mojibake'
	| 'xlsx'
	| 'csv-unclosed-quote'
	| 'csv-stray-quote'
	| 'csv-extra-fields'
	| 'csv-missing-fields'
	// structure and mapping
	| 'header-missing'
	| 'header-renamed'
	| 'title-lines'
	| 'footer-lines'
	| 'empty-lines'
	| 'mapping-incomplete'
	| 'mapping-invalid'
	| 'decimal-ambiguous'
	| 'decimal-mixed'
	// cells
	| 'not-numeric'
	| 'negative-count'
	| 'negative-value'
	| 'numerator-gt-denominator'
	| 'share-over-100'
	| 'value-inconsistent'
	| 'not-integer'
	| 'restricted'
	| 'suppressed'
	| 'dash-marker'
	| 'empty-cells'
	| 'division-by-zero'
	| 'year-invalid'
	| 'year-out-of-range'
	| 'duplicate'
	// areas and indicators
	| 'area-unmatched'
	| 'area-ambiguous'
	| 'area-conflict'
	| 'area-missing-name'
	| 'area-skipped'
	| 'aggregate-row'
	| 'areas-missing'
	| 'indicator-unknown'
	| 'no-rows'
	// boundaries
	| 'geometry-invalid'
	| 'self-intersection'
	| 'hole-outside'
	| 'crs'
	| 'crs-unknown'
	| 'shapefile'
	| 'boundary-merged'
	| 'boundary-duplicate'
	| 'boundary-missing'
	| 'boundary-islands';

/**
 * One finding, with a complete German sentence in `message` (file, line and
 * column are already part of it) and the same location as separate fields
 * for sorting and linking in the UI.
 */
export interface ImportIssue {
	severity: Severity;
	code: IssueCode;
	message: string;
	file: string;
	/** 1-based line of a text file, or row number of a worksheet */
	line?: number;
	/** header name of the column */
	column?: string;
}

/**
 * A row (or group of rows) that the user has to resolve by hand: an unknown
 * or ambiguous area or indicator name. The wizard offers `candidates` and sends
 * the choice back as `options.areaAssignments[key]` (or
 * `indicatorAssignments[key]`); `null` means "deliberately leave out".
 */
export interface AttentionItem {
	kind: 'area' | 'indicator';
	/** the raw name (or "Nr. 123") as it occurs in the file; key for the assignment */
	key: string;
	reason: 'unmatched' | 'ambiguous' | 'conflict';
	/** file lines concerned (all rows with this key); for boundaries: feature numbers (1-based) */
	lines: number[];
	/** register entries to choose from: the ambiguous ids, or similar names */
	candidates: { id: string; name: string }[];
	message: string;
}

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Separator = ';' | ',' | '\t';
/** `comma`: 1.234,5 (German); `point`: 1,234.5 (English). */
export type DecimalStyle = 'comma' | 'point';
export type Layout = 'long' | 'wide';

/** Column roles of a table. */
export type Role = 'area' | 'areaNumber' | 'indicator' | 'year' | 'numerator' | 'denominator' | 'value';
export const ROLES: readonly Role[] = ['area', 'areaNumber', 'indicator', 'year', 'numerator', 'denominator', 'value'];

/**
 * Which column means what. Columns are 0-based indexes into the header (names
 * may repeat). The wizard shows `TableReport.mapping` (the suggestion) and
 * sends an edited copy back as `options.mapping`.
 */
export interface ColumnMapping {
	layout: Layout;
	/** long layout: role → column; wide layout: only `area` / `areaNumber` are used */
	columns: Partial<Record<Role, number>>;
	/**
	 * wide layout: the year columns (e.g. "2019", "31.12.2020"); their cells are
	 * values of `indicator` (for count indicators the value is also the numerator)
	 */
	yearColumns: { column: number; year: number }[];
	/** indicator id for all rows (wide layout, or long without indicator column) – chosen by the user */
	indicator?: string;
	/** year for all rows (long layout without year column) */
	year?: number;
}

/** A cell of a raw table: text (CSV, XLSX text) or a number (XLSX numeric cell). */
export type RawCell = string | number;

/** A decoded table before interpretation: rows of cells with their file line numbers. */
export interface RawGrid {
	rows: { line: number; cells: RawCell[] }[];
}

/** What was detected (or set) while reading a table, for the wizard and the CLI. */
export interface TableReport {
	file: string;
	format: 'csv' | 'xlsx';
	encoding?: Encoding;
	separator?: Separator;
	/** XLSX: the sheet read, and all sheet names to choose from */
	sheet?: string;
	sheets?: string[];
	decimal: DecimalStyle;
	/** why the decimal style was chosen when numbers were ambiguous, else undefined */
	decimalNote?: string;
	/** 1-based line of the header row, 0 if none was found */
	headerLine: number;
	header: string[];
	/** lines above the header (e.g. the table title) – used to suggest the indicator */
	titleLines: string[];
	layout: Layout;
	mapping: ColumnMapping;
	/** catalogue indicator whose label appears in the title lines or file name */
	suggestedIndicator?: string;
	/** first data rows as text, for the preview */
	preview: string[][];
	counts: {
		/** data rows below the header (without empty and footer lines) */
		dataRows: number;
		/** rows that are fine and would be imported */
		importRows: number;
		/** rows with an unresolved area/indicator or a cell error */
		attentionRows: number;
		/** Stadtteil/Stadtbezirk/city total rows and deliberately left-out rows */
		skippedRows: number;
		/** value rows produced (wide layout: several per file row) */
		values: number;
		suppressed: number;
		missing: number;
	};
	/** "n Zeilen importiert, m Zeilen brauchen Aufmerksamkeit" */
	summary: string;
	/** official area numbers seen next to matched names: to remember for next time */
	numbers: { nummer: string; area_id: string }[];
}

/** Result of a table import: either complete rows, or errors and no rows at all. */
export type ImportResult =
	| { ok: true; rows: ValueRow[]; warnings: ImportIssue[]; report: TableReport }
	| { ok: false; errors: ImportIssue[]; warnings: ImportIssue[]; attention: AttentionItem[]; report: TableReport };
