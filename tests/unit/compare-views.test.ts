import { describe, expect, it } from 'vitest';
import { axisYears, buildComparison, buildProfile, type AreaValue } from '../../src/lib/data/compare-views.ts';
import type { IndicatorRow } from '../../src/lib/data/rows.ts';

const indicator = (id: string, years: string, polarity: -1 | 0 | 1): IndicatorRow =>
	({ id, label: id, years, polarity, unit: '%', decimals: 1, factor: 'materiell', denominator: 'bev' }) as unknown as IndicatorRow;
const CATALOGUE = [indicator('quote', '2015,2016,2017', 1), indicator('wahl', '2015,2017', -1)];
const v = (area_id: string, indicator_id: string, year: number, value: number | null, reliable = true): AreaValue =>
	({ area_id, indicator_id, year, value, reliable, status: value === null ? 'gesperrt' : 'ok', numerator: null, denominator: null, level: 'ortsteil' }) as AreaValue;

const ROWS: AreaValue[] = [
	v('ot-a', 'quote', 2015, 10),
	v('ot-a', 'quote', 2016, null),
	v('ot-a', 'quote', 2017, 14, false),
	v('stadt-bremen', 'quote', 2015, 8),
	v('stadt-bremen', 'quote', 2016, 9),
	v('stadt-bremen', 'quote', 2017, 10),
	v('ot-a', 'wahl', 2015, 50),
	v('ot-a', 'wahl', 2017, 45),
	v('stadt-bremen', 'wahl', 2015, 60),
	v('stadt-bremen', 'wahl', 2017, 62)
];

describe('axisYears', () => {
	it('is the union of the catalogue years', () => expect(axisYears(CATALOGUE)).toEqual([2015, 2016, 2017]));
});

describe('buildProfile', () => {
	const p = buildProfile(ROWS, 'ot-a', CATALOGUE, 2017, [2015, 2016, 2017]);
	it('compares with the city by the indicator polarity', () => {
		expect(p[0].vsCity).toEqual({ difference: 4, ratio: 1.4, assessment: 'ungünstiger' });
		// turnout 45 against 62: −17, and lower turnout is worse (polarity −1)
		expect(p[1].vsCity.difference).toBe(-17);
		expect(p[1].vsCity.assessment).toBe('ungünstiger');
	});
	it('draws gaps, never interpolates', () => {
		expect(p[0].series.map((s) => s.value)).toEqual([10, null, 14]);
		expect(p[1].series.map((s) => s.value)).toEqual([50, null, 45]);
		expect(p[0].series[2].reliable).toBe(false);
	});
	it('shows the latest earlier year for an indicator without a value in the chosen year', () => {
		const q = buildProfile(ROWS, 'ot-a', CATALOGUE, 2016, [2015, 2016, 2017]);
		expect(q[1].year).toBe(2015);
		expect(q[1].value?.value).toBe(50);
		// the quote was suppressed in 2016: no value, no difference
		expect(q[0].year).toBe(2016);
		expect(q[0].vsCity.difference).toBeNull();
	});
});

describe('buildComparison', () => {
	it('value in the year and change since the start year, the city always as reference', () => {
		const [quote, wahl] = buildComparison(ROWS, ['ot-a'], CATALOGUE, 2017, 2015, [2015, 2016, 2017]);
		expect(quote.year).toBe(2017);
		expect(quote.from).toBe(2015);
		expect(quote.cells[0].change).toEqual({ difference: 4, ratio: 1.4, assessment: 'ungünstiger' });
		expect(quote.city.change.difference).toBe(2);
		expect(wahl.cells[0].change.difference).toBe(-5);
		expect(wahl.cells[0].change.assessment).toBe('ungünstiger');
	});
	it('turnout: the start year falls back to the election in force then', () => {
		const [, wahl] = buildComparison(ROWS, ['ot-a'], CATALOGUE, 2017, 2016, [2015, 2016, 2017]);
		expect(wahl.from).toBe(2015);
		expect(wahl.cells[0].change.difference).toBe(-5);
	});
	it('no change when both years fall on the same value', () => {
		const [, wahl] = buildComparison(ROWS, ['ot-a'], CATALOGUE, 2016, 2015, [2015, 2016, 2017]);
		expect(wahl.year).toBe(2015);
		expect(wahl.from).toBeNull();
		expect(wahl.cells[0].change.difference).toBeNull();
	});
	it('a missing start value gives no change, not a change from 0', () => {
		const [quote] = buildComparison(ROWS, ['ot-a'], CATALOGUE, 2017, 2016, [2015, 2016, 2017]);
		expect(quote.cells[0].fromValue?.value).toBeNull();
		expect(quote.cells[0].change.difference).toBeNull();
	});
});
