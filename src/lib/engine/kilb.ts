/**
 * Kilb quarter types: a membership score 0–1 per Ortsteil and ideal type, from the
 * declared criteria of `data/kilb-criteria.json` (DESIGN.md §4).
 *
 * Rainer Kilb names four "Wirkungs- und Vermittlungseffekte" of disadvantaged quarters —
 * Abspaltungs-, Konfrontations- und Verunsicherungsverstärker, Desintegrationsräume — and
 * stresses that they are ideal types which "können in einem Quartier mehrfach auftauchen".
 * No published operationalisation exists; this one is ours, and every step is shown:
 *
 * 1. Membership of one criterion (ramp, piecewise linear between thresholds a < b):
 *
 *      richtung hoch:     m(x) = 0 for x ≤ a,  (x − a)/(b − a) for a < x < b,  1 for x ≥ b
 *      richtung niedrig:  m(x) = 1 for x ≤ a,  (b − x)/(b − a) for a < x < b,  0 for x ≥ b
 *      category:          m(x) = 1 if x is among `werte`, else 0
 *
 * 2. Score of a type, `kombination: gewichtetes_mittel`:
 *
 *      S = min( Σₖ wₖ mₖ / Σₖ wₖ ,  min_{k muss} mₖ )
 *
 *    over the criteria with a value; contribution of criterion k = wₖ mₖ / Σ wₖ (the
 *    contributions add up to the weighted mean). `kombination: minimum`: S = minₖ mₖ.
 *
 * 3. A type is assigned when S ≥ `zuordnung_ab` (0.5), on the unrounded score. Several
 *    types per Ortsteil are allowed; none is a valid result.
 *
 * Missing values (small base, no neighbours, first year without dynamics): the criterion
 * is left out and the weights of the others are renormalised — but a missing must-have
 * criterion, a missing criterion under `minimum`, or less than half of the type's weight
 * with values leave the score empty (null), with the reason. An empty score is "not
 * assessable", never 0.
 *
 * Monotonicity: m is non-decreasing in x towards the type's side, the weighted mean is
 * non-decreasing in every m, and so is the minimum — moving one value towards the type
 * never lowers the score (tested as a property).
 *
 * @see Kilb, R. (2006), neue praxis 1/2006; quoted in "Sozialraumorientierung in Bremen – aber wie?" (AfSD/SAFGJS 2010)
 */
import type { Db } from './db.ts';
import {
	criteriaMeasures,
	isRamp,
	KILB_TYPES,
	validateCriteria,
	type Direction,
	type KilbCriteria,
	type KilbCriterion,
	type KilbType,
	type KilbTypeId
} from './kilb-criteria.ts';
import { loadKilbMeasures, type KilbMeasures, type MeasureCatalogueEntry, type MeasureInfo, type MeasureValue } from './kilb-measures.ts';

export type { KilbMeasures, KilbTypeId };

/**
 * Piecewise-linear membership ramp between two thresholds a < b (see module comment).
 * ±Infinity lands on the matching end; NaN gives NaN.
 *
 * @param value the measure's value
 * @param thresholds ascending [a, b]
 * @param direction `hoch`: higher values count, `niedrig`: lower values count
 * @throws RangeError if a ≥ b
 * @example ramp(1.25, [1, 1.5], 'hoch') // → 0.5
 * @example ramp(3, [2, 4], 'niedrig') // → 0.5
 * @example ramp(2, [2, 4], 'niedrig') // → 1
 */
export function ramp(value: number, thresholds: readonly [number, number], direction: Direction): number {
	const [a, b] = thresholds;
	if (!(a < b)) throw new RangeError(`Rampe: Schwellen müssen aufsteigend und verschieden sein (${a}, ${b})`);
	if (Number.isNaN(value)) return NaN;
	const up = value <= a ? 0 : value >= b ? 1 : (value - a) / (b - a);
	return direction === 'hoch' ? up : 1 - up;
}

/** One criterion of one type for one area: everything the "warum?" panel shows. */
export interface CriterionResult {
	id: string;
	label: string;
	measure: string;
	/** the measure's value (number or category); null when missing */
	value: MeasureValue;
	/** ramp criteria */
	direction: Direction | null;
	thresholds: [number, number] | null;
	/** category criteria */
	categories: string[] | null;
	/** membership 0–1; null when the value is missing */
	membership: number | null;
	weight: number;
	must: boolean;
	/**
	 * share of the score: wₖ mₖ / Σ w (weighted mean), or — under `minimum` — the
	 * membership of the deciding criterion and 0 for the others; null when left out
	 */
	contribution: number | null;
	/** true when this criterion's membership decided the score (must-have cap or minimum) */
	binding: boolean;
	begruendung: string;
}

export interface TypeResult {
	type: KilbTypeId;
	/** membership score 0–1, null when not assessable */
	score: number | null;
	assigned: boolean;
	/** weighted mean before the must-have cap (null under `minimum` or when not assessable) */
	mean: number | null;
	/** smallest membership of the must-have criteria (null if none) */
	cap: number | null;
	criteria: CriterionResult[];
	/** why the score is empty, or which criteria were left out (German) */
	note: string | null;
}

export interface AreaKilb {
	area_id: string;
	area_name: string;
	scores: Record<KilbTypeId, number | null>;
	/** assigned types in the order of KILB_TYPES */
	types: KilbTypeId[];
	details: Record<KilbTypeId, TypeResult>;
}

export interface KilbReport {
	year: number;
	fromYear: number | null;
	criteria: KilbCriteria;
	areas: AreaKilb[];
	/** per measure id its description and the year(s) used */
	measures: Record<string, MeasureInfo & { years: string | null }>;
	/** number of Ortsteile per assigned type, and with ≥ 2 types */
	counts: Record<KilbTypeId, number> & { mehrere: number; keiner: number; nicht_bewertbar: number };
	notes: string[];
}

function membershipOf(c: KilbCriterion, value: MeasureValue): number | null {
	if (value === null) return null;
	if (isRamp(c)) {
		if (typeof value !== 'number' || Number.isNaN(value)) return null;
		return ramp(value, c.schwellen, c.richtung);
	}
	return c.werte.includes(String(value)) ? 1 : 0;
}

/**
 * Scores one type for one area from its measure values (no database).
 *
 * @param type the type with its criteria (validated)
 * @param valueOf the area's value of a measure id (null when missing)
 * @param assignAt the assignment threshold (`zuordnung_ab`)
 * @example scoreType(type, (m) => ({ statusindex: 1.5, zentrumsdistanz_km: 8 })[m] ?? null, 0.5).score
 */
export function scoreType(type: KilbType, valueOf: (measure: string) => MeasureValue, assignAt = 0.5): TypeResult {
	const criteria: CriterionResult[] = type.kriterien.map((c) => {
		const value = valueOf(c.messgroesse);
		return {
			id: c.id,
			label: c.label,
			measure: c.messgroesse,
			value,
			direction: isRamp(c) ? c.richtung : null,
			thresholds: isRamp(c) ? [c.schwellen[0], c.schwellen[1]] : null,
			categories: isRamp(c) ? null : [...c.werte],
			membership: membershipOf(c, value),
			weight: c.gewicht,
			must: c.muss || type.kombination === 'minimum',
			contribution: null,
			binding: false,
			begruendung: c.begruendung
		};
	});
	const empty = (note: string): TypeResult => ({ type: type.id, score: null, assigned: false, mean: null, cap: null, criteria, note });
	const missing = criteria.filter((c) => c.membership === null);
	const missingMust = missing.filter((c) => c.must);
	if (missingMust.length) {
		return empty(`nicht bewertbar: ${type.kombination === 'minimum' ? 'Kriterium' : 'Muss-Kriterium'} ohne Wert (${missingMust.map((c) => c.label).join(', ')})`);
	}
	const present = criteria.filter((c) => c.membership !== null);
	const leftOut = missing.length ? `ohne Wert und nicht berücksichtigt: ${missing.map((c) => c.label).join(', ')}` : null;

	if (type.kombination === 'minimum') {
		let decisive = present[0];
		for (const c of present) if ((c.membership as number) < (decisive.membership as number)) decisive = c;
		for (const c of present) c.contribution = c === decisive ? c.membership : 0;
		decisive.binding = true;
		const score = decisive.membership as number;
		return { type: type.id, score, assigned: score >= assignAt, mean: null, cap: score, criteria, note: leftOut };
	}

	const totalWeight = criteria.reduce((s, c) => s + c.weight, 0);
	const presentWeight = present.reduce((s, c) => s + c.weight, 0);
	if (!(presentWeight > 0) || presentWeight < totalWeight / 2) {
		return empty(`nicht bewertbar: weniger als die Hälfte des Gewichts mit Werten (fehlend: ${missing.map((c) => c.label).join(', ')})`);
	}
	// one division of the weighted sum, so that full memberships give exactly 1
	let weighted = 0;
	for (const c of present) {
		weighted += c.weight * (c.membership as number);
		c.contribution = (c.weight * (c.membership as number)) / presentWeight;
	}
	const mean = weighted / presentWeight;
	const musts = present.filter((c) => c.must);
	let cap: number | null = null;
	let score = mean;
	if (musts.length) {
		let decisive = musts[0];
		for (const c of musts) if ((c.membership as number) < (decisive.membership as number)) decisive = c;
		cap = decisive.membership as number;
		if (cap < mean) {
			score = cap;
			decisive.binding = true;
		}
	}
	// guard against rounding drift above 1 (Σ wm/Σw of memberships ≤ 1)
	score = Math.min(1, Math.max(0, score));
	return { type: type.id, score, assigned: score >= assignAt, mean, cap, criteria, note: leftOut };
}

/**
 * Scores every Ortsteil for every type from loaded measures — no database, so the
 * criteria editor can re-score on every keystroke.
 *
 * @param measures from `loadKilbMeasures` (must hold every measure the criteria use)
 * @param criteria validated criteria (with the user's edits)
 * @throws Error (German) if a measure the criteria use was not loaded
 */
export function kilbScores(measures: KilbMeasures, criteria: KilbCriteria): KilbReport {
	for (const m of criteriaMeasures(criteria)) {
		if (!measures.values[m]) throw new Error(`Kilb: Messgröße „${m}“ wurde nicht geladen.`);
	}
	const assignAt = criteria.einstellungen.zuordnung_ab;
	const counts = { abspaltung: 0, konfrontation: 0, verunsicherung: 0, desintegration: 0, mehrere: 0, keiner: 0, nicht_bewertbar: 0 };
	const areas: AreaKilb[] = measures.areaIds.map((area_id, i) => {
		const valueOf = (m: string) => measures.values[m][i] ?? null;
		const details = {} as Record<KilbTypeId, TypeResult>;
		const scores = {} as Record<KilbTypeId, number | null>;
		for (const type of criteria.typen) {
			details[type.id] = scoreType(type, valueOf, assignAt);
			scores[type.id] = details[type.id].score;
		}
		const types = KILB_TYPES.filter((t) => details[t].assigned);
		for (const t of types) counts[t]++;
		if (types.length >= 2) counts.mehrere++;
		if (KILB_TYPES.every((t) => scores[t] === null)) counts.nicht_bewertbar++;
		else if (types.length === 0) counts.keiner++;
		return { area_id, area_name: measures.areaNames[i], scores, types, details };
	});
	const info: KilbReport['measures'] = {};
	for (const m of criteriaMeasures(criteria)) info[m] = { ...measures.info[m], years: measures.years[m] ?? null };
	return { year: measures.year, fromYear: measures.fromYear, criteria, areas, measures: info, counts, notes: measures.notes };
}

/** Validated criteria and the measures they need, for one year — the input of `kilbScores`. */
export interface KilbInput {
	criteria: KilbCriteria;
	measures: KilbMeasures;
}

/**
 * Validates the criteria against the data's catalogue and loads their measures for a year.
 * The view keeps the result and re-scores with `kilbScores` when thresholds or weights change.
 *
 * @param criteria the parsed criteria file
 * @param year reference year; null/undefined = the latest year with values
 * @throws KilbCriteriaError / SettingsError (German) for invalid criteria or years
 */
export async function loadKilbInput(db: Db, opts: { criteria: unknown; year?: number | null }): Promise<KilbInput> {
	const catalogue = await db.query<MeasureCatalogueEntry>('SELECT * FROM indicators ORDER BY sort, id');
	const criteria = validateCriteria(opts.criteria, catalogue);
	const measures = await loadKilbMeasures(db, { year: opts.year ?? null, settings: criteria.einstellungen, measures: criteriaMeasures(criteria) });
	return { criteria, measures };
}

/**
 * Loads the measures for a year and scores every Ortsteil (the CLI's call).
 *
 * @param criteria the parsed criteria file (validated here against the data's catalogue)
 * @param year reference year; null/undefined = the latest year with values
 * @throws KilbCriteriaError / SettingsError (German) for invalid criteria or years
 * @example (await computeKilb(db, { criteria: file, year: 2023 })).areas[0].scores // → { abspaltung: 0.41, konfrontation: 0.9, … } (demo data)
 */
export async function computeKilb(db: Db, opts: { criteria: unknown; year?: number | null }): Promise<KilbReport> {
	const { criteria, measures } = await loadKilbInput(db, opts);
	return kilbScores(measures, criteria);
}
