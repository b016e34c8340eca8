/**
 * Time lines: one indicator over the years for a few areas, the city as a
 * dark dashed reference. A line joins only neighbouring years that both have
 * a value — a gap (no value, suppressed, turnout between elections) stays a
 * gap, and a lone value is a dot. Small-base values are hollow dots. The two
 * years of the slope chart are marked. Each line ends in its name and value,
 * labels pushed apart so they do not overlap. Plain d3 into an <svg>.
 */
import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import type { SeriesPoint } from '$lib/engine/compare.ts';
import { formatNumber } from '$lib/format.ts';
import { spreadLabels } from './labels.ts';

export interface LineSeries {
	id: string;
	label: string;
	color: string;
	/** drawn dashed (the city as reference) */
	dashed: boolean;
	points: readonly SeriesPoint[];
}

export interface TimeLinesOptions {
	/** pixels; default 720 */
	width: number;
	/** pixels; default 320 */
	height: number;
	/** unit for the y-axis label, e.g. "%" */
	unit: string;
	decimals: number;
	/** years to mark with vertical lines (e.g. the slope chart's two years) */
	marks: readonly number[];
	/** source line under the chart */
	source: string;
}

export const TIME_LINES_DEFAULTS = { width: 720, height: 320 } as const;

const MARGIN = { top: 14, right: 190, bottom: 42, left: 56 };
const present = (p: SeriesPoint) => p.value !== null && Number.isFinite(p.value);

export function drawTimeLines(svg: SVGSVGElement, series: readonly LineSeries[], opts: TimeLinesOptions): void {
	const { width, height } = opts;
	const root = select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', width).attr('height', height).attr('fill', '#fff');
	const years = [...new Set(series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
	const values = series.flatMap((s) => s.points.filter(present).map((p) => p.value as number));
	if (years.length === 0 || values.length === 0) {
		root.append('text').attr('x', 10).attr('y', 24).attr('font-size', 12).attr('fill', '#666').text('Keine Werte für diese Auswahl.');
		return;
	}
	let lo = Math.min(...values);
	let hi = Math.max(...values);
	const spread = hi - lo || Math.abs(hi) * 0.1 || 1;
	lo -= spread * 0.08;
	hi += spread * 0.08;
	const x = scaleLinear()
		.domain([years[0], years[years.length - 1] === years[0] ? years[0] + 1 : years[years.length - 1]])
		.range([MARGIN.left, width - MARGIN.right]);
	const y = scaleLinear().domain([lo, hi]).nice().range([height - MARGIN.bottom, MARGIN.top]);

	root
		.append('g')
		.attr('transform', `translate(0,${height - MARGIN.bottom})`)
		.call(axisBottom(x).tickValues(years).tickFormat((d) => String(d)))
		.call((a) => a.selectAll('text').attr('font-size', 10));
	root
		.append('g')
		.attr('transform', `translate(${MARGIN.left},0)`)
		.call(axisLeft(y).ticks(6).tickFormat((d) => formatNumber(Number(d), opts.decimals)))
		.call((a) => a.selectAll('text').attr('font-size', 10))
		.call((a) =>
			a
				.selectAll('.tick line')
				.clone()
				.attr('x2', width - MARGIN.left - MARGIN.right)
				.attr('stroke', '#eee')
		);
	root
		.append('text')
		.attr('transform', `translate(14,${(height - MARGIN.bottom + MARGIN.top) / 2}) rotate(-90)`)
		.attr('text-anchor', 'middle')
		.attr('font-size', 10.5)
		.text(opts.unit);
	for (const m of opts.marks) {
		if (m < years[0] || m > years[years.length - 1]) continue;
		root
			.append('line')
			.attr('class', 'mark')
			.attr('x1', x(m))
			.attr('x2', x(m))
			.attr('y1', MARGIN.top)
			.attr('y2', height - MARGIN.bottom)
			.attr('stroke', '#bbb')
			.attr('stroke-dasharray', '2,3');
	}

	const path = line<SeriesPoint>()
		.defined(present)
		.x((p) => x(p.year))
		.y((p) => y(p.value as number));
	const ends: { s: LineSeries; last: SeriesPoint }[] = [];
	for (const s of series) {
		const g = root.append('g').attr('class', 'series').attr('data-area-id', s.id);
		const pts = [...s.points].sort((a, b) => a.year - b.year);
		g.append('path')
			.attr('d', path(pts))
			.attr('fill', 'none')
			.attr('stroke', s.color)
			.attr('stroke-width', s.dashed ? 1.8 : 2.4)
			.attr('stroke-dasharray', s.dashed ? '5,3' : null);
		g.selectAll('circle')
			.data(pts.filter(present))
			.join('circle')
			.attr('class', 'pt')
			.attr('data-year', (p) => p.year)
			.attr('cx', (p) => x(p.year))
			.attr('cy', (p) => y(p.value as number))
			.attr('r', 3.2)
			.attr('fill', (p) => (p.reliable ? s.color : '#fff'))
			.attr('stroke', s.color)
			.attr('stroke-width', 1.4)
			.append('title')
			.text((p) => `${s.label} ${p.year}: ${formatNumber(p.value, opts.decimals)} ${opts.unit}${p.reliable ? '' : ' (unsichere Basis)'}`);
		const last = pts.filter(present).pop();
		if (last) ends.push({ s, last });
	}
	const labelY = spreadLabels(
		ends.map((e) => y(e.last.value as number)),
		13,
		MARGIN.top,
		height - MARGIN.bottom
	);
	ends.forEach((e, i) => {
		const lx = width - MARGIN.right + 8;
		root
			.append('line')
			.attr('x1', x(e.last.year) + 4)
			.attr('x2', lx - 2)
			.attr('y1', y(e.last.value as number))
			.attr('y2', labelY[i])
			.attr('stroke', '#ccc');
		root
			.append('text')
			.attr('class', 'end-label')
			.attr('x', lx)
			.attr('y', labelY[i])
			.attr('dy', '0.35em')
			.attr('font-size', 10.5)
			.attr('fill', e.s.color)
			.attr('font-weight', 600)
			.text(`${e.s.label} ${formatNumber(e.last.value, opts.decimals)}${e.last.year !== years[years.length - 1] ? ` (${e.last.year})` : ''}`);
	});
	root
		.append('text')
		.attr('x', 4)
		.attr('y', height - 5)
		.attr('font-size', 10)
		.attr('fill', '#555')
		.text(opts.source);
}
