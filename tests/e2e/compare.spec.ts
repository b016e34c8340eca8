import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { arrowValues, de, guardOffline, openMap, pointInArea } from './helpers.ts';
import { pearson, spearman } from '../../src/lib/engine/correlation.ts';

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

const OSTERHOLZ = ['ot-ellener-feld', 'ot-ellenerbrok-schevemoor', 'ot-tenever', 'ot-osterholz', 'ot-blockdiek'];

/** A value from the Arrow file, summed over Ortsteile like the engine (Σ numerators / Σ denominators × 100). */
function rate(indicator: string, year: number, ortsteile: string[]): number {
	const rows = arrowValues().filter((r) => r.indicator_id === indicator && r.year === year && ortsteile.includes(r.area_id));
	expect(rows).toHaveLength(ortsteile.length);
	return (rows.reduce((s, r) => s + r.numerator, 0) / rows.reduce((s, r) => s + r.denominator, 0)) * 100;
}
const allOrtsteile = () => [...new Set(arrowValues().map((r) => r.area_id as string))];
/** "+4,2 Pp." as the app writes a change of a share. */
const pp = (x: number) => `${x >= 0 ? '+' : '−'}${de(Math.abs(x))} Pp.`;

async function engineReady(page: Page) {
	await expect(page.getByTestId('engine-status')).toHaveText(/DuckDB bereit/, { timeout: 30_000 });
}

test('a planner compares Tenever with Osterholz and the city, over time, and sends the link — in under a minute', async ({ page, browser }) => {
	const started = Date.now();
	// 1. On the map, click Tenever and open its profile.
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=ortsteil');
	const p = await pointInArea(page, 'ot-tenever');
	await page.mouse.click(p.x, p.y);
	await page.getByTestId('open-profile').click();
	await expect(page).toHaveURL(/\/gebiet\/\?id=ot-tenever&jahr=2023/);
	await expect(page.getByTestId('profile-title')).toContainText('Tenever');
	await engineReady(page);

	// 2. Add it to a comparison (starts with the city as reference), then find Osterholz (the Stadtteil).
	await page.getByTestId('add-to-comparison').click();
	await expect(page).toHaveURL(/\/vergleich\/\?gebiete=ot-tenever,stadt-bremen/);
	await page.getByTestId('area-search').fill('Osterh');
	const results = page.getByTestId('area-search-results');
	await expect(results.locator('li')).toHaveCount(2); // the Stadtteil and the Ortsteil Osterholz
	await results.locator('li[data-area-id="st-osterholz"]').click();
	await expect(page).toHaveURL(/gebiete=ot-tenever,st-osterholz,stadt-bremen/);

	// 3. Every indicator, each area, with the change since 2015 — checked against the Arrow file.
	const table = page.getByTestId('compare-table');
	const sgb2 = table.locator('tr[data-indicator="sgb2_quote"]');
	const tenever23 = rate('sgb2_quote', 2023, ['ot-tenever']);
	const tenever15 = rate('sgb2_quote', 2015, ['ot-tenever']);
	const osterholz23 = rate('sgb2_quote', 2023, OSTERHOLZ);
	const city23 = rate('sgb2_quote', 2023, allOrtsteile());
	await expect(sgb2.locator('td[data-area-id="ot-tenever"] .v')).toHaveText(`${de(tenever23)} %`);
	await expect(sgb2.locator('td[data-area-id="ot-tenever"] .chg')).toHaveText(pp(tenever23 - tenever15));
	await expect(sgb2.locator('td[data-area-id="st-osterholz"] .v')).toHaveText(`${de(osterholz23)} %`);
	await expect(sgb2.locator('td[data-area-id="stadt-bremen"] .v')).toHaveText(`${de(city23)} %`);
	const catalogueSize = await page.locator('[data-testid="compare-table"] tbody tr[data-indicator]').count();
	expect(catalogueSize).toBeGreaterThanOrEqual(20);
	await expect(page.getByTestId('compare-bars').locator('.panel')).toHaveCount(catalogueSize);

	// 4. How did it change since 2015? Line chart and slope chart of the chosen indicator.
	await sgb2.locator('button.ind').click();
	await expect(page.getByTestId('time-lines').locator('.series')).toHaveCount(3);
	await expect(page.getByTestId('time-lines').locator('.series[data-area-id="ot-tenever"] circle.pt')).toHaveCount(9);
	const slope = page.getByTestId('slope-chart');
	await expect(slope.locator('.slope[data-area-id="ot-tenever"] .to-label')).toContainText(pp(tenever23 - tenever15));

	// 5. Send the answer as a link: a fresh browser opens exactly this view.
	const link = await page.getByTestId('permalink').inputValue();
	expect(link).toContain('/vergleich/?gebiete=ot-tenever,st-osterholz,stadt-bremen&jahr=2023&indikator=sgb2_quote&von=2015');
	expect(Date.now() - started, 'the whole flow, including engine start-up').toBeLessThan(60_000);

	const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const second = await other.newPage();
	await guardOffline(second);
	await second.goto(link);
	await engineReady(second);
	await expect(second.getByTestId('chosen-areas').locator('li')).toHaveCount(3);
	const row = second.getByTestId('compare-table').locator('tr[data-indicator="sgb2_quote"]');
	await expect(row.locator('td[data-area-id="ot-tenever"] .chg')).toHaveText(pp(tenever23 - tenever15));
	await expect(second.getByTestId('indicator-select')).toHaveValue('sgb2_quote');
	expect(second.url()).toBe(link);
	await other.close();
});

test('the profile shows every indicator against the city, ranks, gaps in turnout and the factor profile', async ({ page }) => {
	await page.goto('/gebiet/?id=ot-tenever&jahr=2023');
	await engineReady(page);
	const row = page.locator('tr[data-indicator="sgb2_quote"]');
	const tenever = rate('sgb2_quote', 2023, ['ot-tenever']);
	const city = rate('sgb2_quote', 2023, allOrtsteile());
	await expect(row.locator('td.value')).toHaveText(`${de(tenever)} %`);
	await expect(row.locator('td.diff')).toContainText(pp(tenever - city));
	// rank among the reliable Ortsteile (1 = highest), computed here from the Arrow file
	const reliable = arrowValues().filter((r) => r.indicator_id === 'sgb2_quote' && r.year === 2023 && r.reliable);
	const rank = 1 + reliable.filter((r) => r.value > tenever).length;
	await expect(row).toContainText(`${rank} von ${reliable.length}`);
	// turnout exists only in election years: three dots, no line between them
	const turnout = page.locator('tr[data-indicator="wahlbeteiligung"] [data-testid="sparkline"]');
	await expect(turnout.locator('circle.pt')).toHaveCount(3);
	expect(await turnout.locator('path.area').getAttribute('d')).not.toContain('L');
	await expect(page.locator('tr[data-indicator="sgb2_quote"] [data-testid="sparkline"] circle.pt')).toHaveCount(9);
	await expect(page.getByTestId('factor-profile').locator('.factor')).toHaveCount(5);
	await expect(page.getByTestId('index-rank')).toHaveText(/^\d+$/);
	await expect(page.getByTestId('rank-band')).toHaveText(/^\d+–\d+$/);
	await expect(page.getByTestId('locator').locator('path.on')).toHaveCount(1);
	// parent and siblings are links to their profiles
	await page.getByTestId('parent-link').filter({ hasText: 'Osterholz' }).click();
	await expect(page.getByTestId('profile-title')).toContainText('Osterholz');
	await expect(page.getByTestId('profile-title')).toContainText('Stadtteil');
	await expect(page.getByTestId('child-links').locator('a')).toHaveCount(5);
});

test('brushing points in the scatter plot outlines their areas on the map and in the table; a map click marks its point', async ({ page }) => {
	await page.goto('/zusammenhang/?x=sgb2_quote&y=wahlbeteiligung&ebene=ortsteil&jahr=2023');
	await engineReady(page);
	await expect(page.getByTestId('pearson')).toHaveText(/^-?0,\d{3}$/);
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });

	// Drag a rectangle over the left half of the plot (low SGB-II quote).
	const box = (await page.getByTestId('relation-scatter').boundingBox())!;
	await page.mouse.move(box.x + 66, box.y + 18);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.6, { steps: 8 });
	await page.mouse.up();
	const brushed = await page.locator('[data-testid="relation-scatter"] circle.pt[data-brushed="true"]').evaluateAll((els) =>
		els.map((e) => e.getAttribute('data-area-id')!)
	);
	expect(brushed.length).toBeGreaterThan(2);
	await expect(page.getByTestId('brush-summary')).toContainText(`${brushed.length} Ortsteile ausgewählt`);
	// the map outlines exactly these areas
	const highlighted = await page.evaluate(() => (window as any).__sozialraumMap.getFilter('highlight')[2][1] as string[]);
	expect([...highlighted].sort()).toEqual([...brushed].sort());
	await expect(page.locator('[data-testid="relation-table"] tr.brushed')).toHaveCount(brushed.length);
	await expect(page).toHaveURL(new RegExp(`auswahl=${brushed[0]}`));

	// A click on Tenever in the map marks its point and its row.
	await page.locator('.map').scrollIntoViewIfNeeded();
	const p = await pointInArea(page, 'ot-tenever');
	await page.mouse.click(p.x, p.y);
	await expect(page.locator('[data-testid="relation-scatter"] circle.pt[data-area-id="ot-tenever"]')).toHaveAttribute('data-selected', 'true');
	await expect(page.locator('[data-testid="relation-table"] tr[data-area-id="ot-tenever"]')).toHaveClass(/selected/);
	await expect(page).toHaveURL(/gebiet=ot-tenever/);

	// The selection is a history entry: back removes it, the brush stays.
	await page.goBack();
	await expect(page).not.toHaveURL(/gebiet=ot-tenever/);
	await expect(page.locator('[data-testid="relation-scatter"] circle.pt[data-selected="true"]')).toHaveCount(0);
	await expect(page.locator('[data-testid="relation-table"] tr.brushed')).toHaveCount(brushed.length);

	// Reloading the permalink gives the same view: same brushed areas, same statistics.
	await page.goForward();
	await expect(page).toHaveURL(/gebiet=ot-tenever/);
	const pearson = await page.getByTestId('pearson').textContent();
	await page.reload();
	await engineReady(page);
	await expect(page.getByTestId('pearson')).toHaveText(pearson!);
	await expect(page.locator('[data-testid="relation-scatter"] circle.pt[data-brushed="true"]')).toHaveCount(brushed.length);
	await expect(page.locator('[data-testid="relation-scatter"] circle.pt[data-area-id="ot-tenever"]')).toHaveAttribute('data-selected', 'true');
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
	const after = await page.evaluate(() => (window as any).__sozialraumMap.getFilter('highlight')[2][1] as string[]);
	expect([...after].sort()).toEqual([...brushed].sort());
});

test('the statistics are those of the engine on the Arrow values, and outliers are named', async ({ page }) => {
	// Stadtteile: 23 points; each value Σ numerators / Σ denominators of its Ortsteile.
	await page.goto('/zusammenhang/?x=arbeitslosenziffer&y=sgb2_quote&ebene=stadtteil&jahr=2023&groesse=1');
	await engineReady(page);
	await expect(page.getByTestId('size-toggle')).toBeChecked();
	const rows = page.locator('[data-testid="relation-table"] tbody tr');
	await expect(rows).toHaveCount(23);
	const unused = await page.locator('[data-testid="relation-table"] tbody tr.unused').evaluateAll((els) => els.map((e) => e.getAttribute('data-area-id')));
	const areas = tableFromIPC(readFileSync('static/data/areas.arrows')).toArray().map((r) => r.toJSON());
	const stadtteile = areas.filter((a) => a.level === 'stadtteil' && !unused.includes(a.id));
	const members = (id: string) => areas.filter((a) => a.level === 'ortsteil' && a.stadtteil_id === id).map((a) => a.id as string);
	const x = stadtteile.map((s) => rate('arbeitslosenziffer', 2023, members(s.id)));
	const y = stadtteile.map((s) => rate('sgb2_quote', 2023, members(s.id)));
	await expect(page.getByTestId('pearson')).toHaveText(de(pearson(x, y), 3));
	await expect(page.getByTestId('spearman')).toHaveText(de(spearman(x, y), 3));
	const outlierText = await page.getByTestId('outliers').textContent();
	const labelled = await page.locator('[data-testid="relation-scatter"] .outlier-labels text').allTextContents();
	expect(outlierText === 'keine' ? [] : outlierText!.split(', ')).toEqual(labelled.length ? expect.arrayContaining(labelled) : []);
});

test('comparison: add and remove areas with back/forward, and the search sorts German names', async ({ page }) => {
	await page.goto('/vergleich/?gebiete=ot-tenever,stadt-bremen&jahr=2023');
	await engineReady(page);
	// German order: Östliche Vorstadt among the O-names, not after Z
	await page.getByTestId('area-search').fill('ost');
	const names = await page.getByTestId('area-search-results').locator('.name').allTextContents();
	expect(names).toContain('Östliche Vorstadt');
	expect(names.indexOf('Östliche Vorstadt')).toBeGreaterThan(names.indexOf('Ostertor'));
	// names starting with the query first, each group in German order
	const starting = names.filter((n) => /^[OÖ]st/.test(n));
	expect(names.slice(0, starting.length)).toEqual([...starting].sort((a, b) => a.localeCompare(b, 'de')));
	expect(names.slice(starting.length)).toContain('Neue Vahr Südost');
	await page.getByTestId('area-search').fill('gröpel');
	await page.getByTestId('area-search').press('ArrowDown');
	await page.getByTestId('area-search').press('Enter');
	await expect(page.getByTestId('chosen-areas').locator('li')).toHaveCount(3);
	await expect(page).toHaveURL(/gebiete=ot-tenever,[a-z-]*groepelingen,stadt-bremen/);
	await page.goBack();
	await expect(page.getByTestId('chosen-areas').locator('li')).toHaveCount(2);
	await page.goForward();
	await expect(page.getByTestId('chosen-areas').locator('li')).toHaveCount(3);
	await page.getByTestId('chosen-areas').locator('li[data-area-id="ot-tenever"] [data-testid="remove-area"]').click();
	await expect(page).toHaveURL(/gebiete=[a-z-]*groepelingen,stadt-bremen&/);
	// the year is tuned in place (no new history entry)
	await page.getByTestId('year-select').selectOption('2019');
	await expect(page).toHaveURL(/jahr=2019/);
	await page.goBack();
	await expect(page.getByTestId('chosen-areas').locator('li')).toHaveCount(3);
});

test('map: classification options live in the URL, and the ranking table moves the selection with arrow keys', async ({ page }) => {
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=stadtteil');
	await page.getByTestId('class-method').selectOption('jenks');
	await page.getByTestId('class-count').selectOption('4');
	await page.getByTestId('class-palette').selectOption('ylorrd');
	await expect(page).toHaveURL(/methode=jenks&klassen=4&palette=ylorrd/);
	await expect(page.getByTestId('legend')).toContainText('Natürliche Brüche');
	await expect(page.getByTestId('legend').locator('li .swatch').first()).toHaveCSS('background-color', 'rgb(255, 255, 178)');
	await page.reload();
	await expect(page.getByTestId('engine-status')).toHaveText(/DuckDB bereit/, { timeout: 30_000 });
	await expect(page.getByTestId('class-method')).toHaveValue('jenks');
	await expect(page.getByTestId('legend')).toContainText('(4 Klassen)');

	await page.getByTestId('class-method').selectOption('manual');
	await page.getByTestId('class-manual').fill('10; 20');
	await page.getByTestId('class-manual').press('Enter');
	await expect(page).toHaveURL(/methode=manuell&palette=ylorrd&grenzen=10,20/);
	await expect(page.getByTestId('legend').locator('li:not(:has(.hatch))')).toHaveCount(3);

	// Keyboard: focus the ranking, ↓ selects the first row, ↓ the second.
	const ranking = page.getByTestId('ranking');
	await ranking.focus();
	await page.keyboard.press('ArrowDown');
	const first = await ranking.locator('tbody tr').nth(0).getAttribute('data-area-id');
	await expect(page).toHaveURL(new RegExp(`gebiet=${first}`));
	await page.keyboard.press('ArrowDown');
	const second = await ranking.locator('tbody tr').nth(1).getAttribute('data-area-id');
	await expect(ranking.locator(`tr[data-area-id="${second}"]`)).toHaveClass(/selected/);
	await expect(page.getByTestId('area-panel')).toBeVisible();
	await expect(page.getByTestId('open-profile')).toHaveAttribute('href', new RegExp(`/gebiet/\\?id=${second}`));

	// A click on a row is a history entry (arrow keys are not): back returns to the keyboard selection.
	const third = await ranking.locator('tbody tr').nth(2).getAttribute('data-area-id');
	await ranking.locator(`tr[data-area-id="${third}"] td`).first().click();
	await expect(page).toHaveURL(new RegExp(`gebiet=${third}`));
	await page.goBack();
	await expect(page).toHaveURL(new RegExp(`gebiet=${second}`));
	await expect(ranking.locator(`tr[data-area-id="${second}"]`)).toHaveClass(/selected/);
	await expect(page.getByTestId('class-method')).toHaveValue('manual');
});
