import { describe, expect, it } from 'vitest';
import { exportImports, importDataset, readExportFile, slug, uniqueImportId, type BrowserImport } from '../../src/lib/data/imports-store.ts';

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
		expect(back).toEqual({ ok: true, imports: [imp] });
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
