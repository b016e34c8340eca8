/**
 * Column mapping: which column holds the area name, the official area
 * number, the indicator, the year, and numerator / denominator / value.
 * Suggested from the header names (German and English variants, as in the
 * Ortsteilatlas, Excel exports and the CLI's `--input` format); the wizard
 * shows the suggestion and the user can change every column.
 */
import type { Catalogue } from '../data/contract.ts';
import { normalizeName } from '../data/names.ts';
import { cellText, detectLayout, yearColumns } from './sniff.ts';
import type { ColumnMapping, RawCell, Role } from './types.ts';

/** Header names per role, as normalised keys (see `headerKey`). */
const SYNONYMS: Record<Role, string[]> = {
	areaNumber: [
		'nr', 'nummer', 'ot nr', 'otnr', 'ot nummer', 'ortsteil nr', 'ortsteilnr', 'ortsteilnummer', 'ortsteil nummer',
		'gebiet nr', 'gebietsnr', 'gebietsnummer', 'schluessel', 'gebietsschluessel', 'ortsteilschluessel', 'kennziffer',
		'code', 'area id', 'area code', 'area number', 'id', 'ortsteil id'
	],
	area: [
		'ortsteil', 'ortsteile', 'ortsteilname', 'ortsteil name', 'ortsteilbezeichnung', 'gebiet', 'gebietsname',
		'gebietsbezeichnung', 'name', 'bezeichnung', 'raum', 'raumeinheit', 'area', 'area name', 'district', 'quarter',
		'neighbourhood', 'neighborhood', 'ortsteil bezeichnung'
	],
	indicator: ['indikator', 'indicator', 'indicator id', 'indikator id', 'merkmal', 'merkmalsbezeichnung', 'kennzahl', 'variable', 'thema'],
	year: ['jahr', 'year', 'stichtag', 'berichtsjahr', 'zeit', 'zeitraum', 'stand', 'datum', 'date', 'period', 'referenzjahr'],
	numerator: ['zaehler', 'numerator', 'anzahl', 'count', 'faelle', 'absolut', 'abs', 'personen'],
	denominator: ['nenner', 'denominator', 'basis', 'bezugsgroesse', 'grundgesamtheit', 'base', 'bezug', 'bezugsbevoelkerung'],
	value: ['wert', 'value', 'anteil', 'quote', 'rate', 'prozent', 'percent', 'share', '%', 'in %', 'ziffer', 'dichte', 'indikatorwert']
};

/** Headers that look like a role but are not: a running number is not an area number. */
const NOT_A_ROLE = new Set(['lfd nr', 'lfd', 'laufende nummer', 'zeile', 'pos', 'position']);

/**
 * Roles in order of precedence when a header fits several equally well:
 * "Nr. Ortsteil" is a number column, "Anzahl Einwohner" a numerator.
 */
const PRECEDENCE: Role[] = ['areaNumber', 'year', 'indicator', 'numerator', 'denominator', 'value', 'area'];

/** Normalised header key: names.ts normalisation, then "(…)" removed and "%" kept as a word. */
export function headerKey(h: string): string {
	return normalizeName(h.replace(/\(([^)]*)\)/g, ' $1 ').replace(/%/g, ' % '))
		.replace(/[^a-z0-9% ]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** How well `key` fits `role`: exact synonym 100+, synonym words contained 10+, else 0. */
function roleScore(key: string, role: Role): number {
	if (NOT_A_ROLE.has(key)) return 0;
	const words = key.split(' ');
	let best = 0;
	for (const syn of SYNONYMS[role]) {
		const sw = syn.split(' ');
		if (key === syn) best = Math.max(best, 100 + sw.length);
		else if (containsRun(words, sw)) best = Math.max(best, 10 + sw.length);
	}
	return best;
}

function containsRun(words: string[], run: string[]): boolean {
	for (let i = 0; i + run.length <= words.length; i++) {
		if (run.every((w, k) => words[i + k] === w)) return true;
	}
	return false;
}

/**
 * Suggests the mapping for a header row and a few data rows: each column gets
 * the role its header fits best (exact synonyms before contained words, ties
 * by `PRECEDENCE`), each role at most once. Layout is wide when year columns
 * exist and no column is a year column by name. Without a named area column,
 * the first text column of the data is taken as the area name.
 *
 * @example suggestMapping(['OT-Nr.', 'Ortsteil', '2019', '2020'], []).columns // → { areaNumber: 0, area: 1 }
 */
export function suggestMapping(header: RawCell[], dataRows: RawCell[][]): ColumnMapping {
	const keys = header.map((h) => headerKey(cellText(h)));
	const years = new Set(yearColumns(header).map((y) => y.column));
	const candidates: { column: number; role: Role; score: number; rank: number }[] = [];
	keys.forEach((key, column) => {
		if (years.has(column) || key === '') return;
		PRECEDENCE.forEach((role, rank) => {
			const score = roleScore(key, role);
			if (score > 0) candidates.push({ column, role, score, rank });
		});
	});
	candidates.sort((a, b) => b.score - a.score || a.rank - b.rank || a.column - b.column);
	const columns: Partial<Record<Role, number>> = {};
	const used = new Set<number>();
	for (const c of candidates) {
		if (columns[c.role] !== undefined || used.has(c.column)) continue;
		columns[c.role] = c.column;
		used.add(c.column);
	}
	const layout = detectLayout(header, columns.year !== undefined);
	if (layout === 'wide') {
		for (const role of ['indicator', 'numerator', 'denominator', 'value'] as Role[]) delete columns[role];
	}
	if (columns.area === undefined) {
		const text = firstTextColumn(header.length, dataRows, new Set([...used, ...years]));
		if (text !== undefined) columns.area = text;
	}
	// a nameless column of small whole numbers right before the area names holds the official numbers
	const before = (columns.area ?? 0) - 1;
	if (columns.areaNumber === undefined && before >= 0 && keys[before] === '' && !years.has(before) && isNumberColumn(dataRows, before)) {
		columns.areaNumber = before;
	}
	return {
		layout,
		columns,
		yearColumns: layout === 'wide' ? yearColumns(header) : []
	};
}

/** True if the filled cells of column `col` are all whole numbers of 1–6 digits (official area numbers). */
function isNumberColumn(rows: RawCell[][], col: number): boolean {
	const cells = rows.map((r) => cellText(r[col])).filter((t) => t !== '');
	return cells.length > 0 && cells.every((t) => /^\d{1,6}$/.test(t));
}

/** First column (not in `skip`) whose filled data cells are mostly non-numeric text. */
function firstTextColumn(width: number, rows: RawCell[][], skip: Set<number>): number | undefined {
	for (let col = 0; col < width; col++) {
		if (skip.has(col)) continue;
		const cells = rows.map((r) => r[col]).filter((c) => c !== undefined && cellText(c) !== '');
		const text = cells.filter((c) => typeof c === 'string' && /[a-zA-ZäöüÄÖÜß]{2}/.test(c));
		if (cells.length > 0 && text.length >= cells.length * 0.8) return col;
	}
	return undefined;
}

/**
 * Merges the user's mapping over the suggestion: given fields replace the
 * suggested ones (`columns` as a whole, so a role can be removed).
 */
export function mergeMapping(suggested: ColumnMapping, override?: Partial<ColumnMapping>): ColumnMapping {
	if (!override) return suggested;
	const layout = override.layout ?? suggested.layout;
	return {
		layout,
		columns: { ...(override.columns ?? suggested.columns) },
		yearColumns: override.yearColumns ?? (layout === suggested.layout ? suggested.yearColumns : []),
		indicator: override.indicator ?? suggested.indicator,
		year: override.year ?? suggested.year
	};
}

/**
 * What is missing before rows can be built, as German sentences (empty if the
 * mapping is complete): an area column; for the long layout an indicator and a
 * year (column or fixed) and a value or numerator column; for the wide layout
 * year columns and the indicator chosen by the user.
 */
export function mappingGaps(m: ColumnMapping, width: number): string[] {
	const gaps: string[] = [];
	const c = m.columns;
	for (const [role, col] of Object.entries(c)) {
		if (col !== undefined && (!Number.isInteger(col) || col < 0 || col >= width)) {
			gaps.push(`Die Zuordnung „${ROLE_LABEL[role as Role]}“ verweist auf Spalte ${col + 1}, die Tabelle hat nur ${width} Spalten.`);
		}
	}
	if (c.area === undefined && c.areaNumber === undefined) gaps.push('Bitte die Spalte mit dem Ortsteil (Name oder Nummer) wählen.');
	if (m.layout === 'wide') {
		if (m.yearColumns.length === 0) gaps.push('Keine Jahresspalten gefunden – bitte die Spalten mit den Jahren wählen.');
		if (!m.indicator) gaps.push('Die Tabelle hat eine Spalte je Jahr: bitte den Indikator wählen, zu dem die Werte gehören.');
	} else {
		if (c.indicator === undefined && !m.indicator) gaps.push('Bitte die Spalte mit dem Indikator wählen oder einen Indikator für alle Zeilen festlegen.');
		if (c.year === undefined && m.year === undefined) gaps.push('Bitte die Spalte mit dem Jahr wählen oder ein Jahr für alle Zeilen festlegen.');
		if (c.value === undefined && c.numerator === undefined) gaps.push('Bitte die Spalte mit dem Wert (oder mit Zähler und Nenner) wählen.');
		if (c.numerator === undefined && c.denominator !== undefined && c.value === undefined) gaps.push('Zum Nenner fehlt die Spalte mit dem Zähler.');
	}
	return gaps;
}

/** German names of the roles, for messages and the wizard. */
export const ROLE_LABEL: Record<Role, string> = {
	area: 'Ortsteil',
	areaNumber: 'Ortsteilnummer',
	indicator: 'Indikator',
	year: 'Jahr',
	numerator: 'Zähler',
	denominator: 'Nenner',
	value: 'Wert'
};

/**
 * Suggests the indicator of a wide table from its title lines and file name:
 * the catalogue entry whose label (or short name or id) occurs there, the
 * longest match winning ("Anteil Langzeitarbeitslose" before "Arbeitslose").
 * Only a suggestion – the user confirms it.
 */
export function suggestIndicator(texts: string[], catalogue?: Catalogue): string | undefined {
	if (!catalogue) return undefined;
	const hay = ` ${texts.map((t) => headerKey(t.replace(/[_]/g, ' '))).join(' | ')} `;
	let best: { id: string; len: number } | undefined;
	for (const ind of catalogue.indicators) {
		for (const name of [ind.label, ind.short, ind.id.replace(/_/g, ' ')]) {
			const key = headerKey(name);
			if (key.length >= 4 && hay.includes(` ${key} `) && (!best || key.length > best.len)) best = { id: ind.id, len: key.length };
		}
	}
	return best?.id;
}
