import { describe, expect, it } from 'vitest';
import {
	exportImports,
	importDataset,
	readExportFile,
	restoreConflicts,
	slug,
	uniqueImportId,
	type BrowserBoundaries,
	type BrowserImport
} from '../../src/lib/data/imports-file.ts';
import { draftToCatalogue, EMPTY_DRAFT } from '../../src/lib/import/new-indicator.ts';

const imp: BrowserImport = {
	id: 'import:bev',
	name: 'Bevölkerung <b>',
	source: 'Amt',
	stand: '31.12.2020',
	file: 'a.csv',
	created: '2024-01-01T00:00:00.000Z',
	rows: [
		{ area_id: 'ot-altstadt', indicator_id: 'bevoelkerung', year: 2020, numerator: 2498, denominator: null, value: 2498, status: 'ok' },
		{ area_id: 'ot-ostertor', indicator_id: 'bevoelkerung', year: 2020, numerator: null, denominator: null, value: null, status: 'gesperrt' }
	]
};
const known = { areas: new Set(['ot-altstadt', 'ot-ostertor']), indicators: new Set(['bevoelkerung']) };

describe('browser imports: export file', () => {
	it('round-trips without loss', () => {
		const text = exportImports([imp]);
		const back = readExportFile(text, 'x.json', known);
		expect(back).toEqual({ ok: true, imports: [imp], boundaries: null });
		expect(exportImports(back.ok ? back.imports : [])).toBe(text);
	});

	it('rejects bad files completely, naming entry and value', () => {
		expect(readExportFile('{', 'x.json')).toMatchObject({ ok: false, errors: [expect.stringContaining('keine gültige JSON-Datei')] });
		expect(readExportFile('{"format":"anders"}', 'x.json')).toMatchObject({ ok: false });
		const bad = JSON.parse(exportImports([imp, { ...imp, id: 'import:zwei' }]));
		bad.imports[1].rows[1].status = 'geheim';
		bad.imports[0].rows[0].area_id = 'ot-atlantis';
		const r = readExportFile(JSON.stringify(bad), 'x.json', known);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.errors).toEqual([
			'x.json, Eintrag 1, Wert 1: unbekannter Ortsteil „ot-atlantis“.',
			'x.json, Eintrag 2, Wert 2: Status „geheim“ ist unbekannt (erlaubt: ok, gesperrt, fehlt, ohne_zaehler).'
		]);
	});

	it('ids and labels', () => {
		expect(slug('Bevölkerung 2021 (Amt)')).toBe('bevoelkerung-2021-amt');
		expect(uniqueImportId('Bev', ['import:bev', 'import:bev-2'])).toBe('import:bev-3');
		expect(importDataset(imp)).toMatchObject({ id: 'import:bev', label: 'Bevölkerung <b> – Amt, Stand 31.12.2020', demo: false, years: [2020] });
	});
});

const custom = draftToCatalogue({ ...EMPTY_DRAFT, label: 'Wohngeldquote', definition: 'Haushalte mit Wohngeld je Haushalte.' }, { bases: {}, indicators: [] }, 'Amt', null);
const withEntry: BrowserImport = {
	...imp,
	id: 'import:wohngeld',
	catalogue: custom,
	rows: [{ area_id: 'ot-altstadt', indicator_id: 'eigen_wohngeldquote', year: 2023, numerator: 12, denominator: 400, value: 3, status: 'ok' }]
};
const square = (x: number): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [[[x, 53], [x + 0.01, 53], [x + 0.01, 53.01], [x, 53.01], [x, 53]]] });
const boundaries: BrowserBoundaries = {
	id: 'grenzen',
	name: 'g.geojson',
	source: 'Testamt',
	stand: null,
	file: 'g.geojson',
	created: '2024-01-01T00:00:00.000Z',
	sourceCrs: 'EPSG:25832',
	levels: {
		ortsteile: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'ot-altstadt' }, geometry: square(8.8) }, { type: 'Feature', properties: { id: 'ot-ostertor' }, geometry: square(8.81) }] },
		stadtteile: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'st-mitte' }, geometry: square(8.8) }] },
		stadtbezirke: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'sb-mitte' }, geometry: square(8.8) }] }
	},
	neighbours: [['ot-altstadt', 'ot-ostertor'], ['ot-ostertor', 'ot-altstadt']],
	geo: [{ id: 'ot-altstadt', area_km2: 0.74, centroid: [8.805, 53.005] }, { id: 'stadt-bremen', area_km2: 326, centroid: [8.8, 53.1] }]
};
const knownAll = { ...known, stadtteile: new Set(['st-mitte']), stadtbezirke: new Set(['sb-mitte']) };

describe('backup file version 2: new catalogue entries and boundaries', () => {
	it('round-trips imports with their new indicator and the boundaries without loss', () => {
		const text = exportImports([imp, withEntry], boundaries);
		const back = readExportFile(text, 'b.json', knownAll);
		expect(back).toEqual({ ok: true, imports: [imp, withEntry], boundaries });
		expect(back.ok && exportImports(back.imports, back.boundaries)).toBe(text);
		expect(importDataset(withEntry).description).toContain('Neu angelegt: „Wohngeldquote“.');
	});

	it('reads a version-1 file (imports only)', () => {
		const v1 = JSON.stringify({ format: 'sozialraum-monitor-importe', version: 1, imports: [imp] });
		expect(readExportFile(v1, 'alt.json', known)).toEqual({ ok: true, imports: [imp], boundaries: null });
	});

	it('rows may use an indicator only if the file defines it; broken entries are named', () => {
		const noEntry = JSON.parse(exportImports([{ ...withEntry, catalogue: undefined }]));
		expect(readExportFile(JSON.stringify(noEntry), 'b.json', known)).toEqual({
			ok: false,
			errors: ['b.json, Eintrag 1, Wert 1: unbekannter Indikator „eigen_wohngeldquote“.']
		});
		const bad = JSON.parse(exportImports([withEntry]));
		bad.imports[0].catalogue.indicators[0].scale = 0;
		bad.imports[0].catalogue.indicators[0].factor = 'politisch';
		const r = readExportFile(JSON.stringify(bad), 'b.json', known);
		expect(!r.ok && r.errors[0]).toBe('b.json, Eintrag 1, neuer Indikator 1 („Wohngeldquote“): „scale“ ist keine positive Zahl; „factor“ ist nicht materiell, kulturell, sozial, symbolisch, kontext.');
		const clash = JSON.parse(exportImports([withEntry]));
		clash.imports[0].catalogue.indicators[0].id = 'eigen_x';
		expect(readExportFile(JSON.stringify(clash), 'b.json', { ...known, indicators: new Set([...known.indicators, 'eigen_x']) })).toMatchObject({
			ok: false,
			errors: expect.arrayContaining(['b.json, Eintrag 1, neuer Indikator 1: Kennung „eigen_x“ ist schon vergeben.'])
		});
	});

	it('boundaries must cover every area once, in WGS84', () => {
		const b = JSON.parse(exportImports([], boundaries));
		b.boundaries.levels.ortsteile.features.pop();
		b.boundaries.levels.stadtteile.features[0].geometry.coordinates[0][0] = [485000, 5880000];
		const r = readExportFile(JSON.stringify(b), 'b.json', knownAll);
		expect(!r.ok && r.errors).toEqual([
			'b.json, Grenzen: ortsteile: keine Fläche für ot-ostertor.',
			'b.json, Grenzen: stadtteile, „st-mitte“: keine gültige Polygon-Geometrie in WGS84.'
		]);
	});

	it('a restored new indicator must not clash with one a remaining stored import defined', () => {
		const other = { ...withEntry, id: 'import:anders', name: 'Anders' };
		expect(restoreConflicts([withEntry], [withEntry])).toEqual([]); // same import: replaced
		expect(restoreConflicts([other], [withEntry])).toEqual([
			'Indikator „Wohngeldquote“ (eigen_wohngeldquote) ist schon durch den gespeicherten Import „Anders“ angelegt – diesen zuerst entfernen.'
		]);
	});
});
