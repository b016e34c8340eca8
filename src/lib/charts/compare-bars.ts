/**
 * Small multiples for the comparison: one small horizontal bar chart per
 * indicator, one bar per area in the same colour in every panel, each panel
 * with its own scale from 0 (the question is "who is higher", per indicator).
 * The city is a bar when it is one of the areas, else a dashed reference
 * line. Values on a small base are hatched; a missing value is written out.
 * Plain d3 into one <svg>; `CompareBars.svelte` only passes data.
 */
import { max, scaleLinear, select } from 'd3';
import { formatNumber } from '$lib/format.ts';

export interface Bar {
	id: string;
	label: string;
	color: string;
	value: number | null;
	reliable: boolean;
}

export interface BarPanel {
	key: string;
	title: string;
	/** e.g. "% · 2023" */
	subtitle: string;
	decimals: number;
	bars: readonly Bar[];
	/** the city as dashed line, when it is not one of the bars */
	reference: { label: string; value: number | null } | null;
}

export interface CompareBarsOptions {
	/** total width in pixels */
	width: number;
	/** minimum panel width; the number of columns follows (default 230) */
	minPanelWidth: number;
	/** height of one bar row in pixels (default 15) */
	rowHeight: number;
	/** source line under the panels */
	source: string;
	/** click on a panel (e.g. show its time series) */
	onpanel?: (key: string) => void;
}

export const COMPARE_BARS_DEFAULTS = { minPanelWidth: 230, rowHeight: 15 } as const;

const HEAD = 34;
const FOOT = 10;
const PAD_X = 8;
const VALUE_SPACE = 52;

function truncate(text: string, maxChars: number): string {
	return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

export function drawCompareBars(svg: SVGSVGElement, panels: readonly BarPanel[], opts: CompareBarsOptions): void {
	const columns = Math.max(1, Math.min(panels.length, Math.floor(opts.width / opts.minPanelWidth)));
	const panelWidth = opts.width / columns;
	const bars = panels[0]?.bars.length ?? 0;
	const panelHeight = HEAD + bars * opts.rowHeight + FOOT;
	const rows = Math.ceil(panels.length / columns);
	const height = rows * panelHeight + 18;
	const root = select(svg).attr('viewBox', `0 0 ${opts.width} ${height}`).attr('width', opts.width).attr('height', height);
	root.selectAll('*').remove();
	root.append('rect').attr('width', opts.width).attr('height', height).attr('fill', '#fff');
	const defs = root.append('defs');
	const pattern = defs
		.append('pattern')
		.attr('id', 'cmp-hatch')
		.attr('patternUnits', 'userSpaceOnUse')
		.attr('width', 5)
		.attr('height', 5)
		.attr('patternTransform', 'rotate(45)');
	pattern.append('rect').attr('width', 5).attr('height', 5).attr('fill', '#fff');
	pattern.append('line').attr('x1', 0).attr('x2', 0).attr('y1', 0).attr('y2', 5).attr('stroke', '#777').attr('stroke-width', 2);

	panels.forEach((panel, k) => {
		const col = k % columns;
		const row = Math.floor(k / columns);
		const g = root
			.append('g')
			.attr('class', 'panel')
			.attr('data-panel', panel.key)
			.attr('transform', `translate(${col * panelWidth},${row * panelHeight})`)
			.style('cursor', opts.onpanel ? 'pointer' : 'default')
			.on('click', () => opts.onpanel?.(panel.key));
		g.append('rect')
			.attr('x', 2)
			.attr('y', 2)
			.attr('width', panelWidth - 4)
			.attr('height', panelHeight - 4)
			.attr('fill', '#fbfcfd')
			.attr('stroke', '#e3e7ec');
		g.append('text')
			.attr('x', PAD_X)
			.attr('y', 16)
			.attr('font-size', 11)
			.attr('font-weight', 600)
			.text(truncate(panel.title, Math.floor((panelWidth - 2 * PAD_X) / 6.3)))
			.append('title')
			.text(panel.title);
		g.append('text').attr('x', PAD_X).attr('y', 28).attr('font-size', 9.5).attr('fill', '#666').text(panel.subtitle);

		const values = [...panel.bars.map((b) => b.value), panel.reference?.value ?? null].filter(
			(v): v is number => v !== null && Number.isFinite(v)
		);
		const top = Math.max(0, max(values) ?? 0);
		const low = Math.min(0, ...values);
		const x = scaleLinear()
			.domain([low, top === low ? low + 1 : top])
			.range([PAD_X, panelWidth - PAD_X - VALUE_SPACE]);
		panel.bars.forEach((b, i) => {
			const y = HEAD + i * opts.rowHeight;
			const bar = g.append('g').attr('class', 'bar').attr('data-area-id', b.id);
			if (b.value === null || !Number.isFinite(b.value)) {
				bar.append('text').attr('x', x(0) + 2).attr('y', y + opts.rowHeight * 0.72).attr('font-size', 9.5).attr('fill', '#888').text('kein Wert');
				return;
			}
			const x0 = x(Math.min(0, b.value));
			const w = Math.max(1, Math.abs(x(b.value) - x(0)));
			bar.append('rect')
				.attr('x', x0)
				.attr('y', y + 2)
				.attr('width', w)
				.attr('height', opts.rowHeight - 4)
				.attr('fill', b.reliable ? b.color : 'url(#cmp-hatch)')
				.attr('stroke', b.reliable ? 'none' : b.color)
				.attr('stroke-width', 1.2);
			bar.append('text')
				.attr('x', x0 + w + 3)
				.attr('y', y + opts.rowHeight * 0.72)
				.attr('font-size', 9.5)
				.attr('fill', b.reliable ? '#222' : '#8a6d00')
				.text(`${formatNumber(b.value, panel.decimals)}${b.reliable ? '' : ' *'}`);
			bar.append('title').text(`${b.label}: ${formatNumber(b.value, panel.decimals)}${b.reliable ? '' : ' (unsichere Basis)'}`);
		});
		const ref = panel.reference;
		if (ref && ref.value !== null && Number.isFinite(ref.value)) {
			const rx = x(ref.value);
			g.append('line')
				.attr('class', 'reference')
				.attr('x1', rx)
				.attr('x2', rx)
				.attr('y1', HEAD - 3)
				.attr('y2', HEAD + bars * opts.rowHeight + 2)
				.attr('stroke', '#333')
				.attr('stroke-dasharray', '3,2')
				.append('title')
				.text(`${ref.label}: ${formatNumber(ref.value, panel.decimals)}`);
		}
	});
	root
		.append('text')
		.attr('x', 4)
		.attr('y', height - 5)
		.attr('font-size', 10)
		.attr('fill', '#555')
		.text(opts.source);
}
