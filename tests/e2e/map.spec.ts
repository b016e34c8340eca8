import { expect, test } from '@playwright/test';
import { arrowValues, de, guardOffline, mapPixelStats, openMap, pointInArea } from './helpers.ts';

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

test('shows the demo banner and draws the Ortsteil polygons', async ({ page }) => {
	await openMap(page);
	await expect(page.getByTestId('demo-banner')).toContainText('Demodaten – Ortsteilwerte synthetisch, nicht amtlich');
	const stats = await mapPixelStats(page);
	// The 88 coloured polygons cover a large part of the canvas (the background is a pale grey).
	expect(stats.coloured / stats.total).toBeGreaterThan(0.2);
	const features = await page.evaluate(() => (window as any).__sozialraumMap.querySourceFeatures('areas').map((f: any) => f.properties.id));
	expect(new Set(features).size).toBe(88);
	await expect(page.getByTestId('ranking').locator('tbody tr')).toHaveCount(88);
});

test('hover shows the name and the value from the Arrow file', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=ortsteil');
	const expected = arrowValues().find((r) => r.area_id === 'ot-tenever' && r.indicator_id === 'sgb2_quote' && r.year === 2023)!;
	const p = await pointInArea(page, 'ot-tenever');
	await page.mouse.move(p.x, p.y);
	const tooltip = page.getByTestId('tooltip');
	await expect(tooltip).toContainText('Tenever');
	await expect(tooltip).toContainText(`${de(expected.value)} %`);
	await expect(tooltip).toContainText('SGB-II-Quote, 2023');
	await expect(tooltip).toContainText('Demodaten');
});

test('a harbour Ortsteil with a tiny base is flagged, not ranked', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=ortsteil');
	const row = page.locator('tr[data-area-id="ot-industriehaefen"]');
	await expect(row).toHaveClass(/unreliable/);
	await expect(row.locator('td').first()).toHaveText('–');
	await expect(row).toContainText('unsichere Basis');
	// and hatched on the map: grey stripes (dark and light), not a class colour
	const p = await pointInArea(page, 'ot-industriehaefen');
	await expect
		.poll(() =>
			page.evaluate(({ x, y }) => {
				const src = (window as any).__sozialraumMap.getCanvas() as HTMLCanvasElement;
				const rect = src.getBoundingClientRect();
				const k = src.width / rect.width;
				const c = document.createElement('canvas');
				c.width = src.width;
				c.height = src.height;
				const ctx = c.getContext('2d')!;
				ctx.drawImage(src, 0, 0);
				const size = Math.round(12 * k);
				const d = ctx.getImageData(Math.round((x - rect.left) * k) - size / 2, Math.round((y - rect.top) * k) - size / 2, size, size).data;
				let dark = 0;
				let light = 0;
				let coloured = 0;
				for (let i = 0; i < d.length; i += 4) {
					const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
					if (Math.max(r, g, b) - Math.min(r, g, b) > 30) coloured++;
					else if (r < 140) dark++;
					else if (r > 200) light++;
				}
				return dark > 0 && light > 0 && coloured === 0;
			}, p)
		)
		.toBe(true);
});

test('changing the indicator changes the colours', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=ortsteil');
	const before = await mapPixelStats(page);
	await page.getByTestId('indicator-select').selectOption('wahlbeteiligung');
	await expect(page.getByTestId('ranking')).toContainText('Wahlbeteiligung');
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible();
	await expect.poll(async () => (await mapPixelStats(page)).hash).not.toBe(before.hash);
	await expect(page).toHaveURL(/indikator=wahlbeteiligung/);
});

test('level switch aggregates Stadtteile from summed counts', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=ortsteil');
	await page.locator('button[data-level="stadtteil"]').click();
	await expect(page.getByTestId('ranking').locator('tbody tr')).toHaveCount(23);
	await expect(page.locator('.map[data-ready="true"][data-features="23"]')).toBeVisible();
	// Vahr = Σ numerators / Σ denominators of its four Ortsteile, computed here from the Arrow file.
	const parts = arrowValues().filter(
		(r) => r.indicator_id === 'sgb2_quote' && r.year === 2023 && ['ot-gartenstadt-vahr', 'ot-neue-vahr-nord', 'ot-neue-vahr-suedwest', 'ot-neue-vahr-suedost'].includes(r.area_id)
	);
	expect(parts).toHaveLength(4);
	const vahr = (parts.reduce((s, r) => s + r.numerator, 0) / parts.reduce((s, r) => s + r.denominator, 0)) * 100;
	await expect(page.locator('tr[data-area-id="st-vahr"] td.num').first()).toHaveText(de(vahr));
	const p = await pointInArea(page, 'st-vahr');
	await page.mouse.move(p.x, p.y);
	await expect(page.getByTestId('tooltip')).toContainText('Vahr');
	await page.locator('button[data-level="stadtbezirk"]').click();
	await expect(page.getByTestId('ranking').locator('tbody tr')).toHaveCount(5);
});

test('clicking an area selects it and shows all its values', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=ortsteil');
	const p = await pointInArea(page, 'ot-tenever');
	await page.mouse.click(p.x, p.y);
	const panel = page.getByTestId('area-panel');
	await expect(panel).toContainText('Tenever');
	await expect(panel.locator('tr[data-indicator="arbeitslosenziffer"]')).toBeVisible();
	await expect(page).toHaveURL(/gebiet=ot-tenever/);
	await expect(page.locator('tr[data-area-id="ot-tenever"]')).toHaveClass(/selected/);
});

test('without boundaries the map view explains what is missing and the table still works', async ({ page }) => {
	await page.route('**/data/manifest.json', async (route) => {
		const response = await route.fetch();
		const manifest = await response.json();
		manifest.geometry = { ...manifest.geometry, available: false, source: 'keine Grenzdatei unter /nirgendwo.geojson' };
		await route.fulfill({ response, json: manifest });
	});
	await page.goto('/?indikator=arbeitslosenziffer&jahr=2020&ebene=stadtteil');
	await expect(page.getByTestId('no-map')).toContainText('Karte nicht verfügbar');
	await expect(page.getByTestId('no-map')).toContainText('npm run data -- --geometry');
	await expect(page.getByTestId('ranking').locator('tbody tr')).toHaveCount(23);
});

test('the built site carries a Content-Security-Policy limited to its own origin', async ({ page }) => {
	await page.goto('/');
	const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
	expect(csp).toContain("default-src 'self'");
	expect(csp).toContain("connect-src 'self'");
	expect(csp).not.toMatch(/https?:/);
});
