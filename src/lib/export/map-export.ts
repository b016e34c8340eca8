/**
 * Map PNG: the MapLibre canvas composed with title, subtitle, legend, scale
 * bar, source, attribution, export date and the Demodaten mark onto a 2D
 * canvas at A4 width (1× = 1240 px, 150 dpi; 2× = 2480 px, 300 dpi).
 *
 * The map is not upscaled: for the capture the live map is re-rendered once
 * with a higher pixel ratio (MapLibre `setPixelRatio`), so polygons and lines
 * are sharp at 300 dpi, then the ratio is restored. This needs the map created
 * with `preserveDrawingBuffer: true` (ChoroplethMap does).
 *
 * Scale bar: metres per pixel at the centre latitude of the Web-Mercator map,
 *   m/px = 2π·6 378 137 m · cos(φ) / (512 · 2^zoom)
 * (MapLibre's zoom refers to 512-pixel tiles), converted to the composed
 * picture's pixels; its length is the largest 1-, 2- or 5-step that fits.
 */
import type { Map as MlMap } from 'maplibre-gl';
import { formatNumber } from '$lib/format.ts';
import { hatchImage } from '$lib/map/hatch.ts';
import { DEMO_MARK, exportedLine, type ExportMeta } from './meta.ts';
import type { LegendSpec } from './legend.ts';
import { A4_WIDTH_PX, canvasToPng, wrapCanvasText } from './png-export.ts';

const EARTH_CIRCUMFERENCE = 2 * Math.PI * 6378137;

/**
 * Ground metres per CSS pixel at a latitude and MapLibre zoom (512-px tiles).
 * @example metresPerPixel(0, 0) // → 78271.52 (equator, whole world in 512 px)
 */
export function metresPerPixel(latitude: number, zoom: number): number {
	return (EARTH_CIRCUMFERENCE * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/**
 * The same from the map's bounds: east–west extent at the centre latitude over the width in pixels.
 * Agrees with `metresPerPixel` for an unrotated Web-Mercator map.
 */
export function metresPerPixelFromBounds(west: number, east: number, latitude: number, widthPx: number): number {
	return (((east - west) / 360) * EARTH_CIRCUMFERENCE * Math.cos((latitude * Math.PI) / 180)) / widthPx;
}

export interface ScaleBar {
	metres: number;
	/** length in pixels of the picture */
	px: number;
	label: string;
}

/**
 * The longest "nice" length (1, 2 or 5 × 10ⁿ m) not longer than `maxPx` pixels.
 * @example niceScaleBar(10, 250) // → { metres: 2000, px: 200, label: '2 km' }
 * @example niceScaleBar(1, 180) // → { metres: 100, px: 100, label: '100 m' }
 */
export function niceScaleBar(metresPerPx: number, maxPx: number): ScaleBar {
	if (!(metresPerPx > 0) || !(maxPx > 0)) throw new RangeError('niceScaleBar: Maßstab muss positiv sein');
	const max = metresPerPx * maxPx;
	const pow = 10 ** Math.floor(Math.log10(max));
	const d = max / pow;
	const metres = (d >= 5 ? 5 : d >= 2 ? 2 : 1) * pow;
	const label = metres >= 1000 ? `${formatNumber(metres / 1000, metres % 1000 === 0 ? 0 : 1)} km` : `${formatNumber(metres, 0)} m`;
	return { metres, px: metres / metresPerPx, label };
}

/** Layout constants of the composed picture in 1× pixels. */
const W = A4_WIDTH_PX;
const PAD = 40;
const LEGEND_W = 310;
const GAP = 28;
const MAP_W = W - 2 * PAD - LEGEND_W - GAP;
const FONT = "'DejaVu Sans', Arial, Helvetica, sans-serif";
const font = (size: number, bold = false) => `${bold ? '700 ' : ''}${size}px ${FONT}`;

/** Waits for the map to finish the next frame (or 8 s at most). */
function nextIdle(map: MlMap): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, 8000);
		map.once('idle', () => {
			clearTimeout(timer);
			resolve();
		});
		map.triggerRepaint();
	});
}

/**
 * Renders the live map once at a pixel ratio giving `widthPx` device pixels
 * across, copies the frame, and restores the map's pixel ratio.
 */
export async function captureMap(map: MlMap, widthPx: number): Promise<HTMLCanvasElement> {
	const canvas = map.getCanvas();
	const cssWidth = canvas.clientWidth || canvas.width;
	// Only the override is ours to restore; `undefined` lets MapLibre follow devicePixelRatio again.
	const previous = (map as unknown as { _overridePixelRatio?: number })._overridePixelRatio;
	try {
		map.setPixelRatio(widthPx / cssWidth);
		await nextIdle(map);
		const copy = document.createElement('canvas');
		copy.width = canvas.width;
		copy.height = canvas.height;
		copy.getContext('2d')!.drawImage(canvas, 0, 0);
		return copy;
	} finally {
		map.setPixelRatio(previous as number);
	}
}

interface Lines {
	lines: string[];
	size: number;
	bold: boolean;
	color: string;
	lineHeight: number;
}

function lines(ctx: CanvasRenderingContext2D, text: string, size: number, width: number, bold = false, color = '#1a1a1a'): Lines {
	ctx.font = font(size, bold);
	return { lines: wrapCanvasText(ctx, text, width), size, bold, color, lineHeight: Math.round(size * 1.3) };
}
const height = (l: Lines) => l.lines.length * l.lineHeight;

function drawLines(ctx: CanvasRenderingContext2D, l: Lines, x: number, top: number): number {
	ctx.font = font(l.size, l.bold);
	ctx.fillStyle = l.color;
	ctx.textBaseline = 'alphabetic';
	l.lines.forEach((line, i) => ctx.fillText(line, x, top + i * l.lineHeight + l.size));
	return top + height(l);
}

function hatchPattern(ctx: CanvasRenderingContext2D): CanvasPattern | string {
	const img = hatchImage();
	const tile = document.createElement('canvas');
	tile.width = img.width;
	tile.height = img.height;
	tile.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
	const pattern = ctx.createPattern(tile, 'repeat');
	pattern?.setTransform(new DOMMatrix().scale(0.5));
	return pattern ?? '#bbbbbb';
}

function drawDemoMark(ctx: CanvasRenderingContext2D, right: number, top: number): { width: number; height: number } {
	ctx.font = font(18, true);
	const width = Math.ceil(ctx.measureText(DEMO_MARK).width + 28);
	const h = 36;
	ctx.fillStyle = '#fff3cd';
	ctx.strokeStyle = '#c99a00';
	ctx.lineWidth = 2;
	ctx.fillRect(right - width, top, width, h);
	ctx.strokeRect(right - width, top, width, h);
	ctx.fillStyle = '#4a3800';
	ctx.textAlign = 'center';
	ctx.fillText(DEMO_MARK, right - width / 2, top + 24);
	ctx.textAlign = 'left';
	return { width, height: h };
}

function drawScaleBar(ctx: CanvasRenderingContext2D, bar: ScaleBar, x: number, bottom: number): void {
	ctx.font = font(13);
	const labelWidth = ctx.measureText(bar.label).width;
	const boxW = bar.px + labelWidth + 34;
	const boxH = 34;
	ctx.fillStyle = 'rgba(255,255,255,0.88)';
	ctx.fillRect(x, bottom - boxH, boxW, boxH);
	const y = bottom - 14;
	const x0 = x + 10;
	// Two alternating segments, as on topographic maps.
	ctx.fillStyle = '#1a1a1a';
	ctx.fillRect(x0, y - 6, bar.px / 2, 6);
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(x0 + bar.px / 2, y - 6, bar.px / 2, 6);
	ctx.strokeStyle = '#1a1a1a';
	ctx.lineWidth = 1;
	ctx.strokeRect(x0, y - 6, bar.px, 6);
	ctx.fillStyle = '#1a1a1a';
	ctx.fillText('0', x0 - 3, y - 10);
	ctx.fillText(bar.label, x0 + bar.px + 8, y);
}

/**
 * The map PNG at `scale` (1 or 2). The live map must show what is exported.
 * Returns the PNG and its size in pixels.
 */
export async function exportMapPng(map: MlMap, meta: ExportMeta, legend: LegendSpec, scale: number): Promise<Blob> {
	const src = map.getCanvas();
	const cssW = src.clientWidth || src.width;
	const cssH = src.clientHeight || src.height;
	if (cssW === 0 || cssH === 0) throw new Error('Die Karte ist nicht sichtbar und kann nicht exportiert werden.');
	const center = map.getCenter();
	const mPerPx = (metresPerPixel(center.lat, map.getZoom()) * cssW) / MAP_W;
	const captured = await captureMap(map, MAP_W * scale);
	const mapH = Math.round((MAP_W * (captured.height || cssH)) / (captured.width || cssW));

	// Measure first (scratch context), then draw at the final height.
	const scratch = document.createElement('canvas').getContext('2d')!;
	const inner = W - 2 * PAD;
	scratch.font = font(18, true);
	const demoW = meta.demo ? scratch.measureText(DEMO_MARK).width + 40 : 0;
	const title = lines(scratch, meta.title, 30, inner - demoW, true, '#08306b');
	const subtitle = lines(scratch, meta.subtitle, 17, inner, false, '#444');
	const legendTitle = lines(scratch, legend.title, 17, LEGEND_W, true);
	const legendNote = legend.note ? lines(scratch, legend.note, 13, LEGEND_W, false, '#555') : null;
	const footer = [meta.source, meta.attribution, meta.demo ? `${DEMO_MARK}, nicht amtlich` : null, exportedLine(meta.exportedAt)]
		.filter((t): t is string => !!t)
		.map((t) => lines(scratch, t, 14, inner, false, '#333'));
	const headerH = Math.max(height(title), meta.demo ? 36 : 0) + 6 + height(subtitle) + 18;
	const itemLabels = legend.items.map((item) => lines(scratch, item.count !== undefined ? `${item.label} (${item.count})` : item.label, 15, LEGEND_W - 38));
	const itemHeight = (l: Lines) => Math.max(28, l.lines.length * l.lineHeight + 8);
	const legendH = height(legendTitle) + 8 + itemLabels.reduce((s, l) => s + itemHeight(l), 0) + (legendNote ? 8 + height(legendNote) : 0);
	const bodyH = Math.max(mapH, legendH);
	const footerH = 14 + footer.reduce((s, l) => s + height(l), 0);
	const H = Math.ceil(PAD + headerH + bodyH + footerH + PAD - 8);

	const canvas = document.createElement('canvas');
	canvas.width = W * scale;
	canvas.height = H * scale;
	const ctx = canvas.getContext('2d')!;
	ctx.scale(scale, scale);
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, W, H);

	// Header.
	let y = PAD;
	if (meta.demo) drawDemoMark(ctx, W - PAD, y);
	drawLines(ctx, title, PAD, y);
	y += Math.max(height(title), meta.demo ? 36 : 0) + 6;
	y = drawLines(ctx, subtitle, PAD, y) + 18;

	// Map with frame and scale bar.
	const mapTop = y;
	ctx.imageSmoothingQuality = 'high';
	ctx.drawImage(captured, PAD, mapTop, MAP_W, mapH);
	ctx.strokeStyle = '#999';
	ctx.lineWidth = 1;
	ctx.strokeRect(PAD + 0.5, mapTop + 0.5, MAP_W - 1, mapH - 1);
	drawScaleBar(ctx, niceScaleBar(mPerPx, MAP_W / 4), PAD + 12, mapTop + mapH - 12);

	// Legend column.
	const lx = PAD + MAP_W + GAP;
	let ly = drawLines(ctx, legendTitle, lx, mapTop) + 8;
	const hatch = hatchPattern(ctx);
	legend.items.forEach((item, k) => {
		ctx.fillStyle = item.pattern === 'hatch' ? hatch : item.color;
		ctx.fillRect(lx, ly + 4, 28, 18);
		ctx.strokeStyle = '#999';
		ctx.strokeRect(lx + 0.5, ly + 4.5, 27, 17);
		drawLines(ctx, itemLabels[k], lx + 38, ly + 2);
		ly += itemHeight(itemLabels[k]);
	});
	if (legendNote) drawLines(ctx, legendNote, lx, ly + 8);

	// Footer.
	y = mapTop + bodyH + 10;
	ctx.strokeStyle = '#ccc';
	ctx.beginPath();
	ctx.moveTo(PAD, y + 0.5);
	ctx.lineTo(W - PAD, y + 0.5);
	ctx.stroke();
	y += 6;
	for (const l of footer) y = drawLines(ctx, l, PAD, y);

	return canvasToPng(canvas, scale);
}
