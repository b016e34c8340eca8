/**
 * PNG export. Sizes follow the A4 page: at 1× a picture is 1240 pixels wide
 * (150 dpi across 210 mm), at 2× 2480 pixels (300 dpi) — print quality for a
 * report. The dpi is written into the file (pHYs chunk), so Word and
 * LibreOffice place it at A4 width.
 *
 * Charts: the composed SVG (svg-export.ts) is drawn into a canvas as an
 * image, so text and lines stay sharp at any scale. Maps: see map-export.ts.
 */
import { crc32 } from '$lib/import/zip.ts';
import type { ComposedSvg } from './svg-export.ts';

/** Width of a 1× picture in pixels: A4 width (210 mm) at 150 dpi. */
export const A4_WIDTH_PX = 1240;
/** dots per inch of a picture at `scale` (1× → 150, 2× → 300). */
export const dpiFor = (scale: number) => Math.round(150 * scale);

/**
 * Writes the resolution into a PNG: a pHYs chunk (pixels per metre, unit = metre)
 * right after IHDR; an existing pHYs chunk is replaced.
 * @throws Error if the bytes are not a PNG
 */
export function setPngDpi(png: Uint8Array, dpi: number): Uint8Array {
	const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
	if (png.length < 33 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('Keine PNG-Datei.');
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	// Collect the chunks, dropping an old pHYs.
	const chunks: Uint8Array[] = [];
	let p = 8;
	while (p + 12 <= png.length) {
		const length = view.getUint32(p);
		const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
		const end = p + 12 + length;
		if (type !== 'pHYs') chunks.push(png.subarray(p, end));
		p = end;
		if (type === 'IEND') break;
	}
	const ppm = Math.round(dpi / 0.0254);
	const phys = new Uint8Array(21);
	const pv = new DataView(phys.buffer);
	pv.setUint32(0, 9);
	phys.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
	pv.setUint32(8, ppm);
	pv.setUint32(12, ppm);
	phys[16] = 1; // unit: metre
	pv.setUint32(17, crc32(phys.subarray(4, 17)));
	const parts = [new Uint8Array(SIGNATURE), chunks[0], phys, ...chunks.slice(1)];
	const out = new Uint8Array(parts.reduce((s, c) => s + c.length, 0));
	let o = 0;
	for (const c of parts) {
		out.set(c, o);
		o += c.length;
	}
	return out;
}

/** Width and height of a PNG from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Canvas → PNG blob with the dpi of `scale` written in. */
export async function canvasToPng(canvas: HTMLCanvasElement, scale: number): Promise<Blob> {
	const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
	if (!blob) throw new Error('Das Bild konnte nicht erzeugt werden (Canvas zu groß?).');
	const bytes = setPngDpi(new Uint8Array(await blob.arrayBuffer()), dpiFor(scale));
	return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' });
}

/**
 * A composed SVG as PNG, scaled to the A4 width of `scale` (1× = 1240 px, 2× = 2480 px).
 * The SVG is rasterised by the browser as an image, at the target size.
 */
export async function svgToPng(composed: ComposedSvg, scale: number): Promise<Blob> {
	const factor = (A4_WIDTH_PX * scale) / composed.width;
	const width = Math.round(composed.width * factor);
	const height = Math.round(composed.height * factor);
	const url = URL.createObjectURL(new Blob([composed.svg], { type: 'image/svg+xml;charset=utf-8' }));
	try {
		const img = new Image();
		img.width = width;
		img.height = height;
		img.src = url;
		await img.decode();
		const canvas = document.createElement('canvas');
		canvas.width = width;
		canvas.height = height;
		const ctx = canvas.getContext('2d')!;
		ctx.fillStyle = '#fff';
		ctx.fillRect(0, 0, width, height);
		ctx.drawImage(img, 0, 0, width, height);
		return await canvasToPng(canvas, scale);
	} finally {
		URL.revokeObjectURL(url);
	}
}

/** Lines of `text` that fit `maxWidth` with the context's current font. */
export function wrapCanvasText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
	const lines: string[] = [];
	let current = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = current ? `${current} ${word}` : word;
		if (current && ctx.measureText(next).width > maxWidth) {
			lines.push(current);
			current = word;
		} else current = next;
	}
	if (current) lines.push(current);
	return lines;
}
