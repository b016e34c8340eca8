/**
 * Import of the planners' own data – the core used by the browser wizard
 * (`src/routes/…/import`) and by the CLI (`npm run data -- --import FILE`).
 * Pure TypeScript: no DOM, no Node APIs (web-platform `TextDecoder` and
 * `DecompressionStream` only) – except that the boundary import reuses
 * src/lib/geo/geometry.ts (shared with the data build).
 *
 * Tables (Ortsteilatlas exports, own Excel sheets):
 *   const result = await importFile({ name, bytes }, { register, catalogue });
 *   if (result.ok) swapIn(result.rows);              // ValueRow[], complete
 *   else show(result.errors, result.attention);      // nothing imported
 *   // the wizard shows result.report (detected encoding, separator, decimal
 *   // style, header line, layout, mapping, preview, summary) and calls again
 *   // with overrides: { mapping, headerLine, decimal, areaAssignments, … }
 *
 * Boundaries (GeoJSON, zipped shapefile):
 *   const b = await importBoundaries([{ name, bytes }], { register });
 *   if (b.ok) use(b.features, b.neighbours);
 */
import { importTable, emptyReport, failure, interpretGrid, type ImportTableOptions } from './table.ts';
import { sniffBinary } from './decode.ts';
import { issue } from './issues.ts';
import type { ImportResult } from './types.ts';
import { readXlsx, XlsxError } from './xlsx.ts';

export { importTable, type ImportTableOptions } from './table.ts';
export { importBoundaries, type BoundaryFile, type BoundaryImportResult, type BoundaryReport, type ImportBoundariesOptions } from './boundaries.ts';
export { decodeText, decodeWindows1252 } from './decode.ts';
export { parseDelimited, formatDelimited } from './csv.ts';
export { parseNumber, inferDecimalStyle, formatGerman, SUPPRESSION_MARKERS } from './numbers.ts';
export { parseYear } from './years.ts';
export { suggestMapping, ROLE_LABEL } from './mapping.ts';
export { formatImportResult, detectedLine } from './report.ts';
export type * from './types.ts';

/**
 * Imports a table file of any supported format: XLSX (first visible sheet,
 * or `options.sheet`) or delimited text (CSV, TSV). Same contract as
 * `importTable`: never throws, all rows or none.
 */
export async function importFile(file: { name: string; bytes: Uint8Array }, options: Omit<ImportTableOptions, 'fileName'>): Promise<ImportResult> {
	const opts: ImportTableOptions = { ...options, fileName: file.name };
	const isZip = sniffBinary(file.bytes) === 'zip';
	if (!isZip) return importTable(file.bytes, opts);
	const base = emptyReport(file.name, 'xlsx');
	try {
		const book = await readXlsx(file.bytes, options.sheet);
		const report = { ...base, sheet: book.sheet, sheets: book.sheets };
		const warnings = book.sheets.length > 1 ? [issue('info', 'xlsx', { file: file.name }, `Gelesen: Tabellenblatt „${book.sheet}“ (von ${book.sheets.length}: ${book.sheets.map((s) => `„${s}“`).join(', ')}).`)] : [];
		return interpretGrid(book.grid, report, opts, [], warnings);
	} catch (e) {
		const text = e instanceof XlsxError ? e.message : `Interner Fehler beim Lesen der Excel-Datei: ${(e as Error)?.message ?? String(e)}`;
		return failure(base, [issue('error', 'xlsx', { file: file.name }, text)]);
	}
}
