import { describe, expect, it } from 'vitest';
import { importFile, importTable } from '../../../src/lib/import/index.ts';
import type { ImportResult } from '../../../src/lib/import/types.ts';
import { catalogue, fixture, register, YEARS } from './helpers.ts';

const base = { register, catalogue, yearRange: YEARS };
const utf8 = (s: string) => new TextEncoder().encode(s);
const ok = (r: ImportResult) => {
	if (!r.ok) throw new Error(`Import fehlgeschlagen:\n${r.errors.map((e) => e.message).join('\n')}`);
	return r;
};
const codes = (r: ImportResult) => (r.ok ? [] : r.errors.map((e) => e.code));
const row = (r: ImportResult, area: string, year: number) => (r.ok ? r.rows.find((x) => x.area_id === area && x.year === year) : undefined);

describe('Ortsteilatlas export: Windows-1252, title lines, years as columns', () => {
	const bytes = fixture('ortsteilatlas-wide-cp1252.csv');

	it('detects everything, then asks for the indicator', () => {
		const r = importTable(bytes, { ...base, fileName: 'atlas.csv' });
		expect(r.ok).toBe(false);
		expect(codes(r)).toEqual(['mapping-incomplete']);
		expect(r.report).toMatchObject({
			encoding: 'windows-1252',
			separator: ';',
			decimal: 'comma',
			headerLine: 4,
			layout: 'wide',
			suggestedIndicator: 'bevoelkerung',
			titleLines: ['Testdaten (erfunden) – Ortsteilatlas', 'Bevölkerung am 31.12. (Personen)']
		});
		expect(r.report.mapping.yearColumns.map((y) => y.year)).toEqual([2019, 2020, 2021]);
		expect(r.report.decimalNote).toContain('„2.512“ = 2512');
		expect(r.report.preview[0]).toEqual(['111', 'Altstadt', '2.512', '2.498', '2.530']);
	});

	it('imports all cells once the indicator is chosen: values, suppressed, missing', () => {
		const r = ok(importTable(bytes, { ...base, fileName: 'atlas.csv', mapping: { indicator: 'bevoelkerung' } }));
		expect(r.rows).toHaveLength(18);
		expect(row(r, 'ot-groepelingen', 2019)).toEqual({ area_id: 'ot-groepelingen', indicator_id: 'bevoelkerung', year: 2019, numerator: 12345, denominator: null, value: 12345, status: 'ok' });
		expect(row(r, 'ot-ostertor', 2021)?.value).toBe(10002);
		// "." "x" "…" "-" "..." "/" → gesperrt without a value; an empty cell → fehlt
		for (const [area, year] of [['ot-bahnhofsvorstadt', 2019], ['ot-ostertor', 2019], ['ot-ostertor', 2020], ['ot-neustaedter-hafen', 2019], ['ot-neustaedter-hafen', 2020], ['ot-neustaedter-hafen', 2021]] as const) {
			expect(row(r, area, year)).toMatchObject({ status: 'gesperrt', value: null, numerator: null });
		}
		expect(row(r, 'ot-suedervorstadt', 2021)).toMatchObject({ status: 'fehlt', value: null });
		expect(r.report.summary).toBe('6 Zeilen importiert, 0 Zeilen brauchen Aufmerksamkeit.');
		expect(r.report.numbers).toContainEqual({ nummer: '122', area_id: 'ot-neustaedter-hafen' });
		const messages = r.warnings.map((w) => w.message).join('\n');
		expect(messages).toContain('6 Werte sind gesperrt');
		expect(messages).toContain('„-“ bedeutet in der amtlichen Zeichenerklärung');
		expect(messages).toContain('2 Fußzeilen unter den Daten übersprungen');
		expect(messages).toContain('82 Ortsteile fehlen');
	});

	it('reads "-" as zero only when the user says so', () => {
		const r = ok(importTable(bytes, { ...base, mapping: { indicator: 'bevoelkerung' }, dashAsZero: true }));
		expect(row(r, 'ot-neustaedter-hafen', 2019)).toMatchObject({ status: 'ok', value: 0 });
	});

	it('lets the user override the decimal style (then "2.512" is 2,512 persons – flagged as not whole)', () => {
		const r = ok(importTable(bytes, { ...base, mapping: { indicator: 'bevoelkerung' }, decimal: 'point' }));
		expect(row(r, 'ot-altstadt', 2019)?.value).toBe(2.512);
		expect(r.warnings.some((w) => w.code === 'not-integer')).toBe(true);
	});
});

describe('long table with numerator, denominator and share (UTF-8 with BOM)', () => {
	it('imports, computes missing values and resolves the alias', () => {
		const r = ok(importTable(fixture('sgb2-long-utf8bom.csv'), { ...base, fileName: 'sgb2.csv' }));
		expect(r.report).toMatchObject({ encoding: 'utf-8-bom', decimal: 'comma', layout: 'long' });
		expect(r.report.decimalNote).toContain('weil 4 andere Zahlen ein Dezimalkomma haben');
		expect(r.rows).toHaveLength(6);
		expect(row(r, 'ot-altstadt', 2020)).toEqual({ area_id: 'ot-altstadt', indicator_id: 'sgb2_quote', year: 2020, numerator: 120, denominator: 1234, value: 9.7, status: 'ok' });
		expect(row(r, 'ot-neustaedter-hafen', 2020)).toMatchObject({ status: 'gesperrt', value: null, numerator: null, denominator: null });
		expect(row(r, 'ot-neustaedter-hafen', 2021)).toMatchObject({ status: 'ok', numerator: 3, denominator: 20, value: 15 });
		expect(row(r, 'ot-st-magnus', 2020)?.value).toBe(2.8);
		expect(row(r, 'ot-groepelingen', 2020)).toMatchObject({ numerator: 2950, denominator: 7012, value: 42.1 });
	});
});

describe('a file with every kind of problem', () => {
	const r = importTable(fixture('problems-long.csv'), { ...base, fileName: 'probleme.csv' });

	it('fails as a whole and returns no rows', () => {
		expect(r.ok).toBe(false);
		expect('rows' in r).toBe(false);
		expect(r.report.summary).toBe('4 Zeilen importierbar, 10 Zeilen brauchen Aufmerksamkeit – noch nichts importiert.');
	});

	it('names every problem with file, line and column', () => {
		if (r.ok) return;
		const byLine = (line: number) => r.errors.filter((e) => e.line === line).map((e) => e.code);
		expect(byLine(3)).toEqual(['duplicate']);
		expect(byLine(4)).toEqual(['area-unmatched']);
		expect(byLine(5)).toEqual(['negative-count']);
		expect(byLine(6)).toEqual(['numerator-gt-denominator']);
		expect(byLine(7)).toEqual(['share-over-100']);
		expect(byLine(8)).toEqual(['not-numeric']);
		expect(byLine(9)).toEqual(['year-out-of-range']);
		expect(byLine(10)).toEqual(['year-invalid']);
		expect(byLine(14)).toEqual(['duplicate']);
		expect(byLine(15)).toEqual(['indicator-unknown']);
		expect([2, 11, 12, 13].flatMap(byLine)).toEqual([]);
		const m = (line: number) => r.errors.find((e) => e.line === line)!.message;
		expect(m(8)).toBe('probleme.csv, Zeile 8, Spalte „Wert“: „abc“ ist keine Zahl.');
		expect(m(7)).toBe('probleme.csv, Zeile 7, Spalte „Wert“: Anteil 112,5 % liegt über 100 %.');
		expect(m(14)).toContain('„Neustädter Hafen“ und „Neustädter Häfen“ bezeichnen denselben Ortsteil');
		expect(m(3)).toContain('schon in Zeile 2');
	});

	it('lists unknown names for manual assignment', () => {
		if (r.ok) return;
		expect(r.attention.map((a) => [a.kind, a.key, a.reason, a.lines])).toEqual([
			['area', 'Testort Z9', 'unmatched', [4]],
			['indicator', 'Erfundener Indikator', 'unmatched', [15]]
		]);
	});
});

describe('manual assignment and fixing round trip', () => {
	const text = ['Ortsteil;Jahr;Wert', 'Gröplingen;2020;12,5', 'Umland;2020;3', 'Stadt Bremen;2020;9,9', 'Stadtteil Mitte;2020;4'].join('\n');

	it('needs attention first, then imports with the assignments', () => {
		const opts = { ...base, mapping: { indicator: 'sgb2_quote' } };
		const first = importTable(utf8(text), opts);
		expect(first.ok).toBe(false);
		if (first.ok) return;
		expect(first.attention.map((a) => [a.key, a.candidates.map((c) => c.name)])).toEqual([['Gröplingen', ['Gröpelingen']], ['Umland', []]]);
		expect(first.report.summary).toBe('0 Zeilen importierbar, 2 Zeilen brauchen Aufmerksamkeit, 2 Zeilen ausgelassen (Summen oder bewusst ausgelassen) – noch nichts importiert.');
		const second = ok(importTable(utf8(text), { ...opts, areaAssignments: { 'Gröplingen': 'ot-groepelingen', 'Umland': null } }));
		expect(second.rows).toEqual([{ area_id: 'ot-groepelingen', indicator_id: 'sgb2_quote', year: 2020, numerator: null, denominator: null, value: 12.5, status: 'ok' }]);
		const warn = second.warnings.map((w) => w.message).join('\n');
		expect(warn).toContain('„Umland“ bewusst ausgelassen (Zeile 3)');
		expect(warn).toContain('Summen für Gesamtstadt nicht übernommen (Zeile 4)');
		expect(warn).toContain('Summen für Stadtteil nicht übernommen (Zeile 5)');
		expect(second.report.summary).toBe('1 Zeile importiert, 0 Zeilen brauchen Aufmerksamkeit, 3 Zeilen ausgelassen (Summen oder bewusst ausgelassen).');
	});

	it('maps unknown indicator names by assignment', () => {
		const t = 'Ortsteil;Indikator;Jahr;Wert\nAltstadt;Kinderarmut (%);2020;30\nOstertor;Quote XY;2020;4\n';
		const r = ok(importTable(utf8(t), { ...base, indicatorAssignments: { 'Quote XY': 'arbeitslosenziffer' } }));
		expect(r.rows.map((x) => x.indicator_id)).toEqual(['sgb2_u15_quote', 'arbeitslosenziffer']);
	});
});

describe('English CSV (comma separator, decimal point, quoted note with line break)', () => {
	it('imports with register ids in area_id', () => {
		const r = ok(importTable(fixture('english-comma.csv'), base));
		expect(r.report).toMatchObject({ separator: ',', decimal: 'point' });
		expect(r.rows.map((x) => [x.area_id, x.numerator, x.denominator, x.value])).toEqual([
			['ot-altstadt', 120, 1234, 9.7],
			['ot-ostertor', 1020, 10200, 10],
			['ot-steintor', 15, 1500, 1]
		]);
	});
});

describe('XLSX workbook', () => {
	it('reads the first visible sheet: date headers, numbers, "." and title/footer rows', async () => {
		const bytes = fixture('wide-unter6.xlsx');
		const first = await importFile({ name: 'unter6.xlsx', bytes }, base);
		expect(first.report).toMatchObject({ format: 'xlsx', sheet: 'Unter 6 Jahre', sheets: ['Hinweise', 'Unter 6 Jahre'], headerLine: 3, layout: 'wide', suggestedIndicator: 'anteil_unter_6' });
		expect(first.report.header).toEqual(['Nr.', 'Ortsteil', '31.12.2019', '31.12.2020']);
		const r = ok(await importFile({ name: 'unter6.xlsx', bytes }, { ...base, mapping: { indicator: first.report.suggestedIndicator } }));
		expect(r.rows.map((x) => [x.area_id, x.year, x.value, x.status])).toEqual([
			['ot-altstadt', 2019, 4.2, 'ok'],
			['ot-altstadt', 2020, 4.35, 'ok'],
			['ot-neustaedter-hafen', 2019, null, 'gesperrt'],
			['ot-neustaedter-hafen', 2020, 0, 'ok'],
			['ot-suedervorstadt', 2019, 5.3, 'ok'],
			['ot-suedervorstadt', 2020, 5.1, 'ok']
		]);
	});

	it('reports an unknown sheet and a broken archive without throwing', async () => {
		const bytes = fixture('wide-unter6.xlsx');
		const r = await importFile({ name: 'x.xlsx', bytes }, { ...base, sheet: 'Gibt es nicht' });
		expect(r.ok).toBe(false);
		expect(codes(r)).toEqual(['xlsx']);
		const broken = await importFile({ name: 'kaputt.xlsx', bytes: bytes.slice(0, 200) }, base);
		expect(codes(broken)).toEqual(['xlsx']);
	});
});

describe('file-level failures', () => {
	it('refuses empty, binary and old Excel files with a German message', () => {
		expect(codes(importTable(new Uint8Array(), base))).toEqual(['file-empty']);
		expect(codes(importTable(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 1, 2), base))).toEqual(['file-xls']);
		expect(codes(importTable(Uint8Array.of(0x50, 0x4b, 3, 4), base))).toEqual(['file-zip']);
	});

	it('reports an unclosed quote and extra fields', () => {
		const r = importTable(utf8('Ortsteil;Jahr;Wert\nAltstadt;2020;1;5\n"Ostertor;2020;2\n'), { ...base, mapping: { indicator: 'sgb2_quote' } });
		expect(codes(r)).toEqual(expect.arrayContaining(['csv-unclosed-quote', 'csv-extra-fields']));
	});

	it('reports a table without recognisable header', () => {
		expect(codes(importTable(utf8('111;Altstadt;12,5\n112;Ostertor;3,5\n'), base))).toEqual(['header-missing']);
	});

	it('warns about value/numerator mismatches but imports', () => {
		const r = ok(importTable(utf8('Ortsteil;Indikator;Jahr;Zähler;Nenner;Wert\nAltstadt;sgb2_quote;2020;10;100;12,0\n'), base));
		expect(r.warnings.find((w) => w.code === 'value-inconsistent')?.message).toContain('10 / 100 × 100 = 10');
	});

	it('reads a year written with a thousands dot', () => {
		const r = ok(importTable(utf8('Ortsteil;Indikator;Jahr;Wert\nAltstadt;sgb2_quote;2.020;12,5\n'), base));
		expect(r.rows[0].year).toBe(2020);
	});
});

describe('small conveniences', () => {
	it('honours Excel\'s "sep=" line', () => {
		const r = ok(importTable(utf8('sep=,\nOrtsteil,Indikator,Jahr,Wert\nAltstadt,sgb2_quote,2020,"12,5"\n'), base));
		expect(r.report).toMatchObject({ separator: ',', headerLine: 2 });
		expect(r.rows[0].value).toBe(12.5);
	});

	it('finds the number column without a header name', () => {
		const r = ok(importTable(utf8(';;2019;2020\n111;Altstadt;12,5;12\n112;Ostertor;3;.\n'), { ...base, mapping: { indicator: 'sgb2_quote' } }));
		expect(r.report.mapping.columns).toEqual({ areaNumber: 0, area: 1 });
		expect(r.report.numbers).toEqual([{ nummer: '111', area_id: 'ot-altstadt' }, { nummer: '112', area_id: 'ot-ostertor' }]);
	});

	it('reports an implausible or repeated year column once', () => {
		const r = importTable(utf8('Ortsteil;2020;2020;2045\nAltstadt;1;2;3\nOstertor;1;2;3\n'), { ...base, mapping: { indicator: 'sgb2_quote' } });
		expect(codes(r)).toEqual(['duplicate', 'year-out-of-range']);
		expect(r.report.summary).toBe('2 Zeilen importierbar, 2 Fehler in der Datei – noch nichts importiert.');
	});

	it('renders a result as text for the CLI', async () => {
		const { formatImportResult } = await import('../../../src/lib/import/index.ts');
		const text = formatImportResult(importTable(fixture('problems-long.csv'), { ...base, fileName: 'p.csv' }));
		expect(text).toContain('Erkannt: UTF-8, Trennzeichen Semikolon, Dezimalkomma, Kopfzeile 1, lange Tabelle.');
		expect(text).toContain('Fehler (10):');
		expect(text).toContain('  – Ortsteil „Testort Z9“');
	});
});

describe('leaving out an indicator', () => {
	it('skips its rows entirely, even with unknown areas in them', () => {
		const t = 'Ortsteil;Indikator;Jahr;Wert\nAltstadt;SGB-II-Quote;2020;12\nUmlandgemeinde;Sonstiges;2020;4\n';
		const r = ok(importTable(utf8(t), { ...base, indicatorAssignments: { Sonstiges: null } }));
		expect(r.rows).toHaveLength(1);
		expect(r.warnings.map((w) => w.message).join()).toContain('„Sonstiges“ bewusst ausgelassen (Zeile 3)');
	});
});
