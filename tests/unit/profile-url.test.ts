import { describe, expect, it } from 'vitest';
import { readProfileState, writeProfileState } from '../../src/lib/state/profile-url.ts';

describe('profile URL state', () => {
	it('round-trips', () => {
		for (const state of [
			{ id: 'ot-tenever', year: 2023 },
			{ id: 'stadt-bremen', year: null },
			{ id: null, year: 2019 }
		]) {
			expect(readProfileState(new URLSearchParams(writeProfileState(state)))).toEqual(state);
		}
	});
	it('writes the documented form', () => {
		expect(writeProfileState({ id: 'ot-tenever', year: 2023 })).toBe('?id=ot-tenever&jahr=2023');
		expect(writeProfileState({ id: null, year: null })).toBe('');
	});
	it('ignores malformed parameters', () => {
		expect(readProfileState(new URLSearchParams('id=<script>&jahr=20x3'))).toEqual({ id: null, year: null });
	});
});
