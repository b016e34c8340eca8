/**
 * Colour-blind-safe sequential palettes (ColorBrewer, Brewer & Harrower):
 * light = low, dark = high; YlGnBu by default. Grey for missing, a hatch for
 * unreliable values.
 */
import { schemeBuPu, schemeGreys, schemePuOr, schemeYlGnBu, schemeYlOrRd } from 'd3';

/** Sequential ColorBrewer schemes the map offers (all colour-blind safe); `ylgnbu` is the default. */
export const SEQUENTIAL_PALETTES = {
	ylgnbu: { label: 'Gelb–Grün–Blau', scheme: schemeYlGnBu },
	ylorrd: { label: 'Gelb–Orange–Rot', scheme: schemeYlOrRd },
	bupu: { label: 'Blau–Lila', scheme: schemeBuPu },
	greys: { label: 'Grau (Druck)', scheme: schemeGreys }
} as const;
export type SequentialPalette = keyof typeof SEQUENTIAL_PALETTES;
export const DEFAULT_PALETTE: SequentialPalette = 'ylgnbu';

/** k colours, light to dark, from a sequential scheme (3–9 classes; fewer take the first k of 3). */
export function sequential(k: number, palette: SequentialPalette = DEFAULT_PALETTE): readonly string[] {
	const n = Math.min(9, Math.max(3, k));
	const scheme = (SEQUENTIAL_PALETTES[palette] ?? SEQUENTIAL_PALETTES[DEFAULT_PALETTE]).scheme[n];
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
