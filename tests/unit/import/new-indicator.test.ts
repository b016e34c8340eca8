import { describe, expect, it } from 'vitest';
import { importTable } from '../../../src/lib/import/table.ts';
import { customIndicatorId, draftProblems, draftToCatalogue, EMPTY_DRAFT, withCustom, type IndicatorDraft } from '../../../src/lib/import/new-indicator.ts';
import { catalogue, register } from './helpers.ts';

const draft = (d: Partial<IndicatorDraft>): IndicatorDraft => ({ ...EMPTY_DRAFT, label: 'Wohngeldquote', definition: 'Haushalte mit Wohngeld je Haushalte.', ...d });
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('new catalogue entries from the import wizard', () => {
	it('derives an id that the catalogue does not use yet', () => {
		expect(customIndicatorId('Wohngeld-Haushalte (%)', [])).toBe('eigen_wohngeld_haushalte');
		expect(customIndicatorId('Größe', ['eigen_groesse', 'eigen_groesse_2'])).toBe('eigen_groesse_3');
		expect(customIndicatorId('%%%', [])).toBe('eigen_indikator');
	});

	it('names every missing field in German, and refuses a label the catalogue has', () => {
		expect(draftProblems({ ...EMPTY_DRAFT }, catalogue)).toEqual([
			'Bitte eine Bezeichnung angeben.',
			'Bitte die Definition angeben (was wird gezählt, bezogen worauf) – sie steht später bei jedem Wert.'
		]);
		expect(draftProblems(draft({ label: 'sgb-ii-quote' }), catalogue)[0]).toContain('„sgb-ii-quote“ steht schon im Katalog');
		expect(draftProblems(draft({ kind: 'wert' }), catalogue)).toEqual(['Bitte die Einheit des Werts angeben (z. B. „Jahre“ oder „Euro“).']);
		expect(draftProblems(draft({}), catalogue)).toEqual([]);
	});

	it('fixes unit, scale and bases by kind, and takes source and stand from the import', () => {
		const share = draftToCatalogue(draft({ numeratorLabel: 'Haushalte mit Wohngeld', denominatorLabel: 'Haushalte' }), catalogue, 'Amt X', '31.12.2023');
		expect(share).toEqual({
			bases: { eigen_wohngeldquote_zaehler: 'Haushalte mit Wohngeld', eigen_wohngeldquote_nenner: 'Haushalte' },
			indicators: [
				{
					id: 'eigen_wohngeldquote', label: 'Wohngeldquote', short: 'Wohngeldquote', definition: 'Haushalte mit Wohngeld je Haushalte.',
					numerator: 'eigen_wohngeldquote_zaehler', denominator: 'eigen_wohngeldquote_nenner', unit: '%', scale: 100, decimals: 1,
					polarity: 1, factor: 'kontext', min_base: 50, reference_date: '31.12.2023', official_source: 'Amt X'
				}
			]
		});
		const count = draftToCatalogue(draft({ kind: 'anzahl' }), catalogue, 'Amt X', null).indicators[0];
		expect(count).toMatchObject({ denominator: null, unit: 'Anzahl', scale: 1, decimals: 0, min_base: 0, reference_date: 'nicht angegeben' });
		const plain = draftToCatalogue(draft({ kind: 'wert', unit: 'Jahre' }), catalogue, 'Amt X', null).indicators[0];
		// a denominator base without counts: higher levels get `ohne_zaehler`, not a sum of averages
		expect(plain).toMatchObject({ denominator: 'eigen_wohngeldquote_nenner', unit: 'Jahre', scale: 1 });
	});

	it('a table for the new indicator is validated with its unit: values from counts, shares over 100 % refused', () => {
		const custom = draftToCatalogue(draft({}), catalogue, 'Amt X', null);
		const csv = 'Ortsteil;Jahr;Zähler;Nenner\nAltstadt;2023;12;400\nBahnhofsvorstadt;2023;30;600\n';
		const opts = {
			register,
			catalogue: withCustom(catalogue, custom),
			fileName: 'wohngeld.csv',
			mapping: { layout: 'long' as const, columns: { area: 0, year: 1, numerator: 2, denominator: 3 }, indicator: 'eigen_wohngeldquote', yearColumns: [] }
		};
		const r = importTable(utf8(csv), opts);
		expect(r.ok).toBe(true);
		expect(r.ok && r.rows.map((x) => [x.area_id, x.indicator_id, x.value])).toEqual([
			['ot-altstadt', 'eigen_wohngeldquote', 3],
			['ot-bahnhofsvorstadt', 'eigen_wohngeldquote', 5]
		]);
		const bad = importTable(utf8('Ortsteil;Jahr;Zähler;Nenner\nAltstadt;2023;500;400\n'), opts);
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.errors.map((e) => e.code)).toContain('numerator-gt-denominator');
	});
});
