/**
 * Coordinator of the relations view ("Zusammenhänge"): two indicators at one
 * level and year, from the engine's level values, with the statistics of
 * `engine/correlation.ts`. An indicator without a value in the chosen year
 * (turnout between elections) uses its latest earlier year, and the view says
 * which. Areas with a small base or a suppressed value in either indicator are
 * shown but not used — the same rule as for ranks and classes.
 */
import { levelValues } from './coordinator.ts';
import { indicatorYears, yearFor } from './spatial-views.ts';
import type { IndicatorRow, LevelValue } from './rows.ts';
import { relation, type RelationResult } from '$lib/engine/correlation.ts';
import { POPULATION_INDICATOR } from '$lib/engine/rates.ts';
import type { IndexLevel } from '$lib/engine/index-settings.ts';

export interface RelationPoint {
	id: string;
	name: string;
	x: number | null;
	y: number | null;
	/** residents (for the point size), null if unknown */
	population: number | null;
	/** in the statistics: both values present and reliable */
	used: boolean;
	/** standardised residual of the regression, null if not used */
	residual: number | null;
	outlier: boolean;
	/** why an area is not used (German), else null */
	note: string | null;
}

export interface RelationView {
	level: IndexLevel;
	/** the years actually used per indicator */
	xYear: number;
	yYear: number;
	points: RelationPoint[];
	/** null when fewer than 3 usable pairs remain (see `error`) */
	result: RelationResult | null;
	error: string | null;
}

function reason(v: LevelValue | undefined, which: string): string | null {
	if (!v || v.value === null) return v?.status === 'gesperrt' ? `${which} gesperrt` : `${which}: kein Wert`;
	if (!v.reliable) return `${which}: unsichere Basis`;
	return null;
}

/**
 * Values of two indicators at a level, their correlation and regression.
 *
 * @param year the chosen year; each indicator uses `yearFor` its own years
 */
export async function relationView(level: IndexLevel, x: IndicatorRow, y: IndicatorRow, year: number): Promise<RelationView> {
	const xYear = yearFor(indicatorYears(x), year) ?? year;
	const yYear = yearFor(indicatorYears(y), year) ?? year;
	const [xs, ys, pop] = await Promise.all([
		levelValues(level, x.id, xYear),
		levelValues(level, y.id, yYear),
		levelValues(level, POPULATION_INDICATOR, year).catch(() => [] as LevelValue[])
	]);
	const yById = new Map(ys.map((r) => [r.area_id, r]));
	const popById = new Map(pop.map((r) => [r.area_id, r.value]));
	const ids = [...new Set([...xs.map((r) => r.area_id), ...ys.map((r) => r.area_id)])];
	const xById = new Map(xs.map((r) => [r.area_id, r]));
	const base = ids.map((id) => {
		const xv = xById.get(id);
		const yv = yById.get(id);
		const note = [reason(xv, x.short || x.label), reason(yv, y.short || y.label)].filter(Boolean).join('; ') || null;
		return {
			id,
			name: xv?.area_name ?? yv?.area_name ?? id,
			x: xv?.value ?? null,
			y: yv?.value ?? null,
			population: popById.get(id) ?? null,
			usable: note === null,
			note
		};
	});
	let result: RelationResult | null = null;
	let error: string | null = null;
	try {
		result = relation(base);
	} catch (e) {
		error = (e as Error).message;
	}
	const outliers = new Set(result?.outliers ?? []);
	const points = base
		.map((p) => ({
			id: p.id,
			name: p.name,
			x: p.x,
			y: p.y,
			population: p.population,
			used: result ? result.residualById.has(p.id) : false,
			residual: result?.residualById.get(p.id) ?? null,
			outlier: outliers.has(p.id),
			note: p.note
		}))
		.sort((a, b) => a.name.localeCompare(b.name, 'de'));
	return { level, xYear, yYear, points, result, error };
}
