/**
 * Inputs of the Stadtteillastenausgleich (`allocation.ts`) from the database: per
 * Stadtteil the target population and a standardised need.
 *
 * Target population Pₛ: the sum of the *numerators* of one or more population
 * indicators at Stadtteil level (aggregated from Ortsteil counts by `levelValuesSql`),
 * e.g. "unter 18" = bev_u6 + bev_6_18 (numerators of `anteil_unter_6` and
 * `anteil_6_bis_18`). For a plain count (`bevoelkerung`) the numerator is the count.
 * Any indicator id also works: its numerator is taken (for `--input` tables with values
 * only, the value). A Stadtteil whose count is missing or suppressed is left out of the
 * allocation and reported in `excluded`.
 *
 * Need zₛ, from one of
 * - an index of the composite engine (`index-report.ts`, at Stadtteil level): the
 *   Ausgrenzungsindex, a factor index (materiell, kulturell, sozial, symbolisch) or the
 *   MSS Statusindex — with the user's index settings (weights, normalisation …);
 * - any indicator, its polarity applied (polarity −1, e.g. turnout: lower = more need;
 *   a context indicator without direction counts higher = more need, with a warning);
 *   unreliable or suppressed values count as missing (`missing.ts`).
 * The values xₛ are then z-standardised across the Stadtteile, *population-weighted*
 * with the target population as weights (weighted mean and SD, `normalize.ts`):
 *
 *   zₛ = (xₛ − x̄_P) / s_P,   x̄_P = Σ Pₛxₛ / Σ Pₛ,   s_P = √(Σ Pₛ(xₛ − x̄_P)² / Σ Pₛ)
 *
 * so that Σ Pₛzₛ = 0: the average person has need 0, and α in `allocate` shifts money
 * between Stadtteile without moving the per-capita amount of an average Stadtteil (see
 * the module comment of `allocation.ts`). A Stadtteil without a need value gets z = 0
 * (the average: it receives the per-capita amount) and a warning. A need that is equal
 * everywhere gives z = 0 everywhere (pure per capita).
 *
 * Real Stadtteil data: `loadFactsAllocationData` reads the `facts` table (built from
 * `data/facts/stadtteile.csv`: Einwohner and Arbeitslosenquote 2016, secondary source)
 * instead of the demo values.
 *
 * @see DESIGN.md §4 "Stadtteillastenausgleich"
 */
import { literal, type Db } from './db.ts';
import type { AllocationAreaInput } from './allocation.ts';
import { computeIndex } from './index-report.ts';
import { availableYears, loadCatalogue } from './index-input.ts';
import {
	resolveYear,
	SettingsError,
	type CatalogueIndicator,
	type ExclusionFactor,
	type IndexLevel,
	type IndexSettings
} from './index-settings.ts';
import { isPresent, usableValue } from './missing.ts';
import { zScores } from './normalize.ts';
import { levelValuesSql } from './rates.ts';

/** A target population: the sum of the numerators of `indicators`. */
export interface TargetPopulation {
	id: string;
	label: string;
	indicators: readonly string[];
}

/** The predefined target populations (ids for the CLI and the permalink). */
export const TARGET_POPULATIONS: readonly TargetPopulation[] = [
	{ id: 'alle', label: 'Alle Einwohner/-innen', indicators: ['bevoelkerung'] },
	{ id: 'unter_18', label: 'Unter 18 Jahre', indicators: ['anteil_unter_6', 'anteil_6_bis_18'] },
	{ id: 'unter_6', label: 'Unter 6 Jahre', indicators: ['anteil_unter_6'] },
	{ id: '6_bis_18', label: '6 bis unter 18 Jahre', indicators: ['anteil_6_bis_18'] },
	{ id: '65_plus', label: '65 Jahre und älter', indicators: ['anteil_65_plus'] }
];
export const DEFAULT_TARGET_POPULATION = 'alle';

/** Need measures from the composite engine. */
export type NeedIndexId = 'ausgrenzungsindex' | 'statusindex' | ExclusionFactor;
export const NEED_INDICES: readonly { id: NeedIndexId; label: string }[] = [
	{ id: 'ausgrenzungsindex', label: 'Ausgrenzungsindex' },
	{ id: 'materiell', label: 'Faktorindex materielle Ausgrenzung' },
	{ id: 'kulturell', label: 'Faktorindex kulturelle Ausgrenzung' },
	{ id: 'sozial', label: 'Faktorindex soziale Ausgrenzung' },
	{ id: 'symbolisch', label: 'Faktorindex symbolische Ausgrenzung' },
	{ id: 'statusindex', label: 'Statusindex (MSS)' }
];
export const DEFAULT_NEED = 'ausgrenzungsindex';

/** What a need id stands for. */
export interface NeedMeasure {
	id: string;
	label: string;
	kind: 'index' | 'indicator' | 'fakt';
	/** +1: higher value = more need; −1: lower value = more need */
	polarity: 1 | -1;
}

/** A Stadtteil ready for `allocate`, with the raw need for display. */
export interface AllocationDataArea extends AllocationAreaInput {
	/** the need measure before standardisation (index value, rate …); null when missing */
	needValue: number | null;
}

export interface AllocationData {
	/** level of the areas: `stadtteil`, or `ortsteil` for an imported table without parents */
	level: IndexLevel;
	year: number;
	targetPopulation: TargetPopulation;
	need: NeedMeasure;
	/** in register order; `need` is the population-weighted z (see module comment) */
	areas: AllocationDataArea[];
	/** Stadtteile left out (no target population), with the reason */
	excluded: { id: string; name: string; reason: string }[];
	/** German notes for the user */
	warnings: string[];
}

export interface AllocationDataOptions {
	/** id of TARGET_POPULATIONS or any indicator id (its numerator); default `alle` */
	targetPopulation?: string;
	/** id of NEED_INDICES or any indicator id; default `ausgrenzungsindex` */
	need?: string;
	/** null/absent = the latest year with values for population and need */
	year?: number | null;
	/** default `stadtteil`; `ortsteil` for an imported table without parents */
	level?: IndexLevel;
	/** index settings (weights, normalisation …) for an index need; level and year are set here */
	indexSettings?: Partial<IndexSettings>;
}

/**
 * Population-weighted z-scores (weights = target population), missing → 0.
 *
 *   zₛ = (xₛ − x̄_P) / s_P   (weighted mean and SD, see `zScores` in normalize.ts)
 *
 * @param values need per area, NaN = missing
 * @param populations target population per area (weight)
 * @example standardiseNeed([1, 3, NaN], [1, 1, 5]) // → [-1, 1, 0]
 * @example standardiseNeed([2, 4], [3, 1]) // → [-0.5773…, 1.7320…] (Σ P z = 0)
 */
export function standardiseNeed(values: ArrayLike<number>, populations: ArrayLike<number>): Float64Array {
	const z = zScores(values, populations);
	for (let i = 0; i < z.length; i++) if (!isPresent(z[i])) z[i] = 0;
	return z;
}

/** Resolves a target population id (predefined or indicator id). */
export function targetPopulationOf(id: string, catalogue: readonly CatalogueIndicator[]): TargetPopulation {
	const predefined = TARGET_POPULATIONS.find((t) => t.id === id);
	if (predefined) return predefined;
	const indicator = catalogue.find((c) => c.id === id);
	if (indicator) return { id, label: indicator.label ?? id, indicators: [id] };
	throw new SettingsError(
		`Unbekannte Zielbevölkerung „${id}“. Möglich: ${TARGET_POPULATIONS.map((t) => `${t.id} (${t.label})`).join(', ')} oder eine Indikator-id (deren Zähler zählt).`
	);
}

/** Resolves a need id (index or indicator); polarity 0 or unknown counts as +1. */
export function needMeasureOf(id: string, catalogue: readonly CatalogueIndicator[]): { need: NeedMeasure; warning: string | null } {
	const index = NEED_INDICES.find((n) => n.id === id);
	if (index) return { need: { id, label: index.label, kind: 'index', polarity: 1 }, warning: null };
	const indicator = catalogue.find((c) => c.id === id);
	if (!indicator) {
		throw new SettingsError(
			`Unbekanntes Bedarfsmaß „${id}“. Möglich: ${NEED_INDICES.map((n) => n.id).join(', ')} oder eine Indikator-id (${catalogue.map((c) => c.id).join(', ')}).`
		);
	}
	const label = indicator.label ?? id;
	if (indicator.polarity === 1 || indicator.polarity === -1) {
		return { need: { id, label, kind: 'indicator', polarity: indicator.polarity }, warning: null };
	}
	return {
		need: { id, label, kind: 'indicator', polarity: 1 },
		warning: `Indikator „${label}“ hat keine Richtung; höhere Werte gelten als höherer Bedarf.`
	};
}

interface PopulationRow {
	area_id: string;
	indicator_id: string;
	numerator: number | null;
	status: string;
}

/**
 * Target population per area at one level and year: Σ numerators of the
 * population's indicators; null when a part is missing or suppressed.
 *
 * @example (await loadTargetPopulation(db, TARGET_POPULATIONS[1], 'stadtteil', 2023)).get('st-mitte') // → 2345
 */
export async function loadTargetPopulation(
	db: Db,
	target: TargetPopulation,
	level: IndexLevel,
	year: number
): Promise<Map<string, number | null>> {
	const rows = await db.query<PopulationRow>(levelValuesSql(level, { indicatorIds: target.indicators, years: [year] }));
	const parts = new Map<string, Map<string, number | null>>();
	for (const r of rows) {
		if (!parts.has(r.area_id)) parts.set(r.area_id, new Map());
		parts.get(r.area_id)!.set(r.indicator_id, r.status === 'ok' && isPresent(r.numerator) ? r.numerator : null);
	}
	const out = new Map<string, number | null>();
	for (const [areaId, byIndicator] of parts) {
		let total: number | null = 0;
		for (const id of target.indicators) {
			const x = byIndicator.get(id);
			total = total === null || x === undefined || x === null ? null : total + x;
		}
		out.set(areaId, total);
	}
	return out;
}

async function areasOf(db: Db, level: IndexLevel): Promise<{ id: string; name: string }[]> {
	const areas = await db.query<{ id: string; name: string }>(
		`SELECT id, name FROM areas WHERE level = ${literal(level)} ORDER BY sort, id`
	);
	if (areas.length === 0) throw new SettingsError(`Keine Gebiete der Ebene „${level}“ in den Daten.`);
	return areas;
}

/** Need values (raw, polarity applied later) per area of an indicator, usable values only. */
async function indicatorNeed(db: Db, id: string, level: IndexLevel, year: number): Promise<Map<string, number>> {
	const rows = await db.query<{ area_id: string; value: number | null; denominator: number | null; status: string; reliable: boolean }>(
		levelValuesSql(level, { indicatorIds: [id], years: [year] })
	);
	const out = new Map<string, number>();
	for (const r of rows) {
		const v = usableValue(r, false);
		if (isPresent(v)) out.set(r.area_id, v);
	}
	return out;
}

/** Need values of an index of the composite engine, and the year it used. */
async function indexNeed(
	db: Db,
	id: NeedIndexId,
	level: IndexLevel,
	year: number | null,
	settings: Partial<IndexSettings>
): Promise<{ values: Map<string, number>; year: number; warnings: string[] }> {
	const report = await computeIndex(db, {
		...settings,
		method: id === 'statusindex' ? 'mss' : (settings.method ?? 'factors'),
		level,
		year,
		draws: 0
	});
	const values = new Map<string, number>();
	for (const a of report.areas) {
		const v = id === 'ausgrenzungsindex' ? a.index : id === 'statusindex' ? a.status_index : a.factors[id];
		if (v !== null && isPresent(v)) values.set(a.area_id, v);
	}
	if (values.size === 0) throw new SettingsError(`Das Bedarfsmaß „${id}“ ist für kein Gebiet berechenbar.`);
	return { values, year: report.settings.year, warnings: report.warnings };
}

function intersect(a: readonly number[], b: readonly number[]): number[] {
	return a.filter((x) => b.includes(x));
}

/**
 * Target population and standardised need per Stadtteil from the dataset (see module
 * comment), ready for `allocate`.
 *
 * @throws SettingsError (German) for an unknown target population or need, a year
 *         without values, or no area with a target population
 * @example
 * const data = await loadAllocationData(db, { targetPopulation: 'unter_18', need: 'sgb2_quote' });
 * allocate({ budget: 1_000_000, alpha: 0.5, areas: data.areas });
 */
export async function loadAllocationData(db: Db, options: AllocationDataOptions = {}): Promise<AllocationData> {
	const level = options.level ?? 'stadtteil';
	const catalogue = await loadCatalogue(db);
	const target = targetPopulationOf(options.targetPopulation ?? DEFAULT_TARGET_POPULATION, catalogue);
	for (const id of target.indicators) {
		if (!catalogue.some((c) => c.id === id)) {
			throw new SettingsError(`Zielbevölkerung „${target.label}“ braucht den Indikator „${id}“, den die Daten nicht enthalten.`);
		}
	}
	const { need, warning } = needMeasureOf(options.need ?? DEFAULT_NEED, catalogue);
	const warnings: string[] = warning ? [warning] : [];

	const populationYears = (await Promise.all(target.indicators.map((id) => availableYears(db, [id])))).reduce(intersect);
	let year: number;
	let rawNeed: Map<string, number>;
	if (need.kind === 'index') {
		const r = await indexNeed(db, need.id as NeedIndexId, level, options.year ?? null, options.indexSettings ?? {});
		year = r.year;
		rawNeed = r.values;
		warnings.push(...r.warnings);
		if (!populationYears.includes(year)) {
			throw new SettingsError(
				`Für ${year} (Jahr des ${need.label}) fehlt die Zielbevölkerung „${target.label}“. Vorhandene Jahre: ${populationYears.join(', ') || 'keine'}.`
			);
		}
	} else {
		const years = intersect(populationYears, await availableYears(db, [need.id]));
		if (years.length === 0) {
			throw new SettingsError(`Kein Jahr, in dem Zielbevölkerung „${target.label}“ und Bedarf „${need.label}“ beide Werte haben.`);
		}
		year = resolveYear(options.year ?? null, years);
		rawNeed = await indicatorNeed(db, need.id, level, year);
	}

	const population = await loadTargetPopulation(db, target, level, year);
	const areas = await areasOf(db, level);
	const excluded: AllocationData['excluded'] = [];
	const kept: { id: string; name: string; population: number; value: number | null }[] = [];
	for (const a of areas) {
		const p = population.get(a.id);
		if (p === undefined || p === null) {
			excluded.push({ id: a.id, name: a.name, reason: `keine Zielbevölkerung „${target.label}“ für ${year} (fehlt oder gesperrt)` });
			continue;
		}
		const v = rawNeed.get(a.id);
		kept.push({ id: a.id, name: a.name, population: p, value: v === undefined ? null : v });
	}
	if (kept.length === 0) throw new SettingsError(`Kein Gebiet hat eine Zielbevölkerung „${target.label}“ für ${year}.`);
	if (excluded.length > 0) {
		warnings.push(`Ohne Zielbevölkerung, daher nicht im Lastenausgleich: ${excluded.map((e) => e.name).join(', ')}.`);
	}
	return finish(level, year, target, need, kept, excluded, warnings);
}

function finish(
	level: IndexLevel,
	year: number,
	target: TargetPopulation,
	need: NeedMeasure,
	kept: readonly { id: string; name: string; population: number; value: number | null }[],
	excluded: AllocationData['excluded'],
	warnings: string[]
): AllocationData {
	const aligned = kept.map((k) => (k.value === null ? NaN : need.polarity * k.value));
	const z = standardiseNeed(
		aligned,
		kept.map((k) => k.population)
	);
	const missing = kept.filter((k) => k.value === null);
	if (missing.length > 0) {
		warnings.push(
			`Ohne gültigen Bedarfswert (${need.label}), daher mit durchschnittlichem Bedarf (z = 0, Pro-Kopf-Betrag) gerechnet: ${missing.map((m) => m.name).join(', ')}.`
		);
	}
	if (kept.every((_, i) => z[i] === 0)) warnings.push(`Der Bedarf (${need.label}) unterscheidet sich nicht zwischen den Gebieten: reine Pro-Kopf-Verteilung.`);
	return {
		level,
		year,
		targetPopulation: target,
		need,
		areas: kept.map((k, i) => ({ id: k.id, name: k.name, population: k.population, need: z[i], needValue: k.value })),
		excluded,
		warnings
	};
}

/** The `facts` table (from `facts.arrows`): published values per area with source. */
export const FACTS_TABLE = 'facts';

/** Need measures available in the Stadtteil facts (`data/facts/stadtteile.csv`). */
export const FACT_NEEDS: readonly { id: string; label: string }[] = [
	{ id: 'arbeitslosenquote_pct', label: 'Arbeitslosenquote 2016 (Definition unbekannt, Sekundärquelle)' },
	{ id: 'auslaenderanteil_pct', label: 'Ausländeranteil 2016 (Sekundärquelle)' }
];

/**
 * Target population and need per Stadtteil from the real Stadtteil facts (the `facts`
 * table): population = `einwohner` (31.12.2016), need = `arbeitslosenquote_pct`
 * (default) or `auslaenderanteil_pct`, standardised like every need (module comment).
 * Only the target population `alle` exists there. Names come from the `areas` table.
 *
 * @throws SettingsError when the table is missing, or for another target population or need
 * @example (await loadFactsAllocationData(db)).areas.length // → 23
 */
export async function loadFactsAllocationData(
	db: Db,
	options: { need?: string; targetPopulation?: string } = {}
): Promise<AllocationData> {
	const needId = options.need ?? 'arbeitslosenquote_pct';
	const factNeed = FACT_NEEDS.find((f) => f.id === needId);
	if (!factNeed) {
		throw new SettingsError(`Bedarfsmaß „${needId}“ gibt es in den Stadtteil-Fakten nicht. Möglich: ${FACT_NEEDS.map((f) => f.id).join(', ')}.`);
	}
	const targetId = options.targetPopulation ?? 'alle';
	if (targetId !== 'alle') {
		throw new SettingsError(`Die Stadtteil-Fakten enthalten nur die Einwohnerzahl (Zielbevölkerung „alle“), nicht „${targetId}“.`);
	}
	let rows: { area_id: string; merkmal: string; wert: number | null; stichtag: string; name: string; sort: number }[];
	try {
		rows = await db.query(
			`SELECT f.area_id, f.merkmal, f.wert, f.stichtag, a.name, a.sort
			FROM ${FACTS_TABLE} f JOIN areas a ON a.id = f.area_id AND a.level = 'stadtteil'
			WHERE f.merkmal IN ('einwohner', ${literal(needId)})
			ORDER BY a.sort, f.area_id`
		);
	} catch {
		throw new SettingsError('Die Stadtteil-Fakten (facts.arrows) sind nicht geladen; bitte „npm run data“ ausführen.');
	}
	const byArea = new Map<string, { name: string; population: number | null; value: number | null; stichtag: string }>();
	for (const r of rows) {
		const entry = byArea.get(r.area_id) ?? { name: r.name, population: null, value: null, stichtag: '' };
		if (r.merkmal === 'einwohner') {
			entry.population = r.wert;
			entry.stichtag = r.stichtag;
		} else entry.value = r.wert;
		byArea.set(r.area_id, entry);
	}
	const excluded: AllocationData['excluded'] = [];
	const kept: { id: string; name: string; population: number; value: number | null }[] = [];
	for (const [id, e] of byArea) {
		if (e.population === null || !isPresent(e.population)) excluded.push({ id, name: e.name, reason: 'keine Einwohnerzahl in den Fakten' });
		else kept.push({ id, name: e.name, population: e.population, value: e.value });
	}
	if (kept.length === 0) throw new SettingsError('Die Stadtteil-Fakten enthalten keine Einwohnerzahlen.');
	const stichtag = [...byArea.values()].find((e) => e.stichtag)?.stichtag ?? '2016-12-31';
	const warnings = [
		`Reale Stadtteil-Fakten (Stichtag ${stichtag}): Sekundärquelle (Wikipedia-Infoboxen nach Statistischem Landesamt Bremen), siehe data/facts/QUELLEN.md.`
	];
	if (needId === 'arbeitslosenquote_pct') {
		warnings.push('Arbeitslosenquote: Definition und Nenner unbekannt; nicht mit der Arbeitslosenziffer der App vergleichbar.');
	}
	return finish(
		'stadtteil',
		Number(stichtag.slice(0, 4)),
		{ id: 'alle', label: 'Einwohner/-innen (Fakten)', indicators: [] },
		{ id: needId, label: factNeed.label, kind: 'fakt', polarity: 1 },
		kept,
		excluded,
		warnings
	);
}

/**
 * Need measures to offer in the UI: the indices, then every catalogue indicator with a
 * direction (polarity ±1).
 *
 * @example (await needOptions(db))[0] // → { id: 'ausgrenzungsindex', label: 'Ausgrenzungsindex', kind: 'index' }
 */
export async function needOptions(db: Db): Promise<{ id: string; label: string; kind: 'index' | 'indicator' }[]> {
	const catalogue = await loadCatalogue(db);
	return [
		...NEED_INDICES.map((n) => ({ id: n.id as string, label: n.label, kind: 'index' as const })),
		...catalogue
			.filter((c) => c.polarity === 1 || c.polarity === -1)
			.map((c) => ({ id: c.id, label: c.label ?? c.id, kind: 'indicator' as const }))
	];
}

