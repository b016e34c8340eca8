/**
 * German texts of the "warum?" panel: a measure's value with its unit, a criterion's
 * ramp in words, LISA categories in plain language.
 */
import { formatNumber } from '$lib/format.ts';
import type { CriterionResult } from '$lib/engine/kilb.ts';
import type { MeasureInfo, MeasureValue } from '$lib/engine/kilb-measures.ts';

const CATEGORY_LABELS: Record<string, string> = {
	HH: 'HH: Cluster niedrigen Status',
	LL: 'LL: Cluster hohen Status',
	HL: 'HL: niedriger als die Umgebung',
	LH: 'LH: höher als die Umgebung',
	ns: 'kein Cluster (n. s.)'
};

/**
 * A measure value for display.
 *
 * @example formatMeasure(1.234, { unit: 'km', decimals: 1 }) // → '1,2 km'
 * @example formatMeasure('HH', { unit: '', decimals: 0 }) // → 'HH: Cluster niedrigen Status'
 * @example formatMeasure(null, …) // → 'kein Wert'
 */
export function formatMeasure(value: MeasureValue, info: Pick<MeasureInfo, 'unit' | 'decimals'> | undefined): string {
	if (value === null) return 'kein Wert';
	if (typeof value === 'string') return CATEGORY_LABELS[value] ?? value;
	const unit = info?.unit ?? '';
	const decimals = Math.max(1, info?.decimals ?? 1);
	const text = formatNumber(value, decimals);
	return unit === '%' ? `${text} %` : unit ? `${text} ${unit}` : text;
}

/**
 * The ramp of a criterion in words.
 *
 * @example rampText({ direction: 'hoch', thresholds: [1, 1.5] }) // → '0 bei ≤ 1,00 · 1 bei ≥ 1,50'
 * @example rampText({ direction: 'niedrig', thresholds: [2, 4] }) // → '1 bei ≤ 2,00 · 0 bei ≥ 4,00'
 * @example rampText({ categories: ['HH'] }) // → '1 bei HH, sonst 0'
 */
export function rampText(c: Pick<CriterionResult, 'direction' | 'thresholds' | 'categories'>): string {
	if (c.categories) return `1 bei ${c.categories.join(' oder ')}, sonst 0`;
	const [a, b] = c.thresholds!.map((x) => formatNumber(x, 2));
	return c.direction === 'hoch' ? `0 bei ≤ ${a} · 1 bei ≥ ${b}` : `1 bei ≤ ${a} · 0 bei ≥ ${b}`;
}

/** A weight for display: whole numbers without decimals. @example weightText(2) // → '2' */
export function weightText(w: number): string {
	return formatNumber(w, Number.isInteger(w) ? 0 : 2);
}
