/**
 * Scatter plot of two indicators across areas with the least-squares line:
 * every area a point (optionally sized by residents, area ∝ population),
 * outliers (|standardised residual| > 2) labelled with their names, areas
 * not used in the statistics (small base) drawn hollow and grey. Drag a
 * rectangle to select areas (linked brushing: the map and the table show
 * them); a click selects one area. Plain d3 into an <svg>; the wrapper passes
 * data and calls `mark` when the selection changes elsewhere (map, table).
 */
import { axisBottom, axisLeft, brush, max, pointer, precisionFixed, scaleLinear, scaleSqrt, select, tickStep, type D3BrushEvent, type ScaleLinear } from 'd3';
import { formatNumber } from '$lib/format.ts';
import { spreadLabels } from './labels.ts';

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

export interface RelationScatterOptions {
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
	onbrush?: (ids: string[]) => void;
	onselect?: (id: string | null) => void;
}

export const RELATION_SCATTER_DEFAULTS = { width: 560, height: 440 } as const;

export interface RelationScatterHandle {
	mark(brushed: ReadonlySet<string>, selected: string | null): void;
	destroy(): void;
}

const MARGIN = { top: 14, right: 18, bottom: 62, left: 62 };
const PICK_RADIUS = 10;
const BASE_RADIUS = 4;
const COLOR = '#2171b5';
const OUTLIER = '#d94801';

function tickFormat(scale: ScaleLinear<number, number>): (d: unknown) => string {
	const [lo, hi] = scale.domain();
	const decimals = precisionFixed(tickStep(lo, hi, 6));
	return (d) => formatNumber(Number(d), decimals);
}

/** Data range plus 5 % on each side; never below 0 for data that are not. */
function padded(values: readonly number[]): [number, number] {
	const min = Math.min(...values);
	const max = Math.max(...values);
	const spread = max - min || Math.abs(max) * 0.1 || 1;
	const lo = min - spread * 0.05;
	return [min >= 0 ? Math.max(0, lo) : lo, max + spread * 0.05];
}

export function drawRelationScatter(svg: SVGSVGElement, all: readonly ScatterPoint[], opts: RelationScatterOptions): RelationScatterHandle {
	const { width, height } = opts;
	const root = select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', width).attr('height', height).attr('fill', '#fff');
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

	root
		.append('g')
		.attr('transform', `translate(0,${y1})`)
		.call(axisBottom(x).ticks(6).tickFormat(tickFormat(x)))
		.call((a) => a.selectAll('text').attr('font-size', 10));
	root
		.append('g')
		.attr('transform', `translate(${x0},0)`)
		.call(axisLeft(y).ticks(6).tickFormat(tickFormat(y)))
		.call((a) => a.selectAll('text').attr('font-size', 10))
		.call((a) => a.selectAll('.tick line').clone().attr('x2', x1 - x0).attr('stroke', '#f0f0f0'));
	root.append('text').attr('x', (x0 + x1) / 2).attr('y', y1 + 34).attr('text-anchor', 'middle').attr('font-size', 11).text(opts.xLabel);
	root
		.append('text')
		.attr('transform', `translate(16,${(y0 + y1) / 2}) rotate(-90)`)
		.attr('text-anchor', 'middle')
		.attr('font-size', 11)
		.text(opts.yLabel);
	root.append('text').attr('x', 4).attr('y', height - 6).attr('font-size', 10).attr('fill', '#555').text(opts.source);
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

	const ordered = [...points].sort((a, b) => r(b) - r(a)); // large first, small on top
	const dots = root
		.append('g')
		.attr('class', 'points')
		.attr('pointer-events', 'none')
		.selectAll<SVGCircleElement, ScatterPoint>('circle')
		.data(ordered, (d) => d.id)
		.join('circle')
		.attr('class', 'pt')
		.attr('data-area-id', (d) => d.id)
		.attr('data-outlier', (d) => (d.outlier ? 'true' : null))
		.attr('cx', (d) => x(d.x))
		.attr('cy', (d) => y(d.y))
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

	const hover = root.append('g').attr('class', 'hover').attr('pointer-events', 'none').style('display', 'none');
	const hoverRect = hover.append('rect').attr('fill', '#fff').attr('stroke', '#888').attr('rx', 2);
	const hoverText = hover.append('text').attr('font-size', 11).attr('dy', '1em');

	const px = new Map(points.map((p) => [p.id, [x(p.x), y(p.y)] as const]));
	function nearest(mx: number, my: number): ScatterPoint | null {
		let best: ScatterPoint | null = null;
		let bestDist = Infinity;
		for (const p of points) {
			const [cx, cy] = px.get(p.id)!;
			const d = Math.hypot(cx - mx, cy - my);
			if (d <= Math.max(PICK_RADIUS, r(p)) && d < bestDist) {
				best = p;
				bestDist = d;
			}
		}
		return best;
	}

	let brushed: ReadonlySet<string> = new Set();
	let selected: string | null = null;
	function paint(marked: ReadonlySet<string>) {
		const active = marked.size > 0;
		dots
			.attr('fill', (d) => (!d.used ? '#fff' : d.outlier ? OUTLIER : COLOR))
			.attr('fill-opacity', (d) => (!d.used ? 1 : opts.sized ? 0.55 : 0.8))
			.attr('stroke', (d) => (d.id === selected || marked.has(d.id) ? '#000' : d.used ? '#fff' : '#999'))
			.attr('stroke-width', (d) => (d.id === selected ? 3 : marked.has(d.id) ? 1.8 : d.used ? 0.7 : 1.2))
			.attr('opacity', (d) => (!active || marked.has(d.id) || d.id === selected ? 1 : 0.3))
			.attr('data-brushed', (d) => (marked.has(d.id) ? 'true' : null))
			.attr('data-selected', (d) => (d.id === selected ? 'true' : null));
		dots.filter((d) => marked.has(d.id) || d.id === selected).raise();
		dots.filter((d) => d.id === selected).raise();
	}
	function inside(sel: [[number, number], [number, number]]): string[] {
		const [[bx0, by0], [bx1, by1]] = sel;
		return points
			.filter((p) => {
				const [cx, cy] = px.get(p.id)!;
				return cx >= bx0 && cx <= bx1 && cy >= by0 && cy <= by1;
			})
			.map((p) => p.id);
	}
	const behaviour = brush<unknown>()
		.extent([
			[x0, y0],
			[x1, y1]
		])
		.on('brush', (event: D3BrushEvent<unknown>) => {
			if (!event.sourceEvent || !event.selection) return;
			paint(new Set(inside(event.selection as [[number, number], [number, number]])));
		})
		.on('end', (event: D3BrushEvent<unknown>) => {
			if (!event.sourceEvent) return;
			if (event.selection) {
				opts.onbrush?.(inside(event.selection as [[number, number], [number, number]]));
				return;
			}
			const [mx, my] = pointer(event.sourceEvent, svg);
			const hit = nearest(mx, my);
			if (brushed.size > 0) opts.onbrush?.([]);
			opts.onselect?.(hit ? hit.id : null);
		});
	const brushLayer = root.append('g').attr('class', 'brush').call(behaviour);
	labels.raise();
	hover.raise();

	root.on('pointermove.hover', (event: PointerEvent) => {
		const [mx, my] = pointer(event, svg);
		const hit = nearest(mx, my);
		if (!hit) {
			hover.style('display', 'none');
			return;
		}
		const [cx, cy] = px.get(hit.id)!;
		hoverText.text(
			`${hit.name}: ${formatNumber(hit.x, opts.xDecimals)} / ${formatNumber(hit.y, opts.yDecimals)}${hit.used ? '' : ' (nicht verwendet)'}`
		);
		hover.style('display', null);
		const box = (hoverText.node() as SVGTextElement).getBBox();
		const left = cx + 10 + box.width + 8 > width ? cx - 10 - box.width - 8 : cx + 10;
		hover.attr('transform', `translate(${left},${Math.max(2, cy - 24)})`);
		hoverText.attr('x', 4).attr('y', 2);
		hoverRect.attr('width', box.width + 8).attr('height', box.height + 4);
	});
	root.on('pointerleave.hover', () => hover.style('display', 'none'));

	paint(brushed);
	return {
		mark(nextBrushed, nextSelected) {
			brushed = nextBrushed;
			selected = nextSelected;
			paint(brushed);
			if (brushed.size === 0) brushLayer.call(behaviour.move, null);
		},
		destroy() {
			root.on('.hover', null);
			brushLayer.on('.brush', null);
			root.selectAll('*').remove();
		}
	};
}
