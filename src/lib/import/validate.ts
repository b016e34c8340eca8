/**
 * From mapped table rows to value rows (`ValueRow`, long format), with every
 * check of the import: numbers and suppression markers (numbers.ts), value
 * rules (values.ts), years, duplicates, areas and indicators. All rows are
 * checked even after the first error, so the user sees every problem of a file
 * at once. The caller returns the rows only if there is no error (table.ts).
 */
import type { Catalogue, Indicator, Register, ValueRow } from '../data/contract.ts';
import { normalizeName } from '../data/names.ts';
import { areaKey, createAreaResolver, splitNumberedName, type AreaResolution } from './areas.ts';
import { createIndicatorResolver, type IndicatorResolution } from './indicators.ts';
import { issue, lineList, type Where } from './issues.ts';
import { headerKey } from './mapping.ts';
import { parseNumber, type NumberCell } from './numbers.ts';
import { cellText } from './sniff.ts';
import { evaluateValue } from './values.ts';
import { missingAreas, newTally, summarise } from './tally.ts';
import type { AttentionItem, ColumnMapping, DecimalStyle, ImportIssue, RawCell, TableReport } from './types.ts';
import { parseYear } from './years.ts';

export interface BuildInput {
	file: string;
	/** display names of the columns ("Spalte 3" for blank headers) */
	header: string[];
	rows: { line: number; cells: RawCell[] }[];
	mapping: ColumnMapping;
	decimal: DecimalStyle;
	register: Register;
	catalogue?: Catalogue;
	areaNumbers?: Record<string, string>;
	areaAssignments?: Record<string, string | null>;
	indicatorAssignments?: Record<string, string | null>;
	yearRange: [number, number];
	dashAsZero?: boolean;
}

export interface BuildOutput {
	rows: ValueRow[];
	errors: ImportIssue[];
	warnings: ImportIssue[];
	attention: AttentionItem[];
	counts: TableReport['counts'];
	numbers: { nummer: string; area_id: string }[];
}

/** One value cell to read: which column, and for a wide table which year it stands for. */
interface ValueSpec {
	year?: number;
	value?: number;
	numerator?: number;
	denominator?: number;
}

/** Builds value rows and all findings; see the module doc for the value rules. */
export function buildRows(input: BuildInput): BuildOutput {
	const { file, header, mapping: m } = input;
	const errors: ImportIssue[] = [];
	const warnings: ImportIssue[] = [];
	const out: ValueRow[] = [];
	const areas = createAreaResolver(input.register, { areaNumbers: input.areaNumbers, assignments: input.areaAssignments });
	const indicators = createIndicatorResolver(input.catalogue, input.indicatorAssignments);
	const attention = new Map<string, AttentionItem>();
	const areaCache = new Map<string, AreaResolution>();
	const seen = new Map<string, { line: number; name: string }>();
	const numbers = new Map<string, Map<string, number>>();
	const tally = newTally();
	const counts = { dataRows: input.rows.length, importRows: 0, attentionRows: 0, skippedRows: 0, values: 0, suppressed: 0, missing: 0 };
	const colName = (col: number | undefined) => (col === undefined ? undefined : header[col] ?? `Spalte ${col + 1}`);

	const fixedIndicator = m.indicator !== undefined ? indicators.resolve(m.indicator) : undefined;
	if (m.indicator !== undefined && (fixedIndicator?.kind !== 'matched' || !indicators.has(fixedIndicator.id))) {
		errors.push(issue('error', 'indicator-unknown', { file }, `Der gewählte Indikator „${m.indicator}“ steht nicht im Indikatorenkatalog.`));
	}
	const valueHeaderKey = m.columns.value !== undefined ? headerKey(colName(m.columns.value) ?? '') : '';
	const shareByHeader = /(^| )(%|anteil|quote|prozent)( |$)/.test(valueHeaderKey);

	const specs: ValueSpec[] =
		m.layout === 'wide'
			? checkYearColumns(m, input, colName, errors).map((y) => ({ year: y.year, value: y.column }))
			: [{ value: m.columns.value, numerator: m.columns.numerator, denominator: m.columns.denominator }];
	if (m.layout === 'long' && m.columns.year === undefined && m.year !== undefined) {
		const [lo, hi] = input.yearRange;
		if (!Number.isInteger(m.year) || m.year < lo || m.year > hi) {
			errors.push(issue('error', 'year-out-of-range', { file }, `Das gewählte Jahr ${m.year} liegt außerhalb des plausiblen Bereichs ${lo}–${hi}.`));
		}
	}

	const addAttention = (kind: 'area' | 'indicator', key: string, reason: AttentionItem['reason'], line: number, candidates: string[], message: string) => {
		const id = `${kind}\u0000${key}`;
		const item = attention.get(id);
		if (item) item.lines.push(line);
		else {
			const names = candidates.map((c) => ({ id: c, name: kind === 'area' ? areas.nameOf(c) : (indicators.get(c)?.label ?? c) }));
			attention.set(id, { kind, key, reason, lines: [line], candidates: names, message });
		}
	};

	for (const row of input.rows) {
		const at = (col: number | undefined): RawCell => (col === undefined ? '' : (row.cells[col] ?? ''));
		const where = (col?: number): Where => ({ file, line: row.line, column: colName(col) });
		let rowHasError = false;
		let rowNeedsAttention = false;

		// --- indicator column first: rows of a deliberately left-out indicator are skipped as a whole
		let indicatorRes: IndicatorResolution | null = null;
		if (m.layout === 'long' && m.columns.indicator !== undefined) {
			const raw = cellText(at(m.columns.indicator));
			indicatorRes = raw === '' ? { kind: 'unmatched' } : indicators.resolve(raw);
			if (indicatorRes.kind === 'skipped') {
				pushTo(tally.skipped, raw, row.line);
				counts.skippedRows++;
				continue;
			}
		}

		// --- area
		let name = cellText(at(m.columns.area));
		let nummer = cellText(at(m.columns.areaNumber));
		if (m.columns.areaNumber === undefined && name !== '') ({ name, nummer } = splitNumberedName(name));
		const key = areaKey(name, nummer);
		const cacheKey = `${name}\u0000${nummer}`;
		let area = areaCache.get(cacheKey);
		if (!area) areaCache.set(cacheKey, (area = areas.resolve(name, nummer)));
		if (area.kind === 'skipped') {
			pushTo(tally.skipped, key, row.line);
			counts.skippedRows++;
			continue;
		}
		if (area.kind === 'aggregate') {
			pushTo(tally.aggregate, area.level, row.line);
			counts.skippedRows++;
			continue;
		}
		if (area.kind === 'missing') {
			errors.push(issue('error', 'area-missing-name', where(m.columns.area ?? m.columns.areaNumber), 'Kein Ortsteil angegeben, aber Werte vorhanden.'));
			rowHasError = true;
		} else if (area.kind === 'unmatched') {
			addAttention('area', key, 'unmatched', row.line, area.suggestions, `„${key}“ ist kein Ortsteil des Gebietsregisters.`);
			rowNeedsAttention = true;
		} else if (area.kind === 'ambiguous') {
			addAttention('area', key, 'ambiguous', row.line, area.ids, `„${key}“ passt zu mehreren Ortsteilen.`);
			rowNeedsAttention = true;
		} else if (area.kind === 'conflict') {
			addAttention(
				'area', key, 'conflict', row.line, [area.byNumber, area.byName],
				`Nummer ${nummer} gehört zu ${areas.nameOf(area.byNumber)}, der Name „${name}“ zu ${areas.nameOf(area.byName)}.`
			);
			rowNeedsAttention = true;
		} else if (area.nummer && area.via !== 'number' && area.via !== 'id') {
			const ids = numbers.get(area.nummer) ?? new Map<string, number>();
			if (!ids.has(area.id)) ids.set(area.id, row.line);
			numbers.set(area.nummer, ids);
		}
		const areaId = area.kind === 'matched' ? area.id : null;

		// --- indicator (resolved above)
		let indicator: Indicator | null = null;
		let indicatorId: string | null = null;
		if (indicatorRes) {
			const raw = cellText(at(m.columns.indicator));
			if (indicatorRes.kind === 'matched') ({ id: indicatorId, indicator } = indicatorRes);
			else if (raw === '') {
				errors.push(issue('error', 'indicator-unknown', where(m.columns.indicator), 'Kein Indikator angegeben.'));
				rowHasError = true;
			} else {
				const ids = indicatorRes.kind === 'ambiguous' ? indicatorRes.ids : [];
				addAttention('indicator', raw, indicatorRes.kind === 'ambiguous' ? 'ambiguous' : 'unmatched', row.line, ids, `Indikator „${raw}“ ist nicht im Katalog.`);
				rowNeedsAttention = true;
			}
		} else if (fixedIndicator?.kind === 'matched') {
			({ id: indicatorId, indicator } = fixedIndicator);
		}

		// --- year (long layout)
		let rowYear: number | null = m.year ?? null;
		if (m.layout === 'long' && m.columns.year !== undefined) {
			rowYear = readYear(at(m.columns.year), input, where(m.columns.year), errors);
			if (rowYear === null) rowHasError = true;
		}

		// --- values
		const isShare = indicator ? indicator.unit.trim() === '%' : shareByHeader;
		const built: ValueRow[] = [];
		for (const spec of specs) {
			const year = spec.year ?? rowYear;
			const read = (col: number | undefined): NumberCell | null => {
				if (col === undefined) return null;
				const c = parseNumber(at(col), input.decimal, { dashAsZero: input.dashAsZero });
				if (c.kind === 'invalid') {
					errors.push(issue('error', 'not-numeric', where(col), `„${c.raw}“ ist keine Zahl.${c.hint ? ' ' + c.hint : ''}`));
					rowHasError = true;
				} else if (c.kind === 'suppressed') {
					tally.suppressed.push(row.line);
					if (c.marker === '-' || c.marker === '–' || c.marker === '—') tally.dash.push(row.line);
				} else if (c.kind === 'number' && c.restricted) tally.restricted.push(row.line);
				return c;
			};
			const cells = { numerator: read(spec.numerator), denominator: read(spec.denominator), value: read(spec.value) };
			if (Object.values(cells).some((c) => c?.kind === 'invalid')) continue;
			const outcome = evaluateValue(cells, indicator, isShare);
			const columnOf = { numerator: spec.numerator, denominator: spec.denominator, value: spec.value ?? spec.numerator };
			for (const f of outcome.findings) {
				(f.severity === 'error' ? errors : warnings).push(issue(f.severity, f.code, where(columnOf[f.cell]), f.text));
				if (f.severity === 'error') rowHasError = true;
			}
			if (outcome.notInteger) tally.notInteger.push(row.line);
			if (outcome.zeroDenominator) tally.zeroDenominator.push(row.line);
			if (outcome.status === 'fehlt') tally.empty.push(row.line);
			if (year === null || areaId === null || indicatorId === null) continue;
			if (outcome.droppedDenominator) tally.droppedDenominator.push(row.line);
			const { numerator, denominator, value, status } = outcome;
			built.push({ area_id: areaId, indicator_id: indicatorId, year, numerator, denominator, value, status });
		}

		// --- duplicates
		for (const r of built) {
			const dupKey = `${r.area_id}|${r.indicator_id}|${r.year}`;
			const first = seen.get(dupKey);
			if (first) {
				const via = first.name !== key ? ` („${first.name}“ und „${key}“ bezeichnen denselben Ortsteil)` : '';
				const both = isStadtteilName(input.register, key)
					? ` „${key}“ ist auch ein Stadtteil – ist eine der Zeilen die Stadtteilsumme? Dann diese Zeile auslassen.`
					: '';
				errors.push(
					issue('error', 'duplicate', { file, line: row.line }, `Doppelter Eintrag für ${areas.nameOf(r.area_id)}, ${r.indicator_id}, ${r.year} – schon in Zeile ${first.line}${via}.${both}`)
				);
				rowHasError = true;
			} else seen.set(dupKey, { line: row.line, name: key });
		}

		if (rowHasError || rowNeedsAttention) counts.attentionRows++;
		else {
			counts.importRows++;
			out.push(...built);
		}
	}

	// --- per-key findings
	for (const item of attention.values()) {
		const what = item.kind === 'area' ? 'Ortsteil' : 'Indikator';
		const where = { file, line: item.lines[0] };
		const action = item.kind === 'area' ? 'Bitte einem Ortsteil zuordnen oder bewusst auslassen.' : 'Bitte einem Indikator zuordnen oder bewusst auslassen.';
		const code = item.kind === 'indicator' ? 'indicator-unknown' : item.reason === 'ambiguous' ? 'area-ambiguous' : item.reason === 'conflict' ? 'area-conflict' : 'area-unmatched';
		const more = item.lines.length > 1 ? ` (${lineList(item.lines)})` : '';
		errors.push(issue('error', code, where, `${item.message}${more} ${action}`));
		item.message = `${what} „${item.key}“, ${lineList(item.lines)}: ${item.message} ${action}`;
	}
	for (const [nummer, ids] of numbers) {
		if (ids.size > 1) {
			const list = [...ids].map(([id, line]) => `${areas.nameOf(id)} (Zeile ${line})`).join(', ');
			errors.push(issue('error', 'area-conflict', { file, line: [...ids.values()][1] }, `Die Nummer ${nummer} steht bei verschiedenen Ortsteilen: ${list}.`));
		}
	}
	summarise(file, tally, warnings);
	counts.values = out.length;
	counts.suppressed = out.filter((r) => r.status === 'gesperrt').length;
	counts.missing = out.filter((r) => r.status === 'fehlt').length;
	if (out.length > 0) missingAreas(file, out, input.register, areas.nameOf, warnings);
	const numberPairs = [...numbers].filter(([, ids]) => ids.size === 1).map(([nummer, ids]) => ({ nummer, area_id: [...ids.keys()][0] }));
	return { rows: out, errors, warnings, attention: [...attention.values()], counts, numbers: numberPairs };
}

/**
 * The year columns of a wide table that can be read: a year outside the
 * plausible range, or a second column for the same year, is an error named
 * once for its column (not once per row) and its cells are not read.
 */
function checkYearColumns(m: ColumnMapping, input: BuildInput, colName: (c: number) => string | undefined, errors: ImportIssue[]): ColumnMapping['yearColumns'] {
	const [lo, hi] = input.yearRange;
	const seen = new Map<number, number>();
	return m.yearColumns.filter(({ column, year }) => {
		const where = { file: input.file, column: colName(column) };
		if (year < lo || year > hi) {
			errors.push(issue('error', 'year-out-of-range', where, `Jahr ${year} liegt außerhalb des plausiblen Bereichs ${lo}–${hi}.`));
			return false;
		}
		const first = seen.get(year);
		if (first !== undefined) {
			errors.push(issue('error', 'duplicate', where, `Das Jahr ${year} steht schon in Spalte „${colName(first)}“.`));
			return false;
		}
		seen.set(year, column);
		return true;
	});
}

function pushTo<K>(map: Map<K, number[]>, key: K, line: number): void {
	const list = map.get(key) ?? [];
	list.push(line);
	map.set(key, list);
}

/** True if `name` is also the name of a Stadtteil (e.g. "Neustadt": Ortsteil and Stadtteil). */
function isStadtteilName(register: Register, name: string): boolean {
	const key = normalizeName(name);
	return register.stadtteile.some((s) => normalizeName(s.name) === key);
}

/** Reads the year cell of a long row; pushes an error and returns null if it is not a plausible year. */
function readYear(raw: RawCell, input: BuildInput, where: Where, errors: ImportIssue[]): number | null {
	const text = cellText(raw);
	if (text === '') {
		errors.push(issue('error', 'year-invalid', where, 'Kein Jahr angegeben.'));
		return null;
	}
	let year = parseYear(raw);
	if (year === null) {
		// "2.019" – a year formatted with a thousands separator by Excel
		const n = parseNumber(raw, input.decimal);
		if (n.kind === 'number' && Number.isInteger(n.value)) year = n.value;
	}
	if (year === null || !Number.isInteger(year)) {
		errors.push(issue('error', 'year-invalid', where, `„${text}“ ist keine Jahreszahl.`));
		return null;
	}
	const [lo, hi] = input.yearRange;
	if (year < lo || year > hi) {
		errors.push(issue('error', 'year-out-of-range', where, `Jahr ${year} liegt außerhalb des plausiblen Bereichs ${lo}–${hi}.`));
		return null;
	}
	return year;
}
