/**
 * Output formats of the CLI (DESIGN §7): CSV with a header row, comma separator,
 * decimal point, UTF-8 without BOM, `\n` line ends, an empty cell for a missing value
 * (never 0), fields quoted (RFC 4180) only when they contain a comma, quote or line
 * break; or JSON (2-space indent, missing = null).
 *
 * Numbers are written with at most 6 decimals (trailing zeros dropped), which keeps
 * the files readable and is far below the precision of any indicator; classes and
 * ranks are computed on unrounded values before writing.
 */

export type Cell = string | number | boolean | null | undefined;

/**
 * One CSV cell.
 *
 * @example csvCell(1.23456789) // → '1.234568'
 * @example csvCell(NaN) // → ''
 * @example csvCell('Musterstadt, Nord') // → '"Musterstadt, Nord"'
 */
export function csvCell(value: Cell): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return formatNumber(value);
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A number with decimal point and at most 6 decimals; non-finite → ''.
 *
 * @example formatNumber(-0.0000001) // → '0'
 * @example formatNumber(1500) // → '1500'
 */
export function formatNumber(value: number): string {
	if (!Number.isFinite(value)) return '';
	const rounded = Number(value.toFixed(6));
	return String(rounded === 0 ? 0 : rounded);
}

/**
 * A whole CSV document: header row plus one line per row, in `columns` order.
 *
 * @example toCsv(['a', 'b'], [{ a: 1, b: null }]) // → 'a,b\n1,\n'
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
	const lines = [columns.map(csvCell).join(',')];
	for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
	return lines.join('\n') + '\n';
}

/**
 * JSON with 2-space indent and a final newline; NaN and ±Infinity become null,
 * typed arrays become plain arrays.
 *
 * @example toJson({ a: NaN, b: [1] }) // → '{\n  "a": null,\n  "b": [\n    1\n  ]\n}\n'
 */
export function toJson(value: unknown): string {
	return (
		JSON.stringify(
			value,
			(_key, v) => {
				if (typeof v === 'number' && !Number.isFinite(v)) return null;
				if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
				return v;
			},
			2
		) + '\n'
	);
}
