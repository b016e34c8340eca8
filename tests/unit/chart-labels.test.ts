import { describe, expect, it } from 'vitest';
import { areaColors, CITY_COLOR, spreadLabels } from '../../src/lib/charts/labels.ts';

describe('spreadLabels', () => {
	it('pushes overlapping labels apart around their centre (doc example)', () => {
		expect(spreadLabels([100, 102, 104], 10, 0, 300).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([92, 102, 112]);
	});
	it('keeps labels that are far enough apart where they are, in input order', () => {
		expect(spreadLabels([50, 10, 30], 10, 0, 100)).toEqual([50, 10, 30]);
	});
	it('stays inside the bounds', () => {
		const out = spreadLabels([0, 1, 2], 10, 0, 100);
		expect(Math.min(...out)).toBeGreaterThanOrEqual(-1e-9);
		expect(out[1] - out[0]).toBeGreaterThanOrEqual(10 - 1e-6);
		expect(out[2] - out[1]).toBeGreaterThanOrEqual(10 - 1e-6);
	});
});

describe('areaColors', () => {
	it('gives the city dark grey and the others Okabe–Ito in order', () => {
		const c = areaColors(['ot-tenever', 'stadt-bremen', 'st-osterholz'], 'stadt-bremen');
		expect(c.get('stadt-bremen')).toBe(CITY_COLOR);
		expect(c.get('ot-tenever')).toBe('#0072B2');
		expect(c.get('st-osterholz')).toBe('#E69F00');
	});
});
