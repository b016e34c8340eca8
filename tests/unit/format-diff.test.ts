import { describe, expect, it } from 'vitest';
import { formatDifference, formatRatio } from '../../src/lib/format-diff.ts';

describe('formatDifference', () => {
	it('shares in percentage points, with a real minus sign', () => {
		expect(formatDifference(2.345, '%', 1)).toBe('+2,3 Pp.');
		expect(formatDifference(-12, 'je 1.000 Einw.', 0)).toBe('−12 je 1.000 Einw.');
	});
	it('a difference that rounds to zero gets ±', () => {
		expect(formatDifference(0.04, '%', 1)).toBe('±0,0 Pp.');
		expect(formatDifference(-0.04, '%', 1)).toBe('±0,0 Pp.');
	});
	it('missing is a dash', () => {
		expect(formatDifference(null, '%', 1)).toBe('–');
		expect(formatDifference(NaN, '%', 1)).toBe('–');
	});
});

describe('formatRatio', () => {
	it('one decimal below 10', () => {
		expect(formatRatio(1.75)).toBe('×1,8');
		expect(formatRatio(12.3)).toBe('×12');
		expect(formatRatio(null)).toBe('');
	});
});
