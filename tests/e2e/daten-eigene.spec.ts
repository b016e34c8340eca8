/**
 * The newcomer's flow of issue #9 in a real browser: a Windows-1252 wide table for an
 * indicator the catalogue lacks (new catalogue entry in the wizard) and an ETRS89/UTM32N
 * boundary file with a name variant and an unknown name — problems named, taken over,
 * on the map after a reload, in the backup file and back.
 * The boundary file is made here from the build's Ortsteile (reprojected with proj4 and
 * moved 1 km north, so the map can tell imported from built-in boundaries).
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import proj4 from 'proj4';
import { guardOffline, openMap, pointInArea } from './helpers.ts';

const UTM32N = '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const SHIFT_NORTH = 1000;

let external: string[] = [];
test.beforeEach(async ({ page }) => {
	external = await guardOffline(page);
});
test.afterEach(() => {
	expect(external, 'Anfragen außerhalb von localhost').toEqual([]);
});

/** The build's Ortsteile as an EPSG:25832 GeoJSON with official-looking attributes. */
function utmBoundaries(): Buffer {
	const fc = JSON.parse(readFileSync('static/data/ortsteile.geojson', 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
	const toUtm = ([lon, lat]: number[]) => {
		const [x, y] = proj4('WGS84', UTM32N, [lon, lat]);
		return [Math.round(x * 100) / 100, Math.round((y + SHIFT_NORTH) * 100) / 100];
	};
	const rename: Record<string, string> = { 'Neustädter Hafen': 'Neustädter Häfen', Hulsberg: 'Hulsberg-Viertel' };
	const features = fc.features.map((f, i) => {
		const name = String(f.properties!.name);
		const g = f.geometry;
		const coordinates = g.type === 'Polygon' ? g.coordinates.map((r) => r.map(toUtm)) : g.coordinates.map((p) => p.map((r) => r.map(toUtm)));
		return { type: 'Feature', properties: { OT_NR: 100 + i, OT_NAME: rename[name] ?? name }, geometry: { type: g.type, coordinates } };
	});
	return Buffer.from(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }, features }));
}

/** The first vertex of Altstadt as the map's GeoJSON source holds it. */
async function altstadtFirstVertex(page: Page): Promise<number[]> {
	return page.evaluate(() => {
		const data = (window as any).__sozialraumMap.getSource('areas').serialize().data as GeoJSON.FeatureCollection<GeoJSON.Polygon>;
		const f = data.features.find((x) => x.properties!.id === 'ot-altstadt')!;
		return (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0][0] : (f.geometry as any).coordinates[0][0][0]) as number[];
	});
}

test('new indicator from a Windows-1252 wide table and UTM32N boundaries: imported, on the map after reload, backed up and restored', async ({ page }) => {
	const builtIn = JSON.parse(readFileSync('static/data/ortsteile.geojson', 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon>;
	const builtInAltstadt = builtIn.features.find((f) => f.properties!.id === 'ot-altstadt')!;
	const builtInLat = (builtInAltstadt.geometry.type === 'Polygon' ? builtInAltstadt.geometry.coordinates[0][0] : (builtInAltstadt.geometry as any).coordinates[0][0][0])[1];

	await page.goto('/daten/');
	await expect(page.getByTestId('file-input')).toBeEnabled();

	// 1. the table: Windows-1252, semicolons, decimal commas, one column per year, a suppressed cell
	const csv = 'Wohngeldhaushalte in % der Haushalte;;\r\nOrtsteil;31.12.2021;31.12.2022\r\nAltstadt;3,5;4,2\r\nBahnhofsvorstadt;6,1;.\r\nGröpelingen;12,8;13,4\r\n';
	await page.getByTestId('file-input').setInputFiles({ name: 'wohngeld-ortsteile.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
	await expect(page.getByTestId('encoding')).toHaveValue('windows-1252');
	await expect(page.getByTestId('layout')).toHaveValue('wide');
	await expect(page.getByTestId('preview')).toContainText('Gröpelingen');
	await page.getByTestId('indicator').selectOption('__neu__');
	const form = page.getByTestId('new-indicator');
	await expect(form.getByTestId('new-problems')).toContainText('Bitte eine Bezeichnung angeben.');
	await expect(page.getByTestId('take-over')).toBeDisabled();
	await form.getByTestId('new-label').fill('Wohngeldquote Test');
	await form.getByTestId('new-label').blur();
	await form.getByTestId('new-definition').fill('Haushalte mit Wohngeld in % aller Haushalte (erfundene Testwerte).');
	await form.getByTestId('new-definition').blur();
	await form.getByTestId('new-factor').selectOption('materiell');
	await expect(form.getByTestId('new-id')).toContainText('Kennung eigen_wohngeldquote_test');
	await expect(page.getByTestId('summary')).toHaveText('3 Zeilen importiert, 0 Zeilen brauchen Aufmerksamkeit.');
	await expect(page.getByTestId('warnings')).toContainText('1 Wert ist gesperrt');
	await page.getByTestId('source').fill('Testamt Wohngeld (erfunden)');
	await page.getByTestId('stand').fill('31.12.2022');
	await page.getByTestId('take-over').click();
	await expect(page.getByTestId('message')).toContainText('Neuer Indikator „Wohngeldquote Test“ steht in allen Ansichten zur Auswahl.');
	await expect(page.getByTestId('stored-import')).toContainText('neu angelegt: Wohngeldquote Test (%)');

	// 2. the boundaries: UTM32N, a known name variant and one unknown name
	await page.getByTestId('boundary-input').setInputFiles({ name: 'ortsteile-utm32.geojson', mimeType: 'application/geo+json', buffer: utmBoundaries() });
	await expect(page.getByTestId('boundary-summary')).toHaveText('87 Flächen zugeordnet, 1 Fläche braucht Aufmerksamkeit – noch nichts importiert.');
	const item = page.getByTestId('boundary-attention-item');
	await expect(item).toHaveCount(1);
	await expect(item).toContainText('Fläche „Hulsberg-Viertel“');
	await expect(page.getByTestId('boundary-errors')).toContainText('Fläche „Hulsberg-Viertel“ ist kein Ortsteil des Gebietsregisters.');
	await item.getByTestId('boundary-assign').selectOption({ label: 'Hulsberg' });
	await expect(page.getByTestId('boundary-summary')).toHaveText('88 Flächen importiert (EPSG:25832), 231 Nachbarschaften.');
	await expect(page.getByTestId('boundary-check')).toContainText('88 Ortsteile, 23 Stadtteile, 5 Stadtbezirke, 231 Nachbarpaare');
	await expect(page.getByTestId('locator')).toBeVisible();
	await expect(page.getByTestId('boundary-take-over')).toBeDisabled();
	await page.getByTestId('boundary-source').fill('Testamt Geo (erfunden)');
	await page.getByTestId('boundary-take-over').click();
	await expect(page.getByTestId('message')).toContainText('Grenzen übernommen: ortsteile-utm32.geojson (EPSG:25832, 88 Ortsteile, 231 Nachbarpaare)');
	await expect(page.getByTestId('boundaries-current')).toContainText('importierte Grenzen „ortsteile-utm32.geojson“');

	// 3. after a reload: the new indicator on the imported map, with its source
	for (const reload of [false, true]) {
		if (reload) await page.reload();
		await openMap(page, '?indikator=eigen_wohngeldquote_test&jahr=2022&ebene=ortsteil');
		await expect(page.getByTestId('map-attribution')).toHaveText('Kartengrundlage: Testamt Geo (erfunden) (importierte Grenzen)');
		const [, lat] = await altstadtFirstVertex(page);
		expect(lat - builtInLat).toBeGreaterThan(0.007); // 1 km north ≈ 0.009°
		const p = await pointInArea(page, 'ot-altstadt');
		await page.mouse.move(p.x, p.y);
		const tooltip = page.getByTestId('tooltip');
		await expect(tooltip).toContainText('4,2 %');
		await expect(tooltip).toContainText('wohngeld-ortsteile – Testamt Wohngeld (erfunden), Stand 31.12.2022');
	}
	// the method page documents the new entry
	await page.goto('/methode/');
	await expect(page.locator('main')).toContainText('Haushalte mit Wohngeld in % aller Haushalte (erfundene Testwerte).');
	await expect(page.getByTestId('datasets')).toContainText('wohngeld-ortsteile – Testamt Wohngeld (erfunden), Stand 31.12.2022');
	await expect(page.getByTestId('datasets')).toContainText('Kartengrundlage: Testamt Geo (erfunden) (importierte Grenzen)');
	// a materiell indicator for 2 of 88 Ortsteile does not move the index: named and left out
	await page.goto('/ausgrenzungsindex/?jahr=2022');
	await expect(page.locator('main')).toContainText('„eigen_wohngeldquote_test“ hat 2022 nur in 2 von 88 Gebieten gültige Werte', { timeout: 30_000 });
	// views whose results carry no dataset per value ask the engine where the values come from
	await page.goto('/zusammenhang/?x=eigen_wohngeldquote_test&y=sgb2_quote&jahr=2022');
	await expect(page.locator('main')).toContainText('wohngeld-ortsteile – Testamt Wohngeld (erfunden), Stand 31.12.2022');
	// the area profile names both sources of its values
	await page.goto('/gebiet/?id=ot-altstadt&jahr=2022');
	await expect(page.locator('main')).toContainText('Wohngeldquote Test');
	await expect(page.locator('main')).toContainText('Quelle: Demodaten (synthetisch, nicht amtlich); wohngeld-ortsteile – Testamt Wohngeld (erfunden), Stand 31.12.2022');

	// 4. backup file with both, removal, restore
	await page.goto('/daten/');
	await expect(page.getByTestId('stored-import')).toHaveCount(1);
	const download = page.waitForEvent('download');
	await page.getByTestId('export').click();
	const text = readFileSync((await (await download).path())!, 'utf8');
	const backup = JSON.parse(text);
	expect(backup.version).toBe(2);
	expect(backup.imports[0].catalogue.indicators[0]).toMatchObject({ id: 'eigen_wohngeldquote_test', official_source: 'Testamt Wohngeld (erfunden)', reference_date: '31.12.2022' });
	expect(backup.boundaries.levels.ortsteile.features).toHaveLength(88);

	await page.getByTestId('remove').click();
	await page.getByTestId('boundaries-remove').click();
	await expect(page.getByTestId('stored-import')).toHaveCount(0);
	await expect(page.getByTestId('boundaries-current')).toContainText('mitgelieferte Grenzen');
	await openMap(page, '');
	await expect(page.getByTestId('map-attribution')).toHaveText('Kartengrundlage © OpenStreetMap-Mitwirkende, ODbL');
	expect((await altstadtFirstVertex(page))[1]).toBeCloseTo(builtInLat, 6);

	await page.goto('/daten/');
	await expect(page.getByTestId('restore-input')).toBeEnabled();
	await page.getByTestId('restore-input').setInputFiles({ name: 'sicherung.json', mimeType: 'application/json', buffer: Buffer.from(text) });
	await expect(page.getByTestId('message')).toContainText('1 Import(e) und die Grenzen „ortsteile-utm32.geojson“ aus sicherung.json wiederhergestellt');
	const again = page.waitForEvent('download');
	await page.getByTestId('export').click();
	expect(readFileSync((await (await again).path())!, 'utf8')).toBe(text);
});

/** Twice the signed area (shoelace); < 0 = clockwise with y up. */
const area2 = (r: number[][]) => r.reduce((s, p, i) => (i === 0 ? s : s + (r[i - 1][0] * p[1] - p[0] * r[i - 1][1])), 0);

test('a zipped Shapefile in EPSG:25832 with Windows-1252 names is imported and drawn', async ({ page }) => {
	const { PRJ_25832, dbf, shp, zip } = await import('../fixtures/import/make-fixtures.ts');
	const fc = JSON.parse(readFileSync('static/data/ortsteile.geojson', 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
	const toUtm = ([lon, lat]: number[]) => proj4('WGS84', UTM32N, [lon, lat]) as [number, number];
	// shapefile rule: exterior rings clockwise, holes counter-clockwise
	const orient = (ring: number[][], exterior: boolean) => ((area2(ring) < 0) === exterior ? ring : [...ring].reverse());
	const polygons = fc.features.map((f) => {
		const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
		return polys.flatMap((poly) => poly.map((ring, k) => orient(ring.map(toUtm), k === 0))) as [number, number][][];
	});
	const names = fc.features.map((f) => [String(f.properties!.name)]);
	const bytes = zip([
		{ name: 'ortsteile/OT_Bremen.shp', data: shp(polygons) },
		{ name: 'ortsteile/OT_Bremen.dbf', data: dbf([{ name: 'OT_NAME', length: 40 }], names) },
		{ name: 'ortsteile/OT_Bremen.prj', data: new TextEncoder().encode(PRJ_25832) }
	]);

	await page.goto('/daten/');
	await page.getByTestId('boundary-input').setInputFiles({ name: 'OT_Bremen.zip', mimeType: 'application/zip', buffer: Buffer.from(bytes) });
	await expect(page.getByTestId('boundary-summary')).toHaveText('88 Flächen importiert (EPSG:25832), 231 Nachbarschaften.');
	await expect(page.getByTestId('boundary-name')).toHaveValue('OT_NAME');
	await expect(page.getByTestId('boundaries')).toContainText('Gelesen als Shapefile, Koordinaten in EPSG:25832');
	await page.getByTestId('boundary-source').fill('Testamt Geo (erfunden)');
	await page.getByTestId('boundary-take-over').click();
	await expect(page.getByTestId('boundaries-current')).toContainText('importierte Grenzen „OT_Bremen.zip“ (EPSG:25832)');
	await openMap(page, '?indikator=sgb2_quote&jahr=2023&ebene=stadtteil');
	await expect(page.locator('.map')).toHaveAttribute('data-features', '23');
	await expect(page.getByTestId('map-attribution')).toHaveText('Kartengrundlage: Testamt Geo (erfunden) (importierte Grenzen)');
	await pointInArea(page, 'st-groepelingen');
});
