/**
 * Scatter plot of two indicators across areas with the least-squares line:
 * every area a point (optionally sized by residents, area ∝ population),
 * outliers (|standardised residual| > 2) labelled with their names, areas
 * not used in the statistics (small base) drawn hollow and grey. Drag a
 * rectangle to select areas (linked brushing: the map and the table show
 * them); a click selects one area (interaction from `scatter-base.ts`).
 * Plain d3 into an <svg>; the wrapper passes data and calls `mark` when the
 * selection changes elsewhere (map, table).
 */
import { max, scaleLinear, scaleSqrt } from 'd3';
import { formatNumber } from '$lib/format.ts';
import { spreadLabels } from './labels.ts';
import { axisTitles, linkPoints, pointLayer, scatterAxes, scatterRoot, sourceLine, type ScatterCallbacks, type ScatterHandle } from './scatter-base.ts';

export interface ScatterPoint {
	id: string;
	name: string;
	x: number;
	y: number;
	/** residents, for the point size */
	population: number | null;
	/** in the statistics (else hollow grey) */
	used: boolean;
	outlier: boolean;
}

export interface RelationScatterOptions extends ScatterCallbacks {
	/** pixels; default 560 */
	width: number;
	/** pixels; default 440 */
	height: number;
	xLabel: string;
	yLabel: string;
	xDecimals: number;
	yDecimals: number;
	/** the regression line y = a + b·x, or null */
	line: { intercept: number; slope: number } | null;
	/** size points by population */
	sized: boolean;
	/** source line under the plot */
	source: string;
}

export const RELATION_SCATTER_DEFAULTS = { width: 560, height: 440 } as const;

const MARGIN = { top: 14, right: 18, bottom: 62, left: 62 };
const BASE_RADIUS = 4;
const COLOR = '#2171b5';
const OUTLIER = '#d94801';

/** Data range plus 5 % on each side; never below 0 for data that are not. */
function padded(values: readonly number[]): [number, number] {
	const min = Math.min(...values);
	const max = Math.max(...values);
	const spread = max - min || Math.abs(max) * 0.1 || 1;
	const lo = min - spread * 0.05;
	return [min >= 0 ? Math.max(0, lo) : lo, max + spread * 0.05];
}

export function drawRelationScatter(svg: SVGSVGElement, all: readonly ScatterPoint[], opts: RelationScatterOptions): ScatterHandle {
	const { width, height } = opts;
	const root = scatterRoot(svg, width, height);
	// The axes fit the points used in the statistics: a harbour quarter with 5 residents
	// and 5,000 offences per 1,000 must not squeeze the other 84 into a line.
	const used = all.filter((p) => p.used);
	const basis = used.length >= 3 ? used : all;
	const x = scaleLinear()
		.domain(basis.length ? padded(basis.map((p) => p.x)) : [0, 1])
		.nice()
		.range([MARGIN.left, width - MARGIN.right]);
	const y = scaleLinear()
		.domain(basis.length ? padded(basis.map((p) => p.y)) : [0, 1])
		.nice()
		.range([height - MARGIN.bottom, MARGIN.top]);
	const within = (p: ScatterPoint) => {
		const [ax, bx] = x.domain();
		const [ay, by] = y.domain();
		return p.x >= ax && p.x <= bx && p.y >= ay && p.y <= by;
	};
	const points = all.filter((p) => p.used || within(p));
	const outside = all.length - points.length;
	const maxPop = max(points, (p) => p.population ?? 0) ?? 0;
	const radius = scaleSqrt().domain([0, maxPop || 1]).range([1.5, 16]);
	const r = (p: ScatterPoint) => (opts.sized && p.population !== null ? radius(p.population) : BASE_RADIUS);
	const [x0, x1] = x.range();
	const [y1, y0] = y.range();

	scatterAxes(root, x, y, true);
	axisTitles(root, x, y, { x: opts.xLabel, y: opts.yLabel, below: 34, left: 16 });
	sourceLine(root, height, opts.source);
	if (outside > 0) {
		root
			.append('text')
			.attr('class', 'outside-note')
			.attr('x', x1 - 4)
			.attr('y', y0 + 12)
			.attr('text-anchor', 'end')
			.attr('font-size', 10)
			.attr('fill', '#777')
			.text(`${outside} nicht verwendete${outside === 1 ? 's Gebiet liegt' : ' Gebiete liegen'} außerhalb des Ausschnitts`);
	}

	// Regression line, clipped to the plot rectangle.
	if (opts.line) {
		const { intercept, slope } = opts.line;
		const [dx0, dx1] = x.domain();
		const [dy0, dy1] = y.domain();
		const ends: [number, number][] = [];
		for (const xv of [dx0, dx1]) {
			const yv = intercept + slope * xv;
			if (yv >= dy0 && yv <= dy1) ends.push([xv, yv]);
		}
		if (slope !== 0)
			for (const yv of [dy0, dy1]) {
				const xv = (yv - intercept) / slope;
				if (xv > dx0 && xv < dx1) ends.push([xv, yv]);
			}
		if (ends.length >= 2) {
			ends.sort((a, b) => a[0] - b[0]);
			const [a, b] = [ends[0], ends[ends.length - 1]];
			root
				.append('line')
				.attr('class', 'regression')
				.attr('x1', x(a[0]))
				.attr('y1', y(a[1]))
				.attr('x2', x(b[0]))
				.attr('y2', y(b[1]))
				.attr('stroke', '#08306b')
				.attr('stroke-width', 1.6)
				.attr('stroke-dasharray', '6,3');
		}
	}

	const at = (p: ScatterPoint) => [x(p.x), y(p.y)] as const;
	const ordered = [...points].sort((a, b) => r(b) - r(a)); // large first, small on top
	const dots = pointLayer(root, ordered, at)
		.attr('data-outlier', (d) => (d.outlier ? 'true' : null))
		.attr('r', r);

	// Outlier names, pushed apart vertically.
	const outliers = points.filter((p) => p.outlier);
	const labelY = spreadLabels(outliers.map((p) => y(p.y)), 12, MARGIN.top + 6, y1 - 4);
	const labels = root.append('g').attr('class', 'outlier-labels').attr('pointer-events', 'none');
	outliers.forEach((p, i) => {
		const right = x(p.x) < (x0 + x1) / 2;
		const lx = x(p.x) + (right ? r(p) + 5 : -r(p) - 5);
		labels
			.append('text')
			.attr('data-area-id', p.id)
			.attr('x', lx)
			.attr('y', labelY[i])
			.attr('dy', '0.35em')
			.attr('text-anchor', right ? 'start' : 'end')
			.attr('font-size', 10.5)
			.attr('font-weight', 600)
			.attr('fill', OUTLIER)
			.attr('paint-order', 'stroke')
			.attr('stroke', '#fff')
			.attr('stroke-width', 3)
			.text(p.name);
	});

	return linkPoints(svg, dots, {
		points,
		at,
		radius: r,
		extent: [
			[x0, y0],
			[x1, y1]
		],
		width,
		hoverText: (p) => `${p.name}: ${formatNumber(p.x, opts.xDecimals)} / ${formatNumber(p.y, opts.yDecimals)}${p.used ? '' : ' (nicht verwendet)'}`,
		style(dots, marked, selected) {
			const active = marked.size > 0;
			dots
				.attr('fill', (d) => (!d.used ? '#fff' : d.outlier ? OUTLIER : COLOR))
				.attr('fill-opacity', (d) => (!d.used ? 1 : opts.sized ? 0.55 : 0.8))
				.attr('stroke', (d) => (d.id === selected || marked.has(d.id) ? '#000' : d.used ? '#fff' : '#999'))
				.attr('stroke-width', (d) => (d.id === selected ? 3 : marked.has(d.id) ? 1.8 : d.used ? 0.7 : 1.2))
				.attr('opacity', (d) => (!active || marked.has(d.id) || d.id === selected ? 1 : 0.3));
		},
		above: [labels],
		onbrush: opts.onbrush,
		onselect: opts.onselect
	});
}
