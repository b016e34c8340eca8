import { describe, expect, it } from 'vitest';
import { formatDelimited, parseDelimited } from '../../../src/lib/import/csv.ts';

const fields = (text: string, sep = ';') => parseDelimited(text, sep).records.map((r) => r.fields);

describe('parseDelimited', () => {
	it('splits fields and records with CRLF, LF or CR', () => {
		expect(fields('a;b\r\nc;d\ne;f\rg;h')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]);
	});

	it('resolves quotes: separators, line breaks and "" inside', () => {
		const r = parseDelimited('name;note\r\n"Hemelingen; Ost";"zwei\r\nZeilen ""zitiert"""\r\nx;y', ';');
		expect(r.records).toEqual([
			{ line: 1, fields: ['name', 'note'] },
			{ line: 2, fields: ['Hemelingen; Ost', 'zwei\nZeilen "zitiert"'] },
			{ line: 4, fields: ['x', 'y'] }
		]);
		expect(r.problems).toEqual([]);
	});

	it('is tolerant like Excel: blanks before a quote, quotes inside unquoted text, text after a closing quote', () => {
		expect(fields('a; "b;c"')).toEqual([['a', 'b;c']]);
		expect(fields('12" Monitor;x')).toEqual([['12" Monitor', 'x']]);
		const r = parseDelimited('"ab"c;d', ';');
		expect(r.records[0].fields).toEqual(['abc', 'd']);
		expect(r.problems).toEqual([{ line: 1, kind: 'stray-quote' }]);
	});

	it('reports an unclosed quote instead of throwing', () => {
		const r = parseDelimited('a;b\n"offen;c\nd;e', ';');
		expect(r.problems).toEqual([{ line: 2, kind: 'unclosed-quote' }]);
		expect(r.records[1].fields).toEqual(['offen;c\nd;e']);
	});

	it('keeps empty lines as one empty field and a missing final newline', () => {
		expect(fields('a\n\nb')).toEqual([['a'], [''], ['b']]);
		expect(fields('a;')).toEqual([['a', '']]);
	});

	it('round-trips through formatDelimited', () => {
		const rows = [['a;b', 'c"d', 'e\nf', ''], ['1', ' 2', '3', 'x']];
		for (const sep of [';', ',', '\t']) expect(fields(formatDelimited(rows, sep), sep)).toEqual(rows);
	});
});
