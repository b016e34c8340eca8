/**
 * Findings that concern many cells of a file – suppressed and empty cells,
 * totals rows, left-out rows, Ortsteile without a row – are collected while
 * reading (a `Tally` of line numbers) and reported once each, with the lines,
 * instead of once per cell.
 */
import type { Register, ValueRow } from '../data/contract.ts';
import { issue, lineList, plural } from './issues.ts';
import type { ImportIssue } from './types.ts';

/** Line numbers per kind of finding. */
export interface Tally {
	suppressed: number[];
	dash: number[];
	empty: number[];
	restricted: number[];
	notInteger: number[];
	zeroDenominator: number[];
	droppedDenominator: number[];
	skipped: Map<string, number[]>;
	aggregate: Map<string, number[]>;
}

/** An empty tally. */
export function newTally(): Tally {
	return {
		suppressed: [],
		dash: [],
		empty: [],
		restricted: [],
		notInteger: [],
		zeroDenominator: [],
		droppedDenominator: [],
		skipped: new Map(),
		aggregate: new Map()
	};
}

const LEVEL_TEXT: Record<string, string> = { stadt: 'Gesamtstadt', stadtteil: 'Stadtteil', stadtbezirk: 'Stadtbezirk' };

/** Turns the per-file tallies into one finding each (instead of one per cell). */
export function summarise(file: string, t: Tally, warnings: ImportIssue[]): void {
	if (t.suppressed.length > 0) {
		warnings.push(issue('info', 'suppressed', { file, line: t.suppressed[0] }, `${plural(t.suppressed.length, 'Wert ist', 'Werte sind')} gesperrt (${lineList(t.suppressed)}) – übernommen als „gesperrt“ ohne Wert, nicht als 0.`));
	}
	if (t.dash.length > 0) {
		warnings.push(
			issue('info', 'dash-marker', { file, line: t.dash[0] }, `„-“ bedeutet in der amtlichen Zeichenerklärung „nichts vorhanden“ (genau null); hier als gesperrt übernommen (${lineList(t.dash)}). Wenn die Quelle „-“ für null verwendet, beim Import „Strich = 0“ wählen.`)
		);
	}
	if (t.empty.length > 0) {
		warnings.push(issue('info', 'empty-cells', { file, line: t.empty[0] }, `${plural(t.empty.length, 'Wert fehlt', 'Werte fehlen')} (leere Zellen, ${lineList(t.empty)}) – übernommen als „fehlt“.`));
	}
	if (t.restricted.length > 0) {
		warnings.push(issue('warning', 'restricted', { file, line: t.restricted[0] }, `${plural(t.restricted.length, 'Wert steht', 'Werte stehen')} in Klammern (Aussagewert eingeschränkt, ${lineList(t.restricted)}) – als Zahl übernommen.`));
	}
	if (t.notInteger.length > 0) {
		warnings.push(issue('warning', 'not-integer', { file, line: t.notInteger[0] }, `Anzahlen sind keine ganzen Zahlen (${lineList(t.notInteger)}) – stimmt die Dezimalschreibweise?`));
	}
	if (t.zeroDenominator.length > 0) {
		warnings.push(issue('warning', 'division-by-zero', { file, line: t.zeroDenominator[0] }, `Nenner 0 – kein Wert berechenbar, übernommen als „fehlt“ (${lineList(t.zeroDenominator)}).`));
	}
	if (t.droppedDenominator.length > 0) {
		warnings.push(issue('warning', 'format', { file, line: t.droppedDenominator[0] }, `Nenner bei Anzahl-Indikatoren nicht übernommen (${lineList(t.droppedDenominator)}) – dort ist der Wert die Anzahl selbst.`));
	}
	for (const [level, lines] of t.aggregate) {
		warnings.push(issue('warning', 'aggregate-row', { file, line: lines[0] }, `${plural(lines.length, 'Zeile', 'Zeilen')} mit Summen für ${LEVEL_TEXT[level]} nicht übernommen (${lineList(lines)}) – die App bildet Summen selbst aus den Ortsteilen.`));
	}
	for (const [key, lines] of t.skipped) {
		warnings.push(issue('warning', 'area-skipped', { file, line: lines[0] }, `„${key}“ bewusst ausgelassen (${lineList(lines)}).`));
	}
}

/**
 * Warnings for Ortsteile of the register that have no row in the file, one
 * per indicator and set of missing areas (years with the same gaps together).
 */
export function missingAreas(file: string, rows: ValueRow[], register: Register, nameOf: (id: string) => string, warnings: ImportIssue[]): void {
	const present = new Map<string, Map<number, Set<string>>>();
	for (const r of rows) {
		const years = present.get(r.indicator_id) ?? new Map<number, Set<string>>();
		const ids = years.get(r.year) ?? new Set<string>();
		ids.add(r.area_id);
		years.set(r.year, ids);
		present.set(r.indicator_id, years);
	}
	for (const [indicatorId, years] of present) {
		const groups = new Map<string, { years: number[]; missing: string[] }>();
		for (const [year, ids] of [...years].sort((a, b) => a[0] - b[0])) {
			const missing = register.ortsteile.filter((o) => !ids.has(o.id)).map((o) => o.id);
			if (missing.length === 0) continue;
			const key = missing.join('|');
			const g = groups.get(key) ?? { years: [], missing };
			g.years.push(year);
			groups.set(key, g);
		}
		for (const { years: ys, missing } of groups.values()) {
			const names = missing.slice(0, 10).map(nameOf).join(', ');
			const more = missing.length > 10 ? ` und ${missing.length - 10} weitere` : '';
			warnings.push(issue('warning', 'areas-missing', { file }, `${indicatorId} ${ys.join(', ')}: ${plural(missing.length, 'Ortsteil fehlt', 'Ortsteile fehlen')} in der Datei (${names}${more}).`));
		}
	}
}
