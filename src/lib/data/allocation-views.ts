/**
 * Coordinator for the Lastenausgleich view: loads the engine's inputs
 * (`allocation-data.ts`) on the browser's DuckDB — the demo values aggregated to
 * Stadtteile, or the real Stadtteil facts — and runs `allocate` for a scenario.
 * Loading needs the database (cached per data source, population, need and year);
 * a change of budget, α, Sockel, cap or status quo only re-runs `allocate`, which
 * takes well under a millisecond for 23 Stadtteile, so sliders update live.
 */
import { engineDb, engineDbWithFacts, engineGeneration } from './coordinator.ts';
import { allocate, type AllocationResult } from '$lib/engine/allocation.ts';
import {
	FACT_NEEDS,
	loadAllocationData,
	loadFactsAllocationData,
	needOptions,
	TARGET_POPULATIONS,
	type AllocationData
} from '$lib/engine/allocation-data.ts';
import type { DataSource, ScenarioParams } from '$lib/state/allocation-url.ts';

export type { AllocationData, AllocationResult };
export { FACT_NEEDS, TARGET_POPULATIONS };

export interface NeedChoice {
	id: string;
	label: string;
	kind: 'index' | 'indicator' | 'fakt';
}

/** What the data behind a scenario is, for labels, the map tooltip and the CSV header. */
export interface SourceInfo {
	source: DataSource;
	/** short label, e.g. „Demodaten (synthetisch, nicht amtlich)“ */
	label: string;
	demo: boolean;
	/** one sentence: what, where from, which date */
	detail: string;
	/** reference date as shown (e.g. „31.12.2016“) or the year */
	stichtag: string;
}

const dataCache = new Map<string, Promise<AllocationData>>();

/**
 * Target population and standardised need per Stadtteil for one data source.
 *
 * @param year demo data only; null = the latest year with values
 * @throws the engine's SettingsError (German) for unknown ids or missing data
 */
export function loadScenarioData(
	source: DataSource,
	params: Pick<ScenarioParams, 'targetPopulation' | 'need'>,
	year: number | null
): Promise<AllocationData> {
	const key = JSON.stringify([engineGeneration(), source, params.targetPopulation, params.need, source === 'demo' ? year : null]);
	let p = dataCache.get(key);
	if (!p) {
		p =
			source === 'fakten'
				? engineDbWithFacts().then((db) => loadFactsAllocationData(db, { need: params.need, targetPopulation: params.targetPopulation }))
				: engineDb().then((db) => loadAllocationData(db, { targetPopulation: params.targetPopulation, need: params.need, year }));
		p.catch(() => dataCache.delete(key));
		dataCache.set(key, p);
	}
	return p;
}

let needCache: Promise<NeedChoice[]> | null = null;
let needGeneration = -1;

/** Need measures of the demo data: the indices, then every indicator with a direction. */
export function loadNeedChoices(): Promise<NeedChoice[]> {
	if (needGeneration !== engineGeneration()) needCache = null;
	needGeneration = engineGeneration();
	needCache ??= engineDb()
		.then((db) => needOptions(db))
		.catch((e) => {
			needCache = null;
			throw e;
		});
	return needCache;
}

/** Need measures of the Stadtteil facts. */
export const FACT_NEED_CHOICES: readonly NeedChoice[] = FACT_NEEDS.map((f) => ({ ...f, kind: 'fakt' as const }));

/** Result of one scenario: the allocation, or a German error; notes for the user. */
export interface ScenarioOutcome {
	result: AllocationResult | null;
	error: string | null;
	notes: string[];
}

/**
 * Runs `allocate` for one scenario on loaded data. The status quo is attached per
 * Stadtteil; a cap without any status quo is not applied (the engine would refuse)
 * and a note says so.
 */
export function runScenario(data: AllocationData, params: ScenarioParams, statusQuo: Readonly<Record<string, number>>): ScenarioOutcome {
	const areas = data.areas.map((a) => ({ ...a, statusQuo: statusQuo[a.id] ?? null }));
	const hasStatusQuo = areas.some((a) => a.statusQuo !== null);
	const notes: string[] = [];
	let cap = params.cap;
	if (cap !== null && !hasStatusQuo) {
		notes.push('Die Kappung braucht einen Status-quo-Haushalt (Spalte „Status quo“ in der Tabelle oder CSV-Import); bis dahin wird ohne Kappung gerechnet.');
		cap = null;
	}
	try {
		const result = allocate({ budget: params.budget, alpha: params.alpha, floorShare: params.floorShare, cap, areas });
		return { result, error: null, notes: [...notes, ...result.diagnostics.messages] };
	} catch (e) {
		return { result: null, error: (e as Error).message, notes };
	}
}

/** Label and source line for a data source (with the loaded data, for year and Stichtag). */
export function sourceInfo(source: DataSource, data: AllocationData | null): SourceInfo {
	if (source === 'fakten') {
		const iso = data?.warnings.map((w) => /Stichtag (\d{4})-(\d{2})-(\d{2})/.exec(w)).find((m) => m) ?? null;
		const stichtag = iso ? `${iso[3]}.${iso[2]}.${iso[1]}` : '31.12.2016';
		return {
			source,
			label: `Reale Stadtteil-Fakten, Stichtag ${stichtag} (Sekundärquelle)`,
			demo: false,
			detail: `Einwohner/-innen, Arbeitslosenquote und Ausländeranteil je Stadtteil zum ${stichtag}; Quelle: Statistisches Landesamt Bremen, übernommen aus den Infoboxen der Wikipedia-Stadtteilartikel (Sekundärquelle, siehe data/facts/QUELLEN.md). Die Arbeitslosenquote hat eine unbekannte Definition und ist nicht mit der Arbeitslosenziffer der App vergleichbar.`,
			stichtag
		};
	}
	const year = data ? String(data.year) : '';
	return {
		source,
		label: 'Demodaten (synthetisch, nicht amtlich)',
		demo: true,
		detail: `Synthetische Ortsteilwerte${year ? ` ${year}` : ''}, aus Zählwerten (Zähler und Nenner) zu den 23 Stadtteilen aggregiert. Nicht als Aussage über reale Stadtteile verwenden.`,
		stichtag: year
	};
}
