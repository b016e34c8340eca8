/**
 * Reads the first (or a named) worksheet of an XLSX workbook into a grid of
 * cells, without a spreadsheet library: an XLSX file is a ZIP of XML parts
 * (ECMA-376), and for a table of values we need only four of them –
 * workbook.xml (sheet names), its relationships (sheet paths),
 * sharedStrings.xml (texts) and the sheet itself; styles.xml tells which
 * numbers are dates (a header "31.12.2019" is stored as a date serial).
 *
 * The XML is machine-written, so a few regular expressions suffice (any
 * namespace prefix is allowed). Formulas are read as their cached values.
 * Numeric cells become numbers (rounded to 15 significant digits, as Excel
 * shows them), dates become "dd.mm.yyyy" text, everything else text.
 */
import type { RawGrid } from './types.ts';
import { readZip, ZipError } from './zip.ts';

export interface Workbook {
	sheets: string[];
	sheet: string;
	grid: RawGrid;
}

/** Thrown when the workbook cannot be read; German message for the user. */
export class XlsxError extends Error {}

const P = '(?:[A-Za-z_][\\w.-]*:)?';

/** All elements `<tag …>…</tag>` or `<tag …/>` (any prefix): attributes and inner XML. */
function elements(xml: string, tag: string): { attrs: Record<string, string>; inner: string }[] {
	const re = new RegExp(`<${P}${tag}(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</${P}${tag}>)`, 'g');
	const out: { attrs: Record<string, string>; inner: string }[] = [];
	for (const m of xml.matchAll(re)) out.push({ attrs: attributes(m[1] ?? ''), inner: m[2] ?? '' });
	return out;
}

/** Attributes of a start tag, prefixes dropped ("r:id" → "id"). */
function attributes(s: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const m of s.matchAll(/([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
		const name = m[1].includes(':') ? m[1].slice(m[1].indexOf(':') + 1) : m[1];
		out[name] = unescapeXml(m[3] ?? m[4] ?? '');
	}
	return out;
}

/** XML entities and OOXML's `_xHHHH_` escapes. */
export function unescapeXml(s: string): string {
	return s
		.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
			if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
			return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()];
		})
		.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Text of a string item (shared or inline): all `<t>` runs, phonetic runs left out. */
function stringItem(inner: string): string {
	const clean = inner.replace(new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g'), '');
	return elements(clean, 't').map((t) => unescapeXml(t.inner)).join('');
}

/** Column index of a cell reference: "A1" → 0, "AB12" → 27. */
export function columnIndex(ref: string): number {
	const letters = /^[A-Z]+/i.exec(ref)?.[0].toUpperCase() ?? '';
	let n = 0;
	for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
	return n - 1;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Style index → true if its number format is a date (built-in id, or a custom code with d or y). */
function dateStyles(stylesXml: string | undefined): boolean[] {
	if (!stylesXml) return [];
	const custom = new Map<number, string>();
	for (const f of elements(stylesXml, 'numFmt')) custom.set(Number(f.attrs.numFmtId), f.attrs.formatCode ?? '');
	const cellXfs = elements(stylesXml, 'cellXfs')[0]?.inner ?? '';
	return elements(cellXfs, 'xf').map(({ attrs }) => {
		const id = Number(attrs.numFmtId ?? 0);
		if (BUILTIN_DATE_FORMATS.has(id)) return true;
		const code = custom.get(id);
		return code !== undefined && /[dy]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
	});
}

/** Excel date serial → "dd.mm.yyyy" (1900 system with its leap-year bug, or 1904 system). */
function serialToDate(serial: number, date1904: boolean): string {
	const days = Math.floor(serial) + (date1904 ? 1462 : 0);
	const d = new Date(Date.UTC(1899, 11, 30) + days * 86400000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

/** Resolves a relationship target relative to the folder of the part that owns it. */
function resolveTarget(target: string, baseDir: string): string {
	if (target.startsWith('/')) return target.slice(1);
	const parts = `${baseDir}/${target}`.split('/');
	const out: string[] = [];
	for (const p of parts) {
		if (p === '..') out.pop();
		else if (p !== '.' && p !== '') out.push(p);
	}
	return out.join('/');
}

/**
 * Reads a worksheet. `sheetName` picks a sheet; default: the first visible one.
 * Row numbers of the grid are the worksheet's row numbers (as Excel shows them).
 * @throws XlsxError (German message) if the workbook or sheet cannot be read
 */
export async function readXlsx(bytes: Uint8Array, sheetName?: string): Promise<Workbook> {
	let parts: Map<string, Uint8Array>;
	try {
		parts = await readZip(bytes, (n) => /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/[^/]+\.xml)$/i.test(n));
	} catch (e) {
		throw new XlsxError(e instanceof ZipError ? e.message : 'Die Excel-Datei kann nicht geöffnet werden.');
	}
	const text = (name: string) => {
		const key = [...parts.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
		return key ? new TextDecoder().decode(parts.get(key)) : undefined;
	};
	const workbookXml = text('xl/workbook.xml');
	if (!workbookXml) throw new XlsxError('Die Datei ist keine Excel-Arbeitsmappe (.xlsx): xl/workbook.xml fehlt.');
	const rels = new Map(elements(text('xl/_rels/workbook.xml.rels') ?? '', 'Relationship').map((r) => [r.attrs.Id, r.attrs.Target]));
	const sheets = elements(workbookXml, 'sheet').map((s) => ({ name: s.attrs.name ?? '', target: rels.get(s.attrs.id ?? ''), hidden: s.attrs.state === 'hidden' || s.attrs.state === 'veryHidden' }));
	if (sheets.length === 0) throw new XlsxError('Die Arbeitsmappe enthält keine Tabellenblätter.');
	const chosen = sheetName !== undefined ? sheets.find((s) => s.name === sheetName) : (sheets.find((s) => !s.hidden) ?? sheets[0]);
	if (!chosen) throw new XlsxError(`Tabellenblatt „${sheetName}“ gibt es nicht (vorhanden: ${sheets.map((s) => `„${s.name}“`).join(', ')}).`);
	const sheetXml = chosen.target ? text(resolveTarget(chosen.target, 'xl')) : undefined;
	if (!sheetXml) throw new XlsxError(`Tabellenblatt „${chosen.name}“ kann nicht gelesen werden (z. B. ein Diagrammblatt).`);

	const shared = elements(text('xl/sharedStrings.xml') ?? '', 'si').map((si) => stringItem(si.inner));
	const isDate = dateStyles(text('xl/styles.xml'));
	const date1904 = /date1904\s*=\s*["'](1|true)["']/.test(workbookXml);
	const rows: RawGrid['rows'] = [];
	const sheetData = elements(sheetXml, 'sheetData')[0]?.inner ?? '';
	let nextRow = 1;
	for (const row of elements(sheetData, 'row')) {
		const line = row.attrs.r ? Number(row.attrs.r) : nextRow;
		nextRow = line + 1;
		const cells: (string | number)[] = [];
		let nextCol = 0;
		for (const c of elements(row.inner, 'c')) {
			const col = c.attrs.r ? columnIndex(c.attrs.r) : nextCol;
			nextCol = col + 1;
			while (cells.length < col) cells.push('');
			cells[col] = cellValue(c.attrs, c.inner, shared, isDate, date1904);
		}
		rows.push({ line, cells });
	}
	return { sheets: sheets.map((s) => s.name), sheet: chosen.name, grid: { rows } };
}

/** The value of one `<c>` element by its type attribute. */
function cellValue(attrs: Record<string, string>, inner: string, shared: string[], isDate: boolean[], date1904: boolean): string | number {
	const v = elements(inner, 'v')[0]?.inner;
	switch (attrs.t) {
		case 's':
			return shared[Number(v)] ?? '';
		case 'inlineStr':
			return stringItem(elements(inner, 'is')[0]?.inner ?? '');
		case 'str':
		case 'e':
			return unescapeXml(v ?? '');
		case 'b':
			return v === '1' ? 'WAHR' : 'FALSCH';
		default: {
			if (v === undefined || v.trim() === '') return '';
			const n = Number(v);
			if (!Number.isFinite(n)) return unescapeXml(v);
			if (attrs.s !== undefined && isDate[Number(attrs.s)]) return serialToDate(n, date1904);
			return Number(n.toPrecision(15));
		}
	}
}
