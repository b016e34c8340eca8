/**
 * Colours of the LISA cluster and significance maps, as in GeoDa (Anselin,
 * Syabri & Kho 2006) so that planners who know GeoDa or PySAL's `splot` read
 * them the same way:
 *
 *   cluster map:      HH #FF0000 · LL #0000FF · LH #a7adf9 · HL #f4ada8 · nicht signifikant #eeeeee
 *   significance map: p ≤ 0.05 #84f576 · p ≤ 0.01 #53c53c · p ≤ 0.001 #348124 · nicht signifikant #eeeeee
 *
 * Areas that are not analysed (small base excluded, suppressed, no neighbours)
 * are not coloured as "not significant": they get the hatch (`unreliable`).
 */
import type { Fill } from './ChoroplethMap.svelte';

export type ClusterCode = 'HH' | 'LL' | 'LH' | 'HL' | 'ns';

export const CLUSTER_COLORS: Readonly<Record<ClusterCode, string>> = {
	HH: '#FF0000',
	LL: '#0000FF',
	LH: '#a7adf9',
	HL: '#f4ada8',
	ns: '#eeeeee'
};

/** Plain-German legend labels; the first letter is the area, the second its neighbours. */
export const CLUSTER_LABELS: Readonly<Record<ClusterCode, string>> = {
	HH: 'Hoch–Hoch: hoher Wert, Nachbarn auch hoch',
	LL: 'Niedrig–Niedrig: niedriger Wert, Nachbarn auch niedrig',
	LH: 'Niedrig–Hoch: niedriger Wert inmitten hoher',
	HL: 'Hoch–Niedrig: hoher Wert inmitten niedriger',
	ns: 'nicht signifikant'
};

/** Legend order as in GeoDa. */
export const CLUSTER_ORDER: readonly ClusterCode[] = ['HH', 'LL', 'LH', 'HL', 'ns'];

/** Significance classes, strictest first: an area belongs to the first class whose bound its p meets. */
export const SIGNIFICANCE_CLASSES: readonly { max: number; color: string; label: string }[] = [
	{ max: 0.001, color: '#348124', label: 'p ≤ 0,001' },
	{ max: 0.01, color: '#53c53c', label: 'p ≤ 0,01' },
	{ max: 0.05, color: '#84f576', label: 'p ≤ 0,05' }
];

export const NOT_SIGNIFICANT = CLUSTER_COLORS.ns;
/** Fill under the hatch of areas not analysed (the hatch covers it). */
export const NOT_ANALYSED = '#ffffff';

/** What the maps need of one LISA row. */
export interface LisaFillInput {
	area_id: string;
	/** quadrant if significant, 'ns' if not, null if the area is not analysed */
	cluster: ClusterCode | null;
	p_sim: number | null;
}

/**
 * Fill of the cluster map for one area.
 *
 * @example clusterFill({ area_id: 'a', cluster: 'HH', p_sim: 0.01 }) // → { color: '#FF0000', unreliable: false }
 * @example clusterFill({ area_id: 'a', cluster: null, p_sim: null }) // → { color: '#ffffff', unreliable: true }
 */
export function clusterFill(row: LisaFillInput): Fill {
	if (row.cluster === null) return { color: NOT_ANALYSED, unreliable: true };
	return { color: CLUSTER_COLORS[row.cluster], unreliable: false };
}

/**
 * Significance class of a pseudo p-value: index into SIGNIFICANCE_CLASSES, or
 * −1 when p is above 0.05 or missing.
 *
 * @example significanceClass(0.001) // → 0
 * @example significanceClass(0.02) // → 2
 * @example significanceClass(0.2) // → -1
 */
export function significanceClass(p: number | null): number {
	if (p === null || !Number.isFinite(p)) return -1;
	return SIGNIFICANCE_CLASSES.findIndex((c) => p <= c.max);
}

/**
 * Fill of the significance map for one area. Only areas that count as
 * significant in the cluster map (p ≤ α, or ≤ the FDR cut-off) are green, so
 * both maps always show the same set of areas.
 *
 * @example significanceFill({ area_id: 'a', cluster: 'LL', p_sim: 0.004 }) // → { color: '#53c53c', unreliable: false }
 */
export function significanceFill(row: LisaFillInput): Fill {
	if (row.cluster === null) return { color: NOT_ANALYSED, unreliable: true };
	const k = row.cluster === 'ns' ? -1 : significanceClass(row.p_sim);
	return { color: k < 0 ? NOT_SIGNIFICANT : SIGNIFICANCE_CLASSES[k].color, unreliable: false };
}
