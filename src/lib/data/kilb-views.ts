/**
 * Coordinator of the "Quartierstypen" view: the criteria file shipped with the app
 * (`data/kilb-criteria.json`, the same file the CLI reads), the engine's measures on the
 * browser's DuckDB, and the database-free re-scoring for the criteria editor.
 */
import criteriaFile from '../../../data/kilb-criteria.json';
import { engineDb } from './coordinator.ts';
import { kilbScores, loadKilbInput, type KilbInput, type KilbReport } from '$lib/engine/kilb.ts';
import { applyOverrides, pruneOverrides, type CriteriaOverrides } from '$lib/engine/kilb-criteria.ts';

export type { KilbInput, KilbReport };

/** The criteria file as shipped (validated when loaded with the data). */
export const KILB_CRITERIA_FILE: unknown = criteriaFile;

/** Validated criteria and their measures for a year (null = latest): one database round trip. */
export async function loadKilbView(year: number | null): Promise<KilbInput> {
	return loadKilbInput(await engineDb(), { criteria: KILB_CRITERIA_FILE, year });
}

/**
 * Scores with the user's thresholds and weights — no database. Overrides that name no
 * criterion are dropped and returned; invalid values throw (German).
 */
export function rescoreKilb(input: KilbInput, overrides: CriteriaOverrides): { report: KilbReport; dropped: string[] } {
	const { kept, dropped } = pruneOverrides(input.criteria, overrides);
	return { report: kilbScores(input.measures, applyOverrides(input.criteria, kept)), dropped };
}
