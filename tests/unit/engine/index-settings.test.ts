import { describe, expect, it } from 'vitest';
import {
	DEFAULT_INDEX_SETTINGS,
	factorWeight,
	indicatorWeight,
	parseNumberList,
	resolveYear,
	selectIndicators,
	withDefaults
} from '../../../src/lib/engine/index-settings.ts';

const CATALOGUE = [
	{ id: 'sgb2', polarity: 1, factor: 'materiell' },
	{ id: 'wahl', polarity: -1, factor: 'symbolisch', label: 'Wahlbeteiligung', scale: 100 },
	{ id: 'flaeche', polarity: 0, factor: 'kontext' },
	{ id: 'import', polarity: null, factor: null }
];

describe('withDefaults', () => {
	it('fills in the documented defaults', () => {
		const s = withDefaults({ normalization: 'rank' });
		expect(s.aggregation).toBe('linear');
		expect(s.normalization).toBe('rank');
		expect(s.statusThresholds).toEqual([-1, 1, 1.5]);
		expect(s.dynamicThresholds).toEqual([-1, 1]);
		expect(s.draws).toBe(1000);
		expect(DEFAULT_INDEX_SETTINGS.method).toBe('factors');
	});

	it('rejects invalid values with German messages', () => {
		expect(() => withDefaults({ aggregation: 'harmonic' as never })).toThrow(/Ungültige Einstellung aggregation „harmonic“ \(erlaubt: linear, geometric\)/);
		expect(() => withDefaults({ weights: { a: NaN } })).toThrow(/Gewicht für „a“ muss eine Zahl ≥ 0 sein/);
		expect(() => withDefaults({ polarity: { a: 2 as never } })).toThrow(/Polarität für „a“ muss 1 oder -1 sein/);
		expect(() => withDefaults({ statusThresholds: [1, -1, 2] })).toThrow(/aufsteigend/);
		expect(() => withDefaults({ draws: 1.5 })).toThrow(/ganze Zahl ≥ 0/);
		expect(() => withDefaults({ indicators: [] })).toThrow(/Mindestens ein Indikator/);
	});
});

describe('selectIndicators', () => {
	it('default: every indicator whose factor is not kontext (doc example)', () => {
		expect(selectIndicators(withDefaults(), CATALOGUE.slice(0, 1).concat(CATALOGUE[2]))).toEqual([
			{ id: 'sgb2', label: 'sgb2', factor: 'materiell', polarity: 1, scale: 1 }
		]);
	});

	it('imported indicators without a factor need one for the factor index, not for MSS', () => {
		expect(() => selectIndicators(withDefaults(), CATALOGUE)).toThrow(/„import“ ist keinem Ausgrenzungsfaktor zugeordnet/);
		const mss = selectIndicators(withDefaults({ method: 'mss' }), CATALOGUE);
		expect(mss.map((i) => [i.id, i.factor, i.polarity])).toEqual([
			['sgb2', 'materiell', 1],
			['wahl', 'symbolisch', -1],
			['import', null, 1]
		]);
		const assigned = selectIndicators(withDefaults({ factors: { import: 'sozial' } }), CATALOGUE);
		expect(assigned.find((i) => i.id === 'import')!.factor).toBe('sozial');
	});

	it('applies polarity overrides and rejects polarity 0', () => {
		const r = selectIndicators(withDefaults({ method: 'mss', indicators: ['wahl', 'flaeche'], polarity: { wahl: 1, flaeche: -1 } }), CATALOGUE);
		expect(r.map((i) => i.polarity)).toEqual([1, -1]);
		expect(() => selectIndicators(withDefaults({ method: 'mss', indicators: ['flaeche'] }), CATALOGUE)).toThrow(/keine Richtung/);
	});

	it('checks weights against indicators and factors', () => {
		expect(() => selectIndicators(withDefaults({ indicators: ['sgb2'], weights: { tippfehler: 2 } }), CATALOGUE)).toThrow(
			/Gewicht für „tippfehler“: weder Indikator noch Faktor/
		);
		expect(() => selectIndicators(withDefaults({ indicators: ['sgb2'], weights: { sgb2: 0 } }), CATALOGUE)).toThrow(/Alle Indikatorgewichte sind 0/);
		expect(() => selectIndicators(withDefaults({ indicators: ['sgb2'], weights: { materiell: 0 } }), CATALOGUE)).toThrow(/Alle Faktorgewichte/);
		expect(() => selectIndicators(withDefaults({ indicators: ['sgb2', 'sgb2'] }), CATALOGUE)).toThrow(/doppelt/);
		expect(() => selectIndicators(withDefaults({ indicators: ['sgb2'], polarity: { sgb: -1 } }), CATALOGUE)).toThrow(/Polarität für „sgb“: unbekannter Indikator/);
	});
});

describe('weights, years and lists', () => {
	it('weights default to 1', () => {
		expect(indicatorWeight(withDefaults({ weights: { a: 2 } }), 'a')).toBe(2);
		expect(indicatorWeight(withDefaults(), 'b')).toBe(1);
		expect(factorWeight(withDefaults(), 'sozial')).toBe(1);
	});

	it('resolveYear: latest by default, else checked', () => {
		expect(resolveYear(null, [2019, 2023])).toBe(2023);
		expect(resolveYear(2019, [2019, 2023])).toBe(2019);
		expect(() => resolveYear(2020, [2023, 2019])).toThrow(/Keine Werte für das Jahr 2020\. Verfügbare Jahre: 2019, 2023\./);
		expect(() => resolveYear(null, [])).toThrow(/keine Werte/);
	});

	it('parseNumberList reads name:number lists and rejects decimal commas', () => {
		expect(parseNumberList('sgb2_quote:2,materiell:1.5', 'Gewichte')).toEqual({ sgb2_quote: 2, materiell: 1.5 });
		expect(parseNumberList('a:-1', 'Polarität')).toEqual({ a: -1 });
		expect(() => parseNumberList('a:1,5', 'Gewichte')).toThrow(/Dezimalkomma\?/);
		expect(() => parseNumberList('a:viel', 'Gewichte')).toThrow(/„viel“ bei „a“ ist keine Zahl/);
		expect(() => parseNumberList('a:1,a:2', 'Gewichte')).toThrow(/doppelt/);
	});
});
