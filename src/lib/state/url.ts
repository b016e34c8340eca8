/**
 * View state ↔ URL query, so every view is a permalink:
 * `?indikator=sgb2_quote&jahr=2023&ebene=stadtteil&gebiet=st-vahr`
 * plus, when not at their defaults, the map classification:
 * `&methode=jenks&klassen=6&palette=ylorrd` or `&methode=manuell&grenzen=10,20.5,30`.
 *
 * | parameter | meaning                                                             | default        |
 * |-----------|---------------------------------------------------------------------|----------------|
 * | `methode` | `quantil`, `gleich` (equal intervals), `jenks` (natural breaks), `stdabw` (standard deviation), `manuell` | `quantil` |
 * | `klassen` | number of classes, 3–7 (not for `manuell`)                         | 5              |
 * | `palette` | `ylgnbu`, `ylorrd`, `bupu`, `greys` (ColorBrewer, sequential)       | `ylgnbu`       |
 * | `grenzen` | manual breaks, decimal point, comma-separated                       | none           |
 *
 * Unknown or malformed parameters fall back to the defaults, never throw.
 */
import type { Level } from '$lib/data/contract.ts';
import { formatManualBreaks, MAX_CLASSES, MIN_CLASSES, parseManualBreaks, type ClassMethod } from '$lib/map/classify.ts';
import { DEFAULT_PALETTE, SEQUENTIAL_PALETTES, type SequentialPalette } from '$lib/map/palette.ts';

export interface MapClassification {
	method: ClassMethod;
	/** number of classes (3–7); ignored by `manual` */
	k: number;
	palette: SequentialPalette;
	/** breaks of `manual`, ascending */
	manual: number[];
}

export const DEFAULT_CLASSIFICATION: Readonly<MapClassification> = Object.freeze({ method: 'quantile', k: 5, palette: DEFAULT_PALETTE, manual: [] });

export interface ViewState {
	indicator: string;
	year: number;
	level: Exclude<Level, 'stadt'>;
	selected: string | null;
	classes: MapClassification;
}

const LEVELS: readonly ViewState['level'][] = ['ortsteil', 'stadtteil', 'stadtbezirk'];
const METHOD_PARAM: Record<ClassMethod, string> = { quantile: 'quantil', equal: 'gleich', jenks: 'jenks', stddev: 'stdabw', manual: 'manuell' };
const PARAM_METHOD = Object.fromEntries(Object.entries(METHOD_PARAM).map(([k, v]) => [v, k])) as Record<string, ClassMethod>;

export function readViewState(params: URLSearchParams, defaults: Omit<ViewState, 'classes'> & { classes?: MapClassification }): ViewState {
	const year = Number(params.get('jahr'));
	const level = params.get('ebene') as ViewState['level'] | null;
	const base = defaults.classes ?? DEFAULT_CLASSIFICATION;
	const methodParam = params.get('methode');
	const k = Number(params.get('klassen'));
	const palette = params.get('palette');
	return {
		indicator: params.get('indikator') || defaults.indicator,
		year: Number.isInteger(year) && year > 0 ? year : defaults.year,
		level: level && LEVELS.includes(level) ? level : defaults.level,
		selected: params.get('gebiet') || defaults.selected,
		classes: {
			method: methodParam !== null && Object.hasOwn(PARAM_METHOD, methodParam) ? PARAM_METHOD[methodParam] : base.method,
			k: Number.isInteger(k) && k >= MIN_CLASSES && k <= MAX_CLASSES ? k : base.k,
			palette: palette !== null && Object.hasOwn(SEQUENTIAL_PALETTES, palette) ? (palette as SequentialPalette) : base.palette,
			manual: params.has('grenzen') ? parseManualBreaks(params.get('grenzen') ?? '') : [...base.manual]
		}
	};
}

export function writeViewState(state: ViewState): string {
	const p = new URLSearchParams({ indikator: state.indicator, jahr: String(state.year), ebene: state.level });
	if (state.selected) p.set('gebiet', state.selected);
	const c = state.classes;
	if (c.method !== DEFAULT_CLASSIFICATION.method) p.set('methode', METHOD_PARAM[c.method]);
	if (c.method !== 'manual' && c.k !== DEFAULT_CLASSIFICATION.k) p.set('klassen', String(c.k));
	if (c.palette !== DEFAULT_CLASSIFICATION.palette) p.set('palette', c.palette);
	if (c.method === 'manual' && c.manual.length) p.set('grenzen', formatManualBreaks(c.manual));
	return `?${p.toString().replaceAll('%2C', ',')}`;
}
