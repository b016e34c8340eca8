/**
 * Settings of the exclusion index (Ausgrenzungsindex), the MSS Statusindex and the
 * rank-robustness run: one plain object, defaults in one place, validated with German
 * messages (they reach the UI and the CLI). The same object goes into the permalink.
 *
 * @see DESIGN.md §4 (Normalisation, Composite indices, Classes, Robustness) and §7
 */
import type { Factor, Level } from '../data/contract.ts';
import { NORMALIZATIONS, WEIGHTINGS, type Normalization, type Weighting } from './normalize.ts';

export type { Normalization, Weighting };

/** The four exclusion factors (Ausgrenzungsfaktoren) — every catalogue factor but `kontext`. */
export type ExclusionFactor = Exclude<Factor, 'kontext'>;
export const EXCLUSION_FACTORS: readonly ExclusionFactor[] = ['materiell', 'kulturell', 'sozial', 'symbolisch'];

/** Linear: weighted arithmetic mean. Geometric: weighted geometric mean on a positive scale. */
export type Aggregation = 'linear' | 'geometric';
export const AGGREGATIONS: readonly Aggregation[] = ['linear', 'geometric'];

/** `factors`: factor indices + Ausgrenzungsindex; `mss`: Berlin's Statusindex (Σz / SD(Σz)). */
export type IndexMethod = 'factors' | 'mss';
export const INDEX_METHODS: readonly IndexMethod[] = ['factors', 'mss'];

/** Levels an index can be computed on (the city alone has nothing to compare with). */
export type IndexLevel = Exclude<Level, 'stadt'>;
export const INDEX_LEVELS: readonly IndexLevel[] = ['ortsteil', 'stadtteil', 'stadtbezirk'];

/**
 * Class boundaries on a standardised index, ascending: [t₁, t₂, t₃] for the status
 * classes `hoch` (< t₁), `mittel` (t₁ … t₂), `niedrig` (> t₂ … t₃), `sehr niedrig` (> t₃).
 */
export type StatusThresholds = readonly [number, number, number];
/** [t₁, t₂] for the dynamic classes `positiv` (< t₁), `stabil` (t₁ … t₂), `negativ` (> t₂). */
export type DynamicThresholds = readonly [number, number];

export interface IndexSettings {
	/** which index the CLI prints and ranks by; the report always holds both. Default `factors`. */
	method: IndexMethod;
	/** spatial level; higher levels are aggregated from Ortsteil counts. Default `ortsteil`. */
	level: IndexLevel;
	/** reference year; `null` = the latest year in which a selected indicator has values */
	year: number | null;
	/** indicator ids; `null` = every catalogue indicator whose factor is not `kontext` */
	indicators: string[] | null;
	/** polarity overrides (+1: higher = more disadvantage, −1: higher = less); else the catalogue's */
	polarity: Record<string, 1 | -1>;
	/** factor overrides (e.g. for indicators of an imported table that the catalogue lacks) */
	factors: Record<string, ExclusionFactor>;
	/** weights by indicator id and by factor name, ≥ 0, default 1; only ratios matter */
	weights: Record<string, number>;
	/** normalisation of each indicator before aggregation. Default `z`. */
	normalization: Normalization;
	/** z-scores unweighted (default, as the MSS) or population-weighted (denominators) */
	weighting: Weighting;
	/** aggregation of indicators into factors and of factors into the index. Default `linear`. */
	aggregation: Aggregation;
	/** empirical-Bayes smoothed rates instead of raw rates (minimum base then not applied) */
	eb: boolean;
	/** status class boundaries on the standardised index. Default [−1, 1, 1.5] (MSS). */
	statusThresholds: StatusThresholds;
	/** dynamic class boundaries. Default [−1, 1] (MSS). */
	dynamicThresholds: DynamicThresholds;
	/** Monte-Carlo draws of the rank-robustness run; 0 = no run. Default 1,000. */
	draws: number;
	/** seed of the robustness run; the same seed gives the same bands */
	seed: string;
}

export const DEFAULT_INDEX_SETTINGS: Readonly<IndexSettings> = Object.freeze<IndexSettings>({
	method: 'factors',
	level: 'ortsteil',
	year: null,
	indicators: null,
	polarity: {},
	factors: {},
	weights: {},
	normalization: 'z',
	weighting: 'unweighted',
	aggregation: 'linear',
	eb: false,
	statusThresholds: [-1, 1, 1.5],
	dynamicThresholds: [-1, 1],
	draws: 1000,
	seed: 'sozialraum-monitor'
});

/** A user error in the settings (unknown indicator, negative weight, …): German, no stack needed. */
export class SettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SettingsError';
	}
}

/** One catalogue entry as far as the index needs it (a row of the `indicators` table). */
export interface CatalogueIndicator {
	id: string;
	label?: string | null;
	/** +1, −1, or 0 (context without direction); null for imported indicators without catalogue entry */
	polarity: number | null;
	/** catalogue factor; null when unknown (imported indicators) */
	factor: string | null;
	/** value = numerator / denominator × scale */
	scale?: number | null;
}

/** A selected indicator with everything the computation needs. */
export interface ResolvedIndicator {
	id: string;
	label: string;
	/** the exclusion factor, or null when it has none (allowed for `mss` only) */
	factor: ExclusionFactor | null;
	polarity: 1 | -1;
	scale: number;
}

function isExclusionFactor(x: unknown): x is ExclusionFactor {
	return (EXCLUSION_FACTORS as readonly unknown[]).includes(x);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
	if (!(allowed as readonly unknown[]).includes(value)) {
		throw new SettingsError(`Ungültige Einstellung ${name} „${String(value)}“ (erlaubt: ${allowed.join(', ')}).`);
	}
	return value as T;
}

/**
 * Fills in defaults and checks every field that does not need the data: closed
 * name sets, weights ≥ 0, thresholds ascending, draws a whole number ≥ 0.
 *
 * @throws SettingsError with a German message naming the field and the value
 * @example withDefaults({ normalization: 'rank' }).aggregation // → 'linear'
 */
export function withDefaults(partial: Partial<IndexSettings> = {}): IndexSettings {
	const s: IndexSettings = { ...DEFAULT_INDEX_SETTINGS, ...partial } as IndexSettings;
	oneOf('method', s.method, INDEX_METHODS);
	oneOf('level', s.level, INDEX_LEVELS);
	oneOf('normalization', s.normalization, NORMALIZATIONS);
	oneOf('weighting', s.weighting, WEIGHTINGS);
	oneOf('aggregation', s.aggregation, AGGREGATIONS);
	if (s.year !== null && !Number.isInteger(s.year)) throw new SettingsError(`Jahr muss eine ganze Zahl sein (erhalten: ${s.year}).`);
	if (s.indicators !== null && s.indicators.length === 0) throw new SettingsError('Mindestens ein Indikator muss ausgewählt sein.');
	for (const [key, weight] of Object.entries(s.weights)) {
		if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
			throw new SettingsError(`Gewicht für „${key}“ muss eine Zahl ≥ 0 sein (erhalten: ${String(weight)}).`);
		}
	}
	for (const [key, p] of Object.entries(s.polarity)) {
		if (p !== 1 && p !== -1) throw new SettingsError(`Polarität für „${key}“ muss 1 oder -1 sein (erhalten: ${String(p)}).`);
	}
	for (const [key, f] of Object.entries(s.factors)) {
		if (!isExclusionFactor(f)) {
			throw new SettingsError(`Faktor für „${key}“ muss einer von ${EXCLUSION_FACTORS.join(', ')} sein (erhalten: ${String(f)}).`);
		}
	}
	const [t1, t2, t3] = s.statusThresholds;
	if (![t1, t2, t3].every(Number.isFinite) || !(t1 < t2 && t2 < t3)) {
		throw new SettingsError(`Statusklassen-Grenzen müssen aufsteigend sein (erhalten: ${s.statusThresholds.join(', ')}).`);
	}
	const [d1, d2] = s.dynamicThresholds;
	if (![d1, d2].every(Number.isFinite) || !(d1 < d2)) {
		throw new SettingsError(`Dynamikklassen-Grenzen müssen aufsteigend sein (erhalten: ${s.dynamicThresholds.join(', ')}).`);
	}
	if (!Number.isInteger(s.draws) || s.draws < 0) throw new SettingsError(`Anzahl Ziehungen muss eine ganze Zahl ≥ 0 sein (erhalten: ${s.draws}).`);
	return s;
}

/**
 * Picks the indicators of the index from the catalogue and settles each one's
 * polarity (override, else catalogue) and factor (override, else catalogue).
 *
 * Default selection: every catalogue indicator whose factor is not `kontext`
 * (imported indicators without catalogue entry included). Checks: every id exists,
 * every polarity is ±1 (a context indicator with polarity 0 needs an override), for
 * `method: 'factors'` every indicator belongs to an exclusion factor, weights name
 * only known indicators or factors, and the selected indicators carry weight.
 *
 * @throws SettingsError (German) naming the indicator and the problem
 * @example
 * selectIndicators(withDefaults(), [{ id: 'sgb2', polarity: 1, factor: 'materiell' }, { id: 'flaeche', polarity: 0, factor: 'kontext' }])
 * // → [{ id: 'sgb2', label: 'sgb2', factor: 'materiell', polarity: 1, scale: 1 }]
 */
export function selectIndicators(settings: IndexSettings, catalogue: readonly CatalogueIndicator[]): ResolvedIndicator[] {
	const byId = new Map(catalogue.map((c) => [c.id, c]));
	const factorOf = (c: CatalogueIndicator): string | null => (settings.factors[c.id] as ExclusionFactor | undefined) ?? c.factor;
	const ids = settings.indicators ?? catalogue.filter((c) => factorOf(c) !== 'kontext').map((c) => c.id);
	if (ids.length === 0) throw new SettingsError('Keine Indikatoren ausgewählt: der Katalog enthält nur Kontextindikatoren.');
	const seen = new Set<string>();
	const resolved = ids.map((id): ResolvedIndicator => {
		const c = byId.get(id);
		if (!c) {
			throw new SettingsError(`Unbekannter Indikator „${id}“. Verfügbar: ${catalogue.map((x) => x.id).join(', ')}.`);
		}
		if (seen.has(id)) throw new SettingsError(`Indikator „${id}“ ist doppelt ausgewählt.`);
		seen.add(id);
		const factor = factorOf(c);
		if (settings.method === 'factors' && !isExclusionFactor(factor)) {
			throw new SettingsError(
				factor === 'kontext'
					? `Kontextindikator „${id}“ gehört zu keinem Ausgrenzungsfaktor und kann nicht in den Faktorindex eingehen (im MSS-Statusindex zulässig).`
					: `Indikator „${id}“ ist keinem Ausgrenzungsfaktor zugeordnet; bitte Faktor (${EXCLUSION_FACTORS.join(', ')}) festlegen oder den MSS-Statusindex verwenden.`
			);
		}
		const polarity = settings.polarity[id] ?? c.polarity ?? 1;
		if (polarity !== 1 && polarity !== -1) {
			throw new SettingsError(`Indikator „${id}“ hat keine Richtung (Polarität ${polarity}); bitte Polarität 1 oder -1 festlegen.`);
		}
		return {
			id,
			label: c.label ?? id,
			factor: isExclusionFactor(factor) ? factor : null,
			polarity,
			scale: c.scale ?? 1
		};
	});
	for (const [what, record] of [['Polarität', settings.polarity], ['Faktor', settings.factors]] as const) {
		for (const key of Object.keys(record)) {
			if (!byId.has(key)) throw new SettingsError(`${what} für „${key}“: unbekannter Indikator. Verfügbar: ${catalogue.map((x) => x.id).join(', ')}.`);
		}
	}
	for (const key of Object.keys(settings.weights)) {
		if (!byId.has(key) && !isExclusionFactor(key)) {
			throw new SettingsError(`Gewicht für „${key}“: weder Indikator noch Faktor (${EXCLUSION_FACTORS.join(', ')}).`);
		}
	}
	if (settings.method === 'factors') {
		if (resolved.every((r) => indicatorWeight(settings, r.id) === 0)) throw new SettingsError('Alle Indikatorgewichte sind 0.');
		const used = new Set(resolved.filter((r) => indicatorWeight(settings, r.id) > 0).map((r) => r.factor));
		if ([...used].every((f) => factorWeight(settings, f as ExclusionFactor) === 0)) {
			throw new SettingsError('Alle Faktorgewichte der verwendeten Faktoren sind 0.');
		}
	}
	return resolved;
}

/** Weight of an indicator (default 1). @example indicatorWeight(withDefaults({ weights: { a: 2 } }), 'a') // → 2 */
export function indicatorWeight(settings: Pick<IndexSettings, 'weights'>, id: string): number {
	return settings.weights[id] ?? 1;
}

/** Weight of a factor (default 1). @example factorWeight(withDefaults(), 'sozial') // → 1 */
export function factorWeight(settings: Pick<IndexSettings, 'weights'>, factor: ExclusionFactor): number {
	return settings.weights[factor] ?? 1;
}

/**
 * The reference year: the requested one if the data have it, else (when `null`)
 * the latest year with values.
 *
 * @throws SettingsError if there are no years or the requested year is missing
 * @example resolveYear(null, [2019, 2023]) // → 2023
 */
export function resolveYear(year: number | null, available: readonly number[]): number {
	if (available.length === 0) throw new SettingsError('Für die ausgewählten Indikatoren liegen keine Werte vor.');
	if (year === null) return Math.max(...available);
	if (!available.includes(year)) {
		throw new SettingsError(`Keine Werte für das Jahr ${year}. Verfügbare Jahre: ${[...available].sort((a, b) => a - b).join(', ')}.`);
	}
	return year;
}

/**
 * Parses a list `key:value,key:value` (CLI options, permalinks) into a record of
 * numbers. Decimal point only; a decimal comma is rejected with a hint.
 *
 * @throws SettingsError naming the faulty entry
 * @example parseNumberList('sgb2_quote:2,materiell:1.5', 'Gewichte') // → { sgb2_quote: 2, materiell: 1.5 }
 */
export function parseNumberList(text: string, what: string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const raw of text.split(',')) {
		const entry = raw.trim();
		if (entry === '') continue;
		const colon = entry.lastIndexOf(':');
		const key = colon > 0 ? entry.slice(0, colon).trim() : '';
		const valueText = colon > 0 ? entry.slice(colon + 1).trim() : '';
		if (!key || !valueText) {
			const hint = /^\d+$/.test(entry) ? ' (Dezimalkomma? Bitte Dezimalpunkt verwenden, z. B. 1.5)' : '';
			throw new SettingsError(`${what}: Eintrag „${entry}“ hat nicht die Form name:zahl${hint}.`);
		}
		if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(valueText)) {
			throw new SettingsError(`${what}: „${valueText}“ bei „${key}“ ist keine Zahl (Dezimalpunkt verwenden, z. B. 1.5).`);
		}
		if (key in out) throw new SettingsError(`${what}: „${key}“ ist doppelt angegeben.`);
		out[key] = Number(valueText);
	}
	return out;
}
