/**
 * Kilb quarter types (src/lib/engine/kilb.ts, kilb-measures.ts, kilb-criteria.ts):
 * the ramp, the scoring of each type on constructed Ortsteile (names obviously
 * synthetic) with the shipped criteria file, several types at once, monotonicity as
 * a property (fast-check), criteria validation, and the derived measures on a small
 * synthetic dataset in a real DuckDB.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeKilb, kilbScores, ramp, scoreType, type KilbMeasures } from '../../../src/lib/engine/kilb.ts';
import {
	applyOverrides,
	criteriaMeasures,
	KilbCriteriaError,
	validateCriteria,
	type KilbCriteria,
	type KilbType,
	type RampCriterion
} from '../../../src/lib/engine/kilb-criteria.ts';
import { haversineKm, loadKilbMeasures, measureInfo, neighbourGap, parseMeasureId, type MeasureValue } from '../../../src/lib/engine/kilb-measures.ts';
import { computeIndex } from '../../../src/lib/engine/index-report.ts';
import { loadTables } from '../../../src/lib/engine/schema.ts';
import { openNodeDb } from '../../../scripts/lib/node-db.ts';
import { rowsToArrowStream } from '../../../scripts/lib/arrow-io.ts';
import { VALUE_COLUMNS } from '../helpers/fixture-db.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const RAW = JSON.parse(readFileSync(resolve(ROOT, 'data/kilb-criteria.json'), 'utf8'));
const CATALOGUE = JSON.parse(readFileSync(resolve(ROOT, 'data/indicators.json'), 'utf8')).indicators;
const CRITERIA = validateCriteria(RAW, CATALOGUE);
const typeOf = (id: string): KilbType => CRITERIA.typen.find((t) => t.id === id)!;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

// ---------------------------------------------------------------------------
// Ramp
// ---------------------------------------------------------------------------

describe('ramp', () => {
	it('is 0 up to the lower threshold, linear between, 1 from the upper threshold (hoch)', () => {
		expect(ramp(0.5, [1, 1.5], 'hoch')).toBe(0);
		expect(ramp(1, [1, 1.5], 'hoch')).toBe(0);
		expect(ramp(1.25, [1, 1.5], 'hoch')).toBe(0.5);
		expect(ramp(1.5, [1, 1.5], 'hoch')).toBe(1);
		expect(ramp(9, [1, 1.5], 'hoch')).toBe(1);
	});
	it('turns around for richtung niedrig', () => {
		expect(ramp(2, [2, 4], 'niedrig')).toBe(1);
		expect(ramp(3, [2, 4], 'niedrig')).toBe(0.5);
		expect(ramp(3.5, [2, 4], 'niedrig')).toBe(0.25);
		expect(ramp(4, [2, 4], 'niedrig')).toBe(0);
		expect(ramp(-5, [2, 4], 'niedrig')).toBe(1);
	});
	it('handles infinite values, negative thresholds, NaN and very close thresholds', () => {
		expect(ramp(Infinity, [0, 1], 'hoch')).toBe(1);
		expect(ramp(-Infinity, [0, 1], 'hoch')).toBe(0);
		expect(ramp(-Infinity, [0, 1], 'niedrig')).toBe(1);
		expect(ramp(-0.75, [-1, -0.5], 'hoch')).toBe(0.5);
		expect(ramp(NaN, [0, 1], 'hoch')).toBeNaN();
		expect(ramp(1 + 5e-13, [1, 1 + 1e-12], 'hoch')).toBeCloseTo(0.5, 3);
	});
	it('rejects equal or descending thresholds', () => {
		expect(() => ramp(1, [1, 1], 'hoch')).toThrow(RangeError);
		expect(() => ramp(1, [2, 1], 'hoch')).toThrow(/aufsteigend/);
	});
});

// ---------------------------------------------------------------------------
// Derived-measure formulas
// ---------------------------------------------------------------------------

describe('haversineKm', () => {
	it('is 0 for the same point and 111.195 km for one degree on the equator', () => {
		expect(haversineKm(8.8071, 53.0758, 8.8071, 53.0758)).toBe(0);
		// 2π · 6371.0088 / 360 = 111.19508
		expect(haversineKm(0, 0, 1, 0)).toBeCloseTo(111.19508, 4);
	});
	it('gives about 0.95 km from the Marktplatz to the Hauptbahnhof', () => {
		// Δφ = 0.0077° → 0.8562 km; Δλ = 0.0063° × 111.195 × cos 53.08° = 0.4210 km; √(0.8562² + 0.4210²) = 0.9541
		expect(haversineKm(8.8071, 53.0758, 8.8134, 53.0835)).toBeCloseTo(0.954, 2);
	});
	it('is NaN for a missing coordinate', () => {
		expect(haversineKm(NaN, 53, 8, 53)).toBeNaN();
	});
});

describe('neighbourGap', () => {
	it('is own value minus the mean of the neighbours with a value', () => {
		expect(Array.from(neighbourGap(['a', 'b', 'c'], [3, 1, NaN], [['a', 'b'], ['b', 'c']]))).toEqual([2, -2, NaN]);
		// b's neighbours a (3) and c (5): 1 − 4 = −3
		expect(neighbourGap(['a', 'b', 'c'], [3, 1, 5], [['a', 'b'], ['c', 'b']])[1]).toBe(-3);
	});
	it('is NaN without neighbours', () => {
		expect(neighbourGap(['a'], [1], [])[0]).toBeNaN();
	});
});

describe('measure ids', () => {
	it('parses derived and indicator measures and rejects others', () => {
		expect(parseMeasureId('statusindex')).toEqual({ kind: 'abgeleitet', id: 'statusindex' });
		expect(parseMeasureId('aenderung:arbeitslosenziffer')).toEqual({ kind: 'aenderung', indicator: 'arbeitslosenziffer' });
		expect(parseMeasureId('mittelwert:x')).toBeNull();
		expect(parseMeasureId('indikator:')).toBeNull();
		expect(measureInfo('aenderung:auslaenderanteil', CATALOGUE)?.unit).toBe('Prozentpunkte');
		expect(measureInfo('indikator:gibtsnicht', CATALOGUE)).toBeNull();
	});
});

// ---------------------------------------------------------------------------
// Scoring constructed Ortsteile with the shipped criteria
// ---------------------------------------------------------------------------

/** An ordinary residential quarter: no type applies. */
const NEUTRAL: Record<string, MeasureValue> = {
	statusindex: -0.3,
	lisa_status: 'ns',
	zentrumsdistanz_km: 4,
	'indikator:wahlbeteiligung': 60,
	'standortquotient:sgb2_quote': 0.9,
	verkehr_gewerbe_anteil: 18,
	'indikator:fluktuation': 16,
	statusabstand_nachbarn_betrag: 0.2,
	dynamikindex: -0.2,
	'aenderung:arbeitslosenziffer': -0.2,
	'aenderung:auslaenderanteil': 1,
	'indikator:gewerbeflaechenanteil': 2,
	'indikator:verkehrsflaechenanteil': 10,
	'indikator:wohnflaechenanteil': 40,
	einwohner_je_ha_bebaut: 120
};

/** Synthetic Ortsteile as KilbMeasures (every measure the shipped criteria use). */
function measuresOf(areas: { name: string; values: Record<string, MeasureValue> }[], criteria: KilbCriteria = CRITERIA): KilbMeasures {
	const ids = criteriaMeasures(criteria);
	const values: Record<string, MeasureValue[]> = {};
	for (const m of ids) values[m] = areas.map((a) => (m in a.values ? a.values[m] : (NEUTRAL[m] ?? null)));
	return {
		year: 2023,
		fromYear: 2019,
		areaIds: areas.map((a) => 'ot-' + a.name.toLowerCase().replaceAll(' ', '-')),
		areaNames: areas.map((a) => a.name),
		values,
		info: Object.fromEntries(ids.map((m) => [m, measureInfo(m, CATALOGUE)!])),
		years: {},
		notes: []
	};
}

function scoresOf(name: string, values: Record<string, MeasureValue>) {
	const report = kilbScores(measuresOf([{ name, values }]), CRITERIA);
	return report.areas[0];
}

describe('the shipped criteria on constructed Ortsteile', () => {
	it('shipped file: versioned, the four types, every criterion explained, Marktplatz as centre', () => {
		expect(RAW.version).toMatch(/^\d+\.\d+\.\d+$/);
		expect(CRITERIA.typen.map((t) => t.id)).toEqual(['abspaltung', 'konfrontation', 'verunsicherung', 'desintegration']);
		for (const t of CRITERIA.typen) {
			expect(t.zitat.length).toBeGreaterThan(80);
			for (const c of t.kriterien) expect(c.begruendung.length, `${t.id}.${c.id}`).toBeGreaterThan(40);
		}
		expect(CRITERIA.einstellungen.zentrum).toMatchObject({ laenge: 8.8071, breite: 53.0758 });
		expect(CRITERIA.einstellungen.zentrum.begruendung).toMatch(/Marktplatz ≈ 8,8071° O, 53,0758° N/);
	});

	it('an ordinary quarter gets no type — a valid result', () => {
		const a = scoresOf('Testort Mittelmaß', {});
		expect(a.types).toEqual([]);
		expect(Object.values(a.scores).every((s) => s !== null && s < 0.5)).toBe(true);
	});

	describe('Abspaltungsverstärker', () => {
		const ghetto = { statusindex: 2, lisa_status: 'HH', zentrumsdistanz_km: 8, 'indikator:wahlbeteiligung': 40, 'standortquotient:sgb2_quote': 2.6 };
		it('qualifies: very low status in a HH cluster, peripheral, low turnout, concentrated poverty', () => {
			const a = scoresOf('Testsiedlung Rand', ghetto);
			expect(a.scores.abspaltung).toBe(1);
			expect(a.types).toEqual(['abspaltung']);
		});
		it('qualifies without the cluster: (2·1 + 0 + 1 + 1 + 1) / 6 = 5/6', () => {
			expect(scoresOf('Testsiedlung Solitär', { ...ghetto, lisa_status: 'HL' }).scores.abspaltung).toBeCloseTo(5 / 6, 12);
		});
		it('does not qualify with middle status, however peripheral (must-have caps at 0)', () => {
			const a = scoresOf('Testsiedlung Mittelstand', { ...ghetto, statusindex: 0.5 });
			expect(a.scores.abspaltung).toBe(0);
			expect(a.details.abspaltung.criteria.find((c) => c.id === 'status')!.binding).toBe(true);
			expect(a.details.abspaltung.mean).toBeCloseTo(4 / 6, 12);
		});
		it('does not qualify when only the status is low: 2/6 < 0.5', () => {
			const a = scoresOf('Testsiedlung Zentral', { statusindex: 2, zentrumsdistanz_km: 1 });
			expect(a.scores.abspaltung).toBeCloseTo(2 / 6, 12);
			expect(a.types).not.toContain('abspaltung');
		});
	});

	describe('Konfrontationsverstärker', () => {
		const centre = { zentrumsdistanz_km: 0.5, verkehr_gewerbe_anteil: 50, 'indikator:fluktuation': 32, statusindex: 0.8, statusabstand_nachbarn_betrag: 1.6 };
		it('qualifies: central, commercial and traffic land, turnover, poverty, status gap', () => {
			const a = scoresOf('Testcity Markt', centre);
			expect(a.scores.konfrontation).toBe(1);
			expect(a.types).toEqual(['konfrontation']);
		});
		it('does not qualify 5 km out, whatever else (central location is a must)', () => {
			expect(scoresOf('Testvorort Einkaufszentrum', { ...centre, zentrumsdistanz_km: 5 }).scores.konfrontation).toBe(0);
		});
		it('a central but quiet, well-off residential quarter stays below 0.5', () => {
			// (2·1 + 0 + 0 + 0 + 0) / 6 = 1/3
			const a = scoresOf('Testviertel Ruhig', { zentrumsdistanz_km: 1, statusindex: -1 });
			expect(a.scores.konfrontation).toBeCloseTo(1 / 3, 12);
		});
	});

	describe('Verunsicherungsverstärker', () => {
		const decline = {
			dynamikindex: 1.5,
			statusindex: 0.3,
			'aenderung:arbeitslosenziffer': 2,
			'aenderung:auslaenderanteil': 6,
			'indikator:gewerbeflaechenanteil': 20
		};
		it('qualifies: negative dynamics in a middle-status, industrial quarter with rising unemployment', () => {
			const a = scoresOf('Testwerft Quartier', decline);
			expect(a.scores.verunsicherung).toBe(1);
			expect(a.types).toEqual(['verunsicherung']);
		});
		it('does not qualify in a stable quarter', () => {
			expect(scoresOf('Testwerft Stabil', { ...decline, dynamikindex: 0 }).scores.verunsicherung).toBe(0);
		});
		it('does not qualify in a high-status quarter with negative dynamics', () => {
			expect(scoresOf('Testvillen Viertel', { ...decline, statusindex: -1.2 }).scores.verunsicherung).toBe(0);
		});
		it('half-way dynamics cap the score at the must-have ramp: dynamik 0.75 → 0.5', () => {
			const a = scoresOf('Testwerft Halb', { ...decline, dynamikindex: 0.75 });
			expect(a.scores.verunsicherung).toBeCloseTo(0.5, 12);
			expect(a.types).toContain('verunsicherung'); // ≥ 0.5 assigns
		});
	});

	describe('Desintegrationsraum', () => {
		const leftover = { 'indikator:verkehrsflaechenanteil': 25, 'indikator:wohnflaechenanteil': 15, einwohner_je_ha_bebaut: 40, statusindex: 0.2 };
		it('qualifies: much traffic land, little housing, thinly populated, not well-off', () => {
			const a = scoresOf('Testkreuz Magistrale', leftover);
			expect(a.scores.desintegration).toBe(1);
			expect(a.types).toEqual(['desintegration']);
		});
		it('does not qualify without traffic land', () => {
			expect(scoresOf('Testkreuz Grün', { ...leftover, 'indikator:verkehrsflaechenanteil': 8 }).scores.desintegration).toBe(0);
		});
		it('does not qualify in a high-status quarter', () => {
			expect(scoresOf('Testkreuz Villa', { ...leftover, statusindex: -1.5 }).scores.desintegration).toBe(0);
		});
	});

	it('one Ortsteil can show several types (Kilb: „können in einem Quartier mehrfach auftauchen“)', () => {
		const a = scoresOf('Testbahnhof Viertel', {
			zentrumsdistanz_km: 0.8,
			verkehr_gewerbe_anteil: 50,
			'indikator:fluktuation': 32,
			statusindex: 0.8,
			statusabstand_nachbarn_betrag: 1.6,
			'indikator:verkehrsflaechenanteil': 25,
			'indikator:wohnflaechenanteil': 15,
			einwohner_je_ha_bebaut: 40
		});
		expect(a.types).toEqual(['konfrontation', 'desintegration']);
		const report = kilbScores(
			measuresOf([
				{ name: 'Testbahnhof Viertel', values: { zentrumsdistanz_km: 0.8, verkehr_gewerbe_anteil: 50, 'indikator:fluktuation': 32, statusindex: 0.8, statusabstand_nachbarn_betrag: 1.6, 'indikator:verkehrsflaechenanteil': 25, 'indikator:wohnflaechenanteil': 15, einwohner_je_ha_bebaut: 40 } },
				{ name: 'Testort Mittelmaß', values: {} }
			]),
			CRITERIA
		);
		expect(report.counts).toMatchObject({ konfrontation: 1, desintegration: 1, abspaltung: 0, verunsicherung: 0, mehrere: 1, keiner: 1 });
	});

	it('explains every criterion: value, thresholds, membership, weight, contribution summing to the mean', () => {
		const a = scoresOf('Testsiedlung Erklärt', { statusindex: 1.125, zentrumsdistanz_km: 4, lisa_status: 'HH' });
		const d = a.details.abspaltung;
		expect(d.criteria.map((c) => c.id)).toEqual(['status', 'cluster', 'peripherie', 'beteiligung', 'armutsballung']);
		const status = d.criteria[0];
		expect(status).toMatchObject({ value: 1.125, thresholds: [0.75, 1.5], direction: 'hoch', weight: 2, must: true });
		expect(status.membership).toBeCloseTo(0.5, 12);
		expect(d.criteria[1]).toMatchObject({ categories: ['HH'], membership: 1, contribution: 1 / 6 });
		expect(d.criteria[2].membership).toBeCloseTo(0.5, 12); // 4 km on the ramp 2 … 6
		const sum = d.criteria.reduce((s, c) => s + (c.contribution ?? 0), 0);
		expect(sum).toBeCloseTo(d.mean!, 12);
		// mean = (2·0.5 + 1 + 0.5 + 0 + 0) / 6 = 0.4167; must-have cap 0.5 does not bind
		expect(a.scores.abspaltung).toBeCloseTo(2.5 / 6, 12);
		expect(status.binding).toBe(false);
	});

	it('leaves out a missing optional criterion (weights renormalised) and leaves the score empty when a must-have is missing', () => {
		const a = scoresOf('Testsiedlung Ohne Wahl', { statusindex: 2, lisa_status: 'HH', zentrumsdistanz_km: 8, 'indikator:wahlbeteiligung': null, 'standortquotient:sgb2_quote': 2.6 });
		expect(a.scores.abspaltung).toBe(1); // (2 + 1 + 1 + 1) / 5
		expect(a.details.abspaltung.note).toMatch(/nicht berücksichtigt: geringe Wahlbeteiligung/);
		expect(a.details.abspaltung.criteria.find((c) => c.id === 'beteiligung')!.contribution).toBeNull();
		const b = scoresOf('Testhafen Leer', { statusindex: null });
		expect(b.scores.abspaltung).toBeNull();
		expect(b.details.abspaltung.note).toMatch(/Muss-Kriterium ohne Wert/);
		expect(b.types).toEqual([]);
	});

	it('a higher assignment threshold assigns fewer types', () => {
		const strict = clone(RAW);
		strict.einstellungen.zuordnung_ab = 0.9;
		const c = validateCriteria(strict, CATALOGUE);
		const report = kilbScores(measuresOf([{ name: 'Testsiedlung Solitär', values: { statusindex: 2, lisa_status: 'HL', zentrumsdistanz_km: 8, 'indikator:wahlbeteiligung': 40, 'standortquotient:sgb2_quote': 2.6 } }], c), c);
		expect(report.areas[0].scores.abspaltung).toBeCloseTo(5 / 6, 12);
		expect(report.areas[0].types).toEqual([]);
	});
});

// ---------------------------------------------------------------------------
// Combination rules and monotonicity
// ---------------------------------------------------------------------------

function rampCriterion(id: string, richtung: 'hoch' | 'niedrig', schwellen: [number, number], gewicht: number, muss: boolean): RampCriterion {
	return { id, label: id, messgroesse: id, richtung, schwellen, gewicht, muss, begruendung: 'Test' };
}

function syntheticType(kriterien: RampCriterion[], kombination: 'gewichtetes_mittel' | 'minimum'): KilbType {
	return { id: 'abspaltung', name: 'Test', zitat: 'Test', quelle: 'Test', lesart: 'Test', nicht_abgebildet: [], kombination, kriterien };
}

describe('combination rules', () => {
	it('minimum: the smallest membership decides and is marked', () => {
		const t = syntheticType([rampCriterion('a', 'hoch', [0, 1], 1, false), rampCriterion('b', 'hoch', [0, 1], 5, false)], 'minimum');
		const r = scoreType(t, (m) => ({ a: 0.3, b: 0.9 })[m] ?? null);
		expect(r.score).toBeCloseTo(0.3, 12);
		expect(r.criteria.map((c) => c.binding)).toEqual([true, false]);
		expect(r.criteria.map((c) => c.contribution)).toEqual([0.3, 0]);
		expect(scoreType(t, (m) => ({ a: 0.3 })[m] ?? null).score).toBeNull();
	});
	it('weighted mean: less than half of the weight with values leaves the score empty', () => {
		const t = syntheticType([rampCriterion('a', 'hoch', [0, 1], 1, false), rampCriterion('b', 'hoch', [0, 1], 3, false)], 'gewichtetes_mittel');
		expect(scoreType(t, (m) => ({ a: 1 })[m] ?? null).score).toBeNull();
		expect(scoreType(t, (m) => ({ b: 1 })[m] ?? null).score).toBe(1);
	});
	it('a must-have criterion with weight 0 still caps the score', () => {
		const t = syntheticType([rampCriterion('a', 'hoch', [0, 1], 1, false), rampCriterion('b', 'hoch', [0, 1], 0, true)], 'gewichtetes_mittel');
		const r = scoreType(t, (m) => ({ a: 1, b: 0.2 })[m] ?? null);
		expect(r.score).toBeCloseTo(0.2, 12);
		expect(r.mean).toBe(1);
	});
});

describe('monotonicity (property)', () => {
	const thresholds = fc
		.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 1e-6, max: 50, noNaN: true }))
		.map(([a, width]) => [a, a + width] as [number, number]);
	const criterion = fc.record({
		richtung: fc.constantFrom('hoch' as const, 'niedrig' as const),
		schwellen: thresholds,
		gewicht: fc.double({ min: 0, max: 5, noNaN: true }),
		muss: fc.boolean(),
		value: fc.double({ min: -200, max: 200, noNaN: true })
	});
	it('moving one criterion value towards the type never lowers the score, and scores stay in [0, 1]', () => {
		fc.assert(
			fc.property(
				fc.array(criterion, { minLength: 1, maxLength: 6 }),
				fc.constantFrom('gewichtetes_mittel' as const, 'minimum' as const),
				fc.nat(),
				fc.double({ min: 0, max: 100, noNaN: true }),
				(list, kombination, pick, step) => {
					if (kombination === 'gewichtetes_mittel' && list.every((c) => c.gewicht === 0)) list[0].gewicht = 1;
					const type = syntheticType(list.map((c, i) => rampCriterion(`k${i}`, c.richtung, c.schwellen, c.gewicht, c.muss)), kombination);
					const before: Record<string, number> = Object.fromEntries(list.map((c, i) => [`k${i}`, c.value]));
					const k = pick % list.length;
					const after = { ...before, [`k${k}`]: before[`k${k}`] + (list[k].richtung === 'hoch' ? step : -step) };
					const s0 = scoreType(type, (m) => before[m]).score!;
					const s1 = scoreType(type, (m) => after[m]).score!;
					expect(s0).toBeGreaterThanOrEqual(0);
					expect(s1).toBeLessThanOrEqual(1);
					expect(s1).toBeGreaterThanOrEqual(s0 - 1e-12);
				}
			),
			{ numRuns: 2000, seed: 20240501 }
		);
	});
	it('holds for the shipped criteria too: any numeric measure moved towards its type', () => {
		const numeric = CRITERIA.typen.flatMap((t) => t.kriterien.filter((c): c is RampCriterion => 'schwellen' in c).map((c) => ({ type: t, c })));
		fc.assert(
			fc.property(
				fc.constantFrom(...numeric),
				fc.dictionary(fc.constantFrom(...Object.keys(NEUTRAL).filter((k) => k !== 'lisa_status')), fc.double({ min: -5, max: 120, noNaN: true })),
				fc.double({ min: 0, max: 50, noNaN: true }),
				({ type, c }, values, step) => {
					const before = { ...NEUTRAL, ...values };
					const after = { ...before, [c.messgroesse]: (before[c.messgroesse] as number) + (c.richtung === 'hoch' ? step : -step) };
					const s0 = scoreType(type, (m) => before[m] ?? null).score!;
					const s1 = scoreType(type, (m) => after[m] ?? null).score!;
					expect(s1).toBeGreaterThanOrEqual(s0 - 1e-12);
				}
			),
			{ numRuns: 1000, seed: 7 }
		);
	});
});

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

describe('criteria validation (German messages)', () => {
	const invalid = (edit: (raw: any) => void) => {
		const raw = clone(RAW);
		edit(raw);
		return () => validateCriteria(raw, CATALOGUE);
	};
	const first = (raw: any) => raw.typen[0].kriterien[0];

	it('rejects an unknown measure and an unknown indicator', () => {
		expect(invalid((r) => (first(r).messgroesse = 'glueck'))).toThrow(/Typ „abspaltung“, Kriterium „status“: unbekannte Messgröße „glueck“/);
		expect(invalid((r) => (first(r).messgroesse = 'indikator:glueck'))).toThrow(/unbekannter Indikator „glueck“ in „indikator:glueck“/);
		expect(invalid((r) => (first(r).messgroesse = 'aenderung:glueck'))).toThrow(KilbCriteriaError);
	});
	it('rejects thresholds that are equal, descending or not two numbers', () => {
		expect(invalid((r) => (first(r).schwellen = [1, 1]))).toThrow('Typ „abspaltung“, Kriterium „status“: die beiden Schwellen müssen verschieden sein (erhalten: 1 und 1).');
		expect(invalid((r) => (first(r).schwellen = [2, 1]))).toThrow(/Schwellen aufsteigend angeben/);
		expect(invalid((r) => (first(r).schwellen = [1]))).toThrow(/genau zwei Zahlen/);
		expect(invalid((r) => (first(r).schwellen = ['1', 2]))).toThrow(/genau zwei Zahlen/);
	});
	it('rejects negative weights and all-zero weights of a weighted mean', () => {
		expect(invalid((r) => (first(r).gewicht = -1))).toThrow('Typ „abspaltung“, Kriterium „status“: Gewicht muss eine Zahl ≥ 0 sein (erhalten: -1).');
		expect(invalid((r) => r.typen[0].kriterien.forEach((c: any) => (c.gewicht = 0)))).toThrow(/alle Gewichte sind 0/);
	});
	it('rejects an unknown combination rule and an unknown direction', () => {
		expect(invalid((r) => (r.typen[1].kombination = 'maximum'))).toThrow(
			'Typ „konfrontation“: unbekannte Kombinationsregel „maximum“ (erlaubt: gewichtetes_mittel, minimum).'
		);
		expect(invalid((r) => (first(r).richtung = 'mittel'))).toThrow(/unbekannte Richtung „mittel“ \(erlaubt: hoch, niedrig\)/);
	});
	it('checks category criteria', () => {
		expect(invalid((r) => (r.typen[0].kriterien[1].werte = ['XX']))).toThrow(/unbekannter Wert „XX“ für „lisa_status“/);
		expect(invalid((r) => (r.typen[0].kriterien[1].schwellen = [0, 1]))).toThrow(/ist eine Kategorie/);
		expect(invalid((r) => (first(r).werte = ['HH']))).toThrow(/ist eine Zahl/);
	});
	it('checks the file: version, types, settings', () => {
		expect(invalid((r) => delete r.version)).toThrow('Kriteriendatei: Feld „version“ fehlt (z. B. "1.0.0").');
		expect(invalid((r) => (r.typen[3].id = 'zerfall'))).toThrow(/unbekannter Typ „zerfall“/);
		expect(invalid((r) => r.typen.pop())).toThrow('Kriteriendatei: Typ „desintegration“ fehlt.');
		expect(invalid((r) => r.typen.push(r.typen[0]))).toThrow(/Typ „abspaltung“ ist doppelt/);
		expect(invalid((r) => r.typen[0].kriterien.push(first(r)))).toThrow(/Kriterium „status“ ist doppelt/);
		expect(invalid((r) => (r.einstellungen.zuordnung_ab = 0))).toThrow(/zuordnung_ab/);
		expect(invalid((r) => (r.einstellungen.zentrum.breite = 153))).toThrow(/zentrum/);
		expect(() => validateCriteria([], CATALOGUE)).toThrow('Kriteriendatei: kein JSON-Objekt.');
	});
	it('overrides from the editor are validated the same way', () => {
		const edited = applyOverrides(CRITERIA, { 'abspaltung.status': { schwellen: [0.8, 1.6], gewicht: 3 } });
		expect(edited.typen[0].kriterien[0]).toMatchObject({ schwellen: [0.8, 1.6], gewicht: 3 });
		expect(CRITERIA.typen[0].kriterien[0]).toMatchObject({ schwellen: [0.75, 1.5], gewicht: 2 }); // unchanged
		expect(() => applyOverrides(CRITERIA, { 'abspaltung.status': { schwellen: [1, 1] } })).toThrow(/verschieden/);
		expect(() => applyOverrides(CRITERIA, { 'abspaltung.status': { gewicht: -2 } })).toThrow(/Gewicht muss eine Zahl ≥ 0/);
		expect(() => applyOverrides(CRITERIA, { 'abspaltung.cluster': { schwellen: [0, 1] } })).toThrow(/Kategorie hat keine Schwellen/);
		expect(() => applyOverrides(CRITERIA, { 'abspaltung.gibtsnicht': { gewicht: 1 } })).toThrow(/kein solches Kriterium/);
	});
});

// ---------------------------------------------------------------------------
// Derived measures on a synthetic dataset (real DuckDB)
// ---------------------------------------------------------------------------

/**
 * 3 × 3 grid "Testort 1" … "Testort 9" (queen neighbours), Testort 5 at the centre,
 * plus "Testhafen Klein" (100 residents) next to Testort 9.
 */
const CX = 8.8071;
const CY = 53.0758;
const GRID = Array.from({ length: 9 }, (_, k) => ({ id: `t${k + 1}`, name: `Testort ${k + 1}`, r: Math.floor(k / 3), c: k % 3 }));
const SGB2_2023 = [30, 25, 10, 28, 20, 8, 5, 6, 4];
const AL_2019 = [10, 9, 5, 9, 7, 4, 3, 3, 3];
const AL_2023 = [12, 9.5, 5, 10, 7, 4, 3, 2, 3];
const TURNOUT_2019 = [45, 48, 60, 46, 52, 62, 70, 66, 72];
const TURNOUT_2023 = [44, 47, 61, 45, 50, 63, 71, 65, 73];

async function syntheticDb() {
	const db = await openNodeDb();
	const areas = [
		...GRID.map((g, sort) => ({ id: g.id, name: g.name, level: 'ortsteil', cx: CX + (g.c - 1) * 0.02, cy: CY + (1 - g.r) * 0.01, sort })),
		{ id: 't10', name: 'Testhafen Klein', level: 'ortsteil', cx: CX + 0.04, cy: CY - 0.02, sort: 9 },
		{ id: 'stadt-bremen', name: 'Teststadt', level: 'stadt', cx: CX, cy: CY, sort: 10 }
	];
	const indicators = [
		{ id: 'sgb2_quote', label: 'SGB-II-Quote', unit: '%', decimals: 1, scale: 100, min_base: 50, polarity: 1, factor: 'materiell', denominator: 'bev_u65' },
		{ id: 'arbeitslosenziffer', label: 'Arbeitslosenziffer', unit: '%', decimals: 1, scale: 100, min_base: 50, polarity: 1, factor: 'materiell', denominator: 'bev_15_65' },
		{ id: 'wahlbeteiligung', label: 'Wahlbeteiligung', unit: '%', decimals: 1, scale: 100, min_base: 50, polarity: -1, factor: 'symbolisch', denominator: 'wahlberechtigte' },
		{ id: 'verkehrsflaechenanteil', label: 'Verkehrsflächenanteil', unit: '%', decimals: 1, scale: 100, min_base: 0, polarity: 0, factor: 'kontext', denominator: 'flaeche_ha' },
		{ id: 'gewerbeflaechenanteil', label: 'Gewerbeflächenanteil', unit: '%', decimals: 1, scale: 100, min_base: 0, polarity: 0, factor: 'kontext', denominator: 'flaeche_ha' },
		{ id: 'wohnflaechenanteil', label: 'Wohnflächenanteil', unit: '%', decimals: 1, scale: 100, min_base: 0, polarity: 0, factor: 'kontext', denominator: 'flaeche_ha' },
		{ id: 'bevoelkerung', label: 'Bevölkerung', unit: 'Personen', decimals: 0, scale: 1, min_base: 0, polarity: 0, factor: 'kontext', denominator: null }
	];
	const vals: Record<string, unknown>[] = [];
	const add = (area_id: string, indicator_id: string, year: number, numerator: number, denominator: number | null) =>
		vals.push({ dataset: 'test', area_id, indicator_id, year, numerator, denominator, status: 'ok' });
	for (const year of [2019, 2021, 2023]) {
		GRID.forEach((g, k) => {
			const pop = 1000 + 100 * k;
			add(g.id, 'bevoelkerung', year, pop, null);
			const sgb2 = year === 2023 ? SGB2_2023[k] : SGB2_2023[k] - (2023 - year) / 2;
			add(g.id, 'sgb2_quote', year, sgb2 * 10, 1000);
			const al = year === 2019 ? AL_2019[k] : year === 2023 ? AL_2023[k] : (AL_2019[k] + AL_2023[k]) / 2;
			add(g.id, 'arbeitslosenziffer', year, al * 8, 800);
			if (year !== 2021) add(g.id, 'wahlbeteiligung', year, (year === 2019 ? TURNOUT_2019[k] : TURNOUT_2023[k]) * 6, 600);
			// land in ha of 100 ha: traffic 10 + k, commercial 5 + 2k, residential 40 − 3k
			add(g.id, 'verkehrsflaechenanteil', year, 10 + k, 100);
			add(g.id, 'gewerbeflaechenanteil', year, 5 + 2 * k, 100);
			add(g.id, 'wohnflaechenanteil', year, 40 - 3 * k, 100);
		});
		add('t10', 'bevoelkerung', year, 100, null);
		add('t10', 'sgb2_quote', year, 30, 80);
		add('t10', 'arbeitslosenziffer', year, 10, 60);
		if (year !== 2021) add('t10', 'wahlbeteiligung', year, 30, 70);
		add('t10', 'verkehrsflaechenanteil', year, 30, 100);
		add('t10', 'gewerbeflaechenanteil', year, 50, 100);
		add('t10', 'wohnflaechenanteil', year, 1, 100);
	}
	const neighbours: { area_id: string; neighbour_id: string }[] = [];
	for (const a of GRID) for (const b of GRID) if (a !== b && Math.abs(a.r - b.r) <= 1 && Math.abs(a.c - b.c) <= 1) neighbours.push({ area_id: a.id, neighbour_id: b.id });
	neighbours.push({ area_id: 't9', neighbour_id: 't10' }, { area_id: 't10', neighbour_id: 't9' });
	await loadTables(db, {
		areas: rowsToArrowStream(areas, { id: 'string', name: 'string', level: 'string', cx: 'float', cy: 'float', sort: 'int' }),
		indicators: rowsToArrowStream(
			indicators.map((i, sort) => ({ ...i, sort })),
			{ id: 'string', label: 'string', unit: 'string', decimals: 'int', scale: 'float', min_base: 'float', polarity: 'int', factor: 'string', denominator: 'string', sort: 'int' }
		),
		vals: rowsToArrowStream(vals, VALUE_COLUMNS),
		neighbours: rowsToArrowStream(neighbours, { area_id: 'string', neighbour_id: 'string' })
	});
	return db;
}

const ALL_MEASURES = [
	'statusindex',
	'statusklasse',
	'dynamikindex',
	'lisa_status',
	'statusabstand_nachbarn',
	'statusabstand_nachbarn_betrag',
	'zentrumsdistanz_km',
	'verkehr_gewerbe_anteil',
	'einwohner_je_ha_bebaut',
	'indikator:wahlbeteiligung',
	'aenderung:arbeitslosenziffer',
	'standortquotient:sgb2_quote'
];

describe('derived measures on a synthetic dataset', () => {
	let db: Awaited<ReturnType<typeof syntheticDb>>;
	beforeAll(async () => {
		db = await syntheticDb();
	});
	afterAll(() => db?.close());
	const at = (m: KilbMeasures, id: string, area: string) => m.values[id][m.areaIds.indexOf(area)];

	it('computes every measure from the data, with the small-base rule', async () => {
		const m = await loadKilbMeasures(db, { year: 2023, settings: CRITERIA.einstellungen, measures: ALL_MEASURES });
		expect(m.year).toBe(2023);
		expect(m.fromYear).toBe(2019);
		expect(m.areaNames).toContain('Testhafen Klein');
		// distance: the centre quarter sits on the Marktplatz; Testort 4 lies 0.02° west
		expect(at(m, 'zentrumsdistanz_km', 't5')).toBe(0);
		expect(at(m, 'zentrumsdistanz_km', 't4')).toBeCloseTo(haversineKm(CX - 0.02, CY, CX, CY), 12);
		expect(at(m, 'zentrumsdistanz_km', 't4')).toBeCloseTo(1.3363, 3); // 0.02 · 111.195 · cos 53.0758°
		// land use of Testort 1 (k = 0): (10 + 5) / 100 ha; residents 1000 / (10 + 5 + 40) ha
		expect(at(m, 'verkehr_gewerbe_anteil', 't1')).toBeCloseTo(15, 12);
		expect(at(m, 'einwohner_je_ha_bebaut', 't1')).toBeCloseTo(1000 / 55, 12);
		// Testort 9 (k = 8): (18 + 21) %; 1800 / (18 + 21 + 16)
		expect(at(m, 'verkehr_gewerbe_anteil', 't9')).toBeCloseTo(39, 12);
		expect(at(m, 'einwohner_je_ha_bebaut', 't9')).toBeCloseTo(1800 / 55, 12);
		// change in points 2019 → 2023
		expect(at(m, 'aenderung:arbeitslosenziffer', 't1')).toBeCloseTo(2, 12);
		expect(at(m, 'aenderung:arbeitslosenziffer', 't8')).toBeCloseTo(-1, 12);
		// location quotient: 30 % / city rate (Σ numerators / Σ denominators of the Ortsteile, incl. the small one)
		const city = (SGB2_2023.reduce((s, x) => s + x * 10, 0) + 30) / (9000 + 80);
		expect(at(m, 'standortquotient:sgb2_quote', 't1')).toBeCloseTo(0.3 / city, 12);
		// too few residents: no rate-based measure for the harbour
		for (const id of ['statusindex', 'verkehr_gewerbe_anteil', 'einwohner_je_ha_bebaut', 'standortquotient:sgb2_quote', 'indikator:wahlbeteiligung']) {
			expect(at(m, id, 't10'), id).toBeNull();
		}
		expect(at(m, 'zentrumsdistanz_km', 't10')).toBeGreaterThan(0); // geometry needs no residents
	});

	it('takes the Statusindex from the index code and the gap from the neighbours', async () => {
		const m = await loadKilbMeasures(db, { year: 2023, settings: CRITERIA.einstellungen, measures: ALL_MEASURES });
		const index = await computeIndex(db, { year: 2023, draws: 0 });
		const status = (id: string) => index.areas.find((a) => a.area_id === id)!.status_index!;
		expect(at(m, 'statusindex', 't1')).toBe(status('t1'));
		expect(at(m, 'statusklasse', 't1')).toBe(index.areas.find((a) => a.area_id === 't1')!.status_class);
		const around5 = ['t1', 't2', 't3', 't4', 't6', 't7', 't8', 't9'].map(status);
		expect(at(m, 'statusabstand_nachbarn', 't5')).toBeCloseTo(status('t5') - around5.reduce((s, x) => s + x, 0) / 8, 12);
		// Testort 9 borders the harbour, which has no value: only t5, t6, t8 count
		expect(at(m, 'statusabstand_nachbarn', 't9')).toBeCloseTo(status('t9') - (status('t5') + status('t6') + status('t8')) / 3, 12);
		expect(at(m, 'statusabstand_nachbarn_betrag', 't9')).toBeCloseTo(Math.abs(at(m, 'statusabstand_nachbarn', 't9') as number), 12);
		for (const id of m.areaIds.slice(0, 9)) expect(['HH', 'LL', 'LH', 'HL', 'ns']).toContain(at(m, 'lisa_status', id));
		expect(at(m, 'lisa_status', 't10')).toBeNull();
		expect(typeof at(m, 'dynamikindex', 't1')).toBe('number');
	});

	it('uses the last election before the reference year and reports the year', async () => {
		const m = await loadKilbMeasures(db, { year: 2021, settings: CRITERIA.einstellungen, measures: ALL_MEASURES });
		expect(m.fromYear).toBe(2019); // 2021 − 4, clamped to the first year
		expect(m.years['indikator:wahlbeteiligung']).toBe('2019');
		expect(at(m, 'indikator:wahlbeteiligung', 't1')).toBeCloseTo(45, 12);
		expect(m.years['aenderung:arbeitslosenziffer']).toBe('2019–2021');
	});

	it('has no dynamics in the first year and says so', async () => {
		const m = await loadKilbMeasures(db, { year: 2019, settings: CRITERIA.einstellungen, measures: ALL_MEASURES });
		expect(m.fromYear).toBeNull();
		expect(at(m, 'dynamikindex', 't1')).toBeNull();
		expect(m.notes.join(' ')).toMatch(/Dynamikindex: vor 2019 gibt es kein Jahr/);
	});

	it('computeKilb validates against the data catalogue and scores with the loaded measures', async () => {
		// the shipped file needs indicators this dataset lacks → a clear error
		await expect(computeKilb(db, { criteria: RAW, year: 2023 })).rejects.toThrow(/unbekannter Indikator „fluktuation“/);
		// a file using only what the dataset has
		const small = clone(RAW);
		small.typen[1].kriterien = small.typen[1].kriterien.filter((c: any) => c.messgroesse !== 'indikator:fluktuation');
		small.typen[2].kriterien = small.typen[2].kriterien.filter((c: any) => !c.messgroesse.includes('auslaender'));
		const report = await computeKilb(db, { criteria: small, year: 2023 });
		expect(report.areas).toHaveLength(10);
		const t1 = report.areas.find((a) => a.area_id === 't1')!;
		const konf = t1.details.konfrontation.criteria.find((c) => c.id === 'zentral')!;
		// Testort 1 lies 0.02° west and 0.01° north of the centre: haversine ≈ 1.72 km on the ramp 1.5 … 3 (niedrig)
		expect(konf.value).toBeCloseTo(haversineKm(CX - 0.02, CY + 0.01, CX, CY), 12);
		expect(konf.membership).toBeCloseTo((3 - (konf.value as number)) / 1.5, 12);
		const harbour = report.areas.find((a) => a.area_id === 't10')!;
		expect(harbour.scores.abspaltung).toBeNull();
		expect(harbour.types).toEqual([]);
	});
});
