/**
 * Structure detection for tables: separator, header row (title lines above
 * it are skipped and kept for the report), footer lines (source notes and
 * footnotes below the data), and layout (long vs. years as columns).
 * Every decision is reported and can be overridden in the wizard.
 */
import { parseDelimited } from './csv.ts';
import { parseNumber } from './numbers.ts';
import { parseYear } from './years.ts';
import type { Layout, RawCell, RawGrid, Separator } from './types.ts';

const SEPARATORS: readonly Separator[] = [';', '\t', ','];

/**
 * Picks the separator that splits the first lines into the most consistent
 * columns: for each candidate, the most frequent field count m (> 1) and the
 * number k of lines that have it; the score k·m wins, ties go to `;`, then tab
 * (the German Excel defaults). A file with one column per line gets `;`.
 *
 * @example detectSeparator('Ortsteil;2019\nAltstadt;12,5\n') // → ';'
 */
export function detectSeparator(text: string): Separator {
	const sample = text.slice(0, 65536);
	let best: Separator = ';';
	let bestScore = 0;
	for (const sep of SEPARATORS) {
		const { records } = parseDelimited(sample, sep, 100);
		const counts = new Map<number, number>();
		for (const r of records) {
			if (r.fields.length > 1) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
		}
		let score = 0;
		for (const [m, k] of counts) score = Math.max(score, k * m);
		if (score > bestScore) {
			best = sep;
			bestScore = score;
		}
	}
	return best;
}

/** Display name of a separator, e.g. "Semikolon". */
export function separatorLabel(s: Separator): string {
	return s === ';' ? 'Semikolon' : s === ',' ? 'Komma' : 'Tabulator';
}

/** Text of a cell for display and header matching. */
export function cellText(c: RawCell | undefined): string {
	if (c === undefined) return '';
	return typeof c === 'number' ? String(c) : c.trim();
}

function nonEmpty(cells: RawCell[]): number {
	return cells.reduce<number>((n, c) => n + (cellText(c) === '' ? 0 : 1), 0);
}

/** True if the cell is a number (any notation) that is not a year. */
function isNonYearNumber(c: RawCell): boolean {
	if (parseYear(c) !== null) return false;
	if (typeof c === 'number') return true;
	const s = c.trim();
	return parseNumber(s, 'comma').kind === 'number' || parseNumber(s, 'point').kind === 'number';
}

/**
 * Index (into `grid.rows`) of the header row: the first of the first 30 rows
 * with at least two non-empty cells, at least half as many as the typical data
 * row below it, and no number in it except years (wide headers like "2019").
 * Returns -1 if no row qualifies. Rows above it are title lines.
 */
export function detectHeaderRow(grid: RawGrid): number {
	const rows = grid.rows;
	const limit = Math.min(rows.length, 30);
	for (let i = 0; i < limit; i++) {
		const cells = rows[i].cells;
		const filled = nonEmpty(cells);
		if (filled < 2) continue;
		const below = rows.slice(i + 1, i + 11).map((r) => lastFilled(r.cells) + 1).filter((w) => w > 1);
		const width = below.length > 0 ? median(below) : lastFilled(cells) + 1;
		if (filled < width / 2) continue;
		if (cells.some((c) => cellText(c) !== '' && isNonYearNumber(c))) continue;
		return i;
	}
	return -1;
}

function lastFilled(cells: RawCell[]): number {
	for (let i = cells.length - 1; i >= 0; i--) if (cellText(cells[i]) !== '') return i;
	return -1;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

const FOOTER_START = /^(quelle|quellen|stand|hinweis|hinweise|anmerkung|anmerkungen|erläuterung|erlaeuterung|fußnote|fussnote|zeichenerklärung|legende|source|note|notes|©|\(c\)|\*|¹|²|³|\d\)|\d{1,2} ?\))/i;

/**
 * Number of footer rows at the end of the data (source notes, footnotes):
 * walking up from the last row, a row counts as footer if exactly one cell is
 * filled, it is in the first two columns, and its text starts like a note
 * ("Quelle:", "Stand:", "1)", "*") or is longer than 40 characters (a
 * sentence, not an area name). Empty rows in between are counted too (the
 * caller reports only the non-empty ones).
 */
export function countFooterRows(dataRows: { cells: RawCell[] }[]): number {
	let count = 0;
	for (let i = dataRows.length - 1; i >= 0; i--) {
		const cells = dataRows[i].cells;
		const filled = nonEmpty(cells);
		if (filled === 0) {
			count++;
			continue;
		}
		const first = cells.findIndex((c) => cellText(c) !== '');
		const text = cellText(cells[first]);
		if (filled === 1 && first <= 1 && typeof cells[first] === 'string' && (FOOTER_START.test(text) || text.length > 40)) {
			count++;
			continue;
		}
		break;
	}
	return count;
}

/**
 * Year columns of a header: cells that are only a year or a reference date
 * ("2019", "31.12.2019", "Stand 31.12.2020"), with their 0-based column index.
 */
export function yearColumns(header: RawCell[]): { column: number; year: number }[] {
	const out: { column: number; year: number }[] = [];
	header.forEach((c, column) => {
		const year = parseYear(c);
		if (year !== null) out.push({ column, year });
	});
	return out;
}

/** Wide if the header has year columns and no column is named like a year column ("Jahr"). */
export function detectLayout(header: RawCell[], hasYearRoleColumn: boolean): Layout {
	return !hasYearRoleColumn && yearColumns(header).length > 0 ? 'wide' : 'long';
}
