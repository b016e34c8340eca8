/**
 * Coordinator of the "Segregation & Cluster" view: every number the view shows
 * comes from the engine (src/lib/engine/segregation.ts, polarisation.ts,
 * spatial.ts) on the DuckDB-WASM instance of `engineDb()` — the same code the
 * CLI runs, so `npm run indicators -- segregation|moran|lisa` prints the same
 * values. No SQL here beyond the engine's own builders; none in `.svelte`.
 */
import { engineDb } from './coordinator.ts';
import type { IndicatorRow, LevelValue } from './rows.ts';
import { levelValuesSql } from '$lib/engine/rates.ts';
import {
	segregationSeries,
	segregationTable,
	type SegregationIndices,
	type SegregationTable,
	type SegregationYear
} from '$lib/engine/segregation.ts';
import { polarisationSeries, type PolarisationYear } from '$lib/engine/polarisation.ts';
import {
	lisaForIndicator,
	moranForIndicator,
	type IndicatorLisa,
	type IndicatorMoran,
	type UnreliableMode
} from '$lib/engine/spatial.ts';

/** Permutations of every Moran/LISA test in the view (as GeoDa and esda). */
export const VIEW_PERMUTATIONS = 999;
/** Fixed seed of the permutation stream, shown in the UI so results can be reproduced with the CLI (`--seed 1`). */
export const VIEW_SEED = 1;
/** Significance level of the LISA clusters. */
export const VIEW_ALPHA = 0.05;

/** Area-based bases (hectares, km²) are land, not people. */
const AREA_BASE = /(_ha|_km2)$/;

/**
 * Whether an indicator can be a segregation group: a share (%) of a counted
 * population — the same rule `groupSource` in segregation.ts enforces
 * (denominator present, unit %, no land bases). Used to fill the group list;
 * the engine still checks.
 *
 * @example isSegregationGroup({ unit: '%', numerator: 'sgb2_personen', denominator: 'bev_u65' }) // → true
 * @example isSegregationGroup({ unit: '%', numerator: 'wohnflaeche_ha', denominator: 'flaeche_ha' }) // → false
 */
export function isSegregationGroup(ind: Pick<IndicatorRow, 'unit' | 'numerator' | 'denominator'>): boolean {
	return ind.unit === '%' && !!ind.denominator && !AREA_BASE.test(ind.numerator) && !AREA_BASE.test(ind.denominator);
}

/** Years of a catalogue entry (`years` is a comma list), ascending. */
export function indicatorYears(ind: Pick<IndicatorRow, 'years'>): number[] {
	return ind.years
		.split(',')
		.map(Number)
		.filter((y) => Number.isInteger(y))
		.sort((a, b) => a - b);
}

/**
 * The year to show for an indicator when `year` is asked: `year` itself if it
 * has values, else the latest earlier year (turnout: the last election), else
 * the first year; null without any year.
 *
 * @example yearFor([2015, 2019, 2023], 2021) // → 2019
 * @example yearFor([2015, 2019, 2023], 2010) // → 2015
 */
export function yearFor(years: readonly number[], year: number): number | null {
	if (years.length === 0) return null;
	if (years.includes(year)) return year;
	const earlier = years.filter((y) => y < year);
	return earlier.length ? earlier[earlier.length - 1] : years[0];
}

/** Segregation indices of a group in one year: city, Stadtbezirke, Ortsteile. */
export async function segregationView(group: string, year: number): Promise<SegregationTable> {
	return segregationTable(await engineDb(), { group }, year);
}

/** Segregation indices of a group for every year with counts (small multiples). */
export async function segregationTrend(group: string): Promise<SegregationYear[]> {
	return segregationSeries(await engineDb(), { group });
}

export interface ClusterRequest {
	indicator: string;
	year: number;
	unreliable: UnreliableMode;
	fdr: boolean;
}

export interface ClusterView {
	lisa: IndicatorLisa;
	moran: IndicatorMoran;
}

/**
 * Global Moran's I and LISA of an indicator, with the view's fixed
 * permutations and seed. The LISA rows carry z and lag, the coordinates of the
 * Moran scatterplot (its slope is `moran.I`).
 */
export async function clusterView(req: ClusterRequest): Promise<ClusterView> {
	const db = await engineDb();
	const common = { indicator: req.indicator, year: req.year, unreliable: req.unreliable, permutations: VIEW_PERMUTATIONS, seed: VIEW_SEED };
	const [lisa, moran] = await Promise.all([
		lisaForIndicator(db, { ...common, alpha: VIEW_ALPHA, fdr: req.fdr }),
		moranForIndicator(db, common)
	]);
	return { lisa, moran };
}

/** Polarisation (top/bottom fifth, CV) of an indicator over all its years. */
export async function polarisationView(indicator: string, unreliable: UnreliableMode): Promise<PolarisationYear[]> {
	return polarisationSeries(await engineDb(), { indicator, unreliable });
}

/** One indicator of a Desintegrationsmerkmal, summarised for the city. */
export interface IndicatorSummary {
	indicator: string;
	/** the year shown (may differ from the asked year, e.g. turnout) */
	year: number | null;
	/** city-wide value (summed counts) */
	city: LevelValue | null;
	/** global Moran's I across Ortsteile (small bases excluded) and its pseudo p */
	moranI: number | null;
	moranP: number | null;
	/** German message when something could not be computed */
	note: string | null;
}

/**
 * City value and global Moran's I of several indicators for a year (each at
 * its nearest year with values, see `yearFor`).
 */
export async function indicatorSummaries(indicators: readonly Pick<IndicatorRow, 'id' | 'years'>[], year: number): Promise<IndicatorSummary[]> {
	const db = await engineDb();
	return Promise.all(
		indicators.map(async (ind): Promise<IndicatorSummary> => {
			const y = yearFor(indicatorYears(ind), year);
			if (y === null) return { indicator: ind.id, year: null, city: null, moranI: null, moranP: null, note: 'keine Werte' };
			try {
				const [city, moran] = await Promise.all([
					db.query<LevelValue>(levelValuesSql('stadt', { indicatorIds: [ind.id], years: [y] })),
					moranForIndicator(db, { indicator: ind.id, year: y, permutations: VIEW_PERMUTATIONS, seed: VIEW_SEED })
				]);
				return { indicator: ind.id, year: y, city: city[0] ?? null, moranI: moran.I, moranP: moran.p_sim, note: null };
			} catch (e) {
				return { indicator: ind.id, year: y, city: null, moranI: null, moranP: null, note: (e as Error).message };
			}
		})
	);
}

/** City-wide splitting measures of one group. */
export interface SplittingMeasure {
	group: string;
	year: number | null;
	indices: SegregationIndices | null;
	note: string | null;
}

/** City-wide segregation indices of several groups in one year (the "Spaltung des städtischen Raums"). */
export async function splittingMeasures(groups: readonly Pick<IndicatorRow, 'id' | 'years'>[], year: number): Promise<SplittingMeasure[]> {
	const db = await engineDb();
	return Promise.all(
		groups.map(async (g): Promise<SplittingMeasure> => {
			const y = yearFor(indicatorYears(g), year);
			if (y === null) return { group: g.id, year: null, indices: null, note: 'keine Werte' };
			try {
				const t = await segregationTable(db, { group: g.id }, y);
				return { group: g.id, year: y, indices: t.city, note: null };
			} catch (e) {
				return { group: g.id, year: y, indices: null, note: (e as Error).message };
			}
		})
	);
}
