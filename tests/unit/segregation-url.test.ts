import { describe, expect, it } from 'vitest';
import {
	MAX_BRUSHED,
	parseIdList,
	readSegregationState,
	writeSegregationState,
	type SegregationViewState
} from '../../src/lib/state/segregation-url.ts';
import { clusterFill, significanceClass, significanceFill } from '../../src/lib/map/lisa-colors.ts';

const DEFAULTS: SegregationViewState = {
	group: 'sgb2_quote',
	indicator: 'sgb2_quote',
	year: 2023,
	unreliable: 'exclude',
	fdr: false,
	map: 'cluster',
	brushed: [],
	selected: null
};

const read = (query: string) => readSegregationState(new URLSearchParams(query), DEFAULTS);

describe('readSegregationState', () => {
	it('an empty query gives the defaults', () => {
		expect(read('')).toEqual(DEFAULTS);
	});

	it('reads every parameter', () => {
		expect(
			read('gruppe=auslaenderanteil&indikator=straftaten&jahr=2019&basis=eb&fdr=1&karte=signifikanz&auswahl=ot-a,ot-b&gebiet=ot-c')
		).toEqual({
			group: 'auslaenderanteil',
			indicator: 'straftaten',
			year: 2019,
			unreliable: 'eb',
			fdr: true,
			map: 'signifikanz',
			brushed: ['ot-a', 'ot-b'],
			selected: 'ot-c'
		});
	});

	it('falls back to the defaults for malformed values instead of throwing', () => {
		expect(read('gruppe=%3Cscript%3E&jahr=20x3&basis=toString&fdr=vielleicht&karte=3d&gebiet=a%20b')).toEqual(DEFAULTS);
		expect(read('jahr=-2020').year).toBe(2023);
		expect(read('jahr=2020.5').year).toBe(2023);
		expect(read('basis=constructor').unreliable).toBe('exclude');
	});

	it('accepts "ausschliessen" and fdr=0 explicitly', () => {
		const on = { ...DEFAULTS, unreliable: 'eb' as const, fdr: true };
		expect(readSegregationState(new URLSearchParams('basis=ausschliessen&fdr=0'), on)).toMatchObject({ unreliable: 'exclude', fdr: false });
	});

	it('drops malformed and duplicate ids from the brushed list', () => {
		expect(read('auswahl=ot-a,,ot-a, ot-b ,x;y,ot-c').brushed).toEqual(['ot-a', 'ot-b', 'ot-c']);
		expect(read('auswahl=').brushed).toEqual([]);
	});

	it('reads at most MAX_BRUSHED ids', () => {
		const many = Array.from({ length: MAX_BRUSHED + 20 }, (_, i) => `ot-${i}`).join(',');
		expect(parseIdList(many)).toHaveLength(MAX_BRUSHED);
	});
});

describe('writeSegregationState', () => {
	it('leaves options at their default out', () => {
		expect(writeSegregationState(DEFAULTS)).toBe('?gruppe=sgb2_quote&indikator=sgb2_quote&jahr=2023');
	});

	it('writes the brushed ids with readable commas', () => {
		const q = writeSegregationState({ ...DEFAULTS, brushed: ['ot-a', 'ot-b'], selected: 'ot-c', fdr: true, unreliable: 'eb', map: 'signifikanz' });
		expect(q).toBe('?gruppe=sgb2_quote&indikator=sgb2_quote&jahr=2023&basis=eb&fdr=1&karte=signifikanz&auswahl=ot-a,ot-b&gebiet=ot-c');
	});

	it('round-trips through the URL', () => {
		const state: SegregationViewState = {
			group: 'migrationshintergrund_anteil',
			indicator: 'wahlbeteiligung',
			year: 2019,
			unreliable: 'eb',
			fdr: true,
			map: 'signifikanz',
			brushed: ['ot-tenever', 'ot-blockdiek'],
			selected: 'ot-ellener-feld'
		};
		expect(readSegregationState(new URLSearchParams(writeSegregationState(state)), DEFAULTS)).toEqual(state);
	});
});

describe('LISA map colours (GeoDa)', () => {
	it('colours clusters as GeoDa and hatches areas not analysed', () => {
		expect(clusterFill({ area_id: 'a', cluster: 'HH', p_sim: 0.001 })).toEqual({ color: '#FF0000', unreliable: false });
		expect(clusterFill({ area_id: 'a', cluster: 'LL', p_sim: 0.001 }).color).toBe('#0000FF');
		expect(clusterFill({ area_id: 'a', cluster: 'LH', p_sim: 0.02 }).color).toBe('#a7adf9');
		expect(clusterFill({ area_id: 'a', cluster: 'HL', p_sim: 0.02 }).color).toBe('#f4ada8');
		expect(clusterFill({ area_id: 'a', cluster: 'ns', p_sim: 0.3 }).color).toBe('#eeeeee');
		expect(clusterFill({ area_id: 'a', cluster: null, p_sim: null }).unreliable).toBe(true);
	});

	it('puts p-values into the strictest significance class they meet (≤, as GeoDa)', () => {
		expect(significanceClass(0.001)).toBe(0);
		expect(significanceClass(0.0011)).toBe(1);
		expect(significanceClass(0.01)).toBe(1);
		expect(significanceClass(0.05)).toBe(2);
		expect(significanceClass(0.051)).toBe(-1);
		expect(significanceClass(null)).toBe(-1);
	});

	it('shows only areas significant in the cluster map as green (FDR applied)', () => {
		// p = 0.03 is ≤ 0.05 but above an FDR cut-off, so the cluster is 'ns'
		expect(significanceFill({ area_id: 'a', cluster: 'ns', p_sim: 0.03 }).color).toBe('#eeeeee');
		expect(significanceFill({ area_id: 'a', cluster: 'HH', p_sim: 0.004 }).color).toBe('#53c53c');
		expect(significanceFill({ area_id: 'a', cluster: 'LL', p_sim: 0.001 }).color).toBe('#348124');
		expect(significanceFill({ area_id: 'a', cluster: null, p_sim: null }).unreliable).toBe(true);
	});
});
