/**
 * Factor profile: the four factor indices and the Ausgrenzungsindex of one area
 * against all areas of its level. Each row is a strip: every area of the level
 * as a light tick, 0 (the mean of the areas, i.e. the city as the average
 * quarter) as a dashed line, and the area as a bar from 0 to its value —
 * orange where it is more disadvantaged than the average, purple where less
 * (ColorBrewer PuOr, as the index maps). Plain d3 into an <svg>.
 */
import { axisBottom, scaleLinear, select } from 'd3';
import { formatNumber } from '$lib/format.ts';

export interface FactorRow {
	key: string;
	label: string;
	/** the area's value (standardised: 0 = mean of the areas), null if it has none */
	value: number | null;
	/** values of every area of the level (for the strip), nulls left out */
	all: readonly number[];
	/** drawn bold (the Ausgrenzungsindex) */
	emphasis?: boolean;
}

export interface FactorProfileOptions {
	/** pixels; default 420 */
	width: number;
	/** pixels per row; default 30 */
	rowHeight: number;
	/** label of the 0 line, e.g. "Mittel der 88 Ortsteile" */
	zeroLabel: string;
	/** source line under the chart */
	source: string;
}

export const FACTOR_PROFILE_DEFAULTS = { width: 420, rowHeight: 30 } as const;

const MARGIN = { top: 18, right: 40, bottom: 40, left: 132 };
const MORE = '#e08214';
const LESS = '#8073ac';

export function drawFactorProfile(svg: SVGSVGElement, rows: readonly FactorRow[], opts: FactorProfileOptions): void {
	const height = MARGIN.top + rows.length * opts.rowHeight + MARGIN.bottom;
	const root = select(svg).attr('viewBox', `0 0 ${opts.width} ${height}`).attr('width', opts.width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', opts.width).attr('height', height).attr('fill', '#fff');
	const extent = Math.max(1, ...rows.flatMap((r) => [...r.all, r.value ?? 0].map((v) => Math.abs(v)))) * 1.05;
	const x = scaleLinear().domain([-extent, extent]).range([MARGIN.left, opts.width - MARGIN.right]).nice();
	const bottom = MARGIN.top + rows.length * opts.rowHeight;

	root
		.append('g')
		.attr('transform', `translate(0,${bottom})`)
		.call(axisBottom(x).ticks(5).tickFormat((d) => formatNumber(Number(d), 1)))
		.call((a) => a.selectAll('text').attr('font-size', 9));
	root
		.append('line')
		.attr('x1', x(0))
		.attr('x2', x(0))
		.attr('y1', MARGIN.top - 6)
		.attr('y2', bottom)
		.attr('stroke', '#555')
		.attr('stroke-dasharray', '3,2');
	root.append('text').attr('x', x(0)).attr('y', MARGIN.top - 8).attr('text-anchor', 'middle').attr('font-size', 9.5).attr('fill', '#555').text(opts.zeroLabel);
	root
		.append('text')
		.attr('x', x.range()[0])
		.attr('y', bottom + 26)
		.attr('font-size', 9.5)
		.attr('fill', '#555')
		.text('← weniger benachteiligt');
	root
		.append('text')
		.attr('x', x.range()[1])
		.attr('y', bottom + 26)
		.attr('text-anchor', 'end')
		.attr('font-size', 9.5)
		.attr('fill', '#555')
		.text('stärker benachteiligt →');

	rows.forEach((r, i) => {
		const cy = MARGIN.top + i * opts.rowHeight + opts.rowHeight / 2;
		const g = root.append('g').attr('class', 'factor').attr('data-factor', r.key);
		if (i % 2 === 0) g.append('rect').attr('x', 0).attr('y', cy - opts.rowHeight / 2).attr('width', opts.width).attr('height', opts.rowHeight).attr('fill', '#f6f8fa').lower();
		g.append('text')
			.attr('x', MARGIN.left - 8)
			.attr('y', cy)
			.attr('dy', '0.35em')
			.attr('text-anchor', 'end')
			.attr('font-size', 11)
			.attr('font-weight', r.emphasis ? 700 : 400)
			.text(r.label);
		g.append('g')
			.selectAll('line')
			.data(r.all)
			.join('line')
			.attr('x1', (v) => x(v))
			.attr('x2', (v) => x(v))
			.attr('y1', cy - 7)
			.attr('y2', cy + 7)
			.attr('stroke', '#c8c8c8')
			.attr('stroke-width', 1);
		if (r.value === null) {
			g.append('text')
				.attr('x', x(0) + 6)
				.attr('y', cy)
				.attr('dy', '0.35em')
				.attr('font-size', 10)
				.attr('fill', '#666')
				.attr('paint-order', 'stroke')
				.attr('stroke', '#fff')
				.attr('stroke-width', 3)
				.text('kein Wert');
			return;
		}
		const v = r.value;
		g.append('rect')
			.attr('class', 'bar')
			.attr('x', Math.min(x(0), x(v)))
			.attr('y', cy - 5)
			.attr('width', Math.max(1, Math.abs(x(v) - x(0))))
			.attr('height', 10)
			.attr('fill', v > 0 ? MORE : LESS)
			.attr('opacity', 0.85);
		g.append('circle').attr('cx', x(v)).attr('cy', cy).attr('r', 4).attr('fill', '#08306b');
		g.append('text')
			.attr('class', 'value')
			.attr('x', v >= 0 ? x(v) + 7 : x(v) - 7)
			.attr('y', cy)
			.attr('dy', '0.35em')
			.attr('text-anchor', v >= 0 ? 'start' : 'end')
			.attr('font-size', 10.5)
			.attr('font-weight', 600)
			.text(formatNumber(v, 2));
	});
	root.append('text').attr('x', 4).attr('y', height - 4).attr('font-size', 9.5).attr('fill', '#555').text(opts.source);
}
