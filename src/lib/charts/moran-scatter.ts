/**
 * Moran scatterplot (Anselin 1996) with linked brushing: each analysed
 * Ortsteil is a point at (z, lag) — its standardised value and the mean of its
 * neighbours' standardised values. The line through the origin has slope
 * Moran's I; the four quadrants are the LISA types HH, LL, LH, HL, and points
 * are coloured by their LISA cluster (GeoDa colours; grey = not significant).
 *
 * Interaction: drag a rectangle (d3.brush) to select points — `onbrush` gets
 * their ids when the drag ends; a click (no drag) near a point calls
 * `onselect` with its id, a click on empty space `onselect(null)`. The brush
 * overlay lies above the points so a drag can start anywhere; hovering shows
 * the nearest point's name. Plain d3 into an <svg>; `MoranScatter.svelte` only
 * passes data and calls `mark` when the selection changes elsewhere (map, table).
 */
import { axisBottom, axisLeft, brush, pointer, precisionFixed, scaleLinear, select, tickStep, type D3BrushEvent, type ScaleLinear } from 'd3';
import { CLUSTER_COLORS, type ClusterCode } from '$lib/map/lisa-colors.ts';
import { formatNumber } from '$lib/format.ts';

export interface MoranPoint {
	id: string;
	name: string;
	/** standardised value (x − x̄)/s */
	z: number;
	/** spatial lag of z (mean z of the neighbours) */
	lag: number;
	/** LISA cluster: quadrant if significant, else 'ns' */
	cluster: ClusterCode;
	/** the analysed value in the indicator's unit (for the hover label) */
	value: number;
}

export interface MoranScatterOptions {
	/** pixels; default 420 */
	width: number;
	/** pixels; default 400 */
	height: number;
	/** Moran's I (the slope of the lag on z) */
	slope: number;
	/** x-axis label, e.g. "SGB-II-Quote (standardisiert)" */
	xLabel: string;
	/** source line printed under the plot */
	source: string;
	/** unit and decimals of `value` for the hover label */
	unit: string;
	decimals: number;
	/** ids inside the brush when a drag ends (empty when the brush is cleared) */
	onbrush?: (ids: string[]) => void;
	/** clicked point, or null for a click on empty space */
	onselect?: (id: string | null) => void;
}

export const MORAN_SCATTER_DEFAULTS = { width: 420, height: 400 } as const;

export interface MoranScatterHandle {
	/** Marks brushed and selected points (e.g. after a click on the map); clears the brush rectangle when `brushed` is empty. */
	mark(brushed: ReadonlySet<string>, selected: string | null): void;
	/** Removes listeners and content. */
	destroy(): void;
}

/** Radius within which a click or hover finds a point, in pixels. */
const PICK_RADIUS = 10;
const MARGIN = { top: 16, right: 16, bottom: 62, left: 54 };

/** German tick labels with as many decimals as the tick step needs (0.5 → one). */
function tickFormat(scale: ScaleLinear<number, number>): (d: unknown) => string {
	const [lo, hi] = scale.domain();
	const decimals = precisionFixed(tickStep(lo, hi, 6));
	return (d) => formatNumber(Number(d), decimals);
}

/** Symmetric domain around 0 covering all values, at least ±1. */
function symmetric(values: readonly number[]): [number, number] {
	const m = Math.max(1, ...values.map((v) => Math.abs(v))) * 1.08;
	return [-m, m];
}

export function drawMoranScatter(svg: SVGSVGElement, points: readonly MoranPoint[], opts: MoranScatterOptions): MoranScatterHandle {
	const { width, height } = opts;
	const x = scaleLinear().domain(symmetric(points.map((p) => p.z))).range([MARGIN.left, width - MARGIN.right]);
	const y = scaleLinear().domain(symmetric(points.map((p) => p.lag))).range([height - MARGIN.bottom, MARGIN.top]);
	const px = new Map(points.map((p) => [p.id, [x(p.z), y(p.lag)] as const]));

	const root = select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', width).attr('height', height).attr('fill', '#fff');

	const [x0, x1] = x.range();
	const [y1, y0] = y.range();
	// quadrant shading labels
	const quadrantLabel = (text: string, qx: number, qy: number, anchor: string) =>
		root.append('text').attr('x', qx).attr('y', qy).attr('text-anchor', anchor).attr('font-size', 11).attr('fill', '#999').text(text);
	quadrantLabel('Hoch–Hoch', x1 - 4, y0 + 12, 'end');
	quadrantLabel('Niedrig–Niedrig', x0 + 4, y1 - 6, 'start');
	quadrantLabel('Niedrig–Hoch', x0 + 4, y0 + 12, 'start');
	quadrantLabel('Hoch–Niedrig', x1 - 4, y1 - 6, 'end');

	root.append('g').attr('transform', `translate(0,${y1})`).call(axisBottom(x).ticks(6).tickFormat(tickFormat(x)));
	root.append('g').attr('transform', `translate(${x0},0)`).call(axisLeft(y).ticks(6).tickFormat(tickFormat(y)));
	root.selectAll('.tick text').attr('font-size', 10);
	const axisLines = root.append('g').attr('stroke', '#888').attr('stroke-dasharray', '3,3');
	axisLines.append('line').attr('x1', x(0)).attr('x2', x(0)).attr('y1', y0).attr('y2', y1);
	axisLines.append('line').attr('x1', x0).attr('x2', x1).attr('y1', y(0)).attr('y2', y(0));

	// Regression line lag = I · z, clipped to the plot.
	const [zMin, zMax] = x.domain();
	const [lMin, lMax] = y.domain();
	const clip = (z: number) => Math.max(lMin, Math.min(lMax, opts.slope * z));
	const zFor = (lag: number) => (opts.slope === 0 ? zMax : lag / opts.slope);
	const ends = [zMin, zMax].map((z) => {
		const lag = clip(z);
		return lag === opts.slope * z ? [z, lag] : [zFor(lag), lag];
	});
	root
		.append('line')
		.attr('class', 'slope')
		.attr('x1', x(ends[0][0]))
		.attr('y1', y(ends[0][1]))
		.attr('x2', x(ends[1][0]))
		.attr('y2', y(ends[1][1]))
		.attr('stroke', '#08306b')
		.attr('stroke-width', 1.5);

	root
		.append('text')
		.attr('x', (x0 + x1) / 2)
		.attr('y', height - MARGIN.bottom + 30)
		.attr('text-anchor', 'middle')
		.attr('font-size', 11)
		.text(opts.xLabel);
	root
		.append('text')
		.attr('transform', `translate(14,${(y0 + y1) / 2}) rotate(-90)`)
		.attr('text-anchor', 'middle')
		.attr('font-size', 11)
		.text('Mittel der Nachbarn (räumlicher Lag)');
	root
		.append('text')
		.attr('x', x0 + 4)
		.attr('y', y0 + 28)
		.attr('font-size', 11)
		.attr('fill', '#08306b')
		.attr('font-weight', 600)
		.text(`Moran’s I = ${formatNumber(opts.slope, 3)} (Steigung)`);
	root
		.append('text')
		.attr('x', 4)
		.attr('y', height - 6)
		.attr('font-size', 10)
		.attr('fill', '#555')
		.text(opts.source);

	const dots = root
		.append('g')
		.attr('class', 'points')
		.attr('pointer-events', 'none')
		.selectAll<SVGCircleElement, MoranPoint>('circle')
		.data(points, (d) => d.id)
		.join('circle')
		.attr('class', 'pt')
		.attr('data-area-id', (d) => d.id)
		.attr('data-cluster', (d) => d.cluster)
		.attr('cx', (d) => x(d.z))
		.attr('cy', (d) => y(d.lag))
		.attr('r', 4)
		.attr('fill', (d) => CLUSTER_COLORS[d.cluster])
		.attr('stroke', (d) => (d.cluster === 'ns' ? '#888' : '#333'))
		.attr('stroke-width', 0.8);

	const hover = root.append('g').attr('class', 'hover').attr('pointer-events', 'none').style('display', 'none');
	const hoverRect = hover.append('rect').attr('fill', '#fff').attr('stroke', '#888').attr('rx', 2);
	const hoverText = hover.append('text').attr('font-size', 11).attr('dy', '1em');

	function nearest(mx: number, my: number): MoranPoint | null {
		let best: MoranPoint | null = null;
		let bestDist = PICK_RADIUS;
		for (const p of points) {
			const [cx, cy] = px.get(p.id)!;
			const d = Math.hypot(cx - mx, cy - my);
			if (d <= bestDist) {
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
			.classed('brushed', (d) => marked.has(d.id))
			.classed('selected', (d) => d.id === selected)
			.attr('data-brushed', (d) => (marked.has(d.id) ? 'true' : null))
			.attr('data-selected', (d) => (d.id === selected ? 'true' : null))
			.attr('r', (d) => (d.id === selected ? 7 : marked.has(d.id) ? 5.5 : 4))
			.attr('stroke', (d) => (d.id === selected ? '#000' : marked.has(d.id) ? '#000' : d.cluster === 'ns' ? '#888' : '#333'))
			.attr('stroke-width', (d) => (d.id === selected ? 3 : marked.has(d.id) ? 1.6 : 0.8))
			.attr('opacity', (d) => (!active || marked.has(d.id) || d.id === selected ? 1 : 0.35));
		dots.filter((d) => d.id === selected || marked.has(d.id)).raise();
		dots.filter((d) => d.id === selected).raise();
	}

	function inside(selection: [[number, number], [number, number]]): string[] {
		const [[bx0, by0], [bx1, by1]] = selection;
		return points
			.filter((p) => {
				const [cx, cy] = px.get(p.id)!;
				return cx >= bx0 && cx <= bx1 && cy >= by0 && cy <= by1;
			})
			.map((p) => p.id);
	}

	const brushBehaviour = brush<unknown>()
		.extent([
			[x0, y0],
			[x1, y1]
		])
		.on('brush', (event: D3BrushEvent<unknown>) => {
			if (!event.sourceEvent || !event.selection) return;
			paint(new Set(inside(event.selection as [[number, number], [number, number]])));
		})
		.on('end', (event: D3BrushEvent<unknown>) => {
			if (!event.sourceEvent) return; // programmatic move (mark → clear)
			if (event.selection) {
				opts.onbrush?.(inside(event.selection as [[number, number], [number, number]]));
				return;
			}
			// A click without drag: clears the brush, and picks the point under the pointer.
			const [mx, my] = pointer(event.sourceEvent, svg);
			const hit = nearest(mx, my);
			if (brushed.size > 0) opts.onbrush?.([]);
			opts.onselect?.(hit ? hit.id : null);
		});
	const brushLayer = root.append('g').attr('class', 'brush').call(brushBehaviour);
	// Keep the hover label above the overlay.
	hover.raise();

	root.on('pointermove.hover', (event: PointerEvent) => {
		const [mx, my] = pointer(event, svg);
		const hit = nearest(mx, my);
		if (!hit) {
			hover.style('display', 'none');
			return;
		}
		const [cx, cy] = px.get(hit.id)!;
		hoverText.text(`${hit.name}: ${formatNumber(hit.value, opts.decimals)} ${opts.unit}`);
		hover.style('display', null);
		const box = (hoverText.node() as SVGTextElement).getBBox();
		const left = cx + 10 + box.width + 8 > width ? cx - 10 - box.width - 8 : cx + 10;
		const top = Math.max(2, cy - 24);
		hover.attr('transform', `translate(${left},${top})`);
		hoverText.attr('x', 4).attr('y', 2);
		hoverRect.attr('width', box.width + 8).attr('height', box.height + 4);
	});
	root.on('pointerleave.hover', () => hover.style('display', 'none'));

	return {
		mark(nextBrushed, nextSelected) {
			brushed = nextBrushed;
			selected = nextSelected;
			paint(brushed);
			if (brushed.size === 0) brushLayer.call(brushBehaviour.move, null);
		},
		destroy() {
			root.on('.hover', null);
			brushLayer.on('.brush', null);
			root.selectAll('*').remove();
		}
	};
}
