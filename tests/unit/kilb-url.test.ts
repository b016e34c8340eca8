import { describe, expect, it } from 'vitest';
import { KILB_VIEW_DEFAULTS, readKilbViewState, writeKilbViewState, type KilbViewState } from '../../src/lib/state/kilb-url.ts';

describe('Quartierstypen view URL state', () => {
	it('round-trips a full state with edited thresholds and weights', () => {
		const state: KilbViewState = {
			year: 2021,
			map: 'konfrontation',
			selected: 'ot-altstadt',
			overrides: { 'abspaltung.status': { schwellen: [0.8, 1.6], gewicht: 3 }, 'desintegration.verkehr': { gewicht: 0.5 }, 'konfrontation.zentral': { schwellen: [-1, 2.5] } },
			version: '1.0.0'
		};
		const query = writeKilbViewState(state, '1.0.0');
		expect(query).toBe(
			'?jahr=2021&karte=konfrontation&gebiet=ot-altstadt&s=abspaltung.status%3A0.8%7E1.6%2Ckonfrontation.zentral%3A-1%7E2.5&g=abspaltung.status%3A3%2Cdesintegration.verkehr%3A0.5&kv=1.0.0'
		);
		expect(readKilbViewState(new URLSearchParams(query))).toEqual(state);
	});

	it('writes nothing for the defaults and no version without changes', () => {
		expect(writeKilbViewState(KILB_VIEW_DEFAULTS, '1.0.0')).toBe('?');
	});

	it('ignores malformed parts instead of throwing', () => {
		const s = readKilbViewState(new URLSearchParams('jahr=zwanzig&karte=chaos&gebiet=<x>&s=abspaltung.status:1~,Abspaltung.x:1~2,konfrontation.zentral:1,5~3&g=abspaltung.status:-1,konfrontation.zentral:2&kv=<1>'));
		expect(s).toEqual({ ...KILB_VIEW_DEFAULTS, overrides: { 'konfrontation.zentral': { gewicht: 2 } } });
	});
});
