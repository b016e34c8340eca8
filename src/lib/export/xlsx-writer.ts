/**
 * A minimal XLSX writer (Office Open XML, ECMA-376 Part 1, SpreadsheetML):
 * a ZIP (see zip-store.ts) of six kinds of XML parts —
 *
 *   [Content_Types].xml          which part is what
 *   _rels/.rels                  → xl/workbook.xml
 *   xl/workbook.xml              the sheet names
 *   xl/_rels/workbook.xml.rels   sheet names → sheet parts, styles
 *   xl/worksheets/sheetN.xml     the cells
 *   xl/styles.xml                bold header, fixed decimals
 *
 * Texts are inline strings (`t="inlineStr"`), so no shared-string table is
 * needed; numbers are numeric cells (Excel computes with them) with a number
 * format of fixed decimals when asked. Empty, null and non-finite values give
 * empty cells, never 0.
 *
 * @example writeXlsx([{ name: 'Daten', rows: [['Gebiet', 'Wert'], ['Tenever', 41.2]] }]) // → ZIP bytes, opens in Excel and LibreOffice
 */
import { zipStore, type ZipFile } from './zip-store.ts';

/** A cell: text, number, a number with fixed decimals, or empty. */
export type XlsxCell = string | number | null | undefined | { value: number | null; decimals: number } | { bold: string };

export interface XlsxSheet {
	/** shown on the tab; made valid (≤ 31 characters, none of []:*?/\) and unique */
	name: string;
	rows: readonly (readonly XlsxCell[])[];
	/** the first `headerRows` rows are bold and frozen (default 0) */
	headerRows?: number;
	/** widths in characters; default from the content */
	columnWidths?: readonly number[];
}

const MAX_DECIMALS = 6;
const STYLE_BOLD = 1;
const styleForDecimals = (d: number) => 2 + Math.max(0, Math.min(MAX_DECIMALS, Math.round(d)));

/** XML text: & < > " escaped, characters XML 1.0 forbids removed. */
export function escapeXml(s: string): string {
	return s
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** Column letters of a 0-based index: 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetters(index: number): string {
	let n = index + 1;
	let s = '';
	while (n > 0) {
		const r = (n - 1) % 26;
		s = String.fromCharCode(65 + r) + s;
		n = Math.floor((n - 1) / 26);
	}
	return s;
}

/** A valid, unique sheet name: forbidden characters become "-", at most 31 characters. */
export function sheetName(name: string, taken: ReadonlySet<string>): string {
	let base = name.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Tabelle';
	let candidate = base;
	for (let k = 2; taken.has(candidate.toLowerCase()); k++) {
		const suffix = ` (${k})`;
		candidate = base.slice(0, 31 - suffix.length) + suffix;
	}
	return candidate;
}

function cellXml(cell: XlsxCell, ref: string, headerRow: boolean): string {
	if (cell === null || cell === undefined || cell === '') return '';
	if (typeof cell === 'number') {
		if (!Number.isFinite(cell)) return '';
		return `<c r="${ref}"${headerRow ? ` s="${STYLE_BOLD}"` : ''}><v>${cell}</v></c>`;
	}
	if (typeof cell === 'string' || 'bold' in cell) {
		const text = typeof cell === 'string' ? cell : cell.bold;
		const bold = headerRow || typeof cell !== 'string';
		return `<c r="${ref}" t="inlineStr"${bold ? ` s="${STYLE_BOLD}"` : ''}><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
	}
	if (cell.value === null || !Number.isFinite(cell.value)) return '';
	return `<c r="${ref}" s="${styleForDecimals(cell.decimals)}"><v>${cell.value}</v></c>`;
}

function cellLength(cell: XlsxCell): number {
	if (cell === null || cell === undefined) return 0;
	if (typeof cell === 'string') return cell.length;
	if (typeof cell === 'number') return String(cell).length;
	if ('bold' in cell) return cell.bold.length;
	return cell.value === null ? 0 : cell.value.toFixed(Math.max(0, cell.decimals)).length;
}

function sheetXml(sheet: XlsxSheet): string {
	const header = Math.max(0, sheet.headerRows ?? 0);
	const columns = Math.max(0, ...sheet.rows.map((r) => r.length));
	const widths = Array.from({ length: columns }, (_, c) => {
		const given = sheet.columnWidths?.[c];
		if (given !== undefined) return given;
		const longest = Math.max(0, ...sheet.rows.map((r) => cellLength(r[c])));
		return Math.min(80, Math.max(8, longest + 2));
	});
	const cols = columns ? `<cols>${widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : '';
	const pane = header
		? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${header}" topLeftCell="A${header + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
		: '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
	const rows = sheet.rows
		.map((row, r) => {
			const cells = row.map((cell, c) => cellXml(cell, `${columnLetters(c)}${r + 1}`, r < header)).join('');
			return `<row r="${r + 1}">${cells}</row>`;
		})
		.join('');
	return (
		'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
		'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
		`${pane}<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>${rows}</sheetData></worksheet>`
	);
}

function stylesXml(): string {
	const fmts = Array.from({ length: MAX_DECIMALS + 1 }, (_, d) => `<numFmt numFmtId="${164 + d}" formatCode="${d === 0 ? '0' : `0.${'0'.repeat(d)}`}"/>`);
	const xfs = [
		'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
		'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
		...fmts.map((_, d) => `<xf numFmtId="${164 + d}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`)
	];
	return (
		'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
		'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
		`<numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` +
		'<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
		'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
		'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
		'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
		`<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
		'<cellStyles count="1"><cellStyle name="Standard" xfId="0" builtinId="0"/></cellStyles>' +
		'</styleSheet>'
	);
}

/**
 * The workbook as XLSX bytes. `modified` is the ZIP time stamp (default 1980,
 * so equal input gives equal bytes).
 * @throws RangeError without sheets
 */
export function writeXlsx(sheets: readonly XlsxSheet[], modified?: Date): Uint8Array {
	if (sheets.length === 0) throw new RangeError('writeXlsx: mindestens ein Tabellenblatt');
	const taken = new Set<string>();
	const names = sheets.map((s) => {
		const n = sheetName(s.name, taken);
		taken.add(n.toLowerCase());
		return n;
	});
	const enc = new TextEncoder();
	const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
	const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
	const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
	const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
	const files: ZipFile[] = [
		{
			name: '[Content_Types].xml',
			data: enc.encode(
				xml +
					'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
					'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
					'<Default Extension="xml" ContentType="application/xml"/>' +
					'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
					sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
					'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
					'</Types>'
			)
		},
		{
			name: '_rels/.rels',
			data: enc.encode(`${xml}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
		},
		{
			name: 'xl/workbook.xml',
			data: enc.encode(
				`${xml}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView/></bookViews><sheets>` +
					names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
					'</sheets></workbook>'
			)
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			data: enc.encode(
				`${xml}<Relationships xmlns="${PKG_REL}">` +
					names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
					`<Relationship Id="rId${names.length + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
					'</Relationships>'
			)
		},
		...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: enc.encode(sheetXml(s)) })),
		{ name: 'xl/styles.xml', data: enc.encode(stylesXml()) }
	];
	return zipStore(files, modified);
}
