/**
 * A legend as data, so the screen (Legend.svelte), the SVG export and the
 * map PNG all print the same class labels.
 */
import { formatNumber } from '$lib/format.ts';
import { NO_DATA } from '$lib/map/palette.ts';

export interface LegendItem {
	/** fill colour; ignored for the hatch pattern */
	color: string;
	/** 'hatch': the grey diagonal hatch of unreliable small-base values */
	pattern?: 'hatch';
	label: string;
	/** number of areas in the class, shown as "(12)" */
	count?: number;
}

export interface LegendSpec {
	title: string;
	items: LegendItem[];
	/** one line under the items, e.g. the classification method */
	note?: string;
}

/** A class of a choropleth (same shape as Legend.svelte's `LegendClass`). */
export interface ClassLike {
	color: string;
	from: number;
	to: number;
	count: number;
	label?: string;
}

/**
 * The label of one class: "unter 5,0", "über 20,0", "5,0 – 9,9", or its own label.
 * @example classLabel({ color: '#fff', from: 1.25, to: 3, count: 4 }, 1) // → "1,3 – 3,0"
 */
export function classLabel(c: ClassLike, decimals: number): string {
	if (c.label) return c.label;
	if (c.from === -Infinity) return `unter ${formatNumber(c.to, decimals)}`;
	if (c.to === Infinity) return `über ${formatNumber(c.from, decimals)}`;
	return `${formatNumber(c.from, decimals)} – ${formatNumber(c.to, decimals)}`;
}

export interface ClassLegendInput {
	title: string;
	unit: string;
	decimals: number;
	classes: readonly ClassLike[];
	unreliableCount: number;
	missingCount: number;
	minBase: number;
	method: string;
}

/** The legend of a classed choropleth: classes, then "unsichere Basis" and "keine Daten" when present. */
export function classLegend(input: ClassLegendInput): LegendSpec {
	const items: LegendItem[] = input.classes.map((c) => ({ color: c.color, label: classLabel(c, input.decimals), count: c.count }));
	if (input.unreliableCount > 0) items.push({ color: '#e6e6e6', pattern: 'hatch', label: `unsichere Basis (unter ${input.minBase})`, count: input.unreliableCount });
	if (input.missingCount > 0) items.push({ color: NO_DATA, label: 'keine Daten', count: input.missingCount });
	return {
		title: input.unit ? `${input.title} (${input.unit})` : input.title,
		items,
		note: `Klassen: ${input.method}, berechnet ohne Werte mit unsicherer Basis.`
	};
}
