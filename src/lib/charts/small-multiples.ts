/**
 * Small multiples of time series: one small line chart per measure (e.g. one
 * per segregation index), each with its own y-scale — the measures differ in
 * range, and the question is the direction of change, not the level. Every
 * panel has the same x-axis (years). An emphasised series (the city) is drawn
 * dark with dots and its latest value; further series (Stadtbezirke) thin.
 * The chosen year is marked by a vertical line. Plain d3 into one <svg>; the
 * Svelte wrapper only passes data.
 */
import { axisBottom, axisLeft, line, max, min, scaleLinear, select } from 'd3';
import { formatNumber } from '$lib/format.ts';

export interface SeriesPoint {
	year: number;
	value: number | null;
}

export interface SmallMultipleSeries {
	key: string;
	label: string;
	color: string;
	/** drawn thick with dots and value labels */
	emphasis: boolean;
	values: readonly SeriesPoint[];
}

export interface SmallMultiplePanel {
	key: string;
	title: string;
	/** decimals of the axis and value labels */
	decimals: number;
	series: readonly SmallMultipleSeries[];
}

export interface SmallMultiplesOptions {
	/** total width in pixels */
	width: number;
	/** minimum width of one panel; the number of columns follows from it (default 210) */
	minPanelWidth: number;
	/** height of one panel (default 130) */
	panelHeight: number;
	/** year to mark, or null */
	highlightYear: number | null;
	/** source line under the panels */
	source: string;
}

export const SMALL_MULTIPLES_DEFAULTS = { minPanelWidth: 210, panelHeight: 130 } as const;

const PAD = { top: 20, right: 40, bottom: 20, left: 42 };

/** Layout of the panels: columns and rows for a width. */
export function panelGrid(count: number, width: number, minPanelWidth: number): { columns: number; rows: number; panelWidth: number } {
	const columns = Math.max(1, Math.min(count, Math.floor(width / minPanelWidth)));
	return { columns, rows: Math.ceil(count / columns), panelWidth: width / columns };
}

export function drawSmallMultiples(svg: SVGSVGElement, panels: readonly SmallMultiplePanel[], opts: SmallMultiplesOptions): void {
	const { columns, rows, panelWidth } = panelGrid(panels.length, opts.width, opts.minPanelWidth);
	const legendSeries = panels[0]?.series ?? [];
	const legendHeight = legendSeries.length > 1 ? 22 : 0;
	const footer = 20;
	const height = legendHeight + rows * opts.panelHeight + footer;
	const root = select(svg).attr('viewBox', `0 0 ${opts.width} ${height}`).attr('width', opts.width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', opts.width).attr('height', height).attr('fill', '#fff');

	if (legendHeight) {
		let lx = 4;
		for (const s of legendSeries) {
			const g = root.append('g').attr('transform', `translate(${lx},6)`);
			g.append('line').attr('x1', 0).attr('x2', 18).attr('y1', 6).attr('y2', 6).attr('stroke', s.color).attr('stroke-width', s.emphasis ? 2.5 : 1.4);
			const text = g.append('text').attr('x', 22).attr('y', 10).attr('font-size', 11).text(s.label);
			lx += 22 + ((text.node() as SVGTextElement).getComputedTextLength?.() || s.label.length * 6) + 14;
		}
	}

	const years = [...new Set(panels.flatMap((p) => p.series.flatMap((s) => s.values.map((v) => v.year))))].sort((a, b) => a - b);
	const yearMin = years[0] ?? 0;
	const yearMax = years[years.length - 1] ?? 1;
	const xTicks = years.length <= 3 ? years : [yearMin, years[Math.floor((years.length - 1) / 2)], yearMax];

	panels.forEach((panel, k) => {
		const col = k % columns;
		const row = Math.floor(k / columns);
		const g = root
			.append('g')
			.attr('class', 'panel')
			.attr('data-panel', panel.key)
			.attr('transform', `translate(${col * panelWidth},${legendHeight + row * opts.panelHeight})`);
		const x = scaleLinear()
			.domain([yearMin, yearMax === yearMin ? yearMin + 1 : yearMax])
			.range([PAD.left, panelWidth - PAD.right]);
		const all = panel.series.flatMap((s) => s.values.map((v) => v.value)).filter((v): v is number => v !== null && Number.isFinite(v));
		let lo = min(all) ?? 0;
		let hi = max(all) ?? 1;
		const spread = hi - lo || Math.abs(hi) * 0.1 || 0.01;
		lo -= spread * 0.12;
		hi += spread * 0.12;
		const y = scaleLinear().domain([lo, hi]).range([opts.panelHeight - PAD.bottom, PAD.top + 4]).nice(3);

		g.append('text').attr('x', PAD.left - 36).attr('y', 13).attr('font-size', 11).attr('font-weight', 600).text(panel.title);
		g.append('g')
			.attr('transform', `translate(0,${opts.panelHeight - PAD.bottom})`)
			.call(
				axisBottom(x)
					.tickValues(xTicks)
					.tickFormat((d) => String(d))
					.tickSizeOuter(0)
			)
			.call((a) => a.selectAll('text').attr('font-size', 9));
		g.append('g')
			.attr('transform', `translate(${PAD.left},0)`)
			.call(
				axisLeft(y)
					.ticks(3)
					.tickFormat((d) => formatNumber(Number(d), panel.decimals))
					.tickSizeOuter(0)
			)
			.call((a) => a.selectAll('text').attr('font-size', 9));

		if (opts.highlightYear !== null && opts.highlightYear >= yearMin && opts.highlightYear <= yearMax) {
			g.append('line')
				.attr('class', 'year-mark')
				.attr('x1', x(opts.highlightYear))
				.attr('x2', x(opts.highlightYear))
				.attr('y1', PAD.top)
				.attr('y2', opts.panelHeight - PAD.bottom)
				.attr('stroke', '#bbb')
				.attr('stroke-dasharray', '2,2');
		}

		const path = line<SeriesPoint>()
			.defined((d) => d.value !== null && Number.isFinite(d.value))
			.x((d) => x(d.year))
			.y((d) => y(d.value as number));
		const ordered = [...panel.series].sort((a, b) => Number(a.emphasis) - Number(b.emphasis));
		for (const s of ordered) {
			g.append('path')
				.attr('d', path([...s.values].sort((a, b) => a.year - b.year)))
				.attr('fill', 'none')
				.attr('stroke', s.color)
				.attr('stroke-width', s.emphasis ? 2.2 : 1.2)
				.attr('opacity', s.emphasis ? 1 : 0.85)
				.attr('data-series', s.key);
			if (!s.emphasis) continue;
			const points = s.values.filter((v) => v.value !== null && Number.isFinite(v.value));
			g.append('g')
				.selectAll('circle')
				.data(points)
				.join('circle')
				.attr('cx', (d) => x(d.year))
				.attr('cy', (d) => y(d.value as number))
				.attr('r', (d) => (d.year === opts.highlightYear ? 3.5 : 2))
				.attr('fill', s.color)
				.append('title')
				.text((d) => `${panel.title}, ${s.label} ${d.year}: ${formatNumber(d.value, panel.decimals)}`);
			const last = points[points.length - 1];
			if (last) {
				g.append('text')
					.attr('class', 'last-value')
					.attr('x', x(last.year) + 4)
					.attr('y', y(last.value as number))
					.attr('dy', '0.35em')
					.attr('font-size', 9.5)
					.attr('fill', s.color)
					.text(formatNumber(last.value, panel.decimals));
			}
		}
	});

	root
		.append('text')
		.attr('x', 4)
		.attr('y', height - 6)
		.attr('font-size', 10)
		.attr('fill', '#555')
		.text(opts.source);
}
