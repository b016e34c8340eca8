import { describe, expect, it } from 'vitest';
import { columnLetters, escapeXml, sheetName, writeXlsx } from '../../../src/lib/export/xlsx-writer.ts';
import { dosDateTime, zipStore } from '../../../src/lib/export/zip-store.ts';
import { listZip, readZip } from '../../../src/lib/import/zip.ts';
import { readXlsx } from '../../../src/lib/import/xlsx.ts';

const enc = new TextEncoder();

describe('zipStore', () => {
	it('writes an archive the project reader lists and extracts with matching CRC-32', async () => {
		const zip = zipStore([
			{ name: 'a.txt', data: enc.encode('hallo') },
			{ name: 'ordner/ü.xml', data: enc.encode('<x>ä</x>') },
			{ name: 'leer.bin', data: new Uint8Array(0) }
		]);
		expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
		expect(listZip(zip).map((e) => [e.name, e.method, e.size])).toEqual([
			['a.txt', 0, 5],
			['ordner/ü.xml', 0, 9],
			['leer.bin', 0, 0]
		]);
		const files = await readZip(zip);
		expect(new TextDecoder().decode(files.get('ordner/ü.xml'))).toBe('<x>ä</x>');
	});
	it('is deterministic for the same input and time stamp', () => {
		const files = [{ name: 'x', data: enc.encode('1') }];
		expect(zipStore(files)).toEqual(zipStore(files));
	});
	it('rejects duplicate names', () => {
		expect(() => zipStore([{ name: 'x', data: new Uint8Array() }, { name: 'x', data: new Uint8Array() }])).toThrow(/doppelt/);
	});
	it('encodes DOS time stamps', () => {
		// 7 Mar 2025 09:05:30 → date (45<<9)|(3<<5)|7, time (9<<11)|(5<<5)|15
		expect(dosDateTime(new Date(2025, 2, 7, 9, 5, 30))).toEqual({ date: (45 << 9) | (3 << 5) | 7, time: (9 << 11) | (5 << 5) | 15 });
	});
});

describe('writeXlsx', () => {
	it('column letters', () => {
		expect([0, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
	});
	it('valid, unique sheet names', () => {
		expect(sheetName('Quellen/Methode: [neu]?', new Set())).toBe('Quellen-Methode- -neu--');
		expect(sheetName('Daten', new Set(['daten']))).toBe('Daten (2)');
		expect(sheetName('x'.repeat(40), new Set())).toHaveLength(31);
	});
	it('escapes XML and drops forbidden control characters', () => {
		expect(escapeXml('a<b & "c"\u0001')).toBe('a&lt;b &amp; &quot;c&quot;');
	});
	it('round-trips texts, numbers, fixed decimals and empty cells through the project reader', async () => {
		const bytes = writeXlsx([
			{
				name: 'Daten',
				headerRows: 1,
				rows: [
					['Gebiet', 'Wert', 'Leer', 'Gerundet'],
					['Tenever', 41.25, null, { value: 1.23456, decimals: 2 }],
					['  Leerzeichen  ', -0.5, Number.NaN, { value: null, decimals: 1 }]
				]
			},
			{ name: 'Quellen und Methode', rows: [[{ bold: 'Quelle' }, 'Demodaten']] }
		]);
		const wb = await readXlsx(bytes);
		expect(wb.sheets).toEqual(['Daten', 'Quellen und Methode']);
		expect(wb.grid.rows.map((r) => r.cells)).toEqual([
			['Gebiet', 'Wert', 'Leer', 'Gerundet'],
			['Tenever', 41.25, '', 1.23456],
			['  Leerzeichen  ', -0.5]
		]);
		const xml = new TextDecoder().decode((await readZip(bytes)).get('xl/styles.xml'));
		expect(xml).toContain('formatCode="0.00"');
		const second = await readXlsx(bytes, 'Quellen und Methode');
		expect(second.grid.rows[0].cells).toEqual(['Quelle', 'Demodaten']);
	});
});
