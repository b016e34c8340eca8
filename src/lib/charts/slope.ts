/**
 * Slope chart: each area's value in two years, joined by a line — the
 * steeper, the larger the change. The city is dashed. An area with a value in
 * only one of the two years gets a dot there and no line (nothing is
 * invented). Labels on both sides are pushed apart so they stay readable.
 * Plain d3 into an <svg>; `SlopeChart.svelte` only passes data.
 */
import { scaleLinear, select } from 'd3';
import { formatNumber } from '$lib/format.ts';
import { spreadLabels } from './labels.ts';

export interface SlopeItem {
	id: string;
	label: string;
	color: string;
	dashed: boolean;
	from: number | null;
	to: number | null;
	/** false where a value rests on a small base (hollow dot) */
	fromReliable: boolean;
	toReliable: boolean;
	/** the change as text, e.g. "+2,3 Pp." (formatted by the caller from the engine's difference) */
	change: string;
}

export interface SlopeOptions {
	/** pixels; default 520 */
	width: number;
	/** pixels; default 320 */
	height: number;
	fromYear: number;
	toYear: number;
	decimals: number;
	source: string;
}

export const SLOPE_DEFAULTS = { width: 520, height: 320 } as const;

const MARGIN = { top: 30, bottom: 30 };
const present = (v: number | null): v is number => v !== null && Number.isFinite(v);

export function drawSlope(svg: SVGSVGElement, items: readonly SlopeItem[], opts: SlopeOptions): void {
	const { width, height } = opts;
	const root = select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', width).attr('height', height).attr('fill', '#fff');
	const values = items.flatMap((i) => [i.from, i.to]).filter(present);
	if (values.length === 0) {
		root.append('text').attr('x', 10).attr('y', 24).attr('font-size', 12).attr('fill', '#666').text('Keine Werte für diese Jahre.');
		return;
	}
	const xl = Math.round(width * 0.3);
	const xr = Math.round(width * 0.62);
	let lo = Math.min(...values);
	let hi = Math.max(...values);
	const spread = hi - lo || Math.abs(hi) * 0.1 || 1;
	lo -= spread * 0.05;
	hi += spread * 0.05;
	const y = scaleLinear().domain([lo, hi]).range([height - MARGIN.bottom, MARGIN.top]);

	for (const [xx, year] of [
		[xl, opts.fromYear],
		[xr, opts.toYear]
	] as const) {
		root.append('line').attr('x1', xx).attr('x2', xx).attr('y1', MARGIN.top - 8).attr('y2', height - MARGIN.bottom + 6).attr('stroke', '#999');
		root.append('text').attr('x', xx).attr('y', MARGIN.top - 14).attr('text-anchor', 'middle').attr('font-size', 12).attr('font-weight', 700).text(year);
	}

	/** Label positions of the items that have a value on one side; others NaN. */
	const labelsAt = (pick: (i: SlopeItem) => number | null): number[] => {
		const idx = items.map((it, k) => (present(pick(it)) ? k : -1)).filter((k) => k >= 0);
		const spread = spreadLabels(idx.map((k) => y(pick(items[k]) as number)), 13, MARGIN.top, height - MARGIN.bottom);
		const out = items.map(() => NaN);
		idx.forEach((k, j) => (out[k] = spread[j]));
		return out;
	};
	const leftY = labelsAt((i) => i.from);
	const rightY = labelsAt((i) => i.to);
	items.forEach((item, k) => {
		const g = root.append('g').attr('class', 'slope').attr('data-area-id', item.id);
		if (present(item.from) && present(item.to)) {
			g.append('line')
				.attr('x1', xl)
				.attr('x2', xr)
				.attr('y1', y(item.from))
				.attr('y2', y(item.to))
				.attr('stroke', item.color)
				.attr('stroke-width', item.dashed ? 1.8 : 2.6)
				.attr('stroke-dasharray', item.dashed ? '5,3' : null);
		}
		const dot = (xx: number, v: number, reliable: boolean) =>
			g.append('circle').attr('cx', xx).attr('cy', y(v)).attr('r', 4).attr('fill', reliable ? item.color : '#fff').attr('stroke', item.color).attr('stroke-width', 1.5);
		if (present(item.from)) {
			dot(xl, item.from, item.fromReliable);
			g.append('text')
				.attr('x', xl - 8)
				.attr('y', leftY[k])
				.attr('dy', '0.35em')
				.attr('text-anchor', 'end')
				.attr('font-size', 10.5)
				.attr('fill', item.color)
				.text(`${item.label} ${formatNumber(item.from, opts.decimals)}`);
		}
		if (present(item.to)) {
			dot(xr, item.to, item.toReliable);
			g.append('text')
				.attr('class', 'to-label')
				.attr('x', xr + 8)
				.attr('y', rightY[k])
				.attr('dy', '0.35em')
				.attr('font-size', 10.5)
				.attr('fill', item.color)
				.attr('font-weight', 600)
				.text(
					present(item.from)
						? `${formatNumber(item.to, opts.decimals)} (${item.change})`
						: `${item.label} ${formatNumber(item.to, opts.decimals)} (kein Wert ${opts.fromYear})`
				);
		} else if (present(item.from)) {
			g.append('text')
				.attr('x', xr + 8)
				.attr('y', leftY[k])
				.attr('dy', '0.35em')
				.attr('font-size', 10)
				.attr('fill', '#888')
				.text(`${item.label}: kein Wert ${opts.toYear}`);
		}
	});
	root.append('text').attr('x', 4).attr('y', height - 5).attr('font-size', 10).attr('fill', '#555').text(opts.source);
}
