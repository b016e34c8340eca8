/**
 * Moran scatterplot (Anselin 1996) with linked brushing: each analysed
 * Ortsteil is a point at (z, lag) — its standardised value and the mean of its
 * neighbours' standardised values. The line through the origin has slope
 * Moran's I; the four quadrants are the LISA types HH, LL, LH, HL, and points
 * are coloured by their LISA cluster (GeoDa colours; grey = not significant).
 *
 * Brushing, click selection and the hover label come from `scatter-base.ts`.
 * Plain d3 into an <svg>; `MoranScatter.svelte` only passes data and calls
 * `mark` when the selection changes elsewhere (map, table).
 */
import { scaleLinear } from 'd3';
import { CLUSTER_COLORS, type ClusterCode } from '$lib/map/lisa-colors.ts';
import { formatNumber } from '$lib/format.ts';
import { axisTitles, linkPoints, pointLayer, scatterAxes, scatterRoot, sourceLine, type ScatterCallbacks, type ScatterHandle } from './scatter-base.ts';

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

export interface MoranScatterOptions extends ScatterCallbacks {
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
}

export const MORAN_SCATTER_DEFAULTS = { width: 420, height: 400 } as const;

const MARGIN = { top: 16, right: 16, bottom: 62, left: 54 };

/** Symmetric domain around 0 covering all values, at least ±1. */
function symmetric(values: readonly number[]): [number, number] {
	const m = Math.max(1, ...values.map((v) => Math.abs(v))) * 1.08;
	return [-m, m];
}

export function drawMoranScatter(svg: SVGSVGElement, points: readonly MoranPoint[], opts: MoranScatterOptions): ScatterHandle {
	const { width, height } = opts;
	const x = scaleLinear().domain(symmetric(points.map((p) => p.z))).range([MARGIN.left, width - MARGIN.right]);
	const y = scaleLinear().domain(symmetric(points.map((p) => p.lag))).range([height - MARGIN.bottom, MARGIN.top]);
	const at = (p: MoranPoint) => [x(p.z), y(p.lag)] as const;

	const root = scatterRoot(svg, width, height);
	const [x0, x1] = x.range();
	const [y1, y0] = y.range();
	// quadrant shading labels
	const quadrantLabel = (text: string, qx: number, qy: number, anchor: string) =>
		root.append('text').attr('x', qx).attr('y', qy).attr('text-anchor', anchor).attr('font-size', 11).attr('fill', '#999').text(text);
	quadrantLabel('Hoch–Hoch', x1 - 4, y0 + 12, 'end');
	quadrantLabel('Niedrig–Niedrig', x0 + 4, y1 - 6, 'start');
	quadrantLabel('Niedrig–Hoch', x0 + 4, y0 + 12, 'start');
	quadrantLabel('Hoch–Niedrig', x1 - 4, y1 - 6, 'end');

	scatterAxes(root, x, y);
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

	axisTitles(root, x, y, { x: opts.xLabel, y: 'Mittel der Nachbarn (räumlicher Lag)', below: 30, left: 14 });
	root
		.append('text')
		.attr('x', x0 + 4)
		.attr('y', y0 + 28)
		.attr('font-size', 11)
		.attr('fill', '#08306b')
		.attr('font-weight', 600)
		.text(`Moran’s I = ${formatNumber(opts.slope, 3)} (Steigung)`);
	sourceLine(root, height, opts.source);

	const dots = pointLayer(root, points, at)
		.attr('data-cluster', (d) => d.cluster)
		.attr('fill', (d) => CLUSTER_COLORS[d.cluster]);

	return linkPoints(svg, dots, {
		points,
		at,
		extent: [
			[x0, y0],
			[x1, y1]
		],
		width,
		hoverText: (p) => `${p.name}: ${formatNumber(p.value, opts.decimals)} ${opts.unit}`,
		style(dots, marked, selected) {
			const active = marked.size > 0;
			dots
				.classed('brushed', (d) => marked.has(d.id))
				.classed('selected', (d) => d.id === selected)
				.attr('r', (d) => (d.id === selected ? 7 : marked.has(d.id) ? 5.5 : 4))
				.attr('stroke', (d) => (d.id === selected ? '#000' : marked.has(d.id) ? '#000' : d.cluster === 'ns' ? '#888' : '#333'))
				.attr('stroke-width', (d) => (d.id === selected ? 3 : marked.has(d.id) ? 1.6 : 0.8))
				.attr('opacity', (d) => (!active || marked.has(d.id) || d.id === selected ? 1 : 0.35));
		},
		onbrush: opts.onbrush,
		onselect: opts.onselect
	});
}
