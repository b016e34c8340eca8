/**
 * Plain-text rendering of an import result, for the CLI
 * (`npm run data -- --import FILE` prints it; errors to stderr) and for logs.
 * The wizard renders the same data as a form instead.
 */
import type { BoundaryImportResult } from './boundaries.ts';
import { encodingLabel } from './decode.ts';
import { separatorLabel } from './sniff.ts';
import type { ImportIssue, ImportResult, TableReport } from './types.ts';

/** What was detected in a table, as one German line. */
export function detectedLine(r: TableReport): string {
	const parts: string[] = [];
	if (r.format === 'xlsx') parts.push(`Excel-Blatt „${r.sheet}“`);
	if (r.encoding) parts.push(encodingLabel(r.encoding));
	if (r.separator) parts.push(`Trennzeichen ${separatorLabel(r.separator)}`);
	parts.push(r.decimal === 'comma' ? 'Dezimalkomma' : 'Dezimalpunkt');
	if (r.headerLine) parts.push(`Kopfzeile ${r.headerLine}`);
	parts.push(r.layout === 'wide' ? `eine Spalte je Jahr (${r.mapping.yearColumns.map((y) => y.year).join(', ')})` : 'lange Tabelle');
	if (r.mapping.indicator) parts.push(`Indikator ${r.mapping.indicator}`);
	else if (r.suggestedIndicator) parts.push(`Vorschlag Indikator: ${r.suggestedIndicator}`);
	return `Erkannt: ${parts.join(', ')}.`;
}

const list = (title: string, issues: ImportIssue[]) => (issues.length ? [`${title} (${issues.length}):`, ...issues.map((i) => `  – ${i.message}`)] : []);

/**
 * Multi-line German text: summary, detected settings (tables), errors,
 * rows to assign by hand with their candidates, then warnings and notes.
 */
export function formatImportResult(result: ImportResult | BoundaryImportResult): string {
	const lines = [result.report.summary];
	if ('headerLine' in result.report) {
		lines.push(detectedLine(result.report));
		if (result.report.decimalNote) lines.push(result.report.decimalNote);
	}
	if (!result.ok) {
		lines.push(...list('Fehler', result.errors));
		if (result.attention.length > 0) {
			lines.push(`Zuordnung nötig (${result.attention.length}):`);
			for (const a of result.attention) {
				const cands = a.candidates.length ? ` – Vorschläge: ${a.candidates.map((c) => `${c.name} (${c.id})`).join(', ')}` : '';
				lines.push(`  – ${a.kind === 'area' ? 'Ortsteil' : 'Indikator'} „${a.key}“${cands}`);
			}
		}
	}
	lines.push(...list('Warnungen', result.warnings.filter((w) => w.severity === 'warning')));
	lines.push(...list('Hinweise', result.warnings.filter((w) => w.severity === 'info')));
	return lines.join('\n');
}
