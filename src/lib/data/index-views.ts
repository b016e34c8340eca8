/**
 * Coordinator for the index view: the engine's `computeIndex` / `computeDynamic`
 * on the browser's DuckDB, and the database-free rebuild for live weight changes.
 */
import { engineDb } from './coordinator.ts';
import { buildIndexReport, computeDynamic, computeIndex, indexRobustness, type DynamicReport, type IndexReport } from '$lib/engine/index-report.ts';
import type { RobustnessResult } from '$lib/engine/robustness.ts';
import type { IndexSettings } from '$lib/engine/index-settings.ts';

export type { IndexReport, DynamicReport };

/** Loads values for level/year/indicators/EB and builds the full report. */
export async function loadIndexReport(settings: Partial<IndexSettings>): Promise<IndexReport> {
	return computeIndex(await engineDb(), settings);
}

/** Same values, other weights/normalisation/aggregation: no database round trip. */
export function rebuildIndexReport(
	report: IndexReport,
	settings: Partial<Pick<IndexSettings, 'weights' | 'normalization' | 'aggregation' | 'weighting' | 'draws'>>
): IndexReport {
	return buildIndexReport(report.matrix, { ...report.settings, ...settings });
}

/** Monte-Carlo rank bands for the report's settings (positions as `report.matrix.areaIds`). */
export function rebuildRobustness(report: IndexReport, draws: number): RobustnessResult {
	return indexRobustness(report.matrix, { ...report.settings, draws });
}

export async function loadDynamic(settings: Partial<IndexSettings>, from: number, to: number): Promise<DynamicReport> {
	return computeDynamic(await engineDb(), { ...settings, from, to });
}
