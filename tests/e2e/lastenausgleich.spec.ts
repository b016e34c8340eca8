/**
 * The Lastenausgleich view in the built site: live sliders with an exact sum, the same
 * amounts as the CLI, per-capita at α = 0, saved scenarios, the permalink, the real
 * Stadtteil facts, the fairness checks, the exports and the status-quo import.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { de, guardOffline } from './helpers.ts';

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

/** The CLI's allocation for the same settings (CSV stadtteil_id,…,amount,per_capita). */
function cliAllocate(args: string[]): Map<string, { population: number; amount: number; per_capita: string }> {
	const csv = execFileSync('npx', ['tsx', 'scripts/indicators.ts', 'allocate', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	const [header, ...lines] = csv.trim().split('\n');
	const cols = header.split(',');
	return new Map(
		lines.map((line) => {
			const cells = line.split(',');
			const row = Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
			return [row.stadtteil_id, { population: Number(row.population), amount: Number(row.amount), per_capita: row.per_capita }];
		})
	);
}

async function openAllocation(page: Page, query = '') {
	await page.goto(`/lastenausgleich/${query}`);
	await expect(page.getByTestId('allocation-table').locator('tbody tr')).toHaveCount(23, { timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

/** "1.234" / "+1.234" / "−5" → number */
const deNumber = (text: string) => Number(text.trim().replace(/\./g, '').replace('−', '-').replace('+', '').replace(',', '.'));

/** One column of the table per Stadtteil id, as numbers. */
async function column(page: Page, col: string): Promise<Map<string, number>> {
	const cells = await page
		.locator('[data-testid="allocation-table"] tbody tr')
		.evaluateAll((rows, c) => rows.map((r) => [r.getAttribute('data-area-id')!, r.querySelector(`td[data-col="${c}"]`)?.textContent ?? ''] as const), col);
	return new Map(cells.map(([id, text]) => [id, deNumber(text)]));
}

const total = (m: Map<string, number>) => [...m.values()].reduce((s, x) => s + x, 0);

test('moving α changes the amounts while the sum stays exactly the budget', async ({ page }) => {
	await openAllocation(page);
	await expect(page.getByTestId('sum-amount')).toHaveText('1.000.000');
	const before = await column(page, 'amount');
	expect(total(before)).toBe(1_000_000);

	await page.getByTestId('alpha-a').fill('0.9');
	await expect(page.getByTestId('alpha-value-a')).toHaveText('0,90');
	await expect.poll(async () => (await column(page, 'amount')).get('st-groepelingen')).toBeGreaterThan(before.get('st-groepelingen')!);
	const after = await column(page, 'amount');
	expect(after.get('st-schwachhausen')).toBeLessThan(before.get('st-schwachhausen')!);
	expect(total(after)).toBe(1_000_000);
	await expect(page.getByTestId('sum-amount')).toHaveText('1.000.000');
	await expect(page).toHaveURL(/alpha=0\.9/);

	// the budget field reads German numbers: thousands dots, and refuses ambiguous input
	const budget = page.getByTestId('budget-a');
	await budget.fill('2.500.000');
	await budget.press('Enter');
	await expect(page.getByTestId('sum-amount')).toHaveText('2.500.000');
	await expect(budget).toHaveValue('2.500.000');
	expect(total(await column(page, 'amount'))).toBe(2_500_000);
	await budget.fill('1.5');
	await budget.press('Enter');
	await expect(page.getByTestId('budget-error-a')).toContainText('keine Zahl in deutscher Schreibweise');
	await expect(page.getByTestId('sum-amount')).toHaveText('2.500.000');
});

test('the table equals the CLI allocation for the same settings', async ({ page }) => {
	const cli = cliAllocate(['--budget', '1000000', '--alpha', '0.5']);
	expect(cli.size).toBe(23);
	await openAllocation(page);
	const amounts = await column(page, 'amount');
	const perCapita = await column(page, 'per-capita');
	for (const [id, row] of cli) {
		expect(amounts.get(id), id).toBe(row.amount);
		expect(perCapita.get(id), id).toBeCloseTo(Number(row.per_capita), 2);
	}
	const mitte = page.locator('[data-testid="allocation-table"] tr[data-area-id="st-mitte"] td');
	await expect(mitte.nth(1)).toHaveText(de(cli.get('st-mitte')!.population, 0));
	await expect(mitte.nth(5)).toHaveText(de(cli.get('st-mitte')!.amount, 0));
});

test('α = 0 gives the per-capita amounts', async ({ page }) => {
	await openAllocation(page);
	await page.getByTestId('alpha-a').fill('0');
	await expect(page.getByTestId('alpha-value-a')).toHaveText('0,00');
	await expect.poll(async () => Math.max(...[...(await column(page, 'diff-per-capita')).values()].map(Math.abs))).toBeLessThanOrEqual(1);
	// and independently of the app's own column: B · Pₛ / ΣP
	const rows = await page
		.locator('[data-testid="allocation-table"] tbody tr')
		.evaluateAll((trs) => trs.map((r) => [r.querySelectorAll('td')[1].textContent ?? '', r.querySelector('td[data-col="amount"]')?.textContent ?? '']));
	const population = rows.map(([p]) => deNumber(p));
	const amount = rows.map(([, a]) => deNumber(a));
	const sumP = population.reduce((s, x) => s + x, 0);
	population.forEach((p, i) => expect(Math.abs(amount[i] - (1_000_000 * p) / sumP)).toBeLessThan(1));
	await expect(page.getByTestId('sum-amount')).toHaveText('1.000.000');
	await expect(page.getByTestId('concentration-a')).toContainText('0,000');
});

test('all fairness checks pass for the default scenario', async ({ page }) => {
	await openAllocation(page);
	const checks = page.getByTestId('checks-a').locator('li');
	await expect(checks).toHaveCount(5);
	for (const li of await checks.all()) {
		await expect(li).toHaveAttribute('data-ok', 'true');
		await expect(li.locator('.mark')).toHaveText('✓');
	}
	await expect(page.getByTestId('checks-a')).toContainText('Summe gleich Budget');
	await expect(page.getByTestId('checks-a')).toContainText('genau das Budget von 1.000.000 €');
	await expect(page.getByTestId('fifth-a')).toContainText('Gröpelingen');
	// the Stadtteil without a need value is marked, in the table and in the notes
	await expect(page.locator('[data-testid="allocation-table"] tr[data-area-id="st-haefen"] td[data-col="need"]')).toHaveText('fehlt');
	await expect(page.getByTestId('row-flags').locator('li[data-area-id="st-haefen"]')).toContainText('kein verlässlicher Bedarfswert');
	await expect(page.getByTestId('notes-a')).toContainText('Häfen');
});

test('a saved scenario survives a reload', async ({ page }) => {
	await openAllocation(page);
	await page.getByTestId('alpha-a').fill('0.7');
	const budget = page.getByTestId('budget-a');
	await budget.fill('2.000.000');
	await budget.press('Enter');
	await expect(page.getByTestId('sum-amount')).toHaveText('2.000.000');
	await page.getByTestId('scenario-name').fill('Jugend 2026');
	await page.getByTestId('scenario-save').click();
	await expect(page.getByTestId('library-message')).toContainText('Gespeichert als „Jugend 2026“');

	await openAllocation(page); // fresh page, default settings
	await expect(page.getByTestId('alpha-value-a')).toHaveText('0,50');
	const entry = page.locator('[data-testid="scenario-list"] li[data-name="Jugend 2026"]');
	await expect(entry).toContainText('2.000.000 €, α 0,70');
	await entry.getByTestId('scenario-load').click();
	await expect(page.getByTestId('alpha-value-a')).toHaveText('0,70');
	await expect(page.getByTestId('sum-amount')).toHaveText('2.000.000');
	await expect(page).toHaveURL(/alpha=0\.7/);

	// export → delete → import restores it; a bad file changes nothing
	const download = page.waitForEvent('download');
	await page.getByTestId('scenario-export').click();
	const file = readFileSync(await (await download).path(), 'utf8');
	expect(JSON.parse(file).scenarios[0].name).toBe('Jugend 2026');
	page.once('dialog', (d) => d.accept());
	await entry.getByTestId('scenario-delete').click();
	await expect(entry).toHaveCount(0);
	await page.getByTestId('scenario-import').setInputFiles({ name: 'kaputt.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"x"}') });
	await expect(page.getByTestId('library-message')).toContainText('keine Szenario-Datei');
	await page.getByTestId('scenario-import').setInputFiles({ name: 'szenarien.json', mimeType: 'application/json', buffer: Buffer.from(file) });
	await expect(page.getByTestId('library-message')).toContainText('1 Szenario(s) übernommen: Jugend 2026');
	await expect(entry).toHaveCount(1);
});

test('the permalink restores both scenarios and the status quo', async ({ page, context }) => {
	await openAllocation(page);
	await page.getByTestId('alpha-a').fill('0.8');
	await page.getByTestId('add-b').click();
	await expect(page.getByTestId('allocation-table').locator('thead')).toContainText('B − A');
	await page.getByTestId('alpha-b').fill('0.2');
	const budgetB = page.getByTestId('budget-b');
	await budgetB.fill('1.200.000');
	await budgetB.press('Enter');
	await expect(page.getByTestId('sum-amount-b')).toHaveText('1.200.000');
	await page.getByTestId('sq-st-mitte').fill('40.000');
	await page.getByTestId('sq-st-mitte').press('Enter');
	await expect(page.getByTestId('sum-status-quo')).toHaveText('40.000');
	await expect(page).toHaveURL(/sq=st-mitte%3A40000/);
	const table = await page.getByTestId('allocation-table').innerText();
	const url = page.url();

	const other = await context.newPage();
	const otherExternal = await guardOffline(other);
	await openAllocation(other, new URL(url).search);
	await expect(other.getByTestId('alpha-value-a')).toHaveText('0,80');
	await expect(other.getByTestId('alpha-value-b')).toHaveText('0,20');
	await expect(other.getByTestId('budget-b')).toHaveValue('1.200.000');
	await expect(other.getByTestId('sq-st-mitte')).toHaveValue('40.000');
	await expect.poll(() => other.getByTestId('allocation-table').innerText()).toBe(table);
	// B − A per Stadtteil is B's amount minus A's
	const a = await column(other, 'amount');
	const b = await column(other, 'amount-b');
	const diff = await column(other, 'diff-ba');
	for (const [id, x] of a) expect(diff.get(id), id).toBe(b.get(id)! - x);
	expect(otherExternal).toEqual([]);
});

test('the real Stadtteil facts show their source and give the CLI amounts', async ({ page }) => {
	await openAllocation(page);
	await expect(page.getByTestId('source-label')).toContainText('Demodaten');
	await page.getByTestId('source-fakten').check();
	const label = page.getByTestId('source-label');
	await expect(label).toContainText('Reale Stadtteil-Fakten, Stichtag 31.12.2016 (Sekundärquelle)');
	await expect(label).toContainText('Statistisches Landesamt Bremen');
	await expect(label).not.toContainText('Demodaten');
	await expect(page).toHaveURL(/quelle=fakten/);
	await expect(page.getByTestId('need-a')).toHaveValue('arbeitslosenquote_pct');
	await expect(page.locator('[data-testid="allocation-table"] tr[data-area-id="st-mitte"] td').nth(1)).toHaveText('18.246');
	const cli = cliAllocate(['--budget', '1000000', '--alpha', '0.5', '--facts']);
	await expect.poll(async () => (await column(page, 'amount')).get('st-mitte')).toBe(cli.get('st-mitte')!.amount);
	const amounts = await column(page, 'amount');
	for (const [id, row] of cli) expect(amounts.get(id), id).toBe(row.amount);
	await expect(page.getByTestId('sum-amount')).toHaveText('1.000.000');
	for (const li of await page.getByTestId('checks-a').locator('li').all()) await expect(li).toHaveAttribute('data-ok', 'true');
});

test('CSV export for German Excel names the data source and sums to the budget', async ({ page }) => {
	await openAllocation(page);
	const download = page.waitForEvent('download');
	await page.getByTestId('export-csv').click();
	const bytes = readFileSync(await (await download).path());
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const lines = bytes.toString('utf8').slice(1).split('\r\n');
	expect(lines[0]).toContain('Stadtteillastenausgleich');
	expect(lines[1]).toMatch(/^Datenquelle;Demodaten/);
	expect(lines.some((l) => l.includes('α = 0,5'))).toBe(true);
	const header = lines.findIndex((l) => l.startsWith('Stadtteil-ID;'));
	const cols = lines[header].split(';');
	const amountCol = cols.indexOf('Betrag A (€)');
	const body = lines.slice(header + 1).filter((l) => l.startsWith('st-'));
	expect(body).toHaveLength(23);
	expect(body.reduce((s, l) => s + Number(l.split(';')[amountCol]), 0)).toBe(1_000_000);
	const sum = lines.find((l) => l.startsWith(';Summe;'))!;
	expect(sum.split(';')[amountCol]).toBe('1000000');
	expect(body.find((l) => l.startsWith('st-mitte;'))!.split(';')[cols.indexOf('€ je Person A')]).toMatch(/^\d+,\d\d$/);
});

test('XLSX export: data sheet with 23 Stadtteile and a sum row of exactly B, sources sheet with the scenario', async ({ page }) => {
	await openAllocation(page);
	const download = page.waitForEvent('download');
	await page.getByTestId('export-xlsx').click();
	const bytes = new Uint8Array(readFileSync(await (await download).path()));
	const { readXlsx } = await import('../../src/lib/import/xlsx.ts');
	const data = await readXlsx(bytes);
	expect(data.sheets).toEqual(['Daten', 'Quellen und Methode']);
	const header = data.grid.rows[0].cells;
	const amount = header.indexOf('Betrag A (€)');
	const body = data.grid.rows.slice(1).filter((r) => String(r.cells[0]).startsWith('st-'));
	expect(body).toHaveLength(23);
	expect(body.reduce((s, r) => s + (r.cells[amount] as number), 0)).toBe(1_000_000);
	expect(data.grid.rows.find((r) => r.cells[1] === 'Summe')!.cells[amount]).toBe(1_000_000);
	const info = await readXlsx(bytes, 'Quellen und Methode');
	const text = info.grid.rows.map((r) => r.cells.join(' ')).join('\n');
	expect(text).toContain('Demodaten');
	expect(text).toContain('α = 0,5');
});

test('a status-quo CSV is imported, a bad one refused in German, and the cap holds', async ({ page }) => {
	await openAllocation(page);
	const input = page.getByTestId('sq-import');
	await input.setInputFiles({ name: 'falsch.csv', mimeType: 'text/csv', buffer: Buffer.from('Stadtteil;Betrag\nAtlantis;1.000\nMitte;abc\n') });
	await expect(page.getByTestId('sq-message')).toContainText('Stadtteil „Atlantis“ unbekannt');
	await expect(page.getByTestId('sq-message')).toContainText('Zeile 3');
	await expect(page.getByTestId('sq-message')).toContainText('bleibt unverändert');
	await expect(page.getByTestId('sum-status-quo')).toHaveText('–');

	// status quo = per-capita shares of 1 Mio. (as German Excel writes it), then cap ±5 % at α = 1
	const cli = cliAllocate(['--budget', '1000000', '--alpha', '0']);
	const csv = ['Stadtteil;Betrag (€)', ...[...cli].map(([id, r]) => `${id};${de(r.amount, 2)}`)].join('\r\n');
	await input.setInputFiles({ name: 'status-quo.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + csv) });
	await expect(page.getByTestId('sq-message')).toContainText('23 Stadtteile, zusammen 1.000.000 €');
	await expect(page.getByTestId('sum-status-quo')).toHaveText('1.000.000');
	await page.getByTestId('alpha-a').fill('1');
	await page.getByTestId('cap-on-a').check();
	await page.getByTestId('cap-a').fill('5');
	await expect(page.getByTestId('cap-value-a')).toHaveText('5 %');
	await expect(page.locator('[data-testid="checks-a"] li[data-check="kappung"]')).toHaveAttribute('data-ok', 'true');
	await expect(page.getByTestId('sum-amount')).toHaveText('1.000.000');
	const amounts = await column(page, 'amount');
	for (const [id, r] of cli) {
		expect(amounts.get(id)!, id).toBeGreaterThanOrEqual(Math.ceil(r.amount * 0.95));
		expect(amounts.get(id)!, id).toBeLessThanOrEqual(Math.floor(r.amount * 1.05));
	}
});

test('full-page screenshot', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await openAllocation(page, '?alpha=0.6&b_budget=1000000&b_alpha=0.3&b_sockel=0.1&b_ziel=unter_18&sq=st-mitte:40000');
	await expect(page.getByTestId('checks-b').locator('li')).toHaveCount(5);
	await page.screenshot({ path: 'reports/lastenausgleich.png', fullPage: true });
	expect(errors).toEqual([]);
});
