/**
 * Files of the Lastenausgleich view: the status-quo CSV import
 * (src/routes/lastenausgleich/status-quo.ts) and the table model with its CSV export
 * for German Excel (src/routes/lastenausgleich/rows.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseStatusQuoFile, StatusQuoError } from '../../src/routes/lastenausgleich/status-quo.ts';
import { allocationCsv, buildRows, excelNumber, sortRows, type Scenario } from '../../src/routes/lastenausgleich/rows.ts';
import { allocate } from '../../src/lib/engine/allocation.ts';
import type { AllocationData } from '../../src/lib/engine/allocation-data.ts';
import { defaultAllocationState } from '../../src/lib/state/allocation-url.ts';

const AREAS = [
	{ id: 'st-mitte', name: 'Mitte' },
	{ id: 'st-horn-lehe', name: 'Horn-Lehe' },
	{ id: 'st-oestliche-vorstadt', name: 'Östliche Vorstadt' }
];
const bytes = (text: string) => new TextEncoder().encode(text);
const problems = (text: string | Uint8Array) => {
	try {
		parseStatusQuoFile(typeof text === 'string' ? bytes(text) : text, 'sq.csv', AREAS);
	} catch (e) {
		expect(e).toBeInstanceOf(StatusQuoError);
		return (e as StatusQuoError).problems.join('\n');
	}
	throw new Error('kein Fehler');
};

describe('status-quo CSV', () => {
	it('reads German Excel (semicolon, decimal comma, thousands dots, names, BOM)', () => {
		const r = parseStatusQuoFile(bytes('\uFEFFStadtteil;Betrag\r\nMitte;45.000,50\r\nHorn-Lehe;12.000\r\nÖstliche Vorstadt;0\r\n'), 'sq.csv', AREAS);
		expect(r.values).toEqual({ 'st-mitte': 45000.5, 'st-horn-lehe': 12000, 'st-oestliche-vorstadt': 0 });
		expect(r.notes).toEqual([]);
	});
	it('reads the CLI form (comma, decimal point, ids) and names missing Stadtteile', () => {
		const r = parseStatusQuoFile(bytes('stadtteil_id,amount\nst-mitte,45000.5\nST-HORN-LEHE,12000\n'), 'sq.csv', AREAS);
		expect(r.values).toEqual({ 'st-mitte': 45000.5, 'st-horn-lehe': 12000 });
		expect(r.notes[0]).toBe('Ohne Status quo (werden nicht gekappt): Östliche Vorstadt.');
	});
	it('reads Windows-1252, a file without header and names written differently', () => {
		const latin1 = Uint8Array.from([...'oestliche vorstadt;100\r\n'].map((c) => c.charCodeAt(0)));
		expect(parseStatusQuoFile(latin1, 'sq.csv', AREAS).values).toEqual({ 'st-oestliche-vorstadt': 100 });
		const cp1252 = Uint8Array.from([...'Östliche Vorstadt;1.234 €\r\n'].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
		expect(parseStatusQuoFile(cp1252, 'sq.csv', AREAS).values).toEqual({ 'st-oestliche-vorstadt': 1234 });
	});
	it('uses the recognised columns of a wider template', () => {
		const r = parseStatusQuoFile(bytes('stadtteil_id;Stadtteil;Betrag\nst-mitte;Mitte;1.000,25\n'), 'sq.csv', AREAS);
		expect(r.values).toEqual({ 'st-mitte': 1000.25 });
	});
	it('refuses the whole file with German messages naming the lines', () => {
		const text = problems('Stadtteil;Betrag\nAtlantis;100\nMitte;abc\nHorn-Lehe;-5\nMitte;7\n;3\nÖstliche Vorstadt;\n');
		expect(text).toContain('„sq.csv“ wurde nicht übernommen');
		expect(text).toContain('Zeile 2: Stadtteil „Atlantis“ unbekannt');
		expect(text).toContain('Zeile 3: „abc“ ist kein Betrag');
		expect(text).toContain('Zeile 4: Betrag -5 für Horn-Lehe ist negativ');
		expect(text).toContain('Zeile 6: Stadtteil fehlt');
		expect(text).toContain('Zeile 7: Betrag für Östliche Vorstadt fehlt');
		expect(problems('Stadtteil;Betrag\nMitte;1\nMitte;2\n')).toContain('Zeile 3: Mitte steht doppelt (schon in Zeile 2)');
	});
	it('explains empty, one-column and binary files', () => {
		expect(problems('')).toContain('ist leer');
		expect(problems('Stadtteil;Betrag\n')).toContain('nur eine Kopfzeile');
		expect(problems('Mitte\nVahr\n')).toContain('nur eine Spalte');
		expect(problems(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))).toContain('Excel- oder ZIP-Datei');
	});
});

function scenario(alpha: number, statusQuo: Record<string, number> = {}): Scenario {
	const data: AllocationData = {
		level: 'stadtteil',
		year: 2023,
		targetPopulation: { id: 'alle', label: 'Alle Einwohner/-innen', indicators: ['bevoelkerung'] },
		need: { id: 'ausgrenzungsindex', label: 'Ausgrenzungsindex', kind: 'index', polarity: 1 },
		areas: [
			{ id: 'st-a', name: 'Aheim', population: 100, need: 1, needValue: 1.2 },
			{ id: 'st-b', name: 'Bedorf', population: 100, need: -1, needValue: -0.8 },
			{ id: 'st-c', name: 'Cestadt', population: 50, need: 0, needValue: null }
		],
		excluded: [{ id: 'st-d', name: 'Dehafen', reason: 'keine Zielbevölkerung' }],
		warnings: []
	};
	const params = { ...defaultAllocationState().a, budget: 1001, alpha };
	const result = allocate({ budget: 1001, alpha, areas: data.areas.map((a) => ({ ...a, statusQuo: statusQuo[a.id] ?? null })) });
	return { params, data, result };
}

describe('table model and CSV', () => {
	it('builds rows with B − A, status-quo differences, flags and an exact sum', () => {
		const { rows, sum } = buildRows(scenario(0.5), scenario(0), { 'st-a': 400 });
		expect(rows.map((r) => r.id)).toEqual(['st-a', 'st-b', 'st-c', 'st-d']);
		expect(sum.amount).toBe(1001);
		expect(sum.amountB).toBe(1001);
		const a = rows[0];
		expect(a.diffBA).toBe(a.b!.amount - a.amount!);
		expect(a.diffStatusQuo).toBe(a.amount! - 400);
		expect(sum.statusQuo).toBe(400);
		expect(rows[2].needMissing).toBe(true);
		expect(rows[2].flags.join()).toContain('kein verlässlicher Bedarfswert');
		expect(rows[3].amount).toBeNull();
		expect(rows[3].flags.join()).toContain('nicht im Lastenausgleich: keine Zielbevölkerung');
		expect(rows.reduce((s, r) => s + (r.amount ?? 0), 0)).toBe(1001);
	});
	it('sorts with empty values last', () => {
		const { rows } = buildRows(scenario(0.5), null, {});
		expect(sortRows(rows, 'amount', 'desc').map((r) => r.id)).toEqual(['st-a', 'st-b', 'st-c', 'st-d'].sort((x, y) => (rows.find((r) => r.id === y)!.amount ?? -1) - (rows.find((r) => r.id === x)!.amount ?? -1)));
		expect(sortRows(rows, 'amount', 'asc').at(-1)!.id).toBe('st-d');
		expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['Aheim', 'Bedorf', 'Cestadt', 'Dehafen']);
	});
	it('writes German Excel CSV with BOM, a header block and the sum row', () => {
		const a = scenario(0.5);
		const { rows, sum } = buildRows(a, null, {});
		const source = { source: 'demo' as const, label: 'Demodaten (synthetisch, nicht amtlich)', demo: true, detail: 'Synthetisch.', stichtag: '2023' };
		const csv = allocationCsv({ source, name: 'Test; mit Semikolon', a, b: null, rows, sum, now: new Date('2026-01-31T10:00:00Z') });
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[1]).toBe('Datenquelle;Demodaten – Demodaten (synthetisch, nicht amtlich)');
		expect(lines).toContain('Szenario;"Test; mit Semikolon"');
		expect(lines.find((l) => l.startsWith('Szenario A;'))).toContain('Bedarfsgewichtung α = 0,50');
		const header = lines.findIndex((l) => l.startsWith('Stadtteil-ID;'));
		expect(lines[header - 1]).toBe('');
		expect(lines.find((l) => l.startsWith(';Summe;'))!.split(';')[6]).toBe('1001');
		const aheim = lines.find((l) => l.startsWith('st-a;'))!.split(';');
		expect(aheim[7]).toMatch(/^\d+,\d\d$/);
		expect(excelNumber(-0.001, 2)).toBe('0,00');
		expect(excelNumber(1234.5, 2)).toBe('1234,50');
		expect(excelNumber(null, 2)).toBe('');
	});
});
