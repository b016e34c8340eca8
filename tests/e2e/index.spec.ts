import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { de, guardOffline, mapPixelStats } from './helpers.ts';

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

/** The CLI's index table for the same settings, as the reference for the browser. */
function cliIndex(args: string[]): Map<string, Record<string, string>> {
	const csv = execFileSync('npx', ['tsx', 'scripts/indicators.ts', 'index', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	const [header, ...lines] = csv.trim().split('\n');
	const cols = header.split(',');
	return new Map(
		lines.map((line) => {
			const cells = line.split(',');
			return [cells[0], Object.fromEntries(cols.map((c, i) => [c, cells[i]]))];
		})
	);
}

async function openIndex(page: import('@playwright/test').Page, query = '') {
	await page.goto(`/ausgrenzungsindex/${query}`);
	await expect(page.getByTestId('index-table').locator('tbody tr')).toHaveCount(88, { timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

const cellText = (page: import('@playwright/test').Page, id: string, col: number) =>
	page.locator(`[data-testid="index-table"] tr[data-area-id="${id}"] td`).nth(col);

test('the index view shows the same numbers as the CLI', async ({ page }) => {
	const cli = cliIndex(['--year', '2023']);
	await openIndex(page, '?jahr=2023');
	for (const id of ['ot-ohlenhof', 'ot-tenever', 'ot-schwachhausen', 'ot-borgfeld']) {
		const row = cli.get(id)!;
		await expect(cellText(page, id, 1)).toHaveText(de(Number(row.index), 2));
		await expect(cellText(page, id, 2)).toHaveText(row.class);
		await expect(cellText(page, id, 3)).toHaveText(row.rank);
		await expect(cellText(page, id, 4)).toHaveText(`${row.rank_p05}–${row.rank_p95}`);
		await expect(cellText(page, id, 5)).toHaveText(de(Number(row.materiell), 2));
	}
	// areas without enough reliable values get no index, not a zero
	await expect(cellText(page, 'ot-industriehaefen', 1)).toHaveText('–');
});

test('changing a weight changes the map, the ranks and the rank bands, and reset restores them', async ({ page }) => {
	await openIndex(page, '?jahr=2023');
	const before = await mapPixelStats(page);
	const bandsBefore = await page.getByTestId('rank-bands').innerHTML();
	const tableBefore = await page.getByTestId('index-table').innerText();
	await page.locator('input[data-weight="symbolisch"]').fill('3');
	await expect(page).toHaveURL(/w=symbolisch%3A3/);
	await expect.poll(async () => (await mapPixelStats(page)).hash).not.toBe(before.hash);
	await expect.poll(() => page.getByTestId('rank-bands').innerHTML()).not.toBe(bandsBefore);
	expect(await page.getByTestId('index-table').innerText()).not.toBe(tableBefore);
	// the same weights from the CLI give the same index
	const cli = cliIndex(['--year', '2023', '--weights', 'symbolisch:3']);
	await expect(cellText(page, 'ot-altstadt', 1)).toHaveText(de(Number(cli.get('ot-altstadt')!.index), 2));
	await page.getByTestId('reset-weights').click();
	await expect.poll(() => page.getByTestId('index-table').innerText()).toBe(tableBefore);
});

test('a status × dynamic cell highlights its areas on the map and in the table', async ({ page }) => {
	await openIndex(page, '?jahr=2023&seit=2019');
	const cell = page.locator('[data-testid="status-dynamic-matrix"] button:not([disabled])').first();
	const count = Number(await cell.innerText());
	expect(count).toBeGreaterThan(0);
	await cell.click();
	await expect(page.locator('[data-testid="index-table"] tr.highlighted')).toHaveCount(count);
	const filter = await page.evaluate(() => (window as any).__sozialraumMap.getFilter('highlight'));
	expect(filter[2][1]).toHaveLength(count);
});

test('the method page lists formulas, active weights and every indicator sheet', async ({ page }) => {
	await openIndex(page, '?jahr=2023&w=materiell%3A2');
	await page.getByTestId('method-link').click();
	await expect(page.getByTestId('method-page')).toContainText('Statusindex = Σ zᵢ ÷ SD(Σ z)');
	await expect(page.getByTestId('method-weights').locator('tr.factor').first()).toContainText('2,00');
	await expect(page.locator('section.sheet')).toHaveCount(21);
	await expect(page.locator('section.sheet[data-indicator="wahlbeteiligung"]')).toContainText('höher = weniger benachteiligt');
});

test('setting a weight back to its default removes it from the permalink', async ({ page }) => {
	await openIndex(page, '?jahr=2023');
	await page.locator('input[data-weight="sozial"]').fill('2');
	await expect(page).toHaveURL(/w=sozial%3A2/);
	await page.locator('input[data-weight="sozial"]').fill('1');
	await expect(page).not.toHaveURL(/w=/);
});
