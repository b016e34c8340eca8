import { describe, expect, it } from 'vitest';
import { addArea, MAX_AREAS, readCompareState, removeArea, writeCompareState, type CompareViewState } from '../../src/lib/state/compare-url.ts';

describe('comparison URL state', () => {
	it('round-trips a full state, in the documented form', () => {
		const state: CompareViewState = { areas: ['ot-tenever', 'st-osterholz', 'stadt-bremen'], year: 2023, indicator: 'sgb2_quote', from: 2015 };
		const query = writeCompareState(state);
		expect(query).toBe('?gebiete=ot-tenever,st-osterholz,stadt-bremen&jahr=2023&indikator=sgb2_quote&von=2015');
		expect(readCompareState(new URLSearchParams(query))).toEqual(state);
	});
	it('round-trips partial states', () => {
		for (const state of [
			{ areas: [], year: null, indicator: null, from: null },
			{ areas: ['sb-ost'], year: 2019, indicator: null, from: null },
			{ areas: ['ot-a', 'ot-b'], year: null, indicator: 'wahlbeteiligung', from: 2015 }
		] as CompareViewState[]) {
			expect(readCompareState(new URLSearchParams(writeCompareState(state)))).toEqual(state);
		}
		expect(writeCompareState({ areas: [], year: null, indicator: null, from: null })).toBe('');
	});
	it('drops duplicates and malformed ids, keeps at most six areas', () => {
		const s = readCompareState(new URLSearchParams('gebiete=a,a,<x>,b,c,d,e,f,g&jahr=23&von=abcd&indikator=a b'));
		expect(s.areas).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
		expect(s.areas).toHaveLength(MAX_AREAS);
		expect(s.year).toBeNull();
		expect(s.from).toBeNull();
		expect(s.indicator).toBeNull();
	});
});

describe('adding and removing areas', () => {
	it('appends, but keeps the city as the last (reference) column (doc examples)', () => {
		expect(addArea(['ot-tenever'], 'st-osterholz')).toEqual(['ot-tenever', 'st-osterholz']);
		expect(addArea(['ot-tenever', 'stadt-bremen'], 'st-osterholz')).toEqual(['ot-tenever', 'st-osterholz', 'stadt-bremen']);
		expect(addArea(['ot-tenever'], 'stadt-bremen')).toEqual(['ot-tenever', 'stadt-bremen']);
	});
	it('ignores duplicates and a full list', () => {
		expect(addArea(['a', 'b'], 'a')).toEqual(['a', 'b']);
		expect(addArea(['a', 'b', 'c', 'd', 'e', 'f'], 'g')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
	});
	it('removes', () => expect(removeArea(['a', 'b'], 'a')).toEqual(['b']));
});
