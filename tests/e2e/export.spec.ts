import { expect, test, type Download, type Page } from '@playwright/test';
import { bytesOf, download, guardOffline, pngStats, openMap } from './helpers.ts';

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

test('map PNG at 2×: A4 width at 300 dpi, with the coloured map', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=ortsteil');
	const d = await download(page, 'export-map', 'png2');
	expect(d.suggestedFilename()).toBe('sozialraum_sgb2_quote_2023_ortsteil_2x.png');
	await d.saveAs(test.info().outputPath(d.suggestedFilename()));
	const png = await bytesOf(d);
	expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
	expect(png.readUInt32BE(16)).toBe(2480);
	const stats = await pngStats(page, png);
	expect(stats.width).toBe(2480);
	expect(stats.coloured / stats.total).toBeGreaterThan(0.15);
});

async function openIndex(page: Page, query = '') {
	await page.goto(`/ausgrenzungsindex/${query}`);
	await expect(page.getByTestId('index-table').locator('tbody tr')).toHaveCount(88, { timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

test('rank-band chart as SVG carries title, source and the Demodaten mark', async ({ page }) => {
	await openIndex(page, '?jahr=2023');
	const d = await download(page, 'export-rank-bands', 'svg');
	expect(d.suggestedFilename()).toBe('sozialraum_rangbaender_ausgrenzungsindex_2023_ortsteil.svg');
	await d.saveAs(test.info().outputPath(d.suggestedFilename()));
	const svg = (await bytesOf(d)).toString('utf8');
	expect(svg).toContain('Rangbänder des Ausgrenzungsindex 2023 – Ortsteile');
	expect(svg).toContain('Quelle: Demodaten (synthetisch, nicht amtlich)');
	expect(svg).toContain('Demodaten – synthetisch');
	expect(svg).toMatch(/exportiert am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr/);
	// a parseable, standalone SVG with the chart's rows inside
	const parsed = await page.evaluate((text) => {
		const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
		return { error: doc.querySelector('parsererror')?.textContent ?? null, bands: doc.querySelectorAll('g.band').length, root: doc.documentElement.nodeName };
	}, svg);
	const onScreen = await page.locator('[data-testid="rank-bands"] g.band').count();
	expect(onScreen).toBeGreaterThan(80);
	expect(parsed).toEqual({ error: null, bands: onScreen, root: 'svg' });

	const p = await download(page, 'export-rank-bands', 'png2');
	const png = await bytesOf(p);
	await p.saveAs(test.info().outputPath(p.suggestedFilename()));
	const stats = await pngStats(page, png);
	expect(stats.width).toBe(2480);
	expect(stats.coloured).toBeGreaterThan(1000);
});

test('index map PNG at 1×', async ({ page }) => {
	await openIndex(page, '?jahr=2023');
	const d = await download(page, 'export-index-map', 'png1');
	expect(d.suggestedFilename()).toBe('sozialraum_ausgrenzungsindex_2023_ortsteil.png');
	await d.saveAs(test.info().outputPath(d.suggestedFilename()));
	const stats = await pngStats(page, await bytesOf(d));
	expect(stats.width).toBe(1240);
	// diverging palette with a near-white middle class: fewer saturated pixels than the sequential map
	expect(stats.coloured / stats.total).toBeGreaterThan(0.05);
});

test('ranking table as CSV for German Excel: BOM, semicolons, decimal comma, header block', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=ortsteil');
	// ranks come from DuckDB once it has replaced the first paint
	await expect(page.getByTestId('ranking').locator('tbody tr').first().locator('td').first()).toHaveText('1');
	const d = await download(page, 'export-table', 'csv-de');
	expect(d.suggestedFilename()).toBe('sozialraum_sgb2_quote_2023_ortsteil_rangliste.csv');
	const bytes = await bytesOf(d);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8').slice(1);
	const [head, body] = text.split('\r\n\r\n');
	expect(head).toContain('Titel;Rangliste SGB-II-Quote 2023 – Ortsteile');
	expect(head).toMatch(/Hinweis;Demodaten/);
	expect(head).toMatch(/Quelle;"Demodaten \(synthetisch, nicht amtlich\); Stand 31\.12\.2023"/);
	const rows = body.trim().split('\r\n').map((l) => l.split(';'));
	expect(rows[0].slice(0, 4)).toEqual(['Rang', 'Ortsteil', 'Gebiets-ID', 'SGB-II-Quote (%)']);
	expect(rows).toHaveLength(89);
	// the value column parses as German decimals and matches the table on screen
	const tenever = rows.find((r) => r[2] === 'ot-tenever')!;
	expect(tenever[3]).toMatch(/^\d+,\d$/);
	const onScreen = await page.locator('tr[data-area-id="ot-tenever"] td.num').first().textContent();
	expect(tenever[3]).toBe(onScreen);
	expect(Number(tenever[3].replace(',', '.'))).toBeGreaterThan(0);
	expect(rows[1][0]).toBe('1');
});

test('ranking table as XLSX: a ZIP with the data sheet and "Quellen und Methode"', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=stadtteil');
	await expect(page.getByTestId('ranking').locator('tbody tr')).toHaveCount(23);
	const d = await download(page, 'export-table', 'xlsx');
	expect(d.suggestedFilename()).toBe('sozialraum_sgb2_quote_2023_stadtteil_rangliste.xlsx');
	const bytes = await bytesOf(d);
	expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
	const { readXlsx } = await import('../../src/lib/import/xlsx.ts');
	const data = await readXlsx(new Uint8Array(bytes));
	expect(data.sheets).toEqual(['Daten', 'Quellen und Methode']);
	expect(data.grid.rows).toHaveLength(24);
	const vahr = data.grid.rows.find((r) => r.cells[2] === 'st-vahr')!;
	expect(typeof vahr.cells[3]).toBe('number');
	const info = await readXlsx(new Uint8Array(bytes), 'Quellen und Methode');
	const text = info.grid.rows.map((r) => r.cells.join(' ')).join('\n');
	expect(text).toContain('Demodaten');
	expect(text).toMatch(/Exportiert am \d\d\.\d\d\.\d{4}/);
	expect(text).toContain('Ebene Stadtteil');
});

// ---- presentation ----------------------------------------------------------

async function saveSlide(page: Page, title: string | null, note: string) {
	await page.getByTestId('save-slide').click();
	if (title !== null) await page.getByTestId('slide-title-input').fill(title);
	await page.getByTestId('slide-note-input').fill(note);
	await page.getByTestId('save-slide-confirm').click();
}

test('a presentation from two views survives a reload and is exported and re-imported identically', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=stadtteil');
	await expect(page.getByTestId('ranking').locator('tbody tr')).toHaveCount(23);
	await saveSlide(page, null, 'SGB II nach Stadtteilen – Vahr ansprechen');
	await expect(page.getByTestId('slide-saved')).toContainText('Folie 1 gespeichert');

	await openIndex(page, '?jahr=2023&karte=materiell');
	await saveSlide(page, 'Materielle Ausgrenzung 2023', '');
	await expect(page.getByTestId('slide-saved')).toContainText('Folie 2 gespeichert');

	await page.getByTestId('slide-saved').getByRole('link', { name: 'zur Präsentation' }).click();
	const items = page.getByTestId('slide-item');
	await expect(items).toHaveCount(2);
	// the default title comes from the view's document title
	await expect(items.nth(0).getByTestId('slide-title')).toHaveValue('Karte: SGB-II-Quote 2023, Stadtteile');
	await expect(items.nth(0).getByTestId('slide-link')).toHaveAttribute('href', '/?indikator=sgb2_quote&jahr=2023&ebene=stadtteil');
	await expect(items.nth(1).getByTestId('slide-link')).toHaveAttribute('href', /^\/ausgrenzungsindex\/\?jahr=2023&karte=materiell/);

	await page.reload();
	await expect(items).toHaveCount(2);
	await expect(items.nth(1).getByTestId('slide-title')).toHaveValue('Materielle Ausgrenzung 2023');

	// order: second slide up
	await items.nth(1).getByTestId('slide-up').click();
	await expect(items.nth(0).getByTestId('slide-title')).toHaveValue('Materielle Ausgrenzung 2023');
	await page.getByTestId('deck-title').fill('Monatsgespräch März');
	await page.getByTestId('deck-title').press('Enter');
	await page.getByTestId('deck-title').blur();

	const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-deck').click()]);
	expect(file.suggestedFilename()).toBe('sozialraum_praesentation_monatsgespraech_maerz.json');
	const exported = (await bytesOf(file)).toString('utf8');
	const deck = JSON.parse(exported);
	expect(deck.title).toBe('Monatsgespräch März');
	expect(deck.slides.map((s: { title: string }) => s.title)).toEqual(['Materielle Ausgrenzung 2023', 'Karte: SGB-II-Quote 2023, Stadtteile']);
	expect(deck.slides[1].note).toBe('SGB II nach Stadtteilen – Vahr ansprechen');

	// delete one, clear, then import the file: the same deck again
	await items.nth(0).getByTestId('slide-delete').click();
	await expect(items).toHaveCount(1);
	await page.getByTestId('clear-deck').click();
	await expect(page.getByTestId('deck-empty')).toBeVisible();
	await page.getByTestId('import-deck').setInputFiles({ name: 'deck.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
	await expect(page.getByTestId('deck-message')).toContainText('„Monatsgespräch März“ mit 2 Folien geladen');
	await expect(items).toHaveCount(2);
	const stored = await page.evaluate(() => localStorage.getItem('sozialraum-monitor:praesentation'));
	expect(stored).toBe(exported);
	const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-deck').click()]);
	expect((await bytesOf(again)).toString('utf8')).toBe(exported);

	// a broken file is refused with a German message and changes nothing
	const broken = JSON.parse(exported);
	broken.slides[1].url = 'https://example.org/';
	await page.getByTestId('import-deck').setInputFiles({ name: 'fremd.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
	await expect(page.getByTestId('import-error')).toContainText('„fremd.json“: Folie 2: Die Adresse „https://example.org/“ ist keine Ansicht dieser App.');
	await expect(items).toHaveCount(2);
});

/** A deck of two views, put into localStorage before the app starts (once). */
async function seedDeck(page: Page) {
	const deck = {
		format: 'sozialraum-monitor-praesentation',
		version: 1,
		title: 'Test',
		slides: [
			{ id: 'a', url: '/?indikator=sgb2_quote&jahr=2023&ebene=ortsteil', title: 'SGB-II-Quote 2023', note: 'Tenever zeigen', savedAt: '2025-03-07T09:05:00.000Z' },
			{ id: 'b', url: '/ausgrenzungsindex/?jahr=2023', title: 'Ausgrenzungsindex 2023', note: '', savedAt: '2025-03-07T09:06:00.000Z' }
		]
	};
	await page.addInitScript((text) => {
		if (!localStorage.getItem('sozialraum-monitor:praesentation')) localStorage.setItem('sozialraum-monitor:praesentation', text);
	}, JSON.stringify(deck));
}

test('playback: full screen, arrow keys, slide counter, views without navigation, Esc ends', async ({ page }) => {
	await seedDeck(page);
	await page.goto('/praesentation/');
	await expect(page.getByTestId('slide-item')).toHaveCount(2);
	await page.getByTestId('play').click();
	const player = page.getByTestId('player');
	await expect(player).toBeVisible();
	await expect(page.getByTestId('slide-counter')).toHaveText('1 / 2');
	await expect(page.getByTestId('player-title')).toHaveText('SGB-II-Quote 2023');
	await expect(page.getByTestId('player-frame')).toHaveAttribute('src', '/?indikator=sgb2_quote&jahr=2023&ebene=ortsteil&praesentation=1');
	const frame = page.frameLocator('[data-testid="player-frame"]');
	await expect(frame.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
	await expect(frame.locator('nav[aria-label="Ansichten"]')).toHaveCount(0);
	await expect(frame.getByTestId('save-slide')).toHaveCount(0);
	await expect(frame.getByTestId('demo-banner')).toBeVisible();

	await page.keyboard.press('n');
	await expect(page.getByTestId('player-note')).toHaveText('Tenever zeigen');
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId('slide-counter')).toHaveText('2 / 2');
	await expect(page.getByTestId('player-title')).toHaveText('Ausgrenzungsindex 2023');
	await expect(page.frameLocator('[data-testid="player-frame"]').getByTestId('index-table').locator('tbody tr')).toHaveCount(88, { timeout: 30_000 });
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId('slide-counter')).toHaveText('2 / 2');
	// a key pressed after clicking into the shown view still pages
	await page.frameLocator('[data-testid="player-frame"]').locator('h1').click();
	await page.keyboard.press('ArrowLeft');
	await expect(page.getByTestId('slide-counter')).toHaveText('1 / 2');
	await page.screenshot({ path: test.info().outputPath('praesentation.png') });

	await page.keyboard.press('Escape');
	await expect(player).toHaveCount(0);
	await expect(page.getByTestId('slide-item')).toHaveCount(2);
});

test('print view: one A4 landscape page per slide', async ({ page }) => {
	await seedDeck(page);
	await page.goto('/praesentation/');
	await page.getByTestId('print-view').click();
	await expect(page.getByTestId('print-slide')).toHaveCount(2);
	await expect(page.getByTestId('print-deck')).toHaveAttribute('data-print-ready', 'true', { timeout: 45_000 });
	await expect(page.getByTestId('print')).toBeEnabled();
	const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
	await page.emulateMedia({ media: 'print' });
	await page.screenshot({ path: test.info().outputPath('druckansicht.png'), fullPage: true });
	await import('node:fs').then((fs) => fs.writeFileSync(test.info().outputPath('praesentation.pdf'), pdf));
	const text = pdf.toString('latin1');
	expect(text.slice(0, 5)).toBe('%PDF-');
	const pages = text.match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
	expect(pages).toHaveLength(2);
	// A4 landscape: 842 × 595 pt
	const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
	expect(boxes).toEqual([
		[842, 595],
		[842, 595]
	]);
});

test('segregation view: Moran scatterplot SVG, LISA map PNG, LISA table CSV, small multiples SVG', async ({ page }) => {
	await page.goto('/segregation/?gruppe=sgb2_quote&indikator=sgb2_quote&jahr=2023');
	await expect(page.getByTestId('lisa-legend')).toBeVisible({ timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('moran-scatter')).toBeVisible();

	const svgFile = await download(page, 'export-moran-scatter', 'svg');
	expect(svgFile.suggestedFilename()).toBe('sozialraum_moran_streudiagramm_sgb2_quote_2023_ortsteil.svg');
	const svg = (await bytesOf(svgFile)).toString('utf8');
	expect(svg).toContain('Moran-Streudiagramm: SGB-II-Quote 2023 – Ortsteile');
	expect(svg).toContain('Demodaten – synthetisch');
	expect(svg).toContain('Hoch–Hoch');
	expect(svg).not.toContain('class="overlay"'); // the brush is not part of the picture
	const scatterPng = await download(page, 'export-moran-scatter', 'png1');
	await scatterPng.saveAs(test.info().outputPath(scatterPng.suggestedFilename()));
	expect((await pngStats(page, await bytesOf(scatterPng))).width).toBe(1240);

	const mapFile = await download(page, 'export-lisa-map', 'png1');
	expect(mapFile.suggestedFilename()).toBe('sozialraum_lisa_clusterkarte_sgb2_quote_2023_ortsteil.png');
	await mapFile.saveAs(test.info().outputPath(mapFile.suggestedFilename()));
	const stats = await pngStats(page, await bytesOf(mapFile));
	expect(stats.width).toBe(1240);
	expect(stats.coloured).toBeGreaterThan(5000);

	const csv = await download(page, 'export-lisa-table', 'csv');
	expect(csv.suggestedFilename()).toBe('sozialraum_lisa_sgb2_quote_2023_ortsteil_tabelle_international.csv');
	const lines = (await bytesOf(csv)).toString('utf8').trim().split('\r\n');
	expect(lines[0]).toMatch(/^Ortsteil,Gebiets-ID,SGB-II-Quote \(%\),z-Wert,/);
	expect(lines).toHaveLength(89);

	const trend = await download(page, 'export-segregation-trend', 'svg');
	expect(trend.suggestedFilename()).toMatch(/^sozialraum_segregationsindizes_sgb2_quote_\d{4}_\d{4}\.svg$/);
	expect((await bytesOf(trend)).toString('utf8')).toContain('Dissimilarit');
	const trendPng = await download(page, 'export-segregation-trend', 'png1');
	await trendPng.saveAs(test.info().outputPath(trendPng.suggestedFilename()));

	await expect(page.getByTestId('polarisation-chart')).toBeVisible({ timeout: 30_000 });
	const polar = await download(page, 'export-polarisation-chart', 'svg');
	expect(polar.suggestedFilename()).toMatch(/^sozialraum_polarisierung_sgb2_quote_\d{4}_\d{4}\.svg$/);
	expect((await bytesOf(polar)).toString('utf8')).toContain('Variationskoeffizient');
	const polarXlsx = await download(page, 'export-polarisation-table', 'xlsx');
	const { readXlsx } = await import('../../src/lib/import/xlsx.ts');
	const book = await readXlsx(new Uint8Array(await bytesOf(polarXlsx)));
	expect(book.grid.rows[0].cells[0]).toBe('Jahr');
	expect(book.grid.rows.length).toBeGreaterThan(2);
});

// ---- Steckbrief ------------------------------------------------------------

test('Steckbrief: one A4 page with indicators against the city, factor profile, map and Demodaten mark', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=ortsteil&gebiet=ot-tenever');
	await page.getByTestId('steckbrief-link').click();
	await expect(page).toHaveURL(/\/steckbrief\/\?gebiet=ot-tenever&jahr=2023/);
	const sheet = page.getByTestId('steckbrief');
	await expect(sheet).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
	await expect(sheet.locator('h1')).toHaveText('Steckbrief Ortsteil Tenever');
	await expect(sheet).toContainText('Stadtteil Osterholz');
	await expect(page.getByTestId('steckbrief-demo')).toHaveText('Demodaten – synthetisch');
	await expect(page.getByTestId('steckbrief-index')).toContainText(/Rang \d+ von \d+/);
	await expect(page.getByTestId('steckbrief-table').locator('tr[data-indicator]')).toHaveCount(21);
	// the wording follows the shown numbers: SGB-II-Quote, higher = more disadvantage, ±10 % = "ähnlich"
	const cells = await sheet.locator('tr[data-indicator="sgb2_quote"] td').allTextContents();
	const [own, city] = [cells[1], cells[2]].map((t) => Number(t.replace(/[^\d,]/g, '').replace(',', '.')));
	const relative = (own - city) / city;
	expect(cells[3]).toBe(Math.abs(relative) <= 0.1 ? 'ähnlich' : relative > 0 ? 'ungünstiger' : 'günstiger');
	await expect(sheet.locator('svg[aria-label^="Lage von Tenever"] path[fill="#d7301f"]')).toHaveCount(1);
	await page.emulateMedia({ media: 'print' });
	await page.screenshot({ path: test.info().outputPath('steckbrief.png'), fullPage: true });
	const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
	await import('node:fs').then((fs) => fs.writeFileSync(test.info().outputPath('steckbrief.pdf'), pdf));
	const text = pdf.toString('latin1');
	expect(text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).toHaveLength(1);
	const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text)!;
	expect([Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([595, 842]);
});

test('Steckbrief of a Stadtteil, and an unknown area is explained', async ({ page }) => {
	await page.goto('/steckbrief/?gebiet=st-vahr&jahr=2022');
	await expect(page.getByTestId('steckbrief')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
	await expect(page.getByTestId('steckbrief').locator('h1')).toHaveText('Steckbrief Stadtteil Vahr');
	await page.goto('/steckbrief/?gebiet=ot-gibtesnicht');
	await expect(page.getByRole('alert')).toContainText('Gebiet „ot-gibtesnicht“ gibt es nicht');
});
