import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFactsFromSources, FACT_FILES, readFacts, slug, STADTTEIL_MERKMALE, stadtteilFact } from '../../scripts/lib/facts';
import { readRegister } from '../../scripts/lib/register';

const root = process.cwd();
const facts = readFacts(resolve(root, 'data/facts'));
const register = readRegister(resolve(root, 'data/areas'));
const SOURCE_DIR = resolve(root, '../shared/data/bremen-stats');

describe('slug', () => {
	it('follows the register id rule', () => {
		expect(slug('Östliche Vorstadt')).toBe('oestliche-vorstadt');
		expect(slug('Regensburger Straße')).toBe('regensburger-strasse');
		expect(slug('St. Magnus')).toBe('st-magnus');
		expect(slug('Lüssum-Bockhorn')).toBe('luessum-bockhorn');
	});
});

describe('data/facts/stadtteile.csv', () => {
	it('has 23 Stadtteile × 4 merkmale, each once, all ids in the register', () => {
		expect(facts.stadtteile).toHaveLength(23 * 4);
		const keys = new Set(facts.stadtteile.map((f) => `${f.stadtteil_id}|${f.merkmal}`));
		expect(keys.size).toBe(23 * 4);
		for (const st of register.stadtteile) {
			for (const m of STADTTEIL_MERKMALE) expect(keys.has(`${st.id}|${m}`), `${st.id} ${m}`).toBe(true);
		}
	});

	it('copies values exactly from the source files (spot checks)', () => {
		const v = (id: string, m: (typeof STADTTEIL_MERKMALE)[number]) => stadtteilFact(facts.stadtteile, id, m)?.wert;
		expect(v('st-groepelingen', 'einwohner')).toBe(37187);
		expect(v('st-groepelingen', 'auslaenderanteil_pct')).toBe(32.5);
		expect(v('st-groepelingen', 'arbeitslosenquote_pct')).toBe(26.1);
		expect(v('st-groepelingen', 'flaeche_km2')).toBe(9.791);
		expect(v('st-haefen', 'einwohner')).toBe(343);
		expect(v('st-oestliche-vorstadt', 'einwohner')).toBe(29750);
		expect(v('st-borgfeld', 'arbeitslosenquote_pct')).toBe(2.6);
	});

	it('uses one Stichtag per merkmal and marks the source as secondary', () => {
		const stichtag = { einwohner: '2016-12-31', auslaenderanteil_pct: '2016-12-31', arbeitslosenquote_pct: '2016-12-31', flaeche_km2: '2014-12-31' };
		for (const f of facts.stadtteile) {
			expect(f.stichtag).toBe(stichtag[f.merkmal]);
			expect(f.quelle).toMatch(/Wikipedia/);
			expect(f.quelle).toMatch(/Sekundärquelle/);
			expect(f.quelle_url).toMatch(/^https?:\/\//);
		}
		const sum = facts.stadtteile.filter((f) => f.merkmal === 'einwohner').reduce((s, f) => s + f.wert, 0);
		expect(sum).toBe(565719); // the sum check documented in the source's COVERAGE.md
	});
});

describe('data/facts/ortsteile_amtlich.csv', () => {
	const ortsteile = facts.ortsteile;
	it('covers exactly the 10 Ortsteile of Vegesack and Blumenthal, official tables', () => {
		const ids = new Set(ortsteile.map((f) => f.ortsteil_id));
		expect(ids.size).toBe(10);
		const stadtteilOf = new Map(register.ortsteile.map((o) => [o.id, o.stadtteil_id]));
		for (const id of ids) expect(['st-vegesack', 'st-blumenthal']).toContain(stadtteilOf.get(id));
		for (const f of ortsteile) {
			expect(f.quelle).toMatch(/Statistisches Landesamt Bremen/);
			expect(f.quelle).toMatch(/amtlich/);
			expect(f.quelle_url).toMatch(/statistik-bremen\.de\/tabellen\/kleinraum\/stadt_ottab\/15[23]\.htm$/);
		}
	});

	it('copies values exactly (spot checks) with the table Stichtag', () => {
		const get = (id: string, m: string) => ortsteile.find((f) => f.ortsteil_id === id && f.merkmal === m);
		expect(get('ot-vegesack', 'bevoelkerung_insgesamt')).toMatchObject({ wert: 6853, einheit: 'Personen', stichtag: '2015-12-31' });
		expect(get('ot-luessum-bockhorn', 'auslaender_innen')?.wert).toBe(1580);
		expect(get('ot-faehr-lobbendorf', 'durchschnittsalter_jahre')).toMatchObject({ wert: 47.2, einheit: 'Jahre' });
		expect(get('ot-rekum', 'gesamtflaeche_ha')).toMatchObject({ wert: 572.1, einheit: 'ha', stichtag: '2014-12-31' });
		// 19 population + 8 land-use merkmale per Ortsteil
		expect(ortsteile).toHaveLength(10 * 27);
	});
});

describe.skipIf(!existsSync(SOURCE_DIR))('rebuild from ../shared/data/bremen-stats', () => {
	it('reproduces the committed files byte for byte', () => {
		const built = buildFactsFromSources(SOURCE_DIR, resolve(root, 'data/areas'));
		expect(built.stadtteile).toBe(readFileSync(resolve(root, 'data/facts', FACT_FILES.stadtteile), 'utf8'));
		expect(built.ortsteile).toBe(readFileSync(resolve(root, 'data/facts', FACT_FILES.ortsteile), 'utf8'));
	});
});
