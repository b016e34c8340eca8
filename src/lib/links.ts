/**
 * Links between the comparison views, with the app's base path. The query
 * strings come from the views' state modules, so a link opens exactly the
 * state it names.
 */
import { resolve } from '$app/paths';
import { writeProfileState } from './state/profile-url.ts';
import { writeCompareState, type CompareViewState } from './state/compare-url.ts';

/** `/gebiet/?id=ot-tenever&jahr=2023` */
export function profileHref(id: string, year: number | null = null): string {
	return `${resolve('/gebiet')}/${writeProfileState({ id, year })}`;
}

/** `/vergleich/?gebiete=…&jahr=…` */
export function compareHref(state: Partial<CompareViewState> & { areas: string[] }): string {
	return `${resolve('/vergleich')}/${writeCompareState({ year: null, indicator: null, from: null, ...state })}`;
}

/** The map view at the area's level with the area selected. */
export function mapHref(id: string, level: 'ortsteil' | 'stadtteil' | 'stadtbezirk', indicator: string | null, year: number | null): string {
	const p = new URLSearchParams();
	if (indicator) p.set('indikator', indicator);
	if (year !== null) p.set('jahr', String(year));
	p.set('ebene', level);
	p.set('gebiet', id);
	return `${resolve('/')}?${p}`;
}
