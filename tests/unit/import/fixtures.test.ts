import { describe, expect, it } from 'vitest';
import { fixtures } from '../../fixtures/import/make-fixtures.ts';
import { fixture } from './helpers.ts';

describe('import fixtures', () => {
	it('are exactly what make-fixtures.ts generates (run it after changing a fixture)', () => {
		for (const [name, bytes] of Object.entries(fixtures())) expect(fixture(name), name).toEqual(bytes);
	});

	it('the Ortsteilatlas fixture really is Windows-1252 (ö = 0xF6, … = 0x85)', () => {
		const bytes = fixture('ortsteilatlas-wide-cp1252.csv');
		expect(bytes.includes(0xf6)).toBe(true);
		expect(bytes.includes(0x85)).toBe(true);
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
	});
});
