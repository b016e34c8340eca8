/**
 * The Kilb criteria file (`data/kilb-criteria.json`): its shape, its validation with
 * German messages (they reach the UI and the CLI), and user edits of thresholds and
 * weights (the criteria editor, the permalink).
 *
 * A criterion is a ramp on one measure (see `kilb-measures.ts`):
 *
 *   { "id": "zentrum", "messgroesse": "zentrumsdistanz_km", "richtung": "niedrig",
 *     "schwellen": [2, 4], "gewicht": 2, "muss": true, "begruendung": "…" }
 *
 * `schwellen` are given ascending [a, b], a < b; `richtung` says which end counts:
 * `hoch` → membership 0 at ≤ a, 1 at ≥ b; `niedrig` → 1 at ≤ a, 0 at ≥ b (see `ramp` in
 * kilb.ts). A category measure (LISA cluster, status class) lists `werte` instead:
 * membership 1 if the area's category is among them, else 0.
 *
 * Each type combines its criteria by `kombination`:
 * - `gewichtetes_mittel`: weighted mean of the memberships, capped by the smallest
 *   membership of the criteria marked `"muss": true`;
 * - `minimum`: the smallest membership of all criteria (every criterion is a must).
 */
import { SettingsError } from './index-settings.ts';
import { DERIVED_MEASURES, measureInfo, parseMeasureId, type MeasureCatalogueEntry } from './kilb-measures.ts';

/** The four ideal types, in the order of the CLI columns (DESIGN §7). */
export const KILB_TYPES = ['abspaltung', 'konfrontation', 'verunsicherung', 'desintegration'] as const;
export type KilbTypeId = (typeof KILB_TYPES)[number];

export const DIRECTIONS = ['hoch', 'niedrig'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const COMBINE_RULES = ['gewichtetes_mittel', 'minimum'] as const;
export type CombineRule = (typeof COMBINE_RULES)[number];

interface CriterionBase {
	/** unique within its type, e.g. `zentrum` */
	id: string;
	/** short German label shown in the UI */
	label: string;
	/** measure id, e.g. `statusindex`, `indikator:fluktuation`, `aenderung:arbeitslosenziffer` */
	messgroesse: string;
	/** ≥ 0; only ratios within a type matter */
	gewicht: number;
	/** must-have: caps the type's score at this criterion's membership */
	muss: boolean;
	/** why this criterion, these thresholds, this weight (German) */
	begruendung: string;
}

/** A ramp on a number. */
export interface RampCriterion extends CriterionBase {
	richtung: Direction;
	/** ascending [a, b], a < b */
	schwellen: [number, number];
}

/** A list of categories that count (membership 1, else 0). */
export interface CategoryCriterion extends CriterionBase {
	werte: string[];
}

export type KilbCriterion = RampCriterion | CategoryCriterion;

export const isRamp = (c: KilbCriterion): c is RampCriterion => 'schwellen' in c;

export interface KilbType {
	id: KilbTypeId;
	/** e.g. „Abspaltungsverstärker“ */
	name: string;
	/** the seed text's description, verbatim */
	zitat: string;
	/** where the quote comes from */
	quelle: string;
	/** what this operationalisation takes from the quote (German) */
	lesart: string;
	/** aspects of the type the data cannot show (German), listed for honesty */
	nicht_abgebildet: string[];
	kombination: CombineRule;
	kriterien: KilbCriterion[];
}

export interface KilbSettings {
	/** a type is assigned at score ≥ this (0 < x ≤ 1; default 0.5) */
	zuordnung_ab: number;
	/** the city centre for `zentrumsdistanz_km` */
	zentrum: { name: string; laenge: number; breite: number; begruendung: string };
	/** years between the start year and the reference year for changes and the Dynamikindex */
	dynamik_jahre: number;
	/** LISA of the Statusindex */
	lisa: { permutationen: number; seed: number | string; alpha: number };
}

export interface KilbCriteria {
	version: string;
	titel: string;
	hinweis: string;
	einstellungen: KilbSettings;
	typen: KilbType[];
}

/** A problem in the criteria file or in an edit: German, names type and criterion. */
export class KilbCriteriaError extends SettingsError {
	constructor(message: string) {
		super(message);
		this.name = 'KilbCriteriaError';
	}
}

const fail = (message: string): never => {
	throw new KilbCriteriaError(message);
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function text(where: string, obj: Record<string, unknown>, key: string, required = true): string {
	const v = obj[key];
	if (v === undefined && !required) return '';
	if (typeof v !== 'string' || (required && v.trim() === '')) fail(`${where}: Feld „${key}“ fehlt oder ist kein Text.`);
	return v as string;
}

/**
 * Checks one ramp's thresholds: two finite numbers, distinct, ascending.
 *
 * @throws KilbCriteriaError naming `where`
 * @example checkThresholds('Typ „abspaltung“, Kriterium „status“', [1, 1]) // throws „… die beiden Schwellen müssen verschieden sein (erhalten: 1 und 1).“
 */
export function checkThresholds(where: string, value: unknown): [number, number] {
	if (!Array.isArray(value) || value.length !== 2 || !value.every(isNumber)) {
		return fail(`${where}: „schwellen“ muss aus genau zwei Zahlen bestehen (erhalten: ${JSON.stringify(value)}).`);
	}
	const [a, b] = value as [number, number];
	if (a === b) fail(`${where}: die beiden Schwellen müssen verschieden sein (erhalten: ${a} und ${b}).`);
	if (a > b) fail(`${where}: Schwellen aufsteigend angeben (erhalten: ${a}, ${b}); welche Seite zählt, legt „richtung“ fest.`);
	return [a, b];
}

/**
 * Checks a weight: a finite number ≥ 0.
 *
 * @example checkWeight('…', -1) // throws „…: Gewicht muss eine Zahl ≥ 0 sein (erhalten: -1).“
 */
export function checkWeight(where: string, value: unknown): number {
	if (!isNumber(value) || value < 0) fail(`${where}: Gewicht muss eine Zahl ≥ 0 sein (erhalten: ${JSON.stringify(value)}).`);
	return value as number;
}

function validateCriterion(typeId: string, raw: unknown, k: number, catalogue: readonly MeasureCatalogueEntry[]): KilbCriterion {
	if (!isObject(raw)) return fail(`Typ „${typeId}“: Kriterium Nr. ${k + 1} ist kein Objekt.`);
	const idText = typeof raw.id === 'string' && /^[a-z0-9_]+$/.test(raw.id) ? raw.id : null;
	if (!idText) fail(`Typ „${typeId}“: Kriterium Nr. ${k + 1} braucht eine „id“ aus Kleinbuchstaben, Ziffern und _ (erhalten: ${JSON.stringify(raw.id)}).`);
	const where = `Typ „${typeId}“, Kriterium „${idText}“`;
	const measure = text(where, raw, 'messgroesse');
	const parsed = parseMeasureId(measure);
	if (!parsed) {
		fail(
			`${where}: unbekannte Messgröße „${measure}“. Bekannt: ${Object.keys(DERIVED_MEASURES).join(', ')} ` +
				`sowie indikator:ID, aenderung:ID, standortquotient:ID mit einer Indikator-ID des Katalogs.`
		);
	}
	const known = new Set(catalogue.map((c) => c.id));
	if (parsed!.kind !== 'abgeleitet' && !known.has(parsed!.indicator)) {
		fail(`${where}: unbekannter Indikator „${parsed!.indicator}“ in „${measure}“. Verfügbar: ${[...known].join(', ')}.`);
	}
	const info = measureInfo(measure, catalogue)!;
	const missing = info.requires.filter((r) => !known.has(r));
	if (missing.length) fail(`${where}: „${measure}“ braucht den Indikator ${missing.map((m) => `„${m}“`).join(', ')}, der im Katalog fehlt.`);
	if (parsed!.kind === 'standortquotient' && catalogue.find((c) => c.id === parsed!.indicator)?.denominator === null) {
		fail(`${where}: „${measure}“ – ein Standortquotient braucht einen Anteil mit Nenner, „${parsed!.indicator}“ ist eine Anzahl.`);
	}
	const gewicht = checkWeight(where, raw.gewicht);
	if (raw.muss !== undefined && typeof raw.muss !== 'boolean') fail(`${where}: „muss“ muss true oder false sein.`);
	const base = {
		id: idText!,
		label: text(where, raw, 'label'),
		messgroesse: measure,
		gewicht,
		muss: raw.muss === true,
		begruendung: text(where, raw, 'begruendung')
	};
	if (info.kind === 'kategorie') {
		if (raw.schwellen !== undefined || raw.richtung !== undefined) {
			fail(`${where}: „${measure}“ ist eine Kategorie – statt „schwellen“ und „richtung“ die zählenden „werte“ angeben (${info.categories!.join(', ')}).`);
		}
		const werte = raw.werte;
		if (!Array.isArray(werte) || werte.length === 0 || !werte.every((w) => typeof w === 'string')) {
			fail(`${where}: „werte“ muss eine nicht leere Liste sein (möglich: ${info.categories!.join(', ')}).`);
		}
		for (const w of werte as string[]) {
			if (!info.categories!.includes(w)) fail(`${where}: unbekannter Wert „${w}“ für „${measure}“ (möglich: ${info.categories!.join(', ')}).`);
		}
		return { ...base, werte: [...(werte as string[])] };
	}
	if (raw.werte !== undefined) fail(`${where}: „${measure}“ ist eine Zahl – „schwellen“ und „richtung“ angeben, nicht „werte“.`);
	const richtung = raw.richtung;
	if (!(DIRECTIONS as readonly unknown[]).includes(richtung)) {
		fail(`${where}: unbekannte Richtung „${String(richtung)}“ (erlaubt: ${DIRECTIONS.join(', ')}).`);
	}
	return { ...base, richtung: richtung as Direction, schwellen: checkThresholds(where, raw.schwellen) };
}

function validateSettings(raw: unknown): KilbSettings {
	const where = 'Einstellungen';
	if (!isObject(raw)) return fail('Kriteriendatei: Feld „einstellungen“ fehlt.');
	const threshold = raw.zuordnung_ab;
	if (!isNumber(threshold) || threshold <= 0 || threshold > 1) fail(`${where}: „zuordnung_ab“ muss eine Zahl über 0 und höchstens 1 sein (erhalten: ${JSON.stringify(threshold)}).`);
	const centre = raw.zentrum;
	if (!isObject(centre)) return fail(`${where}: Feld „zentrum“ fehlt.`);
	if (!isNumber(centre.laenge) || Math.abs(centre.laenge) > 180 || !isNumber(centre.breite) || Math.abs(centre.breite) > 90) {
		fail(`${where}: „zentrum“ braucht „laenge“ (−180 … 180, Grad Ost) und „breite“ (−90 … 90, Grad Nord) in WGS84.`);
	}
	const years = raw.dynamik_jahre;
	if (!Number.isInteger(years) || (years as number) < 1) fail(`${where}: „dynamik_jahre“ muss eine ganze Zahl ≥ 1 sein (erhalten: ${JSON.stringify(years)}).`);
	const lisa = raw.lisa;
	if (!isObject(lisa)) return fail(`${where}: Feld „lisa“ fehlt.`);
	if (!Number.isInteger(lisa.permutationen) || (lisa.permutationen as number) < 0 || (lisa.permutationen as number) > 99999) {
		fail(`${where}: „lisa.permutationen“ muss eine ganze Zahl von 0 bis 99999 sein.`);
	}
	if (!isNumber(lisa.alpha) || lisa.alpha <= 0 || lisa.alpha >= 1) fail(`${where}: „lisa.alpha“ muss zwischen 0 und 1 liegen.`);
	if (typeof lisa.seed !== 'number' && typeof lisa.seed !== 'string') fail(`${where}: „lisa.seed“ muss eine Zahl oder ein Text sein.`);
	return {
		zuordnung_ab: threshold as number,
		zentrum: {
			name: text(`${where}, zentrum`, centre, 'name'),
			laenge: centre.laenge as number,
			breite: centre.breite as number,
			begruendung: text(`${where}, zentrum`, centre, 'begruendung')
		},
		dynamik_jahre: years as number,
		lisa: { permutationen: lisa.permutationen as number, seed: lisa.seed as number | string, alpha: lisa.alpha as number }
	};
}

/**
 * Validates a parsed criteria file against the indicator catalogue and returns it typed.
 * Checks: a `version`; the four types, each once; a known combination rule; per criterion
 * a unique id, a known measure (indicators must be in the catalogue), a direction and two
 * distinct ascending thresholds (numbers) or known categories, a weight ≥ 0; at least one
 * weight > 0 for a weighted mean.
 *
 * @param raw the parsed JSON
 * @param catalogue the indicator catalogue (`indicators` table or `data/indicators.json`)
 * @throws KilbCriteriaError (German) naming the type, the criterion and the problem
 * @example validateCriteria({ ...file, typen: [{ ...t, kombination: 'max' }] }, catalogue) // throws „Typ „abspaltung“: unbekannte Kombinationsregel „max“ (erlaubt: gewichtetes_mittel, minimum).“
 */
export function validateCriteria(raw: unknown, catalogue: readonly MeasureCatalogueEntry[]): KilbCriteria {
	if (!isObject(raw)) return fail('Kriteriendatei: kein JSON-Objekt.');
	if (typeof raw.version !== 'string' || raw.version.trim() === '') fail('Kriteriendatei: Feld „version“ fehlt (z. B. "1.0.0").');
	const einstellungen = validateSettings(raw.einstellungen);
	if (!Array.isArray(raw.typen)) return fail('Kriteriendatei: Feld „typen“ fehlt oder ist keine Liste.');
	const seen = new Set<string>();
	const typen: KilbType[] = (raw.typen as unknown[]).map((t, k) => {
		if (!isObject(t)) return fail(`Kriteriendatei: Typ Nr. ${k + 1} ist kein Objekt.`);
		const id = t.id;
		if (!(KILB_TYPES as readonly unknown[]).includes(id)) fail(`Kriteriendatei: unbekannter Typ „${String(id)}“ (erlaubt: ${KILB_TYPES.join(', ')}).`);
		if (seen.has(id as string)) fail(`Kriteriendatei: Typ „${String(id)}“ ist doppelt.`);
		seen.add(id as string);
		const where = `Typ „${String(id)}“`;
		if (!(COMBINE_RULES as readonly unknown[]).includes(t.kombination)) {
			fail(`${where}: unbekannte Kombinationsregel „${String(t.kombination)}“ (erlaubt: ${COMBINE_RULES.join(', ')}).`);
		}
		if (!Array.isArray(t.kriterien) || t.kriterien.length === 0) fail(`${where}: „kriterien“ muss eine nicht leere Liste sein.`);
		const kriterien = (t.kriterien as unknown[]).map((c, j) => validateCriterion(id as string, c, j, catalogue));
		const ids = new Set<string>();
		for (const c of kriterien) {
			if (ids.has(c.id)) fail(`${where}: Kriterium „${c.id}“ ist doppelt.`);
			ids.add(c.id);
		}
		if (t.kombination === 'gewichtetes_mittel' && kriterien.every((c) => c.gewicht === 0)) {
			fail(`${where}: alle Gewichte sind 0 – ein gewichtetes Mittel braucht mindestens ein Gewicht über 0.`);
		}
		const notShown = t.nicht_abgebildet ?? [];
		if (!Array.isArray(notShown) || !notShown.every((x) => typeof x === 'string')) fail(`${where}: „nicht_abgebildet“ muss eine Liste von Texten sein.`);
		return {
			id: id as KilbTypeId,
			name: text(where, t, 'name'),
			zitat: text(where, t, 'zitat'),
			quelle: text(where, t, 'quelle'),
			lesart: text(where, t, 'lesart'),
			nicht_abgebildet: [...(notShown as string[])],
			kombination: t.kombination as CombineRule,
			kriterien
		};
	});
	for (const id of KILB_TYPES) if (!seen.has(id)) fail(`Kriteriendatei: Typ „${id}“ fehlt.`);
	typen.sort((a, b) => KILB_TYPES.indexOf(a.id) - KILB_TYPES.indexOf(b.id));
	return {
		version: raw.version as string,
		titel: text('Kriteriendatei', raw, 'titel'),
		hinweis: text('Kriteriendatei', raw, 'hinweis'),
		einstellungen,
		typen
	};
}

/** Every measure id the criteria use, each once, in file order. */
export function criteriaMeasures(criteria: KilbCriteria): string[] {
	return [...new Set(criteria.typen.flatMap((t) => t.kriterien.map((c) => c.messgroesse)))];
}

/** A user's change of one criterion (criteria editor, permalink). */
export interface CriterionOverride {
	schwellen?: [number, number];
	gewicht?: number;
}

/** Overrides keyed `typ.kriterium`, e.g. `abspaltung.status`. */
export type CriteriaOverrides = Record<string, CriterionOverride>;

/**
 * The criteria with the user's thresholds and weights, validated like the file.
 * Keys naming no criterion and thresholds on a category criterion are errors.
 *
 * @throws KilbCriteriaError (German)
 * @example applyOverrides(criteria, { 'abspaltung.status': { schwellen: [0.8, 1.6] } }).typen[0].kriterien[0].schwellen // → [0.8, 1.6]
 */
export function applyOverrides(criteria: KilbCriteria, overrides: CriteriaOverrides): KilbCriteria {
	const used = new Set<string>();
	const typen = criteria.typen.map((t) => {
		const kriterien = t.kriterien.map((c) => {
			const key = `${t.id}.${c.id}`;
			const o = overrides[key];
			if (!o) return c;
			used.add(key);
			const where = `Typ „${t.id}“, Kriterium „${c.id}“`;
			const next = { ...c } as KilbCriterion;
			if (o.gewicht !== undefined) next.gewicht = checkWeight(where, o.gewicht);
			if (o.schwellen !== undefined) {
				if (!isRamp(next)) fail(`${where}: eine Kategorie hat keine Schwellen.`);
				(next as RampCriterion).schwellen = checkThresholds(where, o.schwellen);
			}
			return next;
		});
		if (t.kombination === 'gewichtetes_mittel' && kriterien.every((c) => c.gewicht === 0)) {
			fail(`Typ „${t.id}“: alle Gewichte sind 0 – ein gewichtetes Mittel braucht mindestens ein Gewicht über 0.`);
		}
		return { ...t, kriterien };
	});
	for (const key of Object.keys(overrides)) if (!used.has(key)) fail(`Änderung für „${key}“: kein solches Kriterium (Form typ.kriterium).`);
	return { ...criteria, typen };
}

/**
 * Keeps the overrides that name a criterion and differ from it (what a permalink
 * needs to carry); returns the keys dropped because no criterion has that name
 * (e.g. a link made with another version of the criteria file).
 *
 * @example pruneOverrides(criteria, { 'abspaltung.status': { gewicht: 2 }, 'x.y': { gewicht: 1 } }) // → { kept: {}, dropped: ['x.y'] } (2 is the file's weight)
 */
export function pruneOverrides(criteria: KilbCriteria, overrides: CriteriaOverrides): { kept: CriteriaOverrides; dropped: string[] } {
	const kept: CriteriaOverrides = {};
	const dropped: string[] = [];
	for (const [key, o] of Object.entries(overrides)) {
		const [typeId, criterionId] = key.split('.');
		const c = criteria.typen.find((t) => t.id === typeId)?.kriterien.find((k) => k.id === criterionId);
		if (!c) {
			dropped.push(key);
			continue;
		}
		const next: CriterionOverride = {};
		if (o.gewicht !== undefined && o.gewicht !== c.gewicht) next.gewicht = o.gewicht;
		if (o.schwellen !== undefined && isRamp(c)) {
			if (o.schwellen[0] !== c.schwellen[0] || o.schwellen[1] !== c.schwellen[1]) next.schwellen = [o.schwellen[0], o.schwellen[1]];
		} else if (o.schwellen !== undefined) dropped.push(key);
		if (next.gewicht !== undefined || next.schwellen !== undefined) kept[key] = next;
	}
	return { kept, dropped };
}
