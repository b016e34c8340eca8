import { describe, expect, it } from 'vitest';
import { readRelationState, RELATION_DEFAULTS, writeRelationState, type RelationViewState } from '../../src/lib/state/relation-url.ts';

describe('relations URL state', () => {
	it('round-trips a full state', () => {
		const state: RelationViewState = {
			x: 'arbeitslosenziffer',
			y: 'straftaten',
			level: 'stadtteil',
			year: 2019,
			sized: true,
			brushed: ['st-vahr', 'st-osterholz'],
			selected: 'st-huchting'
		};
		expect(readRelationState(new URLSearchParams(writeRelationState(state)))).toEqual(state);
	});
	it('round-trips the defaults with a year, and writes them readably', () => {
		const state = { ...RELATION_DEFAULTS, year: 2023 };
		expect(writeRelationState(state)).toBe('?x=sgb2_quote&y=wahlbeteiligung&ebene=ortsteil&jahr=2023');
		expect(readRelationState(new URLSearchParams(writeRelationState(state)))).toEqual(state);
		expect(writeRelationState({ ...state, brushed: ['ot-a', 'ot-b'] })).toContain('auswahl=ot-a,ot-b');
	});
	it('falls back on malformed parameters', () => {
		const s = readRelationState(new URLSearchParams('x=<b>&ebene=kiez&jahr=neunzehn&groesse=ja&auswahl=ot-a,,ot-a,%3Cx%3E&gebiet=a b'));
		expect(s).toEqual({ ...RELATION_DEFAULTS, brushed: ['ot-a'] });
	});
});
