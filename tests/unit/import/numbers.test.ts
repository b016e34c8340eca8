import { describe, expect, it } from 'vitest';
import { decimalVote, formatGerman, inferDecimalStyle, parseNumber } from '../../../src/lib/import/numbers.ts';
import { parseYear } from '../../../src/lib/import/years.ts';

const num = (value: number) => ({ kind: 'number', value });

describe('parseNumber', () => {
	it('reads German notation', () => {
		expect(parseNumber('1.234,5', 'comma')).toEqual(num(1234.5));
		expect(parseNumber('12,5', 'comma')).toEqual(num(12.5));
		expect(parseNumber('1.234.567', 'comma')).toEqual(num(1234567));
		expect(parseNumber(',5', 'comma')).toEqual(num(0.5));
		expect(parseNumber('-3,25', 'comma')).toEqual(num(-3.25));
		expect(parseNumber('−3,25', 'comma')).toEqual(num(-3.25));
		expect(parseNumber('12,5 %', 'comma')).toEqual(num(12.5));
		expect(parseNumber('1 234,5', 'comma')).toEqual(num(1234.5));
		expect(parseNumber('1\u00a0234', 'comma')).toEqual(num(1234));
	});

	it('reads English notation', () => {
		expect(parseNumber('1,234.5', 'point')).toEqual(num(1234.5));
		expect(parseNumber('0.25', 'point')).toEqual(num(0.25));
		expect(parseNumber('1.5E3', 'point')).toEqual(num(1500));
	});

	it('passes XLSX numbers through', () => {
		expect(parseNumber(4.35, 'comma')).toEqual(num(4.35));
	});

	it('keeps suppression markers as suppressed, never 0', () => {
		for (const m of ['.', '-', '–', 'x', 'X', '…', '...', '/', '*']) {
			expect(parseNumber(` ${m} `, 'comma')).toEqual({ kind: 'suppressed', marker: m });
		}
		expect(parseNumber('-', 'comma', { dashAsZero: true })).toEqual(num(0));
		expect(parseNumber('.', 'comma', { dashAsZero: true })).toEqual({ kind: 'suppressed', marker: '.' });
	});

	it('keeps empty cells as empty', () => {
		expect(parseNumber('', 'comma')).toEqual({ kind: 'empty' });
		expect(parseNumber('  \u00a0', 'point')).toEqual({ kind: 'empty' });
	});

	it('flags values in parentheses as restricted', () => {
		expect(parseNumber('(12,5)', 'comma')).toEqual({ kind: 'number', value: 12.5, restricted: true });
	});

	it('rejects wrong grouping and the other notation, with a hint', () => {
		expect(parseNumber('12.5', 'comma')).toMatchObject({ kind: 'invalid', hint: expect.stringContaining('Dezimalpunkt') });
		expect(parseNumber('1.23,4', 'comma').kind).toBe('invalid');
		expect(parseNumber('12,5', 'point')).toMatchObject({ kind: 'invalid', hint: expect.stringContaining('Dezimalkomma') });
		expect(parseNumber('abc', 'comma').kind).toBe('invalid');
		expect(parseNumber('< 3', 'comma')).toMatchObject({ kind: 'invalid', hint: expect.stringContaining('Kleiner') });
		expect(parseNumber('12a', 'comma').kind).toBe('invalid');
	});
});

describe('inferDecimalStyle', () => {
	it('classifies single cells', () => {
		expect(decimalVote('12,5')).toBe('comma');
		expect(decimalVote('0,123')).toBe('comma');
		expect(decimalVote('1.234,5')).toBe('comma');
		expect(decimalVote('1.234.567')).toBe('comma');
		expect(decimalVote('12.5')).toBe('point');
		expect(decimalVote('1,234.5')).toBe('point');
		expect(decimalVote('1.234')).toBe('ambiguous');
		expect(decimalVote('1,234')).toBe('ambiguous');
		expect(decimalVote('2019')).toBeNull();
		expect(decimalVote('.')).toBeNull();
	});

	it('decides "1.234" by the other cells and explains it', () => {
		const r = inferDecimalStyle(['1.234', '12,5', '3,1'], ';');
		expect(r.style).toBe('comma');
		expect(r.note).toContain('„1.234“ = 1234');
		expect(r.note).toContain('2 andere Zahlen ein Dezimalkomma');
		expect(inferDecimalStyle(['1,234', '12.5'], ',').style).toBe('point');
	});

	it('falls back to the separator when nothing is decisive', () => {
		expect(inferDecimalStyle(['1.234', '2.500'], ';')).toMatchObject({ style: 'comma', note: expect.stringContaining('deutsche Voreinstellung') });
		expect(inferDecimalStyle(['1,234'], ',')).toMatchObject({ style: 'point', note: expect.stringContaining('Kommas als Trennzeichen') });
		expect(inferDecimalStyle(['12', '13'], ';')).toMatchObject({ style: 'comma', note: undefined });
	});

	it('reports mixed notations, the majority wins', () => {
		const r = inferDecimalStyle(['1,5', '2,5', '3.5'], ';');
		expect(r).toMatchObject({ style: 'comma', mixed: true });
		expect(r.note).toContain('mischt');
	});
});

describe('formatGerman', () => {
	it('formats like a German table', () => {
		expect(formatGerman(1234.5, 1)).toBe('1.234,5');
		expect(formatGerman(-1234567, 0)).toBe('-1.234.567');
		expect(formatGerman(0.25)).toBe('0,25');
	});
});

describe('parseYear', () => {
	it('reads years and reference dates', () => {
		expect(parseYear('2019')).toBe(2019);
		expect(parseYear('31.12.2019')).toBe(2019);
		expect(parseYear('Stand 31.12.2020')).toBe(2020);
		expect(parseYear('Jahr 2018')).toBe(2018);
		expect(parseYear('2021-12-31')).toBe(2021);
		expect(parseYear('2019 (31.12.)')).toBe(2019);
		expect(parseYear(2020)).toBe(2020);
	});

	it('does not pick one year of a range or a number', () => {
		expect(parseYear('2019/20')).toBeNull();
		expect(parseYear('12,5')).toBeNull();
		expect(parseYear('Ortsteil')).toBeNull();
		expect(parseYear(2019.5)).toBeNull();
	});
});
