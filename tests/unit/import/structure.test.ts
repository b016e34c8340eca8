import { describe, expect, it } from 'vitest';
import { createAreaResolver, levenshtein, splitNumberedName } from '../../../src/lib/import/areas.ts';
import { headerKey, mappingGaps, suggestIndicator, suggestMapping } from '../../../src/lib/import/mapping.ts';
import { countFooterRows, detectHeaderRow, detectSeparator, yearColumns } from '../../../src/lib/import/sniff.ts';
import type { RawCell } from '../../../src/lib/import/types.ts';
import { catalogue, register } from './helpers.ts';

const grid = (rows: RawCell[][]) => ({ rows: rows.map((cells, i) => ({ line: i + 1, cells })) });

describe('detectSeparator', () => {
	it('finds semicolon, tab and comma', () => {
		expect(detectSeparator('Titel\nOrtsteil;2019;2020\nAltstadt;12,5;13,1\nOstertor;1,5;2\n')).toBe(';');
		expect(detectSeparator('Ortsteil\t2019\nAltstadt\t12,5\n')).toBe('\t');
		expect(detectSeparator('area,year,value\nAltstadt,2019,"12,5"\nOstertor,2019,3\n')).toBe(',');
	});
});

describe('detectHeaderRow', () => {
	it('skips title lines and accepts year headers', () => {
		const g = grid([['Statistisches Landesamt'], ['Tabelle 1', '', '', ''], ['Nr.', 'Ortsteil', '2019', '2020'], ['111', 'Altstadt', '12,5', '13']]);
		expect(detectHeaderRow(g)).toBe(2);
	});

	it('accepts blank header cells as long as half the columns are named', () => {
		const g = grid([['', '', '2019', '2020'], ['111', 'Altstadt', '12,5', '13']]);
		expect(detectHeaderRow(g)).toBe(0);
	});

	it('finds no header in a table of numbers', () => {
		expect(detectHeaderRow(grid([['111', 'Altstadt', '12,5'], ['112', 'Ostertor', '3,5']]))).toBe(-1);
	});
});

describe('countFooterRows', () => {
	it('counts notes below the data, not areas without values', () => {
		const rows = [['Altstadt', '1'], ['Radio Bremen', ''], [''], ['Quelle: Statistisches Landesamt'], ['1) vorläufig']].map((cells) => ({ cells }));
		expect(countFooterRows(rows)).toBe(3);
		expect(countFooterRows([{ cells: ['Altstadt', '1'] }, { cells: ['Radio Bremen'] }])).toBe(0);
	});
});

describe('suggestMapping', () => {
	it('maps German long headers', () => {
		const m = suggestMapping(['Ortsteil', 'Indikator', 'Jahr', 'Zähler', 'Nenner', 'Anteil in %'], []);
		expect(m.layout).toBe('long');
		expect(m.columns).toEqual({ area: 0, indicator: 1, year: 2, numerator: 3, denominator: 4, value: 5 });
	});

	it('maps the CLI input format (English)', () => {
		const m = suggestMapping(['area_id', 'area_name', 'indicator', 'year', 'value', 'numerator', 'denominator'], []);
		expect(m.columns).toEqual({ areaNumber: 0, area: 1, indicator: 2, year: 3, value: 4, numerator: 5, denominator: 6 });
	});

	it('detects the wide layout with year columns and a number column', () => {
		const m = suggestMapping(['OT-Nr.', 'Ortsteil', '31.12.2019', 'Stand 31.12.2020'], []);
		expect(m.layout).toBe('wide');
		expect(m.columns).toEqual({ areaNumber: 0, area: 1 });
		expect(m.yearColumns).toEqual([{ column: 2, year: 2019 }, { column: 3, year: 2020 }]);
		expect(mappingGaps(m, 4)).toEqual([expect.stringContaining('bitte den Indikator wählen')]);
	});

	it('prefers the number role for "Nr. Ortsteil" and ignores running numbers', () => {
		expect(suggestMapping(['Lfd. Nr.', 'Nr. Ortsteil', 'Gebiet', '2020'], []).columns).toEqual({ areaNumber: 1, area: 2 });
	});

	it('takes the first text column as area when no header says so', () => {
		const m = suggestMapping(['', '', '2019'], [['111', 'Altstadt', '1'], ['112', 'Ostertor', '2']]);
		expect(m.columns.area).toBe(1);
	});

	it('normalises header keys', () => {
		expect(headerKey('OT-Nr.')).toBe('ot nr');
		expect(headerKey('Anteil (in %)')).toBe('anteil in %');
		expect(headerKey('Zähler')).toBe('zaehler');
	});

	it('suggests the indicator of a wide table from its title', () => {
		expect(suggestIndicator(['Ortsteilatlas', 'Anteil Langzeitarbeitslose in %'], catalogue)).toBe('langzeitarbeitslose_anteil');
		expect(suggestIndicator(['SGB-II-Quote 2020'], catalogue)).toBe('sgb2_quote');
		expect(suggestIndicator(['irgendwas'], catalogue)).toBeUndefined();
	});
});

describe('area resolution', () => {
	const resolver = createAreaResolver(register);

	it('matches names, aliases and register ids', () => {
		expect(resolver.resolve('Neustädter Häfen', '')).toMatchObject({ kind: 'matched', id: 'ot-neustaedter-hafen', via: 'alias' });
		expect(resolver.resolve('ST.-MAGNUS', '')).toMatchObject({ kind: 'matched', id: 'ot-st-magnus', via: 'name' });
		expect(resolver.resolve('', 'ot-ostertor')).toMatchObject({ kind: 'matched', id: 'ot-ostertor', via: 'id' });
	});

	it('uses official numbers only when supplied, and reports conflicts with the name', () => {
		expect(resolver.resolve('', '111')).toMatchObject({ kind: 'unmatched' });
		const withNumbers = createAreaResolver(register, { areaNumbers: { '0111': 'ot-altstadt' } });
		expect(withNumbers.resolve('', '111')).toMatchObject({ kind: 'matched', id: 'ot-altstadt', via: 'number' });
		expect(withNumbers.resolve('Ostertor', '111')).toEqual({ kind: 'conflict', byNumber: 'ot-altstadt', byName: 'ot-ostertor' });
	});

	it('uses a number column of the register if there is one', () => {
		const numbered = { ...register, ortsteile: register.ortsteile.map((o) => (o.id === 'ot-altstadt' ? { ...o, nummer: '111' } : o)) };
		expect(createAreaResolver(numbered).resolve('', '111')).toMatchObject({ kind: 'matched', id: 'ot-altstadt' });
	});

	it('recognises totals of Stadtteile, Stadtbezirke and the city', () => {
		expect(resolver.resolve('Stadt Bremen', '')).toEqual({ kind: 'aggregate', level: 'stadt' });
		expect(resolver.resolve('Stadtbezirk Mitte', '')).toEqual({ kind: 'aggregate', level: 'stadtbezirk' });
		expect(resolver.resolve('Östliche Vorstadt', '')).toEqual({ kind: 'aggregate', level: 'stadtteil' });
		expect(resolver.resolve('Bremen-Nord', '')).toEqual({ kind: 'aggregate', level: 'stadtbezirk' });
		// "Neustadt" is an Ortsteil and a Stadtteil: the Ortsteil wins
		expect(resolver.resolve('Neustadt', '')).toMatchObject({ kind: 'matched', id: 'ot-neustadt' });
	});

	it('suggests similar names for unknown ones and honours manual choices', () => {
		expect(resolver.resolve('Gröplingen', '')).toMatchObject({ kind: 'unmatched', suggestions: ['ot-groepelingen'] });
		const manual = createAreaResolver(register, { assignments: { 'Gröplingen': 'ot-groepelingen', 'Umland': null } });
		expect(manual.resolve('Gröplingen', '')).toMatchObject({ kind: 'matched', id: 'ot-groepelingen', via: 'assigned' });
		expect(manual.resolve('Umland', '')).toEqual({ kind: 'skipped' });
	});

	it('splits numbers written into the name cell', () => {
		expect(splitNumberedName('111 Altstadt')).toEqual({ name: 'Altstadt', nummer: '111' });
		expect(splitNumberedName('111 - Altstadt')).toEqual({ name: 'Altstadt', nummer: '111' });
		expect(splitNumberedName('Altstadt (111)')).toEqual({ name: 'Altstadt', nummer: '111' });
		expect(splitNumberedName('Neue Vahr Nord')).toEqual({ name: 'Neue Vahr Nord', nummer: '' });
	});

	it('computes edit distances', () => {
		expect(levenshtein('kitten', 'sitting')).toBe(3);
		expect(levenshtein('', 'abc')).toBe(3);
	});
});

describe('yearColumns', () => {
	it('lists year headers with their column', () => {
		expect(yearColumns(['Ortsteil', 2019, '31.12.2020', 'Anteil'])).toEqual([{ column: 1, year: 2019 }, { column: 2, year: 2020 }]);
	});
});
