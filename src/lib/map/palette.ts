/**
 * Colour-blind-safe sequential palette (ColorBrewer YlGnBu, Brewer & Harrower):
 * light = low, dark = high. Grey for missing, a hatch for unreliable values.
 */
import { schemeYlGnBu } from 'd3';

export function sequential(k: number): readonly string[] {
	const n = Math.min(9, Math.max(3, k));
	const scheme = schemeYlGnBu[n];
	return k < 3 ? scheme.slice(0, k) : scheme;
}

export const NO_DATA = '#d9d9d9';
export const UNRELIABLE = '#bdbdbd';
