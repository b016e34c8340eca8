/**
 * Colour-blind-safe sequential palette (ColorBrewer YlGnBu, Brewer & Harrower):
 * light = low, dark = high. Grey for missing, a hatch for unreliable values.
 */
import { schemePuOr, schemeYlGnBu } from 'd3';

export function sequential(k: number): readonly string[] {
	const n = Math.min(9, Math.max(3, k));
	const scheme = schemeYlGnBu[n];
	return k < 3 ? scheme.slice(0, k) : scheme;
}

export const NO_DATA = '#d9d9d9';
export const UNRELIABLE = '#bdbdbd';

/**
 * Diverging classes for standardised indices (mean 0 = city mean): ColorBrewer
 * PuOr, purple = less, orange = more disadvantage than the city; breaks at
 * ±0.5, ±1, ±1.5 standard deviations.
 */
export const DIVERGING_BREAKS = [-1.5, -1, -0.5, 0.5, 1, 1.5] as const;
export const DIVERGING_COLORS: readonly string[] = schemePuOr[7];

/** Status classes (MSS): high status purple … very low status dark orange. */
export const STATUS_COLORS: Record<string, string> = {
	hoch: '#8073ac',
	mittel: '#f7f7f7',
	niedrig: '#fdb863',
	'sehr niedrig': '#e08214'
};
