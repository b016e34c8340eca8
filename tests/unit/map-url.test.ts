import { describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFICATION, readViewState, writeViewState, type ViewState } from '../../src/lib/state/url.ts';

const DEFAULTS = { indicator: 'sgb2_quote', year: 2023, level: 'ortsteil' as const, selected: null };

describe('map view URL state', () => {
	it('keeps the old links unchanged when the classification is at its defaults', () => {
		const state: ViewState = { ...DEFAULTS, level: 'stadtteil', selected: 'st-vahr', classes: { ...DEFAULT_CLASSIFICATION, manual: [] } };
		expect(writeViewState(state)).toBe('?indikator=sgb2_quote&jahr=2023&ebene=stadtteil&gebiet=st-vahr');
		expect(readViewState(new URLSearchParams(writeViewState(state)), DEFAULTS)).toEqual(state);
	});

	it('round-trips every classification option', () => {
		for (const classes of [
			{ method: 'jenks', k: 6, palette: 'ylorrd', manual: [] },
			{ method: 'equal', k: 3, palette: 'bupu', manual: [] },
			{ method: 'stddev', k: 7, palette: 'greys', manual: [] },
			{ method: 'quantile', k: 4, palette: 'ylgnbu', manual: [] },
			{ method: 'manual', k: 5, palette: 'ylgnbu', manual: [10, 20.5, 30] }
		] as ViewState['classes'][]) {
			const state: ViewState = { ...DEFAULTS, classes };
			expect(readViewState(new URLSearchParams(writeViewState(state)), DEFAULTS)).toEqual(state);
		}
	});

	it('writes readable parameters', () => {
		const state: ViewState = { ...DEFAULTS, classes: { method: 'manual', k: 5, palette: 'ylorrd', manual: [10, 20.5] } };
		expect(writeViewState(state)).toBe('?indikator=sgb2_quote&jahr=2023&ebene=ortsteil&methode=manuell&palette=ylorrd&grenzen=10,20.5');
	});

	it('falls back on malformed parameters', () => {
		const s = readViewState(new URLSearchParams('methode=kmeans&klassen=12&palette=rainbow&ebene=kiez&jahr=x'), DEFAULTS);
		expect(s.classes).toEqual(DEFAULT_CLASSIFICATION);
		expect(s.level).toBe('ortsteil');
		expect(s.year).toBe(2023);
		expect(readViewState(new URLSearchParams('klassen=2'), DEFAULTS).classes.k).toBe(5);
	});
});
