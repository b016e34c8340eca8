/**
 * German labels for differences (against the city, between years) and their
 * verdicts. Formatting only: the numbers come from `engine/compare.ts`.
 */
import { formatNumber } from './format.ts';
import type { Assessment } from './engine/compare.ts';

/**
 * A signed difference with its unit; shares in percentage points.
 *
 * @example formatDifference(2.345, '%', 1) // → '+2,3 Pp.'
 * @example formatDifference(-12, 'je 1.000 Einw.', 0) // → '−12 je 1.000 Einw.'
 * @example formatDifference(null, '%', 1) // → '–'
 */
export function formatDifference(value: number | null | undefined, unit: string, decimals: number): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '–';
	const text = formatNumber(Math.abs(value), decimals);
	const zero = text === formatNumber(0, decimals);
	const sign = zero ? '±' : value > 0 ? '+' : '−';
	return `${sign}${text} ${unit === '%' ? 'Pp.' : unit}`;
}

/**
 * A ratio as a factor: "×1,8".
 *
 * @example formatRatio(1.75) // → '×1,8'
 */
export function formatRatio(value: number | null | undefined): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '';
	return `×${formatNumber(value, value >= 10 ? 0 : 1)}`;
}

/** Short German reading of a verdict, for titles and screen readers. */
export const ASSESSMENT_TEXT: Record<Assessment, string> = {
	ungünstiger: 'ungünstiger',
	günstiger: 'günstiger',
	gleich: 'gleich',
	'ohne Wertung': 'ohne Wertung (Kontext)'
};
