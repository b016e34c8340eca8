/**
 * Rank-band chart: one row per area, its median rank over the Monte-Carlo draws
 * as a dot and the 5–95 % band as a line, sorted by median rank. Plain d3 into
 * an <svg>; the Svelte wrapper only passes data. Areas whose bands overlap
 * cannot be told apart in priority — that is the point of the chart.
 */
import { axisTop, scaleBand, scaleLinear, select } from 'd3';

export interface RankBand {
	area_id: string;
	name: string;
	median: number;
	p05: number;
	p95: number;
}

export interface RankBandOptions {
	width: number;
	rowHeight: number;
	highlight: ReadonlySet<string>;
	onselect?: (id: string) => void;
}

export const RANK_BAND_DEFAULTS = { width: 520, rowHeight: 14 } as const;

export function drawRankBands(svg: SVGSVGElement, bands: readonly RankBand[], opts: RankBandOptions): void {
	const margin = { top: 44, right: 16, bottom: 8, left: 170 };
	const sorted = [...bands].sort((a, b) => a.median - b.median || a.p05 - b.p05 || a.name.localeCompare(b.name, 'de'));
	const height = margin.top + margin.bottom + sorted.length * opts.rowHeight;
	const n = Math.max(1, ...sorted.map((b) => b.p95));
	const x = scaleLinear().domain([1, n]).range([margin.left, opts.width - margin.right]);
	const y = scaleBand<string>().domain(sorted.map((b) => b.area_id)).range([margin.top, height - margin.bottom]).padding(0.2);

	const root = select(svg).attr('viewBox', `0 0 ${opts.width} ${height}`).attr('width', opts.width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', opts.width).attr('height', height).attr('fill', '#fff');
	root.append('g').attr('transform', `translate(0,${margin.top - 4})`).call(axisTop(x).ticks(8).tickFormat((d) => String(d)));
	root
		.append('text')
		.attr('x', margin.left)
		.attr('y', 12)
		.attr('font-size', 10)
		.text('Rang (1 = stärkste Benachteiligung): Median und 5–95 %-Band');

	const row = root
		.append('g')
		.selectAll('g')
		.data(sorted)
		.join('g')
		.attr('transform', (d) => `translate(0,${y(d.area_id)! + y.bandwidth() / 2})`)
		.attr('data-area-id', (d) => d.area_id)
		.attr('class', 'band')
		.style('cursor', opts.onselect ? 'pointer' : 'default')
		.on('click', (_, d) => opts.onselect?.(d.area_id));
	row
		.append('text')
		.attr('x', margin.left - 6)
		.attr('dy', '0.35em')
		.attr('text-anchor', 'end')
		.attr('font-size', 10)
		.attr('font-weight', (d) => (opts.highlight.has(d.area_id) ? 700 : 400))
		.text((d) => d.name);
	row
		.append('line')
		.attr('x1', (d) => x(d.p05))
		.attr('x2', (d) => x(d.p95))
		.attr('stroke', (d) => (opts.highlight.has(d.area_id) ? '#d7301f' : '#6baed6'))
		.attr('stroke-width', 4)
		.attr('stroke-linecap', 'round');
	row
		.append('circle')
		.attr('cx', (d) => x(d.median))
		.attr('r', 3)
		.attr('fill', '#08306b');
	row.append('title').text((d) => `${d.name}: Median-Rang ${d.median}, 5–95 %: ${d.p05}–${d.p95}`);
}
