/**
 * View state ↔ URL query, so every view is a permalink:
 * `?indikator=sgb2_quote&jahr=2023&ebene=stadtteil&gebiet=st-vahr`.
 * Unknown or malformed parameters fall back to the defaults, never throw.
 */
import type { Level } from '$lib/data/contract.ts';

export interface ViewState {
	indicator: string;
	year: number;
	level: Exclude<Level, 'stadt'>;
	selected: string | null;
}

const LEVELS: readonly ViewState['level'][] = ['ortsteil', 'stadtteil', 'stadtbezirk'];

export function readViewState(params: URLSearchParams, defaults: ViewState): ViewState {
	const year = Number(params.get('jahr'));
	const level = params.get('ebene') as ViewState['level'] | null;
	return {
		indicator: params.get('indikator') || defaults.indicator,
		year: Number.isInteger(year) && year > 0 ? year : defaults.year,
		level: level && LEVELS.includes(level) ? level : defaults.level,
		selected: params.get('gebiet') || defaults.selected
	};
}

export function writeViewState(state: ViewState): string {
	const p = new URLSearchParams({ indikator: state.indicator, jahr: String(state.year), ebene: state.level });
	if (state.selected) p.set('gebiet', state.selected);
	return `?${p}`;
}
