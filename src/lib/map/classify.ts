/**
 * Class breaks for choropleth maps. Breaks are computed on reliable values only,
 * so a harbour quarter with 8 residents cannot stretch the scale.
 *
 * Every method returns the k − 1 inner breaks, ascending; class i holds
 * breaks[i−1] < v ≤ breaks[i] (`classOf`). Methods may return fewer breaks
 * than asked when the data do not allow more (ties, fewer distinct values).
 */
import { deviation, mean, quantileSorted } from 'd3';

/** The classification methods of the map view (closed set; anything else throws). */
export type ClassMethod = 'quantile' | 'equal' | 'jenks' | 'stddev' | 'manual';
export const CLASS_METHODS: readonly ClassMethod[] = ['quantile', 'equal', 'jenks', 'stddev', 'manual'];

/** German names for the legend and the controls. */
export const CLASS_METHOD_LABELS: Record<ClassMethod, string> = {
	quantile: 'Quantile',
	equal: 'Gleiche Intervalle',
	jenks: 'Natürliche Brüche (Jenks)',
	stddev: 'Standardabweichung',
	manual: 'Manuelle Grenzen'
};

/** Number of classes the map offers. */
export const MIN_CLASSES = 3;
export const MAX_CLASSES = 7;

const finiteSorted = (values: readonly number[]) => values.filter(Number.isFinite).sort((a, b) => a - b);

/**
 * Quantile breaks: k classes with (about) equal numbers of areas. Returns the
 * k − 1 inner break values, using quantile type 7 (R's default, as d3).
 * Duplicate breaks (many equal values) are removed, so fewer classes may result.
 *
 * @example quantileBreaks([1, 2, 3, 4], 2) // → [2.5]
 */
export function quantileBreaks(values: readonly number[], k: number): number[] {
	if (k < 2) throw new RangeError('quantileBreaks: mindestens 2 Klassen');
	const sorted = finiteSorted(values);
	if (sorted.length === 0) return [];
	const breaks: number[] = [];
	for (let i = 1; i < k; i++) {
		const q = quantileSorted(sorted, i / k)!;
		if (breaks.length === 0 || q > breaks[breaks.length - 1]) breaks.push(q);
	}
	return breaks;
}

/**
 * Equal intervals: the range min … max cut into k classes of equal width,
 * breaks at min + i·(max − min)/k. A constant variable gives no breaks.
 *
 * @example equalIntervalBreaks([0, 3, 10], 5) // → [2, 4, 6, 8]
 */
export function equalIntervalBreaks(values: readonly number[], k: number): number[] {
	if (k < 2) throw new RangeError('equalIntervalBreaks: mindestens 2 Klassen');
	const sorted = finiteSorted(values);
	if (sorted.length === 0) return [];
	const lo = sorted[0];
	const hi = sorted[sorted.length - 1];
	if (hi === lo) return [];
	return Array.from({ length: k - 1 }, (_, i) => lo + ((i + 1) * (hi - lo)) / k);
}

/**
 * Optimal univariate k-means (Ckmeans.1d.dp, Wang & Song 2011): splits the
 * sorted values into k contiguous groups with the least total within-group
 * sum of squared deviations Σ Σ (xᵢ − x̄_g)² — the same objective as Jenks'
 * natural breaks (Jenks 1967, after Fisher 1958), solved exactly by dynamic
 * programming in O(k·n²) time (n ≤ a few thousand areas is instant).
 *
 *   D[m][i] = min over j ≤ i of  D[m−1][j−1] + SSQ(x_j … x_i)
 *
 * SSQ of a growing group is updated incrementally (Welford), so large values
 * (population counts) do not lose precision. k is capped at the number of
 * distinct values.
 *
 * @returns the groups, ascending, each ascending
 * @throws RangeError if k < 1 or there are no finite values
 * @example ckmeans([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], 3) // → [[-1, -1, -1, -1], [2, 2, 2], [4, 5, 6]]
 * @see Wang, H. & Song, M. (2011), The R Journal 3(2): 29–33
 */
export function ckmeans(values: readonly number[], k: number): number[][] {
	if (!Number.isInteger(k) || k < 1) throw new RangeError('ckmeans: mindestens 1 Klasse');
	const x = finiteSorted(values);
	const n = x.length;
	if (n === 0) throw new RangeError('ckmeans: keine gültigen Werte');
	const distinct = x.filter((v, i) => i === 0 || v !== x[i - 1]).length;
	const groups = Math.min(k, distinct);
	// cost[m][i]: least SSQ of x[0..i] in m+1 groups; first[m][i]: start of the last group.
	const cost = Array.from({ length: groups }, () => new Float64Array(n).fill(Infinity));
	const first = Array.from({ length: groups }, () => new Int32Array(n));
	for (let m = 0; m < groups; m++) {
		for (let i = m; i < n; i++) {
			let ssq = 0;
			let groupMean = 0;
			// the last group is x[j..i]; grow it from j = i downwards
			for (let j = i; j >= m; j--) {
				const size = i - j + 1;
				const delta = x[j] - groupMean;
				ssq += ((size - 1) / size) * delta * delta;
				groupMean += delta / size;
				if (m === 0 && j > 0) continue; // one group must start at 0
				const before = m === 0 ? 0 : cost[m - 1][j - 1];
				const total = before + ssq;
				if (total < cost[m][i]) {
					cost[m][i] = total;
					first[m][i] = j;
				}
			}
		}
	}
	const out: number[][] = [];
	let end = n - 1;
	for (let m = groups - 1; m >= 0; m--) {
		const start = first[m][end];
		out.unshift(x.slice(start, end + 1));
		end = start - 1;
	}
	return out;
}

/**
 * Natural breaks: the upper end of each ckmeans group but the last, so that
 * `classOf` puts every value into its group.
 *
 * @example jenksBreaks([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], 3) // → [-1, 2]
 */
export function jenksBreaks(values: readonly number[], k: number): number[] {
	if (k < 2) throw new RangeError('jenksBreaks: mindestens 2 Klassen');
	if (!values.some(Number.isFinite)) return [];
	return ckmeans(values, k)
		.slice(0, -1)
		.map((g) => g[g.length - 1]);
}

/**
 * Standard-deviation classes around the mean (x̄, s = sample SD with n − 1):
 * classes one s wide. With an odd k the middle class is centred on x̄
 * (breaks at x̄ ± 0.5s, ± 1.5s, …), with an even k x̄ is a break
 * (x̄, x̄ ± s, ± 2s, …). Breaks beyond the data leave classes empty; the
 * legend then shows fewer classes. Fewer than 2 values or s = 0 → no breaks.
 *
 * @example stdDevBreaks([2, 4, 4, 4, 5, 5, 7, 9], 4) // x̄ = 5, s = √(32/7) → [5 − s, 5, 5 + s]
 */
export function stdDevBreaks(values: readonly number[], k: number): number[] {
	if (k < 2) throw new RangeError('stdDevBreaks: mindestens 2 Klassen');
	const sorted = finiteSorted(values);
	const s = deviation(sorted);
	const m = mean(sorted);
	if (s === undefined || m === undefined || s === 0) return [];
	// i − (k − 2)/2 runs over −1, 0, 1 for k = 4 and over −1.5, −0.5, 0.5, 1.5 for k = 5
	return Array.from({ length: k - 1 }, (_, i) => m + (i - (k - 2) / 2) * s);
}

/**
 * Manual breaks from user text: numbers separated by semicolons or spaces
 * (German "12,5" or "12.5"); sorted, duplicates and non-numbers dropped. In
 * the URL they are written with a decimal point and commas between
 * (`grenzen=10,20.5,30`), which this also reads.
 *
 * @example parseManualBreaks('30; 12,5  20') // → [12.5, 20, 30]
 * @example parseManualBreaks('10,20.5,30') // → [10, 20.5, 30]
 */
export function parseManualBreaks(text: string): number[] {
	const trimmed = text.trim();
	if (trimmed === '') return [];
	// With ';' or whitespace as separators a comma is a decimal comma; otherwise commas separate (URL form).
	const parts = /[;\s]/.test(trimmed) ? trimmed.split(/[;\s]+/).map((p) => p.replace(',', '.')) : trimmed.split(',');
	const numbers = parts.filter((p) => p.trim() !== '').map((p) => Number(p.trim())).filter(Number.isFinite);
	return [...new Set(numbers)].sort((a, b) => a - b);
}

/** Manual breaks for the URL: decimal point, commas between. @example formatManualBreaks([10, 20.5]) // → '10,20.5' */
export function formatManualBreaks(breaks: readonly number[]): string {
	return breaks.map((b) => String(b)).join(',');
}

/**
 * Breaks of a method: the one entry point of the map view.
 *
 * @param manual the breaks for `manual` (k is then ignored)
 * @throws RangeError for an unknown method
 */
export function classBreaks(method: ClassMethod, values: readonly number[], k: number, manual: readonly number[] = []): number[] {
	switch (method) {
		case 'quantile':
			return quantileBreaks(values, k);
		case 'equal':
			return equalIntervalBreaks(values, k);
		case 'jenks':
			return jenksBreaks(values, k);
		case 'stddev':
			return stdDevBreaks(values, k);
		case 'manual':
			return [...manual].filter(Number.isFinite).sort((a, b) => a - b);
		default:
			throw new RangeError(`Unbekannte Klassifikation „${String(method)}“ (erlaubt: ${CLASS_METHODS.join(', ')})`);
	}
}

/**
 * The legend's line on the method: name, number of classes actually drawn
 * and, where it matters, why fewer than asked.
 *
 * @example classMethodText('quantile', 5, 4) // → 'Quantile (4 statt 5 wegen gleicher Werte)'
 */
export function classMethodText(method: ClassMethod, k: number, drawn: number): string {
	switch (method) {
		case 'manual':
			return `${CLASS_METHOD_LABELS.manual} (${drawn} Klassen)`;
		case 'stddev':
			return `${CLASS_METHOD_LABELS.stddev} (${k} Klassen, je eine Standardabweichung breit, um den Mittelwert)`;
		case 'jenks':
			return `${CLASS_METHOD_LABELS.jenks}, optimal nach ckmeans (${drawn} Klassen)`;
		default:
			return `${CLASS_METHOD_LABELS[method]} (${drawn}${drawn < k ? ` statt ${k} wegen gleicher Werte` : ''})`;
	}
}

/** Index of the class a value falls in: class i holds breaks[i−1] < v ≤ breaks[i]. */
export function classOf(value: number, breaks: readonly number[]): number {
	let i = 0;
	while (i < breaks.length && value > breaks[i]) i++;
	return i;
}
