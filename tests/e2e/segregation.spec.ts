import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { de, guardOffline, pointInArea } from './helpers.ts';

/**
 * The "Segregation & Cluster" view against the CLI (`npm run indicators`),
 * which runs the same engine in Node: the numbers on the page must be the
 * numbers the CLI prints.
 */

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

const BASE = '/segregation/?gruppe=sgb2_quote&indikator=sgb2_quote&jahr=2023';

function cli(args: string[]): string {
	return execFileSync('npx', ['tsx', 'scripts/indicators.ts', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

async function openView(page: Page, query = BASE): Promise<void> {
	await page.goto(query);
	await expect(page.getByTestId('engine-status')).toHaveText(/DuckDB bereit/, { timeout: 30_000 });
	await expect(page.getByTestId('lisa-legend')).toBeVisible({ timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('moran-scatter').locator('circle.pt').first()).toBeAttached();
}

/** Canvas pixels close to a colour (±tolerance per channel). */
async function pixelsNear(page: Page, rgb: [number, number, number], tolerance = 24): Promise<number> {
	return page.evaluate(
		([[r0, g0, b0], tol]) => {
			const src = (window as any).__sozialraumMap.getCanvas() as HTMLCanvasElement;
			const c = document.createElement('canvas');
			c.width = src.width;
			c.height = src.height;
			const ctx = c.getContext('2d')!;
			ctx.drawImage(src, 0, 0);
			const d = ctx.getImageData(0, 0, c.width, c.height).data;
			let n = 0;
			for (let i = 0; i < d.length; i += 4) {
				if (Math.abs(d[i] - r0) <= tol && Math.abs(d[i + 1] - g0) <= tol && Math.abs(d[i + 2] - b0) <= tol) n++;
			}
			return n;
		},
		[rgb, tolerance] as const
	);
}

/** Ids in the map's highlight layer filter: ['in', ['get', 'id'], ['literal', ids]]. */
async function highlightIds(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const filter = (window as any).__sozialraumMap.getFilter('highlight');
		return [...(filter?.[2]?.[1] ?? [])].sort();
	});
}

test('the LISA cluster map shows GeoDa red (HH) and blue (LL) clusters, the significance map GeoDa greens', async ({ page }) => {
	await openView(page);
	await expect(page.getByTestId('demo-banner')).toBeVisible();
	await page.locator('.map').scrollIntoViewIfNeeded();
	// Moran's I ≈ 0.67 for sgb2_quote 2023: high–high and low–low clusters exist.
	await expect.poll(() => pixelsNear(page, [255, 0, 0]), { message: 'rote HH-Pixel' }).toBeGreaterThan(500);
	await expect.poll(() => pixelsNear(page, [0, 0, 255]), { message: 'blaue LL-Pixel' }).toBeGreaterThan(500);
	await expect(page.getByTestId('lisa-legend').locator('li[data-cluster="HH"]')).toContainText(/\((\d+)\)/);
	await expect(page.getByTestId('moran-summary')).toContainText(`Moran’s I = ${de(0.6748858809232946, 3)}`);
	await expect(page.getByTestId('permutation-info')).toHaveText(/999 Permutationen, Seed 1/);
	await expect(page.getByTestId('basis-exclude')).toBeChecked();
	await expect(page.getByText('Ausschließen (Standard)')).toBeVisible();

	await page.getByTestId('map-mode-significance').click();
	await expect(page).toHaveURL(/karte=signifikanz/);
	await expect.poll(() => pixelsNear(page, [0x34, 0x81, 0x24], 16), { message: 'dunkelgrüne Pixel p ≤ 0,001' }).toBeGreaterThan(300);
	expect(await pixelsNear(page, [255, 0, 0], 10)).toBeLessThan(50);
});

test('the LISA clusters and Moran’s I equal the CLI with 999 permutations and seed 1', async ({ page }) => {
	const csv = cli(['lisa', '--indicator', 'sgb2_quote', '--year', '2023', '--seed', '1']).trim().split('\n');
	const header = csv[0].split(',');
	const idCol = header.indexOf('area_id');
	const clusterCol = header.indexOf('cluster');
	const expected = Object.fromEntries(csv.slice(1).map((line) => line.split(',')).map((f) => [f[idCol], f[clusterCol] || 'none']));
	const moran = JSON.parse(cli(['moran', '--indicator', 'sgb2_quote', '--year', '2023', '--seed', '1']));

	await openView(page);
	await expect(page.getByTestId('moran-summary')).toContainText(`Moran’s I = ${de(moran.I, 3)}`);
	await expect(page.getByTestId('moran-summary')).toContainText(`Pseudo-p = ${de(moran.p_sim, 3)}`);
	const shown = await page
		.getByTestId('lisa-table')
		.locator('tbody tr')
		.evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-area-id'), r.getAttribute('data-cluster')])));
	expect(shown).toEqual(expected);
	expect(Object.values(shown).filter((c) => c === 'HH').length).toBeGreaterThan(0);
	expect(Object.values(shown).filter((c) => c === 'LL').length).toBeGreaterThan(0);
});

test('the index table shows the city’s D as the CLI prints it, with explanations and formulas', async ({ page }) => {
	const expected = JSON.parse(cli(['segregation', '--group', 'sgb2_quote', '--year', '2023']));
	expect(expected.D).toBeGreaterThan(0.2);

	await openView(page);
	await expect(page.getByTestId('seg-city-D')).toHaveText(de(expected.D, 3));
	await expect(page.getByTestId('seg-city-isolation')).toHaveText(de(expected.isolation, 3));
	await expect(page.getByTestId('seg-city-exposure')).toHaveText(de(expected.exposure, 3));
	await expect(page.getByTestId('seg-city-correlation_ratio')).toHaveText(de(expected.correlation_ratio, 3));
	await expect(page.getByTestId('seg-city-theil_H')).toHaveText(de(expected.theil_H, 3));
	await expect(page.getByTestId('seg-city-gini')).toHaveText(de(expected.gini, 3));
	await expect(page.getByTestId('seg-city-spatial_D_morrill')).toHaveText(de(expected.spatial_D_morrill, 3));

	const table = page.getByTestId('segregation-table');
	// city + 5 Stadtbezirke
	await expect(table.locator('thead th')).toHaveCount(7);
	const dRow = table.locator('tr[data-index="D"]');
	await expect(dRow).toContainText('umziehen');
	await dRow.locator('summary').click();
	await expect(dRow.locator('code')).toContainText('D = ½ · Σᵢ |gᵢ/G − (tᵢ − gᵢ)/(T − G)|');
	// one small multiple per index over 2015–2023
	await expect(page.getByTestId('segregation-trend').locator('g.panel')).toHaveCount(7);
	await expect(page.getByTestId('segregation-trend')).toContainText('2015');
	await expect(page.getByTestId('segregation-trend')).toContainText('Quelle: Demodaten (synthetisch, nicht amtlich)');
	await expect(page.getByTestId('polarisation-chart')).toContainText('Quelle: Demodaten (synthetisch, nicht amtlich)');
	await expect(page.getByTestId('moran-scatter')).toContainText('Quelle: Demodaten (synthetisch, nicht amtlich)');

	// another group recomputes the indices and keeps the URL a permalink
	await page.getByTestId('group-select').selectOption('auslaenderanteil');
	await expect(page).toHaveURL(/gruppe=auslaenderanteil/);
	const foreign = JSON.parse(cli(['segregation', '--group', 'auslaenderanteil', '--year', '2023']));
	await expect(page.getByTestId('seg-city-D')).toHaveText(de(foreign.D, 3));
});

test('brushing the scatterplot highlights the areas on the map and marks them in the table', async ({ page }) => {
	await openView(page);
	const svg = page.getByTestId('moran-scatter');
	await svg.scrollIntoViewIfNeeded();
	// A rectangle around the high–high points (upper right quadrant).
	const points = await svg.locator('circle.pt').evaluateAll((els) =>
		els.map((el) => {
			const r = el.getBoundingClientRect();
			return { id: el.getAttribute('data-area-id')!, cluster: el.getAttribute('data-cluster'), x: r.x + r.width / 2, y: r.y + r.height / 2 };
		})
	);
	const hh = points.filter((p) => p.cluster === 'HH');
	expect(hh.length).toBeGreaterThan(2);
	const box = {
		x0: Math.min(...hh.map((p) => p.x)) - 3,
		y0: Math.min(...hh.map((p) => p.y)) - 3,
		x1: Math.max(...hh.map((p) => p.x)) + 3,
		y1: Math.max(...hh.map((p) => p.y)) + 3
	};
	const expected = points.filter((p) => p.x >= box.x0 && p.x <= box.x1 && p.y >= box.y0 && p.y <= box.y1).map((p) => p.id).sort();
	expect(expected.length).toBeGreaterThanOrEqual(hh.length);

	await page.mouse.move(box.x0, box.y0);
	await page.mouse.down();
	await page.mouse.move(box.x1, box.y1, { steps: 12 });
	await page.mouse.up();

	await expect.poll(() => highlightIds(page)).toEqual(expected);
	const table = page.getByTestId('lisa-table');
	await expect(table.locator('tr.brushed')).toHaveCount(expected.length);
	for (const id of expected) await expect(table.locator(`tr[data-area-id="${id}"]`)).toHaveClass(/brushed/);
	await expect(svg.locator('circle[data-brushed="true"]')).toHaveCount(expected.length);
	await expect(page.getByTestId('brush-summary')).toContainText(`${expected.length} Ortsteile ausgewählt`);
	await expect.poll(() => (new URL(page.url()).searchParams.get('auswahl') ?? '').split(',').sort()).toEqual(expected);

	// clearing the selection clears map and table
	await page.getByTestId('clear-brush').click();
	await expect.poll(() => highlightIds(page)).toEqual([]);
	await expect(table.locator('tr.brushed')).toHaveCount(0);
});

test('clicking an area on the map marks its scatter point, and clicking a point selects the area on the map', async ({ page }) => {
	await openView(page);
	await page.locator('.map').scrollIntoViewIfNeeded();
	const p = await pointInArea(page, 'ot-tenever');
	await page.mouse.click(p.x, p.y);
	const svg = page.getByTestId('moran-scatter');
	await expect(svg.locator('circle[data-area-id="ot-tenever"]')).toHaveClass(/selected/);
	await expect(svg.locator('circle.selected')).toHaveCount(1);
	await expect(page.getByTestId('lisa-table').locator('tr[data-area-id="ot-tenever"]')).toHaveClass(/selected/);
	await expect(page).toHaveURL(/gebiet=ot-tenever/);

	// and back: a click on a point selects that area on the map
	await svg.scrollIntoViewIfNeeded();
	const target = svg.locator('circle[data-cluster="LL"]').first();
	const id = (await target.getAttribute('data-area-id'))!;
	const r = (await target.boundingBox())!;
	await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
	await expect(svg.locator(`circle[data-area-id="${id}"]`)).toHaveClass(/selected/);
	await expect
		.poll(() => page.evaluate(() => JSON.stringify((window as any).__sozialraumMap.getFilter('selected'))))
		.toBe(JSON.stringify(['==', ['get', 'id'], id]));
	await expect(page).toHaveURL(new RegExp(`gebiet=${id}`));
});

test('the view state comes back from the URL', async ({ page }) => {
	await openView(page, `${BASE}&fdr=1&karte=signifikanz&auswahl=ot-tenever,ot-blockdiek&basis=eb`);
	await expect(page.getByTestId('fdr-toggle')).toBeChecked();
	await expect(page.getByTestId('basis-eb')).toBeChecked();
	await expect(page.getByTestId('map-mode-significance')).toHaveAttribute('aria-pressed', 'true');
	await expect.poll(() => highlightIds(page)).toEqual(['ot-blockdiek', 'ot-tenever']);
	await expect(page.getByTestId('lisa-table').locator('tr.brushed')).toHaveCount(2);
	await expect(page.getByTestId('lisa-legend')).toContainText('FDR-Grenze');
	// EB smoothing keeps the small harbour areas in the analysis
	await expect(page.getByTestId('lisa-table').locator('tr[data-cluster="none"]')).toHaveCount(0);
});
