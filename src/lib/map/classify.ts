/**
 * Class breaks for choropleth maps. Breaks are computed on reliable values only,
 * so a harbour quarter with 8 residents cannot stretch the scale.
 */
import { quantileSorted } from 'd3';

/**
 * Quantile breaks: k classes with (about) equal numbers of areas. Returns the
 * k − 1 inner break values, using quantile type 7 (R's default, as d3).
 * Duplicate breaks (many equal values) are removed, so fewer classes may result.
 *
 * @example quantileBreaks([1, 2, 3, 4], 2) // → [2.5]
 */
export function quantileBreaks(values: readonly number[], k: number): number[] {
	if (k < 2) throw new RangeError('quantileBreaks: mindestens 2 Klassen');
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return [];
	const breaks: number[] = [];
	for (let i = 1; i < k; i++) {
		const q = quantileSorted(sorted, i / k)!;
		if (breaks.length === 0 || q > breaks[breaks.length - 1]) breaks.push(q);
	}
	return breaks;
}

/** Index of the class a value falls in: class i holds breaks[i−1] < v ≤ breaks[i]. */
export function classOf(value: number, breaks: readonly number[]): number {
	let i = 0;
	while (i < breaks.length && value > breaks[i]) i++;
	return i;
}
