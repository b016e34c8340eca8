/**
 * Horizontal bar chart, one row per area, one bar per series (e.g. € per person in
 * scenario A and B), sorted by the first series (largest on top, empty values last).
 * A dashed line per series marks its reference value (e.g. the city-wide € per
 * person: the per-capita amount). A single extreme value (e.g. a Sockelbetrag spread
 * over a handful of residents) would flatten every other bar, so the axis ends at
 * twice the 90th percentile at most; longer bars are cut with a zigzag and keep their
 * true value as label. Plain d3 into an <svg>; `Bars.svelte` only passes data.
 */
import { axisTop, max, quantile, scaleBand, scaleLinear, select } from 'd3';
import { formatNumber } from '$lib/format.ts';

export interface BarRow {
	id: string;
	name: string;
	/** one value per series; null = no bar (shown as „–“) */
	values: (number | null)[];
	/** draws the name in italics with a „*“ (e.g. need value missing) */
	flagged?: boolean;
}

export interface BarSeries {
	label: string;
	color: string;
	/** dashed reference line (same unit), e.g. the average; null = none */
	reference?: number | null;
}

export interface BarOptions {
	/** pixels; default 520 */
	width: number;
	/** pixels per area row; default 20 */
	rowHeight: number;
	series: readonly BarSeries[];
	/** axis title, e.g. „€ je Person der Zielgruppe“ */
	title: string;
	/** decimals of the value labels; default 2 */
	decimals: number;
	selected: string | null;
	onselect?: (id: string) => void;
}

export const BAR_DEFAULTS = { width: 520, rowHeight: 20, decimals: 2 } as const;

export function drawBars(svg: SVGSVGElement, rows: readonly BarRow[], opts: BarOptions): void {
	const margin = { top: 40, right: 56, bottom: 8 + 16 * opts.series.length, left: 150 };
	const sorted = [...rows].sort(
		(a, b) => (b.values[0] ?? -Infinity) - (a.values[0] ?? -Infinity) || a.name.localeCompare(b.name, 'de')
	);
	const height = margin.top + margin.bottom + sorted.length * opts.rowHeight;
	const values = sorted.flatMap((r) => r.values).filter((v): v is number => v !== null && Number.isFinite(v));
	const references = opts.series.map((s) => s.reference ?? null).filter((v): v is number => v !== null && Number.isFinite(v));
	const top = Math.min(max([...values, ...references]) ?? 1, Math.max(2 * (quantile(values, 0.9) ?? 0), ...references));
	const x = scaleLinear()
		.domain([0, top > 0 ? top : 1])
		.nice()
		.range([margin.left, opts.width - margin.right]);
	const end = x.domain()[1];
	const cut = (v: number | null) => v !== null && v > end;
	const y = scaleBand<string>()
		.domain(sorted.map((r) => r.id))
		.range([margin.top, height - margin.bottom])
		.paddingInner(0.15);
	const inner = scaleBand<number>()
		.domain(opts.series.map((_, i) => i))
		.range([0, y.bandwidth()])
		.paddingInner(0.1);

	const root = select(svg).attr('viewBox', `0 0 ${opts.width} ${height}`).attr('width', opts.width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', opts.width).attr('height', height).attr('fill', '#fff');
	root.append('text').attr('x', margin.left).attr('y', 12).attr('font-size', 11).attr('font-weight', 600).text(opts.title);
	root
		.append('g')
		.attr('transform', `translate(0,${margin.top - 4})`)
		.call(
			axisTop(x)
				.ticks(6)
				.tickFormat((d) => formatNumber(Number(d), Number(d) % 1 === 0 ? 0 : 1))
		)
		.call((g) => g.selectAll('text').attr('font-size', 10));

	const row = root
		.append('g')
		.selectAll('g')
		.data(sorted)
		.join('g')
		.attr('transform', (d) => `translate(0,${y(d.id)})`)
		.attr('data-area-id', (d) => d.id)
		.attr('class', 'bar-row')
		.style('cursor', opts.onselect ? 'pointer' : 'default')
		.on('click', (_, d) => opts.onselect?.(d.id));
	row
		.append('rect')
		.attr('x', 0)
		.attr('width', opts.width)
		.attr('height', y.bandwidth())
		.attr('fill', (d) => (d.id === opts.selected ? '#fde0dd' : 'transparent'));
	row
		.append('text')
		.attr('x', margin.left - 6)
		.attr('y', y.bandwidth() / 2)
		.attr('dy', '0.35em')
		.attr('text-anchor', 'end')
		.attr('font-size', 10)
		.attr('font-style', (d) => (d.flagged ? 'italic' : 'normal'))
		.attr('font-weight', (d) => (d.id === opts.selected ? 700 : 400))
		.text((d) => (d.flagged ? `${d.name} *` : d.name));
	opts.series.forEach((s, i) => {
		const bar = row.append('g').attr('transform', `translate(0,${inner(i)})`);
		bar
			.append('rect')
			.attr('x', margin.left)
			.attr('height', inner.bandwidth())
			.attr('width', (d) => (d.values[i] === null ? 0 : Math.max(0, x(Math.min(d.values[i]!, end)) - margin.left)))
			.attr('fill', s.color);
		// zigzag where a bar leaves the axis
		bar
			.filter((d) => cut(d.values[i]))
			.append('path')
			.attr('d', () => {
				const x0 = x(end) - 8;
				const h = inner.bandwidth();
				return `M${x0},0 L${x0 + 3},${h / 3} L${x0 - 1},${(2 * h) / 3} L${x0 + 2},${h}`;
			})
			.attr('stroke', '#fff')
			.attr('stroke-width', 2.5)
			.attr('fill', 'none');
		bar
			.append('text')
			.attr('x', (d) => (d.values[i] === null ? margin.left + 3 : cut(d.values[i]) ? x(end) - 12 : x(d.values[i]!) + 3))
			.attr('text-anchor', (d) => (cut(d.values[i]) ? 'end' : 'start'))
			.attr('font-weight', (d) => (cut(d.values[i]) ? 700 : 400))
			.attr('y', inner.bandwidth() / 2)
			.attr('dy', '0.35em')
			.attr('font-size', Math.min(10, inner.bandwidth() + 1))
			.attr('fill', (d) => (cut(d.values[i]) ? '#fff' : '#333'))
			.text((d) => formatNumber(d.values[i], opts.decimals));
	});
	row.append('title').text((d) => `${d.name}: ${opts.series.map((s, i) => `${s.label} ${formatNumber(d.values[i], opts.decimals)}`).join(' · ')}`);

	// reference lines and the legend
	const legend = root.append('g').attr('transform', `translate(${margin.left},${height - margin.bottom + 14})`);
	opts.series.forEach((s, i) => {
		if (s.reference !== null && s.reference !== undefined && Number.isFinite(s.reference)) {
			root
				.append('line')
				.attr('x1', x(s.reference))
				.attr('x2', x(s.reference))
				.attr('y1', margin.top - 4)
				.attr('y2', height - margin.bottom)
				.attr('stroke', s.color)
				.attr('stroke-dasharray', '4 3')
				.attr('stroke-width', 1.2);
		}
		const item = legend.append('g').attr('transform', `translate(0,${i * 16})`);
		item.append('rect').attr('width', 12).attr('height', 10).attr('y', -9).attr('fill', s.color);
		const ref = s.reference !== null && s.reference !== undefined ? ` – gestrichelt: Durchschnitt ${formatNumber(s.reference, opts.decimals)}` : '';
		item.append('text').attr('x', 16).attr('font-size', 10).text(`${s.label}${ref}`);
	});
}
