import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../../src/lib/data/contract.ts';
import type { NumberCell } from '../../../src/lib/import/numbers.ts';
import { evaluateValue } from '../../../src/lib/import/values.ts';
import { catalogue } from './helpers.ts';

const ind = (id: string) => catalogue.indicators.find((i) => i.id === id) as Indicator;
const n = (value: number): NumberCell => ({ kind: 'number', value });
const sup: NumberCell = { kind: 'suppressed', marker: '.' };
const empty: NumberCell = { kind: 'empty' };
const cells = (numerator: NumberCell | null, denominator: NumberCell | null, value: NumberCell | null) => ({ numerator, denominator, value });
const sgb2 = ind('sgb2_quote'); // % = sgb2_personen / bev_u65 × 100, 1 decimal
const bev = ind('bevoelkerung'); // count: value = numerator
const dichte = ind('bevoelkerungsdichte'); // Einw. je km², denominator in km²

describe('evaluateValue', () => {
	it('computes a missing value from numerator and denominator: 3 / 20 × 100 = 15', () => {
		expect(evaluateValue(cells(n(3), n(20), empty), sgb2, true)).toMatchObject({ value: 15, numerator: 3, denominator: 20, status: 'ok', findings: [] });
	});

	it('keeps a given value and checks it against the counts up to the rounding (1 decimal)', () => {
		expect(evaluateValue(cells(n(120), n(1234), n(9.7)), sgb2, true).findings).toEqual([]); // 9.724… rounds to 9.7
		const off = evaluateValue(cells(n(120), n(1234), n(9.8)), sgb2, true);
		expect(off.findings.map((f) => [f.code, f.severity, f.cell])).toEqual([['value-inconsistent', 'warning', 'value']]);
		expect(off.findings[0].text).toContain('= 9,7245');
	});

	it('suppressed value → gesperrt without value; suppressed count without value → gesperrt', () => {
		expect(evaluateValue(cells(n(3), n(20), sup), sgb2, true)).toMatchObject({ status: 'gesperrt', value: null, numerator: 3, denominator: 20 });
		expect(evaluateValue(cells(sup, n(20), empty), sgb2, true)).toMatchObject({ status: 'gesperrt', value: null, numerator: null });
	});

	it('empty → fehlt; denominator 0 → fehlt and flagged', () => {
		expect(evaluateValue(cells(empty, empty, empty), sgb2, true)).toMatchObject({ status: 'fehlt', value: null });
		expect(evaluateValue(cells(n(0), n(0), null), sgb2, true)).toMatchObject({ status: 'fehlt', zeroDenominator: true });
	});

	it('count indicators: value is the numerator, a denominator is not kept, fractions are flagged', () => {
		expect(evaluateValue(cells(null, null, n(2512)), bev, false)).toMatchObject({ value: 2512, numerator: 2512, denominator: null, notInteger: false });
		expect(evaluateValue(cells(n(2512), n(1000), null), bev, false)).toMatchObject({ value: 2512, denominator: null, droppedDenominator: true });
		expect(evaluateValue(cells(null, null, n(2.512)), bev, false).notInteger).toBe(true);
	});

	it('area denominators may be fractional: 1200 persons / 0,5 km² = 2400', () => {
		expect(evaluateValue(cells(n(1200), n(0.5), null), dichte, false)).toMatchObject({ value: 2400, notInteger: false, findings: [] });
	});

	it('rejects negative counts, numerator > denominator for shares, shares over 100 and negative values', () => {
		const codes = (c: ReturnType<typeof cells>, i: Indicator | null, share: boolean) => evaluateValue(c, i, share).findings.map((f) => `${f.severity}:${f.code}`);
		expect(codes(cells(n(-5), n(100), null), sgb2, true)).toEqual(['error:negative-count']);
		expect(codes(cells(n(500), n(400), null), sgb2, true)).toEqual(['error:numerator-gt-denominator']);
		expect(codes(cells(null, null, n(112.5)), sgb2, true)).toEqual(['error:share-over-100']);
		expect(codes(cells(null, null, n(-1)), dichte, false)).toEqual(['error:negative-value']);
		// without catalogue: the same facts are only warnings, except for shares
		expect(codes(cells(n(500), n(400), null), null, false)).toEqual(['warning:numerator-gt-denominator']);
		expect(codes(cells(null, null, n(-1)), null, false)).toEqual(['warning:negative-value']);
		// a rate per 1,000 may have more cases than residents (e.g. crimes in the city centre)
		expect(codes(cells(n(5000), n(3000), null), ind('straftaten'), false)).toEqual([]);
	});
});
