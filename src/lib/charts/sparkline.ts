/**
 * Sparkline: one indicator of one area over the years, with the city as a thin
 * grey reference line. Lines join only neighbouring years that both have a
 * value; a missing year is a gap, never bridged — so turnout, which exists only
 * in election years, appears as single dots. Values on a small base are drawn
 * as hollow dots. Plain d3 into an <svg>; `Sparkline.svelte` only passes data.
 */
import { line, scaleLinear, select } from 'd3';
import type { SeriesPoint } from '$lib/engine/compare.ts';
import { formatNumber } from '$lib/format.ts';

export interface SparklineOptions {
	/** pixels; default 150 */
	width: number;
	/** pixels; default 34 */
	height: number;
	/** year to mark with a larger dot, or null */
	highlightYear: number | null;
	/** decimals of the value labels */
	decimals: number;
	/** colour of the area's line; default dark blue */
	color: string;
}

export const SPARKLINE_DEFAULTS = { width: 150, height: 34, color: '#08519c' } as const;

const CITY = '#9e9e9e';
const PAD = { top: 4, right: 4, bottom: 4, left: 4 };

/** Years in which a point has a value and so does the next or previous year: those are joined by a line. */
const present = (p: SeriesPoint) => p.value !== null && Number.isFinite(p.value);

/** A point without a value in the year before and after it: it has no line, so it gets a larger dot. */
function isolated(series: readonly SeriesPoint[], p: SeriesPoint): boolean {
	const i = series.indexOf(p);
	return !(i > 0 && present(series[i - 1])) && !(i < series.length - 1 && present(series[i + 1]));
}

/**
 * Draws the sparkline. `area` and `city` must run over the same years
 * (ascending, one point per calendar year of the axis).
 */
export function drawSparkline(svg: SVGSVGElement, area: readonly SeriesPoint[], city: readonly SeriesPoint[] | null, opts: SparklineOptions): void {
	const { width, height } = opts;
	const root = select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
	root.selectAll('*').remove();
	const years = area.map((p) => p.year);
	if (years.length === 0) return;
	const values = [...area, ...(city ?? [])].filter(present).map((p) => p.value as number);
	if (values.length === 0) {
		root.append('text').attr('x', 2).attr('y', height / 2 + 4).attr('font-size', 10).attr('fill', '#888').text('keine Werte');
		return;
	}
	let lo = Math.min(...values);
	let hi = Math.max(...values);
	if (hi === lo) {
		const pad = Math.abs(hi) * 0.05 || 1;
		lo -= pad;
		hi += pad;
	}
	const x = scaleLinear()
		.domain([years[0], years[years.length - 1] === years[0] ? years[0] + 1 : years[years.length - 1]])
		.range([PAD.left, width - PAD.right]);
	const y = scaleLinear().domain([lo, hi]).range([height - PAD.bottom, PAD.top]);
	const path = line<SeriesPoint>()
		.defined(present)
		.x((p) => x(p.year))
		.y((p) => y(p.value as number));

	if (opts.highlightYear !== null && years.includes(opts.highlightYear)) {
		root
			.append('line')
			.attr('x1', x(opts.highlightYear))
			.attr('x2', x(opts.highlightYear))
			.attr('y1', 1)
			.attr('y2', height - 1)
			.attr('stroke', '#ddd');
	}
	if (city) {
		root.append('path').attr('class', 'city').attr('d', path(city)).attr('fill', 'none').attr('stroke', CITY).attr('stroke-width', 1);
		root
			.append('g')
			.selectAll('circle')
			.data(city.filter((p) => present(p) && isolated(city, p)))
			.join('circle')
			.attr('cx', (p) => x(p.year))
			.attr('cy', (p) => y(p.value as number))
			.attr('r', 1.6)
			.attr('fill', CITY);
	}
	root.append('path').attr('class', 'area').attr('d', path(area)).attr('fill', 'none').attr('stroke', opts.color).attr('stroke-width', 1.6);
	root
		.append('g')
		.selectAll('circle')
		.data(area.filter(present))
		.join('circle')
		.attr('class', (p) => (p.reliable ? 'pt' : 'pt unreliable'))
		.attr('data-year', (p) => p.year)
		.attr('cx', (p) => x(p.year))
		.attr('cy', (p) => y(p.value as number))
		.attr('r', (p) => (p.year === opts.highlightYear ? 3 : isolated(area, p) ? 2.4 : 1.8))
		.attr('fill', (p) => (p.reliable ? opts.color : '#fff'))
		.attr('stroke', opts.color)
		.attr('stroke-width', (p) => (p.reliable ? 0 : 1));
}

/**
 * A plain-text reading of a sparkline for screen readers and the hover title:
 * "2015: 23,1 · 2016: – · …".
 *
 * @example sparklineText([{ year: 2015, value: 1.25, reliable: true }, { year: 2016, value: null, reliable: false }], 1) // → '2015: 1,3 · 2016: –'
 */
export function sparklineText(series: readonly SeriesPoint[], decimals: number): string {
	return series.map((p) => `${p.year}: ${formatNumber(p.value, decimals)}${p.value !== null && !p.reliable ? ' (unsicher)' : ''}`).join(' · ');
}
