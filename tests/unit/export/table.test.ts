import { describe, expect, it } from 'vitest';
import { csvGerman, csvPlain, exportTable, type ExportTable } from '../../../src/lib/export/table.ts';
import { readZip } from '../../../src/lib/import/zip.ts';
import { readXlsx } from '../../../src/lib/import/xlsx.ts';

const table: ExportTable = {
	columns: [
		{ key: 'rank', label: 'Rang', type: 'number', decimals: 0 },
		{ key: 'name', label: 'Gebiet', type: 'text' },
		{ key: 'value', label: 'SGB-II-Quote (%)', type: 'number', decimals: 1 },
		{ key: 'base', label: 'Basis', type: 'number' }
	],
	rows: [
		{ rank: 1, name: 'Tenever', value: 41.25, base: 12345 },
		{ rank: null, name: 'Hafen; "Industrie"', value: 3, base: 0.000001 },
		{ rank: 2, name: '=SUMME(A1)', value: null, base: -1234.5 }
	],
	meta: {
		title: 'SGB-II-Quote 2023 – Ortsteile',
		source: 'Quelle: Demodaten (synthetisch, nicht amtlich); Stand 31.12.2023',
		demo: true,
		settings: { Jahr: 2023, Ebene: 'Ortsteil' },
		exportedAt: new Date(2025, 2, 7, 9, 5),
		filename: ['sgb2_quote', 2023, 'ortsteil', 'rangliste']
	}
};

/** The table part of a German CSV: after the first empty line. */
function germanTable(text: string): string[][] {
	const lines = text.replace(/^\ufeff/, '').split('\r\n');
	const start = lines.indexOf('') + 1;
	return lines.slice(start).filter((l) => l !== '').map((l) => l.split(';'));
}

describe('CSV for German Excel', () => {
	const text = csvGerman(table);
	it('starts with a UTF-8 BOM and uses CRLF', () => {
		expect(text.charCodeAt(0)).toBe(0xfeff);
		expect(text).toContain('\r\n');
		expect(text.replace(/\r\n/g, '')).not.toContain('\n');
	});
	it('has a header block with title, Demodaten note, source, settings and export date', () => {
		const head = text.slice(1, text.indexOf('\r\n\r\n')).split('\r\n');
		expect(head[0]).toBe('Titel;SGB-II-Quote 2023 – Ortsteile');
		expect(head[1]).toMatch(/^Hinweis;Demodaten – Ortsteilwerte synthetisch, nicht amtlich/);
		expect(head).toContain('Jahr;2023');
		expect(head).toContain('Exportiert am;07.03.2025, 09:05 Uhr');
	});
	it('quotes a source with a semicolon', () => {
		expect(text).toContain('Quelle;"Demodaten (synthetisch, nicht amtlich); Stand 31.12.2023"');
	});
	it('writes decimal commas, no thousands separators, empty cells for missing values', () => {
		const rows = germanTable(text);
		expect(rows[0]).toEqual(['Rang', 'Gebiet', 'SGB-II-Quote (%)', 'Basis']);
		expect(rows[1]).toEqual(['1', 'Tenever', '41,3', '12345']);
		expect(rows[3]).toEqual(['2', "'=SUMME(A1)", '', '-1234,5']);
	});
	it('quotes fields with separator and quotes (RFC 4180) and never writes exponents', () => {
		expect(text).toContain('"Hafen; ""Industrie"""');
		expect(text).toContain(';0,000001');
	});
});

describe('plain CSV', () => {
	const text = csvPlain(table);
	it('uses comma and point, no BOM, no header block, a Hinweis column with demo data', () => {
		const lines = text.trimEnd().split('\r\n');
		expect(text.charCodeAt(0)).not.toBe(0xfeff);
		expect(lines[0]).toBe('Rang,Gebiet,SGB-II-Quote (%),Basis,Hinweis');
		expect(lines[1]).toBe('1,Tenever,41.3,12345,Demodaten – synthetisch');
		expect(lines[2]).toBe(',"Hafen; ""Industrie""",3.0,0.000001,Demodaten – synthetisch');
	});
	it('has no Hinweis column for official data', () => {
		expect(csvPlain({ ...table, meta: { ...table.meta, demo: false } }).split('\r\n')[0]).toBe('Rang,Gebiet,SGB-II-Quote (%),Basis');
	});
});

describe('exportTable', () => {
	it('names the files after their content', () => {
		expect(exportTable(table, 'csv-de').filename).toBe('sozialraum_sgb2_quote_2023_ortsteil_rangliste.csv');
		expect(exportTable(table, 'csv').filename).toBe('sozialraum_sgb2_quote_2023_ortsteil_rangliste_international.csv');
		expect(exportTable(table, 'xlsx').filename).toBe('sozialraum_sgb2_quote_2023_ortsteil_rangliste.xlsx');
	});
	it('writes the BOM as bytes EF BB BF', async () => {
		const bytes = new Uint8Array(await exportTable(table, 'csv-de').blob.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	});
	it('XLSX: a valid ZIP with two sheets, values as numbers, the sources sheet', async () => {
		const bytes = new Uint8Array(await exportTable(table, 'xlsx').blob.arrayBuffer());
		const parts = await readZip(bytes); // checks every CRC-32
		expect([...parts.keys()]).toEqual(
			expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/styles.xml'])
		);
		const sheet1 = new TextDecoder().decode(parts.get('xl/worksheets/sheet1.xml'));
		expect(sheet1).toContain('<v>41.25</v>');
		expect(sheet1).toContain('Hafen; &quot;Industrie&quot;');
		const data = await readXlsx(bytes);
		expect(data.sheets).toEqual(['Daten', 'Quellen und Methode']);
		expect(data.grid.rows[0].cells).toEqual(['Rang', 'Gebiet', 'SGB-II-Quote (%)', 'Basis', 'Hinweis']);
		expect(data.grid.rows[1].cells).toEqual([1, 'Tenever', 41.25, 12345, 'Demodaten – synthetisch']);
		expect(data.grid.rows[3].cells).toEqual([2, '=SUMME(A1)', '', -1234.5, 'Demodaten – synthetisch']);
		const info = await readXlsx(bytes, 'Quellen und Methode');
		const pairs = Object.fromEntries(info.grid.rows.map((r) => [r.cells[0], r.cells[1]]));
		expect(pairs['Titel']).toBe('SGB-II-Quote 2023 – Ortsteile');
		expect(pairs['Hinweis']).toMatch(/^Demodaten/);
		expect(pairs['Quelle']).toBe('Demodaten (synthetisch, nicht amtlich); Stand 31.12.2023');
		expect(pairs['Ebene']).toBe('Ortsteil');
		expect(pairs['Exportiert am']).toBe('07.03.2025, 09:05 Uhr');
	});
});
