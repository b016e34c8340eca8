/**
 * Concentration curve of money against need ("Lorenzkurve des Geldes nach Bedarf",
 * the points of `lorenzCurve` in `engine/allocation.ts`): Stadtteile sorted by need
 * ascending, x = cumulative share of the target population, y = cumulative share of
 * the money. The diagonal is the per-capita distribution (α = 0); a curve *below* it
 * means money concentrated where need is high. One curve per scenario, each point
 * with a hover title naming the Stadtteile added there. Plain d3 into an <svg>;
 * `Lorenz.svelte` only passes data.
 */
import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import { formatNumber } from '$lib/format.ts';

export interface LorenzCurvePoint {
	populationShare: number;
	moneyShare: number;
	ids: readonly string[];
}

export interface LorenzSeries {
	label: string;
	color: string;
	points: readonly LorenzCurvePoint[];
	/** concentration index, printed in the legend; null = not shown */
	index: number | null;
}

export interface LorenzOptions {
	/** pixels; default 380 */
	width: number;
	/** pixels; default 380 */
	height: number;
	/** area names for the hover titles */
	names: ReadonlyMap<string, string>;
}

export const LORENZ_DEFAULTS = { width: 380, height: 380 } as const;

const percent = (x: number) => `${formatNumber(x * 100, 0)} %`;

export function drawLorenz(svg: SVGSVGElement, series: readonly LorenzSeries[], opts: LorenzOptions): void {
	const legendHeight = 16 * series.length + 16;
	const margin = { top: 12, right: 14, bottom: 52 + legendHeight, left: 52 };
	const side = Math.min(opts.width - margin.left - margin.right, opts.height - margin.top - margin.bottom);
	const width = margin.left + side + margin.right;
	const height = margin.top + side + margin.bottom;
	const x = scaleLinear().domain([0, 1]).range([margin.left, margin.left + side]);
	const y = scaleLinear().domain([0, 1]).range([margin.top + side, margin.top]);

	const root = select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', width).attr('height', height).attr('fill', '#fff');
	root
		.append('g')
		.attr('transform', `translate(0,${margin.top + side})`)
		.call(axisBottom(x).ticks(5).tickFormat((d) => percent(Number(d))))
		.call((g) => g.selectAll('text').attr('font-size', 10));
	root
		.append('g')
		.attr('transform', `translate(${margin.left},0)`)
		.call(axisLeft(y).ticks(5).tickFormat((d) => percent(Number(d))))
		.call((g) => g.selectAll('text').attr('font-size', 10));
	root
		.append('text')
		.attr('x', margin.left + side / 2)
		.attr('y', margin.top + side + 30)
		.attr('text-anchor', 'middle')
		.attr('font-size', 10)
		.call((t) => t.append('tspan').text('Anteil der Zielbevölkerung (kumuliert)'))
		.call((t) => t.append('tspan').attr('x', margin.left + side / 2).attr('dy', '1.2em').text('Stadtteile nach Bedarf aufsteigend sortiert'));
	root
		.append('text')
		.attr('transform', `translate(14,${margin.top + side / 2}) rotate(-90)`)
		.attr('text-anchor', 'middle')
		.attr('font-size', 10)
		.text('Anteil am Budget (kumuliert)');

	// per capita = diagonal
	root
		.append('line')
		.attr('x1', x(0))
		.attr('y1', y(0))
		.attr('x2', x(1))
		.attr('y2', y(1))
		.attr('stroke', '#999')
		.attr('stroke-dasharray', '4 3');
	root
		.append('text')
		.attr('transform', `translate(${x(0.55)},${y(0.55) - 6}) rotate(-45)`)
		.attr('text-anchor', 'middle')
		.attr('font-size', 9)
		.attr('fill', '#666')
		.text('pro Kopf (α = 0)');

	const path = line<LorenzCurvePoint>()
		.x((p) => x(p.populationShare))
		.y((p) => y(p.moneyShare));
	series.forEach((s, i) => {
		const g = root.append('g').attr('class', 'lorenz-series').attr('data-series', i);
		g.append('path').attr('d', path([...s.points])).attr('fill', 'none').attr('stroke', s.color).attr('stroke-width', 2);
		g.selectAll('circle')
			.data(s.points.slice(1))
			.join('circle')
			.attr('cx', (p) => x(p.populationShare))
			.attr('cy', (p) => y(p.moneyShare))
			.attr('r', 2.5)
			.attr('fill', s.color)
			.append('title')
			.text(
				(p) =>
					`${s.label}: ${p.ids.map((id) => opts.names.get(id) ?? id).join(', ')} – bis hier ${percent(p.populationShare)} der Zielbevölkerung, ${percent(p.moneyShare)} des Budgets`
			);
	});

	const legend = root.append('g').attr('transform', `translate(${margin.left - 40},${margin.top + side + 62})`);
	series.forEach((s, i) => {
		const item = legend.append('g').attr('transform', `translate(0,${i * 16})`);
		item.append('line').attr('x2', 16).attr('y1', -4).attr('y2', -4).attr('stroke', s.color).attr('stroke-width', 2);
		item
			.append('text')
			.attr('x', 22)
			.attr('font-size', 10)
			.text(`${s.label}${s.index !== null ? ` – Konzentrationsindex ${formatNumber(s.index, 3)}` : ''}`);
	});
	legend
		.append('text')
		.attr('y', 16 * series.length)
		.attr('font-size', 9)
		.attr('fill', '#555')
		.text('Unter der Diagonale: mehr Geld, wo der Bedarf hoch ist.');
}
