/**
 * What the two linked scatter charts (`moran-scatter.ts`, `relation-scatter.ts`)
 * share: the white frame, axes and their titles, the source line, the point
 * layer and the interaction. Each chart keeps its own scales, reference line
 * and point styling.
 *
 * Interaction (`linkPoints`): drag a rectangle (d3.brush) to select points —
 * `onbrush` gets their ids when the drag ends; a click (no drag) near a point
 * calls `onselect` with its id, a click on empty space `onselect(null)`. The
 * brush overlay lies above the points so a drag can start anywhere; hovering
 * shows a label for the nearest point. `mark` pushes a selection made
 * elsewhere (map, table) into the running chart without redrawing it.
 */
import { axisBottom, axisLeft, brush, pointer, precisionFixed, select, tickStep, type D3BrushEvent, type ScaleLinear, type Selection } from 'd3';
import { formatNumber } from '$lib/format.ts';

export interface Margin {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

/** Area with a name: what a point needs for brushing, picking and the hover label. */
export interface ScatterDatum {
	id: string;
	name: string;
}

/** What the user picked in a chart; both are called when a drag or click ends. */
export interface ScatterCallbacks {
	/** ids inside the brush when a drag ends (empty when the brush is cleared) */
	onbrush?: (ids: string[]) => void;
	/** clicked point, or null for a click on empty space */
	onselect?: (id: string | null) => void;
}

export interface ScatterHandle {
	/** Marks brushed and selected points (e.g. after a click on the map); clears the brush rectangle when `brushed` is empty. */
	mark(brushed: ReadonlySet<string>, selected: string | null): void;
	/** Removes listeners and content. */
	destroy(): void;
}

type Root = Selection<SVGSVGElement, unknown, null, undefined>;
type Scale = ScaleLinear<number, number>;
export type Dots<P> = Selection<SVGCircleElement, P, SVGGElement, unknown>;

/** Radius within which a click or hover finds a point, in pixels (larger points: their radius). */
const PICK_RADIUS = 10;

/** Sizes the svg, clears it and lays a white background (so PNG exports are not transparent). */
export function scatterRoot(svg: SVGSVGElement, width: number, height: number): Root {
	const root = select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', width).attr('height', height).attr('fill', '#fff');
	return root;
}

/** German tick labels with as many decimals as the tick step needs (0.5 → one). */
function tickFormat(scale: Scale): (d: unknown) => string {
	const [lo, hi] = scale.domain();
	const decimals = precisionFixed(tickStep(lo, hi, 6));
	return (d) => formatNumber(Number(d), decimals);
}

/** Bottom and left axes along the plot edges, about 6 ticks each; `grid` extends the y ticks across the plot as light lines. */
export function scatterAxes(root: Root, x: Scale, y: Scale, grid = false): void {
	const [x0, x1] = x.range();
	const [y1] = y.range();
	root
		.append('g')
		.attr('transform', `translate(0,${y1})`)
		.call(axisBottom(x).ticks(6).tickFormat(tickFormat(x)))
		.call((a) => a.selectAll('text').attr('font-size', 10));
	const left = root
		.append('g')
		.attr('transform', `translate(${x0},0)`)
		.call(axisLeft(y).ticks(6).tickFormat(tickFormat(y)))
		.call((a) => a.selectAll('text').attr('font-size', 10));
	if (grid) left.selectAll('.tick line').clone().attr('x2', x1 - x0).attr('stroke', '#f0f0f0');
}

/**
 * Axis titles: the x title centred `below` pixels under the plot, the y title
 * rotated at `left` pixels from the svg's left edge.
 */
export function axisTitles(root: Root, x: Scale, y: Scale, titles: { x: string; y: string; below: number; left: number }): void {
	const [x0, x1] = x.range();
	const [y1, y0] = y.range();
	root
		.append('text')
		.attr('x', (x0 + x1) / 2)
		.attr('y', y1 + titles.below)
		.attr('text-anchor', 'middle')
		.attr('font-size', 11)
		.text(titles.x);
	root
		.append('text')
		.attr('transform', `translate(${titles.left},${(y0 + y1) / 2}) rotate(-90)`)
		.attr('text-anchor', 'middle')
		.attr('font-size', 11)
		.text(titles.y);
}

/** Source line in the bottom-left corner. */
export function sourceLine(root: Root, height: number, source: string): void {
	root.append('text').attr('x', 4).attr('y', height - 6).attr('font-size', 10).attr('fill', '#555').text(source);
}

/**
 * One circle per point (class `pt`, `data-area-id`) at `at(p)`, in a layer
 * that ignores the pointer (the brush overlay handles it). The caller sets
 * radius and colours.
 */
export function pointLayer<P extends ScatterDatum>(root: Root, points: readonly P[], at: (p: P) => readonly [number, number]): Dots<P> {
	return root
		.append('g')
		.attr('class', 'points')
		.attr('pointer-events', 'none')
		.selectAll<SVGCircleElement, P>('circle')
		.data(points, (d) => d.id)
		.join('circle')
		.attr('class', 'pt')
		.attr('data-area-id', (d) => d.id)
		.attr('cx', (d) => at(d)[0])
		.attr('cy', (d) => at(d)[1]);
}

export interface LinkOptions<P extends ScatterDatum> extends ScatterCallbacks {
	/** the points to pick and brush, in the order `onbrush` reports them */
	points: readonly P[];
	at: (p: P) => readonly [number, number];
	/** drawn radius in pixels; a point is picked within max(10, radius) */
	radius?: (p: P) => number;
	/** the plot rectangle the brush covers, [[left, top], [right, bottom]] in pixels */
	extent: [[number, number], [number, number]];
	/** svg width in pixels: the hover label flips left near the right edge */
	width: number;
	hoverText: (p: P) => string;
	/** Sets the points' look for the brushed (`marked`) and selected ones; called on every brush move and `mark`. */
	style: (dots: Dots<P>, marked: ReadonlySet<string>, selected: string | null) => void;
	/** layers kept above the brush overlay (e.g. labels), below the hover label */
	above?: Selection<SVGGElement, unknown, null, undefined>[];
}

/** Hover label, click selection and brushing over the points drawn by `pointLayer`. */
export function linkPoints<P extends ScatterDatum>(svg: SVGSVGElement, dots: Dots<P>, opts: LinkOptions<P>): ScatterHandle {
	const { points, width } = opts;
	const root = select(svg);
	const px = new Map(points.map((p) => [p.id, opts.at(p)]));
	const radius = opts.radius ?? (() => 0);

	const hover = root.append('g').attr('class', 'hover').attr('pointer-events', 'none').style('display', 'none');
	const hoverRect = hover.append('rect').attr('fill', '#fff').attr('stroke', '#888').attr('rx', 2);
	const hoverText = hover.append('text').attr('font-size', 11).attr('dy', '1em');

	function nearest(mx: number, my: number): P | null {
		let best: P | null = null;
		let bestDist = Infinity;
		for (const p of points) {
			const [cx, cy] = px.get(p.id)!;
			const d = Math.hypot(cx - mx, cy - my);
			if (d <= Math.max(PICK_RADIUS, radius(p)) && d <= bestDist) {
				best = p;
				bestDist = d;
			}
		}
		return best;
	}

	let brushed: ReadonlySet<string> = new Set();
	let selected: string | null = null;

	function paint(marked: ReadonlySet<string>) {
		opts.style(dots, marked, selected);
		dots.attr('data-brushed', (d) => (marked.has(d.id) ? 'true' : null)).attr('data-selected', (d) => (d.id === selected ? 'true' : null));
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
		.extent(opts.extent)
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
	for (const layer of opts.above ?? []) layer.raise();
	hover.raise();

	root.on('pointermove.hover', (event: PointerEvent) => {
		const [mx, my] = pointer(event, svg);
		const hit = nearest(mx, my);
		if (!hit) {
			hover.style('display', 'none');
			return;
		}
		const [cx, cy] = px.get(hit.id)!;
		hoverText.text(opts.hoverText(hit));
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
			if (brushed.size === 0) brushLayer.call(brushBehaviour.move, null);
		},
		destroy() {
			root.on('.hover', null);
			brushLayer.on('.brush', null);
			root.selectAll('*').remove();
		}
	};
}
