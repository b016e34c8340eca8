import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { guardOffline, openMap, pointInArea } from './helpers.ts';

const FIXTURES = 'tests/fixtures/import';

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

async function openWizard(page: Page) {
	await page.goto('/daten/');
	await expect(page.getByTestId('file-input')).toBeEnabled();
}

async function storedCount(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				// no version: open whatever the app created (an empty database has no stores yet)
				const req = indexedDB.open('sozialraum-monitor');
				req.onsuccess = () => {
					if (!req.result.objectStoreNames.contains('imports')) {
						resolve(0);
						req.result.close();
						return;
					}
					const c = req.result.transaction('imports').objectStore('imports').count();
					c.onsuccess = () => {
						resolve(c.result);
						req.result.close();
					};
				};
				req.onerror = () => reject(req.error);
			})
	);
}

async function hoverAltstadt(page: Page) {
	const p = await pointInArea(page, 'ot-altstadt');
	await page.mouse.move(p.x, p.y);
	const tooltip = page.getByTestId('tooltip');
	await expect(tooltip).toContainText('Altstadt');
	return tooltip;
}

test('wizard: Windows-1252 wide table → problems named → taken over → on the map after reload → removed', async ({ page }) => {
	await openWizard(page);
	await page.getByTestId('file-input').setInputFiles(`${FIXTURES}/ortsteilatlas-wide-cp1252.csv`);

	// what was detected
	await expect(page.getByTestId('encoding')).toHaveValue('windows-1252');
	await expect(page.getByTestId('separator')).toHaveValue(';');
	await expect(page.getByTestId('decimal')).toHaveValue('comma');
	await expect(page.getByTestId('decimal-note')).toContainText('„2.512“ = 2512');
	await expect(page.getByTestId('header-line')).toHaveValue('4');
	await expect(page.getByTestId('layout')).toHaveValue('wide');
	await expect(page.getByTestId('year-columns')).toContainText('„31.12.2020“ → 2020');
	await expect(page.getByTestId('preview')).toContainText('Neustädter Häfen');
	// before the indicator is chosen: an error, nothing can be taken over
	await expect(page.getByTestId('errors')).toContainText('bitte den Indikator wählen');
	await expect(page.getByTestId('take-over')).toBeDisabled();

	await page.getByTestId('indicator').selectOption('bevoelkerung');
	await expect(page.getByTestId('summary')).toHaveText('6 Zeilen importiert, 0 Zeilen brauchen Aufmerksamkeit.');
	const warnings = page.getByTestId('warnings');
	// every problem row is named with file and line: suppressed cells, the empty cell, the footer
	await expect(warnings).toContainText('6 Werte sind gesperrt');
	await expect(warnings).toContainText('ortsteilatlas-wide-cp1252.csv, Zeile 6: 6 Werte sind gesperrt (Zeilen 6, 7, 8) – übernommen als „gesperrt“ ohne Wert, nicht als 0.');
	await expect(warnings).toContainText('ortsteilatlas-wide-cp1252.csv, Zeile 9: 1 Wert fehlt (leere Zellen, Zeile 9)');
	await expect(warnings).toContainText('ortsteilatlas-wide-cp1252.csv, Zeile 8: „-“ bedeutet in der amtlichen Zeichenerklärung');
	await expect(warnings).toContainText('2 Fußzeilen unter den Daten übersprungen');

	// no source, no take-over
	await expect(page.getByTestId('take-over')).toBeDisabled();
	await page.getByTestId('source').fill('Testquelle Ortsteilatlas (erfunden)');
	await page.getByTestId('stand').fill('31.12.2020');
	await page.getByTestId('name').fill('Bevölkerung Test');
	await page.getByTestId('take-over').click();
	await expect(page.getByTestId('message')).toContainText('Übernommen: „Bevölkerung Test“ mit 18 Werten');
	await expect(page.getByTestId('stored-import')).toHaveCount(1);
	await expect(page.getByTestId('stored-import')).toContainText('Testquelle Ortsteilatlas (erfunden)');

	// the map shows the imported value and names the source
	const label = 'Bevölkerung Test – Testquelle Ortsteilatlas (erfunden), Stand 31.12.2020';
	await openMap(page, '?indikator=bevoelkerung&jahr=2020&ebene=ortsteil');
	let tooltip = await hoverAltstadt(page);
	await expect(tooltip).toContainText('2.498 Personen');
	await expect(tooltip).toContainText(label);
	await expect(tooltip).not.toContainText('Demodaten');
	// a suppressed imported value is not replaced by a demo value
	await expect(page.locator('tr[data-area-id="ot-ostertor"]')).not.toContainText('Personen');

	// survives a reload
	await page.reload();
	await expect(page.getByTestId('engine-status')).toHaveText(/DuckDB bereit/, { timeout: 30_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
	tooltip = await hoverAltstadt(page);
	await expect(tooltip).toContainText('2.498 Personen');
	await expect(tooltip).toContainText(label);

	// removed → demo values again
	await openWizard(page);
	await expect(page.getByTestId('stored-import')).toHaveCount(1);
	await page.getByTestId('remove').click();
	await expect(page.getByTestId('stored-import')).toHaveCount(0);
	expect(await storedCount(page)).toBe(0);
	await openMap(page, '?indikator=bevoelkerung&jahr=2020&ebene=ortsteil');
	tooltip = await hoverAltstadt(page);
	await expect(tooltip).toContainText('Demodaten');
	await expect(tooltip).not.toContainText('Testquelle');
});

test('an Excel workbook: the sheet is shown, the suggested indicator confirmed, then importable', async ({ page }) => {
	await openWizard(page);
	await page.getByTestId('file-input').setInputFiles(`${FIXTURES}/wide-unter6.xlsx`);
	await expect(page.getByTestId('sheet')).toHaveValue('Unter 6 Jahre');
	await expect(page.getByTestId('layout')).toHaveValue('wide');
	await expect(page.getByTestId('indicator')).toContainText('Anteil unter 6 Jahre (%) – Vorschlag');
	await page.getByTestId('indicator').selectOption('anteil_unter_6');
	await expect(page.getByTestId('summary')).toContainText('importiert, 0 Zeilen brauchen Aufmerksamkeit');
	await page.getByTestId('source').fill('Testquelle');
	await expect(page.getByTestId('take-over')).toBeEnabled();
});

test('a file dropped on the drop zone is read like a chosen one', async ({ page }) => {
	await openWizard(page);
	await page.getByTestId('drop-zone').evaluate((zone) => {
		const dt = new DataTransfer();
		dt.items.add(new File(['Ortsteil;Indikator;Jahr;Wert\nAltstadt;sgb2_quote;2020;10,5\n'], 'gezogen.csv', { type: 'text/csv' }));
		zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
	});
	await expect(page.getByTestId('report')).toContainText('Erkannt in „gezogen.csv“');
	await expect(page.getByTestId('summary')).toHaveText('1 Zeile importiert, 0 Zeilen brauchen Aufmerksamkeit.');
});

test('an area name with HTML renders as text and runs nothing', async ({ page }) => {
	await openWizard(page);
	const evil = '<img src=x onerror="window.__xss=1">';
	const csv = `Ortsteil;Indikator;Jahr;Wert\nAltstadt;sgb2_quote;2020;10,5\n${evil};sgb2_quote;2020;11,5\n`;
	await page.getByTestId('file-input').setInputFiles({ name: 'xss<b>.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
	const item = page.getByTestId('attention-item');
	await expect(item).toHaveCount(1);
	await expect(item).toContainText(`Ortsteil „${evil}“`);
	await expect(page.getByTestId('preview')).toContainText(evil);
	expect(await page.locator('img[src="x"]').count()).toBe(0);
	expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
	await expect(page.getByTestId('take-over')).toBeDisabled();

	// manual assignment: leave the row out deliberately → importable
	await item.getByTestId('assign-area').selectOption({ label: 'bewusst auslassen' });
	await expect(page.getByTestId('summary')).toContainText('1 Zeile importiert');
	expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
});

test('a file with errors shows them with line and column and stores nothing', async ({ page }) => {
	await openWizard(page);
	await page.getByTestId('file-input').setInputFiles(`${FIXTURES}/problems-long.csv`);
	const errors = page.getByTestId('errors');
	await expect(errors).toBeVisible();
	await expect(errors).toContainText('problems-long.csv, Zeile 5');
	await expect(page.getByTestId('summary')).toContainText('noch nichts importiert');
	await expect(page.getByTestId('attention-item').first()).toBeVisible();
	await page.getByTestId('source').fill('Irgendeine Quelle');
	await expect(page.getByTestId('take-over')).toBeDisabled();
	await expect(page.getByTestId('stored-import')).toHaveCount(0);
	expect(await storedCount(page)).toBe(0);
});

test('export all as one file and read it back without loss; a bad file stores nothing', async ({ page }) => {
	await openWizard(page);
	await page.getByTestId('file-input').setInputFiles(`${FIXTURES}/sgb2-long-utf8bom.csv`);
	await expect(page.getByTestId('summary')).toContainText('importiert, 0 Zeilen brauchen Aufmerksamkeit');
	await page.getByTestId('source').fill('Jobcenter (Test)');
	await page.getByTestId('take-over').click();
	await expect(page.getByTestId('stored-import')).toHaveCount(1);

	const download = page.waitForEvent('download');
	await page.getByTestId('export').click();
	const path = await (await download).path();
	const text = readFileSync(path!, 'utf8');
	const exported = JSON.parse(text);
	expect(exported.imports).toHaveLength(1);
	expect(exported.imports[0].rows).toHaveLength(6);

	await page.getByTestId('remove').click();
	await expect(page.getByTestId('stored-import')).toHaveCount(0);

	// a broken file: German error, nothing stored
	const broken = JSON.parse(text);
	broken.imports[0].rows[2].year = 'zwanzig';
	await page.getByTestId('restore-input').setInputFiles({ name: 'kaputt.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
	await expect(page.getByTestId('restore-errors')).toContainText('kaputt.json, Eintrag 1, Wert 3: Jahr „zwanzig“ ist keine ganze Zahl.');
	expect(await storedCount(page)).toBe(0);

	await page.getByTestId('restore-input').setInputFiles({ name: 'gesichert.json', mimeType: 'application/json', buffer: Buffer.from(text) });
	await expect(page.getByTestId('stored-import')).toHaveCount(1);
	const again = page.waitForEvent('download');
	await page.getByTestId('export').click();
	expect(readFileSync((await (await again).path())!, 'utf8')).toBe(text);
});
