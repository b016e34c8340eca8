/**
 * Lastenausgleich view state ↔ URL (permalink) and ↔ stored objects
 * (src/lib/state/allocation-url.ts), and the German number input (src/lib/format.ts).
 */
import { describe, expect, it } from 'vitest';
import {
	ALLOCATION_VIEW_DEFAULTS,
	defaultAllocationState,
	normaliseForSource,
	parseAllocationState,
	parseStatusQuoParam,
	readAllocationState,
	StateError,
	writeAllocationState,
	type AllocationViewState
} from '../../src/lib/state/allocation-url.ts';
import { formatEuro, formatEuroSigned, parseGermanNumber } from '../../src/lib/format.ts';

const FULL: AllocationViewState = {
	source: 'demo',
	year: 2021,
	a: { budget: 2_500_000, alpha: 0.35, floorShare: 0.1, cap: 0.05, targetPopulation: 'unter_18', need: 'sgb2_quote' },
	b: { budget: 1_000_000, alpha: 0, floorShare: 0, cap: null, targetPopulation: 'alle', need: 'ausgrenzungsindex' },
	statusQuo: { 'st-mitte': 45_000, 'st-vahr': 30_000.5 },
	mapSlot: 'b',
	name: 'Entwurf Jugendhilfe',
	selected: 'st-vahr'
};

const roundTrip = (s: AllocationViewState) => readAllocationState(new URLSearchParams(writeAllocationState(s)));

describe('allocation view state ↔ URL', () => {
	it('round-trips a full state with two scenarios and a status quo', () => {
		expect(roundTrip(FULL)).toEqual(FULL);
	});

	it('round-trips the defaults as an empty query', () => {
		expect(writeAllocationState(defaultAllocationState())).toBe('?');
		expect(readAllocationState(new URLSearchParams(''))).toEqual(ALLOCATION_VIEW_DEFAULTS);
	});

	it('round-trips the facts source (target population alle, fact need, no year)', () => {
		const s: AllocationViewState = {
			...defaultAllocationState(),
			source: 'fakten',
			a: { ...FULL.a, targetPopulation: 'alle', need: 'auslaenderanteil_pct' },
			b: { ...FULL.b!, targetPopulation: 'alle', need: 'arbeitslosenquote_pct' }
		};
		expect(roundTrip(s)).toEqual(s);
		expect(writeAllocationState(s)).toContain('quelle=fakten');
	});

	it('writes B with its budget always, so a default B survives', () => {
		const s = { ...defaultAllocationState(), b: { ...ALLOCATION_VIEW_DEFAULTS.a } };
		expect(writeAllocationState(s)).toBe('?b_budget=1000000');
		expect(roundTrip(s).b).toEqual(ALLOCATION_VIEW_DEFAULTS.a);
	});

	it('keeps only what differs from the defaults, in readable form', () => {
		const q = writeAllocationState({ ...defaultAllocationState(), a: { ...ALLOCATION_VIEW_DEFAULTS.a, alpha: 0.7 }, statusQuo: { 'st-mitte': 40000 } });
		expect(q).toBe('?alpha=0.7&sq=st-mitte%3A40000');
	});

	it('falls back to the defaults on malformed parameters, never throws', () => {
		const s = readAllocationState(
			new URLSearchParams('budget=1.000.000&alpha=2&sockel=0.9&kappung=-1&ziel=<x>&bedarf=&quelle=mars&jahr=abc&sq=st-mitte:abc,:5,st-vahr:-3,st-horn-lehe:7&karte=b&gebiet=<b>')
		);
		expect(s.a).toEqual(ALLOCATION_VIEW_DEFAULTS.a);
		expect(s.source).toBe('demo');
		expect(s.year).toBeNull();
		expect(s.statusQuo).toEqual({ 'st-horn-lehe': 7 });
		expect(s.mapSlot).toBe('a'); // no B to show
		expect(s.selected).toBeNull();
	});

	it('refuses a fractional or too large budget in the URL', () => {
		expect(readAllocationState(new URLSearchParams('budget=1000.5')).a.budget).toBe(1_000_000);
		expect(readAllocationState(new URLSearchParams('budget=1e12')).a.budget).toBe(1_000_000);
		expect(readAllocationState(new URLSearchParams('budget=250000')).a.budget).toBe(250_000);
	});

	it('parses status-quo lists with decimals', () => {
		expect(parseStatusQuoParam('st-a:1.5,st-b:0')).toEqual({ 'st-a': 1.5, 'st-b': 0 });
	});
});

describe('data source consistency', () => {
	it('facts allow only the population „alle“ and the fact needs', () => {
		const p = normaliseForSource({ ...FULL.a }, 'fakten');
		expect(p.targetPopulation).toBe('alle');
		expect(p.need).toBe('arbeitslosenquote_pct');
		expect(normaliseForSource({ ...FULL.a, need: 'auslaenderanteil_pct' }, 'fakten').need).toBe('auslaenderanteil_pct');
	});
	it('demo data has no fact need', () => {
		expect(normaliseForSource({ ...FULL.a, need: 'arbeitslosenquote_pct' }, 'demo').need).toBe('ausgrenzungsindex');
		expect(normaliseForSource({ ...FULL.a }, 'demo')).toEqual(FULL.a);
	});
	it('a facts URL with a demo need is corrected on reading', () => {
		const s = readAllocationState(new URLSearchParams('quelle=fakten&ziel=unter_18&bedarf=sgb2_quote&jahr=2020'));
		expect(s.a.targetPopulation).toBe('alle');
		expect(s.a.need).toBe('arbeitslosenquote_pct');
		expect(s.year).toBeNull();
	});
});

describe('stored state (strict)', () => {
	it('round-trips through JSON', () => {
		expect(parseAllocationState(JSON.parse(JSON.stringify(FULL)))).toEqual(FULL);
	});
	it('names the field and what was expected', () => {
		const bad = JSON.parse(JSON.stringify(FULL));
		bad.a.alpha = 3;
		expect(() => parseAllocationState(bad, 'Szenario „X“')).toThrow(StateError);
		expect(() => parseAllocationState(bad, 'Szenario „X“')).toThrow('Szenario „X“, Szenario A, Feld „alpha“: erwartet eine Zahl zwischen 0 und 1 (gefunden: 3).');
	});
	it('refuses a wrong source, a bad budget and a negative status quo', () => {
		expect(() => parseAllocationState({ ...FULL, source: 'excel' })).toThrow('Feld „source“');
		expect(() => parseAllocationState({ ...FULL, a: { ...FULL.a, budget: 10.5 } })).toThrow('Feld „budget“');
		expect(() => parseAllocationState({ ...FULL, statusQuo: { 'st-mitte': -1 } })).toThrow('Status quo „st-mitte“');
		expect(() => parseAllocationState('hallo')).toThrow('kein gültiger Zustand');
	});
});

describe('German number input', () => {
	it.each([
		['1.000.000', 1_000_000],
		['1000000', 1_000_000],
		['1 000 000', 1_000_000],
		['1.000.000 €', 1_000_000],
		['12,5', 12.5],
		['1.234,56', 1234.56],
		['-5', -5],
		['−5', -5],
		['10 %', 10]
	])('reads %s', (text, value) => {
		expect(parseGermanNumber(text)).toEqual({ ok: true, value });
	});
	it.each(['1.5', '1.00.000', 'abc', '', '1,000,000', '1,2,3'])('refuses %s with a German message', (text) => {
		const r = parseGermanNumber(text);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(/Zahl/);
	});
	it('formats whole euros and signed differences', () => {
		expect(formatEuro(1_000_000)).toBe('1.000.000');
		expect(formatEuro(-0.2)).toBe('0');
		expect(formatEuroSigned(1234)).toBe('+1.234');
		expect(formatEuroSigned(-5)).toBe('-5');
		expect(formatEuroSigned(0.4)).toBe('0');
	});
});
