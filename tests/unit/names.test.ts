import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAreaMatcher, matchAll, normalizeName } from '../../src/lib/data/names';
import { readRegister } from '../../scripts/lib/register';

const root = process.cwd();
const register = readRegister(resolve(root, 'data/areas'));
const ortsteilMatcher = () =>
	createAreaMatcher(
		register.ortsteile,
		register.aliases.map((a) => ({ alias: a.alias, id: a.ortsteil_id }))
	);

describe('normalizeName', () => {
	it('treats the spellings of Sankt/St. alike', () => {
		const keys = ['St. Magnus', 'Sankt Magnus', 'st magnus', 'ST.-MAGNUS', 'St.Magnus', '  Sankt-Magnus '].map(normalizeName);
		expect(new Set(keys)).toEqual(new Set(['st magnus']));
	});

	it('folds umlauts and ß, case and separators', () => {
		expect(normalizeName('Neustädter Häfen')).toBe('neustaedter haefen');
		expect(normalizeName('ÜBERSEESTADT')).toBe('ueberseestadt');
		expect(normalizeName('Regensburger Straße')).toBe('regensburger strasse');
		expect(normalizeName('Regensburger Str.')).toBe('regensburger strasse');
		expect(normalizeName('Ellenerbrok-Schevemoor')).toBe('ellenerbrok schevemoor');
		expect(normalizeName('Ellenerbrok – Schevemoor')).toBe('ellenerbrok schevemoor');
		expect(normalizeName('neue_vahr__nord')).toBe('neue vahr nord');
		expect(normalizeName('Neue\u00a0Vahr   Nord')).toBe('neue vahr nord');
	});

	it('applies Unicode NFC first (decomposed umlauts)', () => {
		expect(normalizeName('Gro\u0308pelingen')).toBe('groepelingen');
		expect(normalizeName('Gröpelingen')).toBe(normalizeName('Groepelingen'));
	});

	it('does not shorten words that merely start with st', () => {
		expect(normalizeName('Steintor')).toBe('steintor');
		expect(normalizeName('Strom')).toBe('strom');
	});
});

describe('createAreaMatcher', () => {
	it('matches register names in other spellings', () => {
		const m = ortsteilMatcher();
		expect(m.match('Sankt Magnus')).toEqual({ id: 'ot-st-magnus', via: 'name' });
		expect(m.match('GROEPELINGEN')).toEqual({ id: 'ot-groepelingen', via: 'name' });
		expect(m.match('Regensburger Str.')).toEqual({ id: 'ot-regensburger-strasse', via: 'name' });
	});

	it('matches the boundary file spelling "Neustädter Häfen" via alias', () => {
		const m = ortsteilMatcher();
		expect(register.ortsteile.find((o) => o.id === 'ot-neustaedter-hafen')?.name).toBe('Neustädter Hafen');
		expect(m.match('Neustädter Häfen')).toEqual({ id: 'ot-neustaedter-hafen', via: 'alias' });
		expect(m.match('Neustädter Hafen')).toEqual({ id: 'ot-neustaedter-hafen', via: 'name' });
	});

	it('returns null for unknown names and lists them as unmatched', () => {
		const m = ortsteilMatcher();
		expect(m.match('Testgebiet Nirgendwo')).toBeNull();
		expect(m.ambiguous('Testgebiet Nirgendwo')).toEqual([]);
		const r = matchAll(['Altstadt', 'Testgebiet Nirgendwo', 'Altstadt'], m);
		expect([...r.matched]).toEqual([['Altstadt', 'ot-altstadt']]);
		expect(r.unmatched).toEqual(['Testgebiet Nirgendwo']);
		expect(r.ambiguous).toEqual([]);
	});

	it('refuses to pick when two ids share a normalised key', () => {
		const m = createAreaMatcher(
			[
				{ id: 'test-a', name: 'Testfeld Süd' },
				{ id: 'test-b', name: 'TESTFELD SUED' },
				{ id: 'test-c', name: 'Testfeld Nord' }
			],
			[
				{ alias: 'Testfeld N.', id: 'test-c' },
				{ alias: 'Testfeld-Nord', id: 'test-d' }
			]
		);
		expect(m.match('Testfeld Süd')).toBeNull();
		expect(m.ambiguous('testfeld-süd')).toEqual(['test-a', 'test-b']);
		// alias colliding with a name of another id is ambiguous as well
		expect(m.match('Testfeld Nord')).toBeNull();
		expect(m.ambiguous('Testfeld Nord')).toEqual(['test-c', 'test-d']);
		expect(m.match('Testfeld N.')).toEqual({ id: 'test-c', via: 'alias' });
		const r = matchAll(['Testfeld Süd', 'Testfeld N.', 'Testfeld West'], m);
		expect(r.ambiguous).toEqual([{ name: 'Testfeld Süd', ids: ['test-a', 'test-b'] }]);
		expect(r.unmatched).toEqual(['Testfeld West']);
		expect(r.matched.get('Testfeld N.')).toBe('test-c');
	});

	it('matches all 88 names of the OSM boundary file', () => {
		const geo = JSON.parse(readFileSync(resolve(root, '../shared/data/bremen-ortsteile.osm.geojson'), 'utf8'));
		const names: string[] = geo.features.map((f: { properties: { name: string } }) => f.properties.name);
		const r = matchAll(names, ortsteilMatcher());
		expect(r.unmatched).toEqual([]);
		expect(r.ambiguous).toEqual([]);
		expect(new Set(r.matched.values()).size).toBe(88);
	});
});
