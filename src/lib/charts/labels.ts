/**
 * Small helpers shared by the comparison charts: colours per area and end
 * labels that do not overlap.
 */

/** The city's colour in every comparison chart (dark grey, dashed where it is only the reference). */
export const CITY_COLOR = '#333333';

/** Okabe–Ito colours (colour-blind safe) for up to six areas, in the order they were added. */
export const AREA_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9'] as const;

/**
 * One colour per area: the city dark grey, the others Okabe–Ito in order.
 *
 * @example areaColors(['ot-tenever', 'stadt-bremen', 'st-osterholz'], 'stadt-bremen')
 * // → Map { 'ot-tenever' → '#0072B2', 'stadt-bremen' → '#333333', 'st-osterholz' → '#E69F00' }
 */
export function areaColors(ids: readonly string[], cityId: string): Map<string, string> {
	const out = new Map<string, string>();
	let k = 0;
	for (const id of ids) out.set(id, id === cityId ? CITY_COLOR : AREA_COLORS[k++ % AREA_COLORS.length]);
	return out;
}

/**
 * Moves label positions apart so that neighbours are at least `gap` pixels
 * apart, keeping their order and staying inside [min, max] where possible.
 * Positions are pixel centres; the result has the same order as the input.
 *
 * @example spreadLabels([100, 102, 104], 10, 0, 300) // → [92, 102, 112]
 */
export function spreadLabels(positions: readonly number[], gap: number, min: number, max: number): number[] {
	const order = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
	const placed = order.map((o) => o.p);
	// Relax a few rounds: push overlapping neighbours apart symmetrically.
	for (let round = 0; round < 60; round++) {
		let moved = false;
		for (let k = 1; k < placed.length; k++) {
			const overlap = gap - (placed[k] - placed[k - 1]);
			if (overlap > 1e-9) {
				placed[k - 1] -= overlap / 2;
				placed[k] += overlap / 2;
				moved = true;
			}
		}
		// Keep inside the bounds.
		const low = placed[0] - min;
		if (low < 0) for (let k = 0; k < placed.length; k++) placed[k] -= low;
		const high = placed[placed.length - 1] - max;
		if (high > 0) for (let k = 0; k < placed.length; k++) placed[k] -= high;
		if (!moved) break;
	}
	const out = new Array<number>(positions.length);
	order.forEach((o, k) => (out[o.i] = placed[k]));
	return out;
}
