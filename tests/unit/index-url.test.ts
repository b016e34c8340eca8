import { describe, expect, it } from 'vitest';
import { INDEX_VIEW_DEFAULTS, parseWeights, readIndexViewState, writeIndexViewState, type IndexViewState } from '../../src/lib/state/index-url.ts';

describe('index view URL state', () => {
	it('round-trips a full state', () => {
		const state: IndexViewState = {
			year: 2021,
			level: 'stadtteil',
			layer: 'materiell',
			normalization: 'rank',
			aggregation: 'geometric',
			weighting: 'population',
			eb: true,
			since: 2016,
			weights: { materiell: 2, sgb2_quote: 0.5 },
			selected: 'st-vahr'
		};
		expect(readIndexViewState(new URLSearchParams(writeIndexViewState(state)))).toEqual(state);
	});

	it('writes only what differs from the defaults', () => {
		expect(writeIndexViewState(INDEX_VIEW_DEFAULTS)).toBe('?');
		expect(writeIndexViewState({ ...INDEX_VIEW_DEFAULTS, weights: { materiell: 1, sozial: 3 } })).toBe('?w=sozial%3A3');
	});

	it('falls back to defaults on malformed parameters', () => {
		const s = readIndexViewState(new URLSearchParams('ebene=kiez&norm=magic&jahr=abc&w=materiell:-1,sozial:x,<b>:2,symbolisch:0'));
		expect(s.level).toBe('ortsteil');
		expect(s.normalization).toBe('z');
		expect(s.year).toBeNull();
		expect(s.weights).toEqual({ symbolisch: 0 });
	});

	it('parses weights with decimals', () => {
		expect(parseWeights('a:1.5,b:0')).toEqual({ a: 1.5, b: 0 });
	});
});
