/** Joins the status classes of the index report with the dynamic classes by area id. */
import { statusDynamicMatrix } from '$lib/engine/mss.ts';
import type { DynamicReport, IndexReport } from '$lib/data/index-views.ts';

export interface MatrixCellAreas {
	status: string;
	dynamic: string;
	ids: string[];
	names: string[];
}

export function matrixCells(report: IndexReport, dynamic: DynamicReport): MatrixCellAreas[] {
	const dyn = new Map(dynamic.areas.map((a) => [a.area_id, a.dynamic_class]));
	const areas = report.areas;
	return statusDynamicMatrix(
		areas.map((a) => a.status_class),
		areas.map((a) => dyn.get(a.area_id) ?? null)
	).map((c) => ({
		status: c.status,
		dynamic: c.dynamic,
		ids: c.areas.map((i) => areas[i].area_id),
		names: c.areas.map((i) => areas[i].area_name)
	}));
}
