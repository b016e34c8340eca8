import { describe, expect, it } from 'vitest';
import { DIVERGING_BREAKS, DIVERGING_COLORS, sequential } from '../../src/lib/map/palette.ts';
import { classOf, quantileBreaks } from '../../src/lib/map/classify.ts';

describe('palettes', () => {
	it('diverging: purple below the city mean, orange above (more disadvantage)', () => {
		expect(DIVERGING_COLORS).toHaveLength(DIVERGING_BREAKS.length + 1);
		expect(DIVERGING_COLORS[classOf(-2, DIVERGING_BREAKS)]).toBe('#542788');
		expect(DIVERGING_COLORS[classOf(0, DIVERGING_BREAKS)]).toBe('#f7f7f7');
		expect(DIVERGING_COLORS[classOf(2, DIVERGING_BREAKS)]).toBe('#b35806');
	});

	it('sequential: light to dark', () => {
		const p = sequential(5);
		expect(p).toHaveLength(5);
		expect(p[0]).toBe('#ffffcc');
		expect(p[4]).toBe('#253494');
	});
});

describe('classification', () => {
	it('quantile breaks, type 7 (R default)', () => {
		// R: quantile(1:10, c(.2,.4,.6,.8)) → 2.8 4.6 6.4 8.2
		expect(quantileBreaks([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5)).toEqual([2.8, 4.6, 6.4, 8.2].map((x) => expect.closeTo(x, 12)));
	});
	it('drops duplicate breaks on tied values', () => {
		expect(quantileBreaks([1, 1, 1, 1, 5], 4)).toEqual([1]);
	});
	it('assigns classes with upper bounds inclusive', () => {
		expect([0, 2.8, 2.81, 9].map((v) => classOf(v, [2.8, 4.6]))).toEqual([0, 0, 1, 2]);
	});
	it('ignores non-finite values', () => {
		expect(quantileBreaks([NaN, 1, 2, Infinity, 3], 2)).toEqual([2]);
	});
});
