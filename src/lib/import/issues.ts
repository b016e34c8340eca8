/**
 * One place that formats import findings, so every message names its place
 * the same way: "datei.csv, Zeile 12, Spalte „2020“: …".
 */
import type { ImportIssue, IssueCode, Severity } from './types.ts';

export interface Where {
	file: string;
	line?: number;
	column?: string;
}

/** Builds an issue whose message starts with the location. */
export function issue(severity: Severity, code: IssueCode, where: Where, text: string): ImportIssue {
	const parts = [where.file];
	if (where.line !== undefined) parts.push(`Zeile ${where.line}`);
	if (where.column !== undefined) parts.push(`Spalte „${where.column}“`);
	const out: ImportIssue = { severity, code, message: `${parts.join(', ')}: ${text}`, file: where.file };
	if (where.line !== undefined) out.line = where.line;
	if (where.column !== undefined) out.column = where.column;
	return out;
}

/**
 * "Zeile 3, 5, 9 und 2 weitere" – a compact list of line numbers for
 * findings that concern many rows (suppressed cells, totals rows).
 */
export function lineList(lines: number[], max = 10): string {
	const uniq = [...new Set(lines)].sort((a, b) => a - b);
	const shown = uniq.slice(0, max).join(', ');
	const rest = uniq.length - max;
	const word = uniq.length === 1 ? 'Zeile' : 'Zeilen';
	return rest > 0 ? `${word} ${shown} und ${rest} weitere` : `${word} ${shown}`;
}

/** German plural helper: plural(1, 'Zeile', 'Zeilen') → "1 Zeile". */
export function plural(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** A number for a German message: decimal comma, no grouping (12.5 → "12,5"). */
export function de(x: number): string {
	return String(x).replace('.', ',');
}
