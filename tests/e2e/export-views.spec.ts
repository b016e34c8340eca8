/**
 * Issue #8: every chart, map and table of the remaining views has the export menu —
 * Quartierstypen, Lastenausgleich, Vergleich, Zusammenhang and the area profile.
 * One download per view is checked like in export.spec.ts.
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import { bytesOf, download, guardOffline, pngStats } from './helpers.ts';

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

/** German-Excel CSV: header block and the table's rows (split at ";", quotes kept off simple cells). */
async function csvDe(d: Download): Promise<{ head: string; rows: string[][] }> {
	const bytes = await bytesOf(d);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const [head, body] = bytes.toString('utf8').slice(1).split('\r\n\r\n');
	return { head, rows: body.trim().split('\r\n').map((l) => l.split(';')) };
}

async function expectPng2x(page: Page, d: Download, minColoured = 0.02) {
	const png = await bytesOf(d);
	expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
	const stats = await pngStats(page, png);
	expect(stats.width).toBe(2480);
	expect(stats.coloured / stats.total).toBeGreaterThan(minColoured);
}

async function expectSvg(d: Download, title: string | RegExp): Promise<string> {
	const svg = (await bytesOf(d)).toString('utf8');
	if (typeof title === 'string') expect(svg).toContain(title);
	else expect(svg).toMatch(title);
	expect(svg).toContain('Quelle: Demodaten (synthetisch, nicht amtlich)');
	expect(svg).toContain('Demodaten – synthetisch');
	expect(svg).toMatch(/exportiert am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr/);
	return svg;
}

// ---- Quartierstypen -----------------------------------------------------------

async function openKilb(page: Page, query = '') {
	await page.goto(`/quartierstypen/${query}`);
	await expect(page.getByTestId('kilb-table').locator('tbody tr')).toHaveCount(88, { timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

test('Quartierstypen: map PNG at 2× with the type colours', async ({ page }) => {
	await openKilb(page, '?jahr=2023');
	const d = await download(page, 'export-kilb-map', 'png2');
	expect(d.suggestedFilename()).toBe('sozialraum_quartierstypen_kilb_mehrere_2023_2x.png');
	await expectPng2x(page, d, 0.05);
});

test('Quartierstypen: Ortsteil table as CSV and XLSX with the four scores and the types', async ({ page }) => {
	await openKilb(page, '?jahr=2023');
	const d = await download(page, 'export-kilb-table', 'csv-de');
	expect(d.suggestedFilename()).toBe('sozialraum_quartierstypen_kilb_2023_ortsteil.csv');
	const { head, rows } = await csvDe(d);
	expect(head).toContain('Titel;Quartierstypen nach Kilb 2023 – Ortsteile');
	expect(head).toMatch(/Hinweis;Demodaten/);
	expect(head).toMatch(/Kriterien data\/kilb-criteria\.json v\S+/);
	expect(rows[0].slice(0, 7)).toEqual(['Ortsteil', 'Gebiets-ID', 'Abspaltung', 'Konfrontation', 'Verunsicherung', 'Desintegration', 'Typen']);
	expect(rows).toHaveLength(89);
	// the first row on screen is the first row of the file, with the same scores
	const first = page.getByTestId('kilb-table').locator('tbody tr').first();
	const id = await first.getAttribute('data-area-id');
	expect(rows[1][1]).toBe(id);
	const cells = await first.locator('td.num').allTextContents();
	expect(rows[1].slice(2, 6).map((c) => c || '–')).toEqual(cells);

	const x = await download(page, 'export-kilb-table', 'xlsx');
	const { readXlsx } = await import('../../src/lib/import/xlsx.ts');
	const data = await readXlsx(new Uint8Array(await bytesOf(x)));
	expect(data.sheets).toEqual(['Daten', 'Quellen und Methode']);
	expect(data.grid.rows).toHaveLength(89);
	const row = data.grid.rows.find((r) => r.cells[1] === id)!;
	expect(typeof row.cells[2]).toBe('number');
});

// ---- Lastenausgleich ----------------------------------------------------------

async function openAllocation(page: Page, query = '') {
	await page.goto(`/lastenausgleich/${query}`);
	await expect(page.getByTestId('allocation-table').locator('tbody tr')).toHaveCount(23, { timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

test('Lastenausgleich: bar chart and Lorenz curve as SVG with the scenario settings; map PNG at 2×', async ({ page }) => {
	await openAllocation(page);
	const bars = await download(page, 'export-allocation-bars', 'svg');
	expect(bars.suggestedFilename()).toMatch(/^sozialraum_lastenausgleich_balken_\d{4}_stadtteil\.svg$/);
	const svg = await expectSvg(bars, 'Lastenausgleich: € je Person der Zielgruppe je Stadtteil');
	expect(svg).toMatch(/Budget [\d.]+ €; Bedarfsgewichtung α = [\d,]+; Sockelbetrag/);
	expect(svg).toMatch(/Datenjahr \d{4}/);

	const lorenz = await download(page, 'export-lorenz', 'svg');
	const lsvg = await expectSvg(lorenz, 'Lastenausgleich: Geld nach Bedarf (Lorenzkurve)');
	expect(lsvg).toContain('Konzentrationsindex');
	const lpng = await download(page, 'export-lorenz', 'png2');
	expect(lpng.suggestedFilename()).toMatch(/^sozialraum_lastenausgleich_lorenzkurve_\d{4}_stadtteil_2x\.png$/);
	await expectPng2x(page, lpng, 0.001);

	const map = await download(page, 'export-allocation-map', 'png2');
	expect(map.suggestedFilename()).toMatch(/^sozialraum_lastenausgleich_euro_je_person_szenario_a_\d{4}_stadtteil_2x\.png$/);
	await expectPng2x(page, map, 0.05);
});

test('Lastenausgleich with the real facts: source line names them, no Demodaten mark', async ({ page }) => {
	await openAllocation(page);
	await page.getByTestId('source-fakten').check();
	await expect(page.getByTestId('source-label')).toContainText('Reale Stadtteil-Fakten');
	await expect(page.getByTestId('allocation-table').locator('tbody tr')).toHaveCount(23, { timeout: 30_000 });
	const d = await download(page, 'export-allocation-bars', 'svg');
	expect(d.suggestedFilename()).toBe('sozialraum_lastenausgleich_balken_fakten_stadtteil.svg');
	const svg = (await bytesOf(d)).toString('utf8');
	expect(svg).toContain('Quelle: Reale Stadtteil-Fakten, Stichtag');
	expect(svg).not.toContain('Demodaten – synthetisch');
});

// ---- Vergleich ----------------------------------------------------------------

async function openCompare(page: Page) {
	await page.goto('/vergleich/?gebiete=ot-tenever,st-osterholz,stadt-bremen&jahr=2023&indikator=sgb2_quote&von=2015');
	await expect(page.getByTestId('engine-status')).toHaveText(/DuckDB bereit/, { timeout: 30_000 });
	await expect(page.getByTestId('compare-table').locator('tr[data-indicator]').first()).toBeVisible({ timeout: 30_000 });
}

test('Vergleich: comparison table as CSV and XLSX, one row per indicator', async ({ page }) => {
	await openCompare(page);
	const indicators = await page.locator('[data-testid="compare-table"] tbody tr[data-indicator]').count();
	const d = await download(page, 'export-compare-table', 'csv-de');
	expect(d.suggestedFilename()).toBe('sozialraum_vergleich_2023_ot_tenever_st_osterholz_stadt_bremen.csv');
	const { head, rows } = await csvDe(d);
	expect(head).toContain('Titel;Vergleich 2023: Tenever, Osterholz, Stadt Bremen');
	expect(head).toMatch(/Hinweis;Demodaten/);
	expect(head).toContain('Quelle;"Demodaten (synthetisch, nicht amtlich); Datenjahr 2023"');
	expect(rows[0].slice(0, 7)).toEqual(['Indikator', 'Indikator-ID', 'Einheit', 'Jahr', 'Vergleichsjahr', 'Tenever 2023', 'Tenever Veränderung seit 2015']);
	expect(rows).toHaveLength(indicators + 1);

	const x = await download(page, 'export-compare-table', 'xlsx');
	const { readXlsx } = await import('../../src/lib/import/xlsx.ts');
	const data = await readXlsx(new Uint8Array(await bytesOf(x)));
	expect(data.grid.rows).toHaveLength(indicators + 1);
	const sgb2 = data.grid.rows.find((r) => r.cells[1] === 'sgb2_quote')!;
	const screen = await page.locator('[data-testid="compare-table"] tr[data-indicator="sgb2_quote"] td[data-area-id="ot-tenever"] .v').textContent();
	expect(sgb2.cells[5]).toBeCloseTo(Number(screen!.replace(/[^\d,]/g, '').replace(',', '.')), 5);
});

test('Vergleich: time lines as SVG and slope chart as PNG', async ({ page }) => {
	await openCompare(page);
	const d = await download(page, 'export-compare-lines', 'svg');
	expect(d.suggestedFilename()).toMatch(/^sozialraum_vergleich_verlauf_sgb2_quote_\d{4}_2023\.svg$/);
	await expectSvg(d, /SGB-II-Quote \d{4}–2023: Verlauf im Vergleich/);
	const p = await download(page, 'export-compare-slope', 'png2');
	expect(p.suggestedFilename()).toBe('sozialraum_vergleich_veraenderung_sgb2_quote_2015_2023_2x.png');
	await expectPng2x(page, p, 0.001);
});

// ---- Zusammenhang -------------------------------------------------------------

async function openRelation(page: Page) {
	await page.goto('/zusammenhang/?x=sgb2_quote&y=wahlbeteiligung&ebene=ortsteil&jahr=2023');
	await expect(page.getByTestId('pearson')).toHaveText(/^-?0,\d{3}$/, { timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

test('Zusammenhang: scatter plot as SVG with r and ρ, PNG at 2×, residual map PNG', async ({ page }) => {
	await openRelation(page);
	const r = await page.getByTestId('pearson').textContent();
	const rho = await page.getByTestId('spearman').textContent();
	const d = await download(page, 'export-relation-scatter', 'svg');
	expect(d.suggestedFilename()).toBe('sozialraum_zusammenhang_sgb2_quote_wahlbeteiligung_2023_ortsteil.svg');
	const svg = await expectSvg(d, /Zusammenhang: Wahlbeteiligung[^<]* gegen SGB-II-Quote – Ortsteile/);
	expect(svg).toContain(`Pearson r = ${r}`);
	expect(svg).toContain(`Spearman ρ = ${rho}`);
	const p = await download(page, 'export-relation-scatter', 'png2');
	await expectPng2x(page, p, 0.001);
	const m = await download(page, 'export-relation-map', 'png2');
	expect(m.suggestedFilename()).toBe('sozialraum_zusammenhang_residuen_sgb2_quote_wahlbeteiligung_2023_ortsteil_2x.png');
	await expectPng2x(page, m, 0.02);
});

test('Zusammenhang: table as XLSX with one row per area', async ({ page }) => {
	await openRelation(page);
	const n = await page.locator('[data-testid="relation-table"] tbody tr').count();
	const d = await download(page, 'export-relation-table', 'xlsx');
	expect(d.suggestedFilename()).toBe('sozialraum_zusammenhang_sgb2_quote_wahlbeteiligung_2023_ortsteil.xlsx');
	const { readXlsx } = await import('../../src/lib/import/xlsx.ts');
	const bytes = new Uint8Array(await bytesOf(d));
	const data = await readXlsx(bytes);
	expect(data.grid.rows).toHaveLength(n + 1);
	expect(data.grid.rows[0].cells.slice(0, 2)).toEqual(['Gebiet', 'Gebiets-ID']);
	const tenever = data.grid.rows.find((row) => row.cells[1] === 'ot-tenever')!;
	expect(typeof tenever.cells[2]).toBe('number');
	const info = await readXlsx(bytes, 'Quellen und Methode');
	const text = info.grid.rows.map((row) => row.cells.join(' ')).join('\n');
	expect(text).toContain('Demodaten');
	expect(text).toMatch(/Pearson r = -?0,\d{3}/);
});

// ---- Gebietsprofil ------------------------------------------------------------

test('Gebietsprofil: indicator table as CSV and XLSX, one row per indicator', async ({ page }) => {
	await page.goto('/gebiet/?id=ot-tenever&jahr=2023');
	await expect(page.getByTestId('profile-title')).toContainText('Tenever', { timeout: 30_000 });
	await expect(page.locator('table.values tr[data-indicator]').first()).toBeVisible({ timeout: 30_000 });
	const indicators = await page.locator('table.values tbody tr[data-indicator]').count();
	const d = await download(page, 'export-profile-table', 'csv-de');
	expect(d.suggestedFilename()).toBe('sozialraum_gebietsprofil_ot_tenever_2023.csv');
	const { head, rows } = await csvDe(d);
	expect(head).toContain('Titel;Gebietsprofil Tenever (Ortsteil) 2023');
	expect(head).toMatch(/Hinweis;Demodaten/);
	expect(head).toContain('Quelle;"Demodaten (synthetisch, nicht amtlich); Datenjahr 2023"');
	expect(rows[0].slice(0, 7)).toEqual(['Bereich', 'Indikator', 'Indikator-ID', 'Einheit', 'Jahr', 'Wert Tenever', 'Stadt Bremen']);
	expect(rows).toHaveLength(indicators + 1);
	const sgb2 = rows.find((r) => r[2] === 'sgb2_quote')!;
	const screen = await page.locator('tr[data-indicator="sgb2_quote"] td.value').textContent();
	expect(Number(sgb2[5].replace(',', '.'))).toBeCloseTo(Number(screen!.replace(/[^\d,]/g, '').replace(',', '.')), 5);

	const x = await download(page, 'export-profile-table', 'xlsx');
	const { readXlsx } = await import('../../src/lib/import/xlsx.ts');
	const data = await readXlsx(new Uint8Array(await bytesOf(x)));
	expect(data.sheets).toEqual(['Daten', 'Quellen und Methode']);
	expect(data.grid.rows).toHaveLength(indicators + 1);
	expect(typeof data.grid.rows.find((r) => r.cells[2] === 'sgb2_quote')!.cells[5]).toBe('number');
});
