/**
 * The table of the Lastenausgleich view as plain data: one row per Stadtteil with
 * scenario A's figures, the status quo, and — when compared — scenario B and B − A;
 * a sum row; sorting; and the CSV export for German Excel (semicolon, decimal comma,
 * UTF-8 with BOM, CRLF) with a header block naming the data source and the settings.
 */
import type { AllocationResult } from '$lib/engine/allocation.ts';
import type { AllocationData } from '$lib/engine/allocation-data.ts';
import type { SourceInfo } from '$lib/data/allocation-views.ts';
import type { ScenarioParams } from '$lib/state/allocation-url.ts';
import { formatDelimited } from '$lib/import/csv.ts';
import type { ExportTable, TableColumn } from '$lib/export/table.ts';

/** Target population below which a Stadtteil is flagged as small (its rates are fragile). */
export const SMALL_POPULATION = 1000;

export interface ScenarioFigures {
	amount: number;
	/** € per person of the target population; null when the population is 0 */
	perCapita: number | null;
	population: number;
}

export interface TableRow {
	id: string;
	name: string;
	/** target population in scenario A; null when A leaves the Stadtteil out */
	population: number | null;
	/** the need measure before standardisation (A); null when missing */
	needValue: number | null;
	/** population-weighted z of the need, centred (drives the multiplier) */
	needZ: number | null;
	multiplier: number | null;
	amount: number | null;
	perCapita: number | null;
	/** amount − per-capita amount (effect of the need weighting and caps) */
	diffPerCapita: number | null;
	statusQuo: number | null;
	diffStatusQuo: number | null;
	b: ScenarioFigures | null;
	/** amount B − amount A */
	diffBA: number | null;
	/** why this row needs care; German, empty when none */
	flags: string[];
	/** the need value is missing or unreliable: computed as average need */
	needMissing: boolean;
	capped: 'oben' | 'unten' | null;
}

export interface SumRow {
	population: number;
	amount: number;
	perCapita: number | null;
	diffPerCapita: number;
	statusQuo: number | null;
	diffStatusQuo: number | null;
	amountB: number | null;
	populationB: number | null;
	perCapitaB: number | null;
	diffBA: number | null;
}

export interface Scenario {
	params: ScenarioParams;
	data: AllocationData;
	result: AllocationResult;
}

/**
 * Builds the rows: A's Stadtteile in data order, then Stadtteile only B has or that
 * A left out (excluded), each with its flags.
 */
export function buildRows(a: Scenario, b: Scenario | null, statusQuo: Readonly<Record<string, number>>): { rows: TableRow[]; sum: SumRow } {
	const rowsA = new Map(a.result.areas.map((r) => [r.id, r]));
	const rowsB = new Map((b?.result.areas ?? []).map((r) => [r.id, r]));
	const dataA = new Map(a.data.areas.map((d) => [d.id, d]));
	const dataB = new Map((b?.data.areas ?? []).map((d) => [d.id, d]));
	const excluded = new Map([...a.data.excluded, ...(b?.data.excluded ?? [])].map((e) => [e.id, e]));
	const clipped = new Set(a.result.diagnostics.clipped);
	const ids = [...a.data.areas.map((d) => d.id)];
	for (const d of b?.data.areas ?? []) if (!ids.includes(d.id)) ids.push(d.id);
	for (const e of excluded.values()) if (!ids.includes(e.id)) ids.push(e.id);

	const rows = ids.map((id): TableRow => {
		const ra = rowsA.get(id);
		const rb = rowsB.get(id);
		const da = dataA.get(id);
		const db = dataB.get(id);
		const name = ra?.name ?? rb?.name ?? excluded.get(id)?.name ?? id;
		const q = statusQuo[id] ?? null;
		const flags: string[] = [];
		const needMissing = (da !== undefined && da.needValue === null) || (db !== undefined && db.needValue === null);
		if (da && da.needValue === null) flags.push(`kein verlässlicher Bedarfswert (${a.data.need.label}) – mit durchschnittlichem Bedarf gerechnet (Pro-Kopf-Betrag)`);
		if (b && db && db.needValue === null && b.data.need.id !== a.data.need.id) {
			flags.push(`Szenario B: kein verlässlicher Bedarfswert (${b.data.need.label}) – Durchschnitt angenommen`);
		}
		const population = ra?.population ?? rb?.population ?? null;
		if (population !== null && population < SMALL_POPULATION) {
			flags.push(`kleine Zielbevölkerung (${population.toLocaleString('de-DE')} Personen): Quoten und Bedarf sind hier wenig belastbar`);
		}
		if (clipped.has(id)) flags.push('Bedarfsmultiplikator bei 0 begrenzt (1 + α·z < 0): erhält nur den Sockelbetrag');
		if (ra?.capped) flags.push(`an der ${ra.capped === 'oben' ? 'oberen' : 'unteren'} Kappungsgrenze festgehalten`);
		const ex = excluded.get(id);
		if (ex && !ra) flags.push(`nicht im Lastenausgleich: ${ex.reason}`);
		return {
			id,
			name,
			population: ra?.population ?? null,
			needValue: da?.needValue ?? null,
			needZ: ra ? ra.needCentred : null,
			multiplier: ra?.multiplier ?? null,
			amount: ra?.amount ?? null,
			perCapita: ra?.perCapita ?? null,
			diffPerCapita: ra?.differenceToPerCapita ?? null,
			statusQuo: q,
			diffStatusQuo: ra && q !== null ? ra.amount - q : null,
			b: rb ? { amount: rb.amount, perCapita: rb.perCapita, population: rb.population } : null,
			diffBA: ra && rb ? rb.amount - ra.amount : null,
			flags,
			needMissing,
			capped: ra?.capped ?? null
		};
	});

	const withSq = rows.filter((r) => r.statusQuo !== null);
	const sqTotal = withSq.length ? withSq.reduce((s, r) => s + (r.statusQuo as number), 0) : null;
	const diffSq = rows.filter((r) => r.diffStatusQuo !== null);
	const pop = a.result.totals.population;
	const sum: SumRow = {
		population: pop,
		amount: a.result.totals.amount,
		perCapita: pop > 0 ? a.result.totals.amount / pop : null,
		diffPerCapita: rows.reduce((s, r) => s + (r.diffPerCapita ?? 0), 0),
		statusQuo: sqTotal,
		diffStatusQuo: diffSq.length ? diffSq.reduce((s, r) => s + (r.diffStatusQuo as number), 0) : null,
		amountB: b ? b.result.totals.amount : null,
		populationB: b ? b.result.totals.population : null,
		perCapitaB: b && b.result.totals.population > 0 ? b.result.totals.amount / b.result.totals.population : null,
		diffBA: b ? b.result.totals.amount - a.result.totals.amount : null
	};
	return { rows, sum };
}

export type SortKey =
	| 'name'
	| 'population'
	| 'needValue'
	| 'needZ'
	| 'multiplier'
	| 'amount'
	| 'perCapita'
	| 'diffPerCapita'
	| 'statusQuo'
	| 'diffStatusQuo'
	| 'amountB'
	| 'perCapitaB'
	| 'diffBA';

function keyOf(r: TableRow, key: SortKey): number | string | null {
	switch (key) {
		case 'name':
			return r.name;
		case 'amountB':
			return r.b?.amount ?? null;
		case 'perCapitaB':
			return r.b?.perCapita ?? null;
		default:
			return r[key];
	}
}

/**
 * Sorted copy; empty values always last, ties by name (German collation).
 *
 * @example sortRows(rows, 'amount', 'desc')[0] // the Stadtteil with the largest amount
 */
export function sortRows(rows: readonly TableRow[], key: SortKey | null, dir: 'asc' | 'desc'): TableRow[] {
	if (key === null) return [...rows];
	const sign = dir === 'asc' ? 1 : -1;
	return [...rows].sort((x, y) => {
		const a = keyOf(x, key);
		const b = keyOf(y, key);
		if (a === null && b === null) return x.name.localeCompare(y.name, 'de');
		if (a === null) return 1;
		if (b === null) return -1;
		const c = typeof a === 'string' ? a.localeCompare(b as string, 'de') : a - (b as number);
		return c !== 0 ? sign * c : x.name.localeCompare(y.name, 'de');
	});
}

/** A number for German Excel: decimal comma, no thousands separator; '' for null. */
export function excelNumber(x: number | null | undefined, decimals: number): string {
	if (x === null || x === undefined || !Number.isFinite(x)) return '';
	const r = x.toFixed(decimals);
	return (Number(r) === 0 ? (0).toFixed(decimals) : r).replace('.', ',');
}

const pct = (x: number) => `${excelNumber(x * 100, 2).replace(/,?0+$/, '') || '0'} %`;

/** One line describing a scenario's settings (German). */
export function scenarioSummary(s: Scenario): string {
	const p = s.params;
	return [
		`Budget ${s.result.budget.toLocaleString('de-DE')} €`,
		`Bedarfsgewichtung α = ${excelNumber(p.alpha, 2)}`,
		`Sockelbetrag ${pct(p.floorShare)}`,
		s.result.cap === null ? 'ohne Kappung' : `Kappung ±${pct(s.result.cap)}`,
		`Zielgruppe ${s.data.targetPopulation.label}`,
		`Bedarfsmaß ${s.data.need.label}`,
		`Jahr ${s.data.year}`
	].join('; ');
}

/**
 * The table as CSV for German Excel: UTF-8 with BOM, `;`, decimal comma, CRLF. A header
 * block (source — „Demodaten“ when demo —, settings of A and B, checks, date) and an
 * empty line come before the column header; the last line is the sum row.
 */
export function allocationCsv(opts: {
	source: SourceInfo;
	name: string;
	a: Scenario;
	b: Scenario | null;
	rows: readonly TableRow[];
	sum: SumRow;
	now?: Date;
}): string {
	const { source, a, b, rows, sum } = opts;
	const now = opts.now ?? new Date();
	const header: string[][] = [
		['Sozialraum-Monitor Bremen – Stadtteillastenausgleich'],
		['Datenquelle', source.demo ? `Demodaten – ${source.label}` : source.label],
		['Hinweis zur Quelle', source.detail],
		...(opts.name ? [['Szenario', opts.name]] : []),
		['Szenario A', scenarioSummary(a)],
		...(b ? [['Szenario B', scenarioSummary(b)]] : []),
		['Prüfungen A', a.result.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}`).join('; ')],
		...(b ? [['Prüfungen B', b.result.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}`).join('; ')]] : []),
		['Bedarfswerte beschreiben Lebenslagen in Gebieten, nicht die Menschen, die dort leben.'],
		['Erstellt', now.toLocaleString('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' })],
		[]
	];
	const columns = [
		'Stadtteil-ID',
		'Stadtteil',
		'Zielbevölkerung A',
		`Bedarfswert A (${a.data.need.label})`,
		'Bedarf z A',
		'Multiplikator A',
		'Betrag A (€)',
		'€ je Person A',
		'Differenz zu pro Kopf A (€)',
		'Status quo (€)',
		'Differenz zu Status quo A (€)',
		...(b ? ['Zielbevölkerung B', 'Betrag B (€)', '€ je Person B', 'Differenz B − A (€)'] : []),
		'Hinweise'
	];
	const body = rows.map((r) => [
		r.id,
		r.name,
		excelNumber(r.population, 0),
		excelNumber(r.needValue, 3),
		excelNumber(r.needZ, 3),
		excelNumber(r.multiplier, 3),
		excelNumber(r.amount, 0),
		excelNumber(r.perCapita, 2),
		excelNumber(r.diffPerCapita, 0),
		excelNumber(r.statusQuo, 2),
		excelNumber(r.diffStatusQuo, 2),
		...(b ? [excelNumber(r.b?.population, 0), excelNumber(r.b?.amount, 0), excelNumber(r.b?.perCapita, 2), excelNumber(r.diffBA, 0)] : []),
		r.flags.join(' | ')
	]);
	const total = [
		'',
		'Summe',
		excelNumber(sum.population, 0),
		'',
		'',
		'',
		excelNumber(sum.amount, 0),
		excelNumber(sum.perCapita, 2),
		excelNumber(sum.diffPerCapita, 0),
		excelNumber(sum.statusQuo, 2),
		excelNumber(sum.diffStatusQuo, 2),
		...(b ? [excelNumber(sum.populationB, 0), excelNumber(sum.amountB, 0), excelNumber(sum.perCapitaB, 2), excelNumber(sum.diffBA, 0)] : []),
		''
	];
	return '\uFEFF' + formatDelimited([...header, columns, ...body, total], ';');
}

/**
 * The same table as `allocationCsv`, described for the app's table export
 * (`exportTable` → XLSX with the sheets "Daten" and "Quellen und Methode").
 * The sum row is the last data row, so the amounts visibly add up to B.
 */
export function allocationExportTable(opts: { source: SourceInfo; name: string; a: Scenario; b: Scenario | null; rows: readonly TableRow[]; sum: SumRow }): ExportTable {
	const { source, a, b, rows, sum } = opts;
	const num = (key: string, label: string, decimals: number): TableColumn => ({ key, label, type: 'number', decimals });
	const columns: TableColumn[] = [
		{ key: 'id', label: 'Stadtteil-ID', type: 'text' },
		{ key: 'name', label: 'Stadtteil', type: 'text' },
		num('population', 'Zielbevölkerung A', 0),
		num('needValue', `Bedarfswert A (${a.data.need.label})`, 3),
		num('needZ', 'Bedarf z A', 3),
		num('multiplier', 'Multiplikator A', 3),
		num('amount', 'Betrag A (€)', 0),
		num('perCapita', '€ je Person A', 2),
		num('diffPerCapita', 'Differenz zu pro Kopf A (€)', 0),
		num('statusQuo', 'Status quo (€)', 2),
		num('diffStatusQuo', 'Differenz zu Status quo A (€)', 2),
		...(b ? [num('populationB', 'Zielbevölkerung B', 0), num('amountB', 'Betrag B (€)', 0), num('perCapitaB', '€ je Person B', 2), num('diffBA', 'Differenz B − A (€)', 0)] : []),
		{ key: 'flags', label: 'Hinweise', type: 'text' }
	];
	const body = rows.map((r) => ({
		...r,
		populationB: r.b?.population ?? null,
		amountB: r.b?.amount ?? null,
		perCapitaB: r.b?.perCapita ?? null,
		flags: r.flags.join(' | ')
	}));
	const total = { id: '', name: 'Summe', ...sum, needValue: null, needZ: null, multiplier: null, flags: '' };
	return {
		columns,
		rows: [...body, total],
		meta: {
			title: `Stadtteillastenausgleich${opts.name ? ` – ${opts.name}` : ''}`,
			source: `Datenquelle: ${source.demo ? `Demodaten – ${source.label}` : source.label}. ${source.detail}`,
			demo: source.demo,
			settings: {
				'Szenario A': scenarioSummary(a),
				...(b ? { 'Szenario B': scenarioSummary(b) } : {}),
				'Prüfungen A': a.result.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}`).join('; '),
				Hinweis: 'Bedarfswerte beschreiben Lebenslagen in Gebieten, nicht die Menschen, die dort leben.'
			},
			filename: ['lastenausgleich', opts.name || null]
		}
	};
}
