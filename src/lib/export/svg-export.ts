/**
 * SVG export of a d3 chart: the chart's own <svg> nested into a page with
 * title, subtitle, optional legend, source line, export date and — for
 * synthetic data — the Demodaten mark. Pure string building (no DOM) except
 * `serializeChart`, which reads a live <svg> from the page.
 *
 * The text layout estimates widths (no measuring in an SVG file): 0.6 × font
 * size per character for DejaVu Sans / Arial, wrapped on spaces.
 */
import { DEMO_MARK, exportedLine, type ExportMeta } from './meta.ts';
import type { LegendSpec } from './legend.ts';

export const SVG_FONT = "'DejaVu Sans', Arial, Helvetica, sans-serif";
const PAD = 24;
const MIN_WIDTH = 760;
const CHAR = 0.6;

export interface ChartMarkup {
	/** a complete <svg …>…</svg> element */
	markup: string;
	width: number;
	height: number;
}

export interface ComposedSvg {
	svg: string;
	width: number;
	height: number;
}

/** XML text escape for element content and attribute values. */
export function escapeText(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Splits a text into lines of at most `maxChars` characters (words longer than that stay whole). */
export function wrapText(text: string, maxChars: number): string[] {
	const lines: string[] = [];
	let current = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (current && current.length + 1 + word.length > maxChars) {
			lines.push(current);
			current = word;
		} else current = current ? `${current} ${word}` : word;
	}
	if (current) lines.push(current);
	return lines;
}

const estimate = (text: string, size: number) => text.length * size * CHAR;

interface TextBlock {
	lines: string[];
	size: number;
	lineHeight: number;
}
const block = (text: string, size: number, width: number): TextBlock => ({
	lines: wrapText(text, Math.max(10, Math.floor(width / (size * CHAR)))),
	size,
	lineHeight: Math.round(size * 1.3)
});
const blockHeight = (b: TextBlock) => b.lines.length * b.lineHeight;

function textLines(b: TextBlock, x: number, top: number, attrs: string): string {
	return b.lines
		.map((l, i) => `<text x="${x}" y="${top + (i + 1) * b.lineHeight - Math.round(b.lineHeight - b.size) - 1}" font-size="${b.size}" ${attrs}>${escapeText(l)}</text>`)
		.join('');
}

/** The legend as SVG rows (swatch + label), wrapped to `width`; returns markup and height. */
export function legendSvg(legend: LegendSpec, x: number, top: number, width: number): { markup: string; height: number } {
	const parts: string[] = [];
	const title = block(legend.title, 12, width);
	parts.push(textLines(title, x, top, 'font-weight="700" fill="#1a1a1a"'));
	let y = top + blockHeight(title) + 4;
	let cx = x;
	const rowH = 18;
	for (const item of legend.items) {
		const label = item.count !== undefined ? `${item.label} (${item.count})` : item.label;
		const w = 16 + 6 + estimate(label, 11) + 18;
		if (cx > x && cx + w > x + width) {
			cx = x;
			y += rowH;
		}
		const fill = item.pattern === 'hatch' ? 'url(#export-hatch)' : item.color;
		parts.push(`<rect x="${cx}" y="${y + 3}" width="16" height="11" fill="${escapeText(fill)}" stroke="#999" stroke-width="0.8"/>`);
		parts.push(`<text x="${cx + 22}" y="${y + 13}" font-size="11" fill="#1a1a1a">${escapeText(label)}</text>`);
		cx += w;
	}
	y += rowH;
	if (legend.note) {
		const note = block(legend.note, 10.5, width);
		parts.push(textLines(note, x, y, 'fill="#555"'));
		y += blockHeight(note);
	}
	return { markup: parts.join(''), height: y - top };
}

/** The Demodaten mark: a yellow box with dark text, as the banner on screen. */
export function demoMarkSvg(xRight: number, top: number): { markup: string; width: number; height: number } {
	const size = 13;
	const width = Math.ceil(estimate(DEMO_MARK, size) + 18);
	const height = 26;
	const x = xRight - width;
	return {
		markup:
			`<g data-export="demo-mark"><rect x="${x}" y="${top}" width="${width}" height="${height}" rx="3" fill="#fff3cd" stroke="#c99a00" stroke-width="1.5"/>` +
			`<text x="${x + width / 2}" y="${top + 17.5}" font-size="${size}" font-weight="700" fill="#4a3800" text-anchor="middle">${escapeText(DEMO_MARK)}</text></g>`,
		width,
		height
	};
}

/**
 * One self-contained SVG: header (title, subtitle, Demodaten mark), the chart,
 * the legend, and a footer with source, attribution and export date.
 */
export function composeSvg(chart: ChartMarkup, meta: ExportMeta, legend?: LegendSpec): ComposedSvg {
	const width = Math.ceil(Math.max(MIN_WIDTH, chart.width + 2 * PAD));
	const inner = width - 2 * PAD;
	const parts: string[] = [];
	let y = PAD;

	const demo = meta.demo ? demoMarkSvg(width - PAD, y) : null;
	const title = block(meta.title, 20, inner - (demo ? demo.width + 12 : 0));
	parts.push(textLines(title, PAD, y, 'font-weight="700" fill="#08306b"'));
	y += Math.max(blockHeight(title), demo?.height ?? 0) + 4;
	if (demo) parts.push(demo.markup);
	if (meta.subtitle) {
		const sub = block(meta.subtitle, 12.5, inner);
		parts.push(textLines(sub, PAD, y, 'fill="#444"'));
		y += blockHeight(sub);
	}
	y += 12;

	const chartX = PAD + Math.max(0, (inner - chart.width) / 2);
	parts.push(`<g transform="translate(${chartX},${y})">${chart.markup}</g>`);
	y += chart.height + 12;

	if (legend) {
		const l = legendSvg(legend, PAD, y, inner);
		parts.push(l.markup);
		y += l.height + 8;
	}

	parts.push(`<line x1="${PAD}" x2="${width - PAD}" y1="${y}" y2="${y}" stroke="#ccc"/>`);
	y += 6;
	for (const text of [meta.source, meta.attribution, meta.demo ? `${DEMO_MARK}, nicht amtlich` : null, exportedLine(meta.exportedAt)]) {
		if (!text) continue;
		const b = block(text, 11, inner);
		parts.push(textLines(b, PAD, y, 'fill="#333"'));
		y += blockHeight(b);
	}
	const height = Math.ceil(y + PAD - 6);

	const defs =
		'<defs><pattern id="export-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
		'<rect width="8" height="8" fill="#e6e6e6"/><rect width="2" height="8" fill="#5a5a5a"/></pattern></defs>';
	const svg =
		`<?xml version="1.0" encoding="UTF-8"?>\n` +
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeText(SVG_FONT)}">` +
		`<title>${escapeText(meta.title)}</title>${defs}<rect width="${width}" height="${height}" fill="#ffffff"/>${parts.join('')}</svg>\n`;
	return { svg, width, height };
}

/** Parts of an interactive chart that do not belong in a picture: brush, hover labels, marked elements. */
const SKIP = '.brush, .hover, [data-export="skip"]';

/**
 * The chart's current <svg> as standalone markup: a copy without interactive
 * overlays, with the SVG namespace and explicit width/height.
 */
export function serializeChart(svg: SVGSVGElement): ChartMarkup {
	const clone = svg.cloneNode(true) as SVGSVGElement;
	for (const el of clone.querySelectorAll(SKIP)) el.remove();
	const box = svg.viewBox.baseVal;
	const rect = svg.getBoundingClientRect();
	const width = Number(svg.getAttribute('width')) || box?.width || rect.width;
	const height = Number(svg.getAttribute('height')) || box?.height || rect.height;
	clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	clone.setAttribute('width', String(width));
	clone.setAttribute('height', String(height));
	clone.removeAttribute('style');
	clone.removeAttribute('class');
	return { markup: new XMLSerializer().serializeToString(clone), width, height };
}

/** The composed SVG as a file body. */
export function svgBlob(composed: ComposedSvg): Blob {
	return new Blob([composed.svg], { type: 'image/svg+xml;charset=utf-8' });
}
