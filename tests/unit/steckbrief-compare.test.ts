import { describe, expect, it } from 'vitest';
import { comparison } from '../../src/routes/steckbrief/compare.ts';

describe('Steckbrief: area against the city in words', () => {
	it('follows the polarity of the indicator', () => {
		expect(comparison(30, 20, 1)).toEqual({ text: 'ungünstiger', tone: 'worse' });
		expect(comparison(30, 20, -1)).toEqual({ text: 'günstiger', tone: 'better' });
		expect(comparison(10, 20, -1)).toEqual({ text: 'ungünstiger', tone: 'worse' });
		expect(comparison(30, 20, 0)).toEqual({ text: 'höher', tone: 'neutral' });
	});
	it('calls values within ±10 % of the city "ähnlich" (inclusive)', () => {
		expect(comparison(22, 20, 1).text).toBe('ähnlich');
		expect(comparison(18, 20, 1).text).toBe('ähnlich');
		expect(comparison(22.1, 20, 1).text).toBe('ungünstiger');
	});
	it('has no comparison without both values, and handles a city value of 0', () => {
		expect(comparison(null, 20, 1)).toEqual({ text: '–', tone: 'none' });
		expect(comparison(5, undefined, 1).tone).toBe('none');
		expect(comparison(0, 0, 1).text).toBe('ähnlich');
		expect(comparison(3, 0, 1).text).toBe('ungünstiger');
	});
});
