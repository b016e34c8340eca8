import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { de, guardOffline, mapPixelStats, pointInArea } from './helpers.ts';

const TYPES = ['abspaltung', 'konfrontation', 'verunsicherung', 'desintegration'] as const;
const COLORS: Record<(typeof TYPES)[number], string> = {
	abspaltung: '#D55E00',
	konfrontation: '#0072B2',
	verunsicherung: '#CC79A7',
	desintegration: '#009E73'
};
const CRITERIA = JSON.parse(readFileSync('data/kilb-criteria.json', 'utf8'));
const CRITERION_KEYS: string[] = CRITERIA.typen.flatMap((t: { id: string; kriterien: { id: string }[] }) => t.kriterien.map((c) => `${t.id}.${c.id}`));

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

/** The CLI's Kilb table (optionally with another criteria file), the reference for the browser. */
function cliKilb(args: string[] = []): Map<string, Record<string, string>> {
	const csv = execFileSync('npx', ['tsx', 'scripts/indicators.ts', 'kilb', '--year', '2023', ...args], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore']
	});
	const [header, ...lines] = csv.trim().split('\n');
	const cols = header.split(',');
	return new Map(lines.map((l) => l.split(',')).map((cells) => [cells[0], Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']))]));
}

const cellOf = (page: Page, id: string, type: string) => page.locator(`[data-testid="kilb-table"] tr[data-area-id="${id}"] td[data-type="${type}"]`);
const shown = (cli: string) => (cli === '' ? '–' : de(Number(cli), 2));

async function openKilb(page: Page, query = '?jahr=2023') {
	await page.goto(`/quartierstypen/${query}`);
	await expect(page.getByTestId('kilb-table').locator('tbody tr')).toHaveCount(88, { timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

test('the map shows the types in their colours, with the same scores as the CLI', async ({ page }) => {
	const cli = cliKilb();
	await openKilb(page);
	await expect(page.getByTestId('kilb-note')).toContainText('Idealtypen zur Diskussion, keine Etiketten für Menschen');
	await expect(page.getByTestId('map-demo-note')).toContainText('Demodaten');

	// scores in the table = CLI, for Ortsteile with one, two and no type, and an unassessable harbour
	for (const id of ['ot-altstadt', 'ot-groepelingen', 'ot-tenever', 'ot-steffensweg', 'ot-industriehaefen']) {
		for (const t of TYPES) await expect(cellOf(page, id, t)).toHaveText(shown(cli.get(id)![t]));
	}
	// "mehrere Typen": fill = strongest assigned type, dashed outline = two or more types
	const multi = [...cli.values()].filter((r) => r.types.includes(';')).map((r) => r.area_id).sort();
	expect(multi.length).toBeGreaterThan(0);
	await expect
		.poll(async () => ((await page.evaluate(() => (window as any).__sozialraumMap.getFilter('highlight')))[2][1] as string[]).slice().sort())
		.toEqual(multi);
	const fillOf = (id: string) => page.evaluate((areaId) => (window as any).__sozialraumMap.getFeatureState({ source: 'areas', id: areaId }).color, id);
	const strongest = (row: Record<string, string>) =>
		row.types.split(';').filter(Boolean).sort((a, b) => Number(row[b]) - Number(row[a]))[0] as (typeof TYPES)[number];
	for (const id of ['ot-altstadt', 'ot-groepelingen', 'ot-tenever']) expect(await fillOf(id)).toBe(COLORS[strongest(cli.get(id)!)]);
	expect((await mapPixelStats(page)).coloured).toBeGreaterThan(1000);
	const legend = page.getByTestId('kilb-legend');
	await expect(legend).toContainText('zwei oder mehr Typen (umrandet)');
	await expect(legend).toContainText(`(${multi.length})`);

	// one type: coloured by its score; the toggle and the URL follow
	const before = await mapPixelStats(page);
	await page.locator('button[data-map="abspaltung"]').click();
	await expect(page).toHaveURL(/karte=abspaltung/);
	await expect.poll(async () => (await mapPixelStats(page)).hash).not.toBe(before.hash);
	await expect(legend).toContainText('Abspaltung: Wert 0–1');
	expect(await fillOf('ot-groepelingen')).toBe('rgb(213, 94, 0)'); // ≥ 0.75: the full type colour
	const assigned = [...cli.values()].filter((r) => r.types.split(';').includes('abspaltung')).length;
	await expect(page.locator('button[data-map="abspaltung"] .count')).toHaveText(String(assigned));

	await page.screenshot({ path: 'test-results/kilb-full-page.png', fullPage: true });
});

test('clicking an Ortsteil explains every criterion of every type', async ({ page }) => {
	await openKilb(page);
	await expect(page.getByTestId('why')).toContainText('Ein Ortsteil in der Karte oder Tabelle anklicken');
	const p = await pointInArea(page, 'ot-groepelingen');
	await page.mouse.click(p.x, p.y);
	await expect(page).toHaveURL(/gebiet=ot-groepelingen/);
	const why = page.getByTestId('why');
	await expect(why.locator('h2')).toHaveText('Warum? – Gröpelingen');
	await expect(why.locator('tr[data-criterion]')).toHaveCount(CRITERION_KEYS.length);
	for (const key of CRITERION_KEYS) await expect(why.locator(`tr[data-criterion="${key}"]`)).toHaveCount(1);
	await expect(page.getByTestId('why-types')).toContainText('Abspaltungsverstärker');
	// the status criterion: value, thresholds and contribution are shown
	const status = why.locator('tr[data-criterion="abspaltung.status"] td');
	await expect(status.nth(0)).toContainText('sehr niedriger Status');
	await expect(status.nth(0)).toContainText('muss');
	const statusRow = why.locator('tr[data-criterion="abspaltung.status"]');
	await expect(statusRow.locator('.ramp')).toHaveText('0 bei ≤ 0,75 · 1 bei ≥ 1,50');
	await expect(statusRow.locator('.membership')).toHaveText('1,00');
	await expect(statusRow.locator('.weight')).toHaveText('2');
	await expect(statusRow.locator('.contribution')).not.toHaveText('–');
	await expect(why.locator('tr[data-criterion="abspaltung.peripherie"] .value')).toContainText('km');
	await expect(why.locator('[data-type="abspaltung"] .calc')).toContainText('Gewichtetes Mittel');
	const cli = cliKilb().get('ot-groepelingen')!;
	for (const t of TYPES) await expect(page.getByTestId(`why-score-${t}`)).toHaveText(shown(cli[t]));
});

test('editing a threshold changes scores, map and URL like the CLI with the same criteria; reset restores them', async ({ page }) => {
	await openKilb(page, '?jahr=2023&karte=konfrontation');
	const before = await mapPixelStats(page);
	const steffensweg = await cellOf(page, 'ot-steffensweg', 'konfrontation').innerText();

	// central location up to 6 km instead of 3 km
	await page.locator('input[data-threshold="konfrontation.zentral.1"]').fill('6');
	await expect(page).toHaveURL(/s=konfrontation\.zentral%3A1\.5%7E6/);
	await expect(page).toHaveURL(/kv=1\.0\.0/);
	await expect.poll(async () => (await mapPixelStats(page)).hash).not.toBe(before.hash);
	await expect(cellOf(page, 'ot-steffensweg', 'konfrontation')).not.toHaveText(steffensweg);

	// the CLI with the same change in a criteria file gives the same scores
	const edited = structuredClone(CRITERIA);
	edited.typen.find((t: { id: string }) => t.id === 'konfrontation').kriterien.find((c: { id: string }) => c.id === 'zentral').schwellen = [1.5, 6];
	const file = join(mkdtempSync(join(tmpdir(), 'kilb-e2e-')), 'kriterien.json');
	writeFileSync(file, JSON.stringify(edited));
	const cli = cliKilb(['--criteria', file]);
	for (const id of ['ot-steffensweg', 'ot-altstadt', 'ot-walle']) {
		await expect(cellOf(page, id, 'konfrontation')).toHaveText(shown(cli.get(id)!.konfrontation));
	}

	// a weight goes into the URL too
	await page.locator('input[data-weight="konfrontation.anonymitaet"]').fill('3');
	await expect(page).toHaveURL(/g=konfrontation\.anonymitaet%3A3/);

	// equal thresholds: a German message, the last valid result stays
	const valid = await cellOf(page, 'ot-steffensweg', 'konfrontation').innerText();
	await page.locator('input[data-threshold="konfrontation.zentral.1"]').fill('1.5');
	await expect(page.getByTestId('criteria-error')).toHaveText(/die beiden Schwellen müssen verschieden sein/);
	await expect(cellOf(page, 'ot-steffensweg', 'konfrontation')).toHaveText(valid);

	await page.getByTestId('reset-criteria').click();
	await expect(page).not.toHaveURL(/[?&](s|g|kv)=/);
	await expect(page.getByTestId('criteria-error')).toHaveCount(0);
	await expect(cellOf(page, 'ot-steffensweg', 'konfrontation')).toHaveText(steffensweg);
	await expect.poll(async () => (await mapPixelStats(page)).hash).toBe(before.hash);
});

test('a permalink restores edited criteria, the map and the selected Ortsteil', async ({ page }) => {
	await openKilb(page, '?jahr=2023&karte=desintegration&gebiet=ot-altstadt&s=desintegration.verkehr:20~30&g=desintegration.verkehr:1&kv=1.0.0');
	await expect(page.locator('input[data-threshold="desintegration.verkehr.0"]')).toHaveValue('20');
	await expect(page.locator('input[data-threshold="desintegration.verkehr.1"]')).toHaveValue('30');
	await expect(page.locator('input[data-weight="desintegration.verkehr"]')).toHaveValue('1');
	await expect(page.locator('button[data-map="desintegration"]')).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByTestId('why').locator('h2')).toHaveText('Warum? – Altstadt');
	await expect(page.getByTestId('why').locator('tr[data-criterion="desintegration.verkehr"] .ramp')).toHaveText('0 bei ≤ 20,00 · 1 bei ≥ 30,00');
	// Altstadt: traffic land 29.6 % → (29.6 − 20) / 10 ≈ 0.96 must-have membership
	const membership = await page.getByTestId('why').locator('tr[data-criterion="desintegration.verkehr"] .membership').innerText();
	expect(Number(membership.replace(',', '.'))).toBeGreaterThan(0.9);
	expect(Number(membership.replace(',', '.'))).toBeLessThan(1);
});
