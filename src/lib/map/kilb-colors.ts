/**
 * Colours of the Kilb types (Okabe–Ito, colour-blind safe) and the score classes of a
 * single-type map: four classes of the membership score, light to the type's colour;
 * the two upper classes (≥ 0.5) are the Ortsteile the type is assigned to.
 */
import { interpolateRgb } from 'd3';
import type { KilbTypeId } from '$lib/engine/kilb-criteria.ts';

export const KILB_COLORS: Record<KilbTypeId, string> = {
	abspaltung: '#D55E00',
	konfrontation: '#0072B2',
	verunsicherung: '#CC79A7',
	desintegration: '#009E73'
};

/** Short German names for buttons and legends. */
export const KILB_SHORT: Record<KilbTypeId, string> = {
	abspaltung: 'Abspaltung',
	konfrontation: 'Konfrontation',
	verunsicherung: 'Verunsicherung',
	desintegration: 'Desintegration'
};

/** Fill of Ortsteile with a score but no assigned type in the "mehrere Typen" map. */
export const NO_TYPE = '#f7f7f7';

/** Upper bounds of the score classes below 1: [0, 0.25), [0.25, 0.5), [0.5, 0.75), [0.75, 1]. */
export const SCORE_BREAKS = [0.25, 0.5, 0.75] as const;
const SHADES = [0.08, 0.3, 0.65, 1] as const;

/** Class index 0–3 of a score. @example scoreClass(0.5) // → 2 */
export function scoreClass(score: number): number {
	let k = 0;
	while (k < SCORE_BREAKS.length && score >= SCORE_BREAKS[k]) k++;
	return k;
}

/** The four class colours of a type, light to full. */
export function scoreColors(type: KilbTypeId): string[] {
	const mix = interpolateRgb('#f7f7f7', KILB_COLORS[type]);
	return SHADES.map((t) => mix(t));
}
