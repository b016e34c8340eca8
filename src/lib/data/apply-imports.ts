/**
 * Puts the planners' browser imports into the engine's tables, on top of the
 * build's data: new catalogue entries join `indicators`, imported values replace
 * whole indicator × year slices of `vals` (`mergeImportsSql`), imported
 * boundaries replace `neighbours` and the areas' km² and centroids. The same
 * rows feed the UI's catalogue and area lists (`customIndicatorRows`,
 * `withImportedGeo`), so views and engine agree.
 */
import type { Db } from '../engine/db.ts';
import { IMPORT_COLUMNS, mergeImportsSql } from '../engine/imports.ts';
import { INDICATOR_COLUMNS } from '../engine/schema.ts';
import { rowsToArrowStream } from './arrow-write.ts';
import { customIndicators, type BrowserBoundaries, type BrowserImport } from './imports-file.ts';
import type { AreaRow, IndicatorRow } from './rows.ts';

/** Catalogue rows of the imports' new indicators, ordered after the built-in ones. */
export function customIndicatorRows(imports: BrowserImport[], builtIn: IndicatorRow[]): IndicatorRow[] {
	const first = builtIn.reduce((m, r) => Math.max(m, r.sort), -1) + 1;
	return customIndicators(imports).map(({ indicator, bases }, k) => {
		const years = new Set(imports.flatMap((imp) => imp.rows.filter((r) => r.indicator_id === indicator.id).map((r) => r.year)));
		return {
			...indicator,
			numerator_label: bases[indicator.numerator] ?? indicator.numerator,
			denominator_label: indicator.denominator ? (bases[indicator.denominator] ?? indicator.denominator) : null,
			years: [...years].sort((a, b) => a - b).join(','),
			sort: first + k
		};
	});
}

/** Area rows with km² and centroid from imported boundaries (unchanged without them). */
export function withImportedGeo(areas: AreaRow[], boundaries: BrowserBoundaries | null): AreaRow[] {
	if (!boundaries) return areas;
	const geo = new Map(boundaries.geo.map((g) => [g.id, g]));
	return areas.map((a) => {
		const g = geo.get(a.id);
		return g ? { ...a, area_km2: g.area_km2, cx: g.centroid[0], cy: g.centroid[1] } : a;
	});
}

/** Applies stored imports and boundaries to a database holding the build's tables. */
export async function applyImports(db: Db, imports: BrowserImport[], boundaries: BrowserBoundaries | null, builtIn: IndicatorRow[]): Promise<void> {
	const custom = customIndicatorRows(imports, builtIn);
	if (custom.length > 0) {
		await db.loadArrow('imported_indicators', rowsToArrowStream(custom, INDICATOR_COLUMNS));
		await db.query('INSERT INTO indicators BY NAME SELECT * FROM imported_indicators');
	}
	if (imports.length > 0) {
		const tables = imports.map((imp, k) => ({ table: `imp_${k}`, dataset: imp.id }));
		for (const [k, imp] of imports.entries()) await db.loadArrow(tables[k].table, rowsToArrowStream(imp.rows, IMPORT_COLUMNS));
		await db.query(`CREATE OR REPLACE TABLE vals AS ${mergeImportsSql(tables)}`);
	}
	if (boundaries) {
		const pairs = boundaries.neighbours.map(([area_id, neighbour_id]) => ({ area_id, neighbour_id }));
		await db.loadArrow('neighbours', rowsToArrowStream(pairs, { area_id: 'string', neighbour_id: 'string' }));
		const geo = boundaries.geo.map((g) => ({ id: g.id, area_km2: g.area_km2, cx: g.centroid[0], cy: g.centroid[1] }));
		await db.loadArrow('imported_geo', rowsToArrowStream(geo, { id: 'string', area_km2: 'float', cx: 'float', cy: 'float' }));
		await db.query('UPDATE areas SET area_km2 = g.area_km2, cx = g.cx, cy = g.cy FROM imported_geo g WHERE areas.id = g.id');
	}
}
