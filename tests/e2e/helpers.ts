import { expect, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

/** Fails the test on any request that leaves localhost (the app must work offline). */
export async function guardOffline(page: Page): Promise<string[]> {
	const external: string[] = [];
	await page.route('**/*', (route) => {
		const url = new URL(route.request().url());
		if (url.protocol === 'data:' || url.protocol === 'blob:' || ['localhost', '127.0.0.1'].includes(url.hostname)) return route.continue();
		external.push(route.request().url());
		return route.abort();
	});
	return external;
}

export async function openMap(page: Page, query = ''): Promise<void> {
	await page.goto(`/${query}`);
	await expect(page.getByTestId('engine-status')).toHaveText(/DuckDB bereit/, { timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

/** Screen point (page coordinates) inside the rendered polygon of an area, found by asking MapLibre. */
export async function pointInArea(page: Page, areaId: string): Promise<{ x: number; y: number }> {
	let point: { x: number; y: number } | null = null;
	await expect
		.poll(async () => {
			point = await findPoint(page, areaId).catch(() => null);
			return point !== null;
		}, { message: `Gebiet ${areaId} auf der Karte` })
		.toBe(true);
	return point!;
}

async function findPoint(page: Page, areaId: string): Promise<{ x: number; y: number }> {
	const p = await page.evaluate((id) => {
		const map = (window as any).__sozialraumMap;
		const canvas = map.getCanvas() as HTMLCanvasElement;
		const rect = canvas.getBoundingClientRect();
		// Scan a grid from the centre outwards so the point lies well inside the polygon.
		const hits: [number, number][] = [];
		for (let y = 4; y < rect.height; y += 4)
			for (let x = 4; x < rect.width; x += 4) {
				const f = map.queryRenderedFeatures([x, y], { layers: ['fill'] })[0];
				if (f?.properties?.id === id) hits.push([x, y]);
			}
		if (hits.length === 0) {
			const seen = new Set(map.queryRenderedFeatures({ layers: ['fill'] }).map((f: any) => f.properties.id));
			return { missing: [...seen].join(' ') };
		}
		const cx = hits.reduce((s, h) => s + h[0], 0) / hits.length;
		const cy = hits.reduce((s, h) => s + h[1], 0) / hits.length;
		hits.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
		return { x: rect.left + hits[0][0], y: rect.top + hits[0][1] };
	}, areaId);
	if ('missing' in p) throw new Error(`Gebiet ${areaId} nicht auf der Karte gefunden; sichtbar: ${p.missing}`);
	return p;
}

/** Counts canvas pixels by colour class: fills that are neither background nor white/grey. */
export async function mapPixelStats(page: Page): Promise<{ total: number; coloured: number; hash: string }> {
	return page.evaluate(() => {
		const src = (window as any).__sozialraumMap.getCanvas() as HTMLCanvasElement;
		const c = document.createElement('canvas');
		c.width = src.width;
		c.height = src.height;
		const ctx = c.getContext('2d')!;
		ctx.drawImage(src, 0, 0);
		const d = ctx.getImageData(0, 0, c.width, c.height).data;
		let coloured = 0;
		let h = 0;
		for (let i = 0; i < d.length; i += 4) {
			const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
			if (Math.max(r, g, b) - Math.min(r, g, b) > 30) coloured++;
			h = (h * 31 + r * 7 + g * 3 + b) >>> 0;
		}
		return { total: d.length / 4, coloured, hash: h.toString(16) };
	});
}

type ArrowRow = Record<string, any>;
let valuesCache: ArrowRow[] | null = null;

/** Rows of the built `values.arrows`, read independently of the app (apache-arrow in Node). */
export function arrowValues(): ArrowRow[] {
	valuesCache ??= tableFromIPC(readFileSync('static/data/values.arrows')).toArray().map((r) => r.toJSON());
	return valuesCache;
}

export const de = (x: number, decimals = 1) =>
	new Intl.NumberFormat('de-DE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(x);

/** Opens an export menu, clicks one of its entries and returns the download. */
export async function download(page: Page, menu: string, item: string): Promise<Download> {
	await page.getByTestId(menu).click();
	const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${menu}-${item}`).click()]);
	return d;
}

export const bytesOf = async (d: Download) => readFileSync((await d.path())!);

/** Decodes a PNG in the page and counts pixels that are clearly coloured (not white, grey or black). */
export async function pngStats(page: Page, png: Buffer): Promise<{ width: number; height: number; coloured: number; total: number }> {
	return page.evaluate(async (b64) => {
		const img = new Image();
		img.src = `data:image/png;base64,${b64}`;
		await img.decode();
		const c = document.createElement('canvas');
		c.width = img.naturalWidth;
		c.height = img.naturalHeight;
		const ctx = c.getContext('2d')!;
		ctx.drawImage(img, 0, 0);
		const d = ctx.getImageData(0, 0, c.width, c.height).data;
		let coloured = 0;
		for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 30) coloured++;
		return { width: c.width, height: c.height, coloured, total: d.length / 4 };
	}, png.toString('base64'));
}
