/**
 * Segregation of one population group against the rest of its population
 * ("Aufspaltung der Stadt", DESIGN.md §4): how unevenly a group — people in
 * SGB-II households, foreign nationals, children in poverty — is spread over
 * the Ortsteile, and how much its members live among themselves.
 *
 * Notation for n areas i (Ortsteile):
 *
 *   gᵢ  persons of the group in area i       G = Σ gᵢ
 *   tᵢ  all persons of that population        T = Σ tᵢ
 *   rᵢ  = tᵢ − gᵢ (the rest)                  R = T − G
 *   pᵢ  = gᵢ / tᵢ (group share in area i)     P = G / T
 *
 * Every index takes person *counts*, never rates, and agrees with the
 * single-group indices of PySAL's `segregation` package (v2, `singlegroup/`):
 * `Dissim`, `Isolation`, `Exposure` (two groups), `CorrelationR`, `Entropy`,
 * `Gini`, `SpatialDissim` (Morrill, binary queen weights) and the location
 * quotient. Areas with tᵢ = 0 carry no one and are left out by the loaders
 * (PySAL keeps them with pᵢ := 0, which only matters for Morrill's D, where
 * an empty area would add a spurious contrast to its neighbours).
 *
 * Small areas: all indices weight areas by their population, so a quarter of
 * eight residents moves them very little. Location quotients of such areas are
 * flagged (`reliable` = false) like every other small-base value.
 *
 * @see Duncan & Duncan (1955), American Sociological Review 20(2): 210–217
 * @see Massey & Denton (1988), The dimensions of residential segregation, Social Forces 67(2): 281–315
 * @see Morrill (1991), On the measure of geographic segregation, Geography Research Forum 11: 25–36
 * @see Cortes, Rey, Knaap, Wolf (2020), An open-source framework for non-spatial and spatial segregation measures: the PySAL segregation module, J. Comp. Social Science 3: 135–166
 */
import { literal, type Db } from './db.ts';
import { levelValuesSql } from './rates.ts';
import type { LevelValue } from '../data/rows.ts';
import { neighbourPairs } from './spatial.ts';

// ---------------------------------------------------------------------------
// Input checks
// ---------------------------------------------------------------------------

interface Totals {
	n: number;
	groupTotal: number;
	total: number;
	share: number;
}

/**
 * Checks one pair of count arrays and returns their sums. Throws a German
 * RangeError (it reaches the UI) when the arrays are too short or of
 * different length, a count is negative or not finite, a group exceeds its
 * population, or the group is empty or everyone.
 */
function checkCounts(method: string, group: ArrayLike<number>, total: ArrayLike<number>): Totals {
	const n = group.length;
	if (n < 2 || n !== total.length) {
		throw new RangeError(`${method}: mindestens 2 Gebiete, Gruppe und Gesamtzahl gleich lang`);
	}
	let groupTotal = 0;
	let sum = 0;
	for (let i = 0; i < n; i++) {
		const g = group[i];
		const t = total[i];
		if (!Number.isFinite(g) || !Number.isFinite(t) || g < 0 || t < 0) {
			throw new RangeError(`${method}: ungültige Anzahl in Gebiet ${i + 1} (Gruppe ${g}, gesamt ${t})`);
		}
		if (g > t) throw new RangeError(`${method}: Gruppe (${g}) größer als Gesamtzahl (${t}) in Gebiet ${i + 1}`);
		groupTotal += g;
		sum += t;
	}
	if (groupTotal === 0) throw new RangeError(`${method}: Gruppe leer`);
	if (groupTotal === sum) throw new RangeError(`${method}: Gruppe umfasst die ganze Bevölkerung`);
	return { n, groupTotal, total: sum, share: groupTotal / sum };
}

/** pᵢ = gᵢ / tᵢ, with 0 for an empty area (as PySAL). */
function shareOf(g: number, t: number): number {
	return t > 0 ? g / t : 0;
}

// ---------------------------------------------------------------------------
// Evenness
// ---------------------------------------------------------------------------

/**
 * Each area's part of the dissimilarity index: ½ · |gᵢ/G − rᵢ/R|.
 * The parts sum to D; divided by D they say which quarters carry the unevenness.
 *
 * @param group persons of the group per area (e.g. SGB-II recipients)
 * @param total persons of the whole population per area, same order
 * @throws RangeError as `dissimilarity`
 * @example dissimilarityContributions([10, 20, 30], [100, 50, 50]) // → [10/42, 2.5/42, 7.5/42]
 */
export function dissimilarityContributions(group: ArrayLike<number>, total: ArrayLike<number>): number[] {
	const { n, groupTotal, total: sum } = checkCounts('dissimilarity', group, total);
	const restTotal = sum - groupTotal;
	const parts = new Array<number>(n);
	for (let i = 0; i < n; i++) parts[i] = Math.abs(group[i] / groupTotal - (total[i] - group[i]) / restTotal) / 2;
	return parts;
}

/**
 * Dissimilarity index D (Duncan & Duncan 1955): the share of the group that
 * would have to move for group and rest to be spread alike.
 *
 *   D = ½ · Σᵢ |gᵢ/G − rᵢ/R|  =  Σᵢ tᵢ · |pᵢ − P| / (2 · T · P · (1 − P))
 *
 * Range 0 (same spread) to 1 (no area shared). Both forms are identical; PySAL
 * `Dissim` uses the second. D rises by chance on small areas.
 *
 * @param group persons of the group per area
 * @param total persons of the whole population per area (group included), same order
 * @throws RangeError if fewer than 2 areas, lengths differ, a group exceeds its total, or the group is empty or everyone
 * @example dissimilarity([10, 20, 30], [100, 50, 50]) // → 10/21 ≈ 0.4762
 * @see Duncan & Duncan (1955), American Sociological Review 20(2): 210–217
 */
export function dissimilarity(group: ArrayLike<number>, total: ArrayLike<number>): number {
	return dissimilarityContributions(group, total).reduce((d, x) => d + x, 0);
}

/**
 * Gini segregation index: the mean absolute difference of the area shares
 * over all pairs of persons, relative to its maximum.
 *
 *   Gini = Σᵢ Σⱼ tᵢ · tⱼ · |pᵢ − pⱼ| / (2 · T² · P · (1 − P))
 *
 * Range 0–1. Computed in O(n log n): sorted by pᵢ, the double sum is
 * 2 · Σⱼ tⱼ · (pⱼ · Σ_{i<j} tᵢ − Σ_{i<j} tᵢ pᵢ), so 10,000 areas are instant.
 *
 * @param group persons of the group per area
 * @param total persons of the whole population per area, same order
 * @throws RangeError as `dissimilarity`
 * @example gini([10, 20, 30], [100, 50, 50]) // → 15/28 ≈ 0.5357
 * @see Massey & Denton (1988), Social Forces 67(2): 281–315; PySAL `segregation.singlegroup.Gini`
 */
export function gini(group: ArrayLike<number>, total: ArrayLike<number>): number {
	const { n, total: sum, share } = checkCounts('gini', group, total);
	const order = Array.from({ length: n }, (_, i) => i).sort(
		(a, b) => shareOf(group[a], total[a]) - shareOf(group[b], total[b])
	);
	let weightBelow = 0; // Σ_{i<j} tᵢ
	let weightedShareBelow = 0; // Σ_{i<j} tᵢ pᵢ
	let halfSum = 0;
	for (const j of order) {
		const t = total[j];
		const p = shareOf(group[j], t);
		halfSum += t * (p * weightBelow - weightedShareBelow);
		weightBelow += t;
		weightedShareBelow += t * p;
	}
	return (2 * halfSum) / (2 * sum * sum * share * (1 - share));
}

/** Binary entropy −[p ln p + (1 − p) ln(1 − p)], 0 at p = 0 and p = 1. */
function entropy(p: number): number {
	let e = 0;
	if (p > 0) e -= p * Math.log(p);
	if (p < 1) e -= (1 - p) * Math.log(1 - p);
	return e;
}

/**
 * Theil's entropy index H (information theory index): how much less diverse
 * the areas are, on average, than the city.
 *
 *   E  = −[P ln P + (1 − P) ln(1 − P)]          (city entropy)
 *   Eᵢ = −[pᵢ ln pᵢ + (1 − pᵢ) ln(1 − pᵢ)]      (0 ln 0 := 0)
 *   H  = Σᵢ tᵢ · (E − Eᵢ) / (T · E)
 *
 * Range 0 (every area mixed like the city) to 1 (every area all group or all
 * rest). Natural logarithms; the base cancels.
 *
 * @param group persons of the group per area
 * @param total persons of the whole population per area, same order
 * @throws RangeError as `dissimilarity`
 * @example theilH([10, 0], [10, 10]) // → 1
 * @see Theil & Finizza (1971), J. Mathematical Sociology 1: 187–194; Massey & Denton (1988); PySAL `segregation.singlegroup.Entropy`
 */
export function theilH(group: ArrayLike<number>, total: ArrayLike<number>): number {
	const { n, total: sum, share } = checkCounts('theilH', group, total);
	const cityEntropy = entropy(share);
	let h = 0;
	for (let i = 0; i < n; i++) h += total[i] * (cityEntropy - entropy(shareOf(group[i], total[i])));
	return h / (sum * cityEntropy);
}

// ---------------------------------------------------------------------------
// Exposure
// ---------------------------------------------------------------------------

/**
 * Isolation index xPx (Bell 1954; Lieberson 1981): the group share in the
 * area of an average group member — the chance that a neighbour of a group
 * member belongs to the group as well.
 *
 *   xPx = Σᵢ (gᵢ / G) · (gᵢ / tᵢ)
 *
 * Range P (even spread) to 1. Depends on the group's size: compare with P or
 * use the correlation ratio.
 *
 * @param group persons of the group per area
 * @param total persons of the whole population per area, same order
 * @throws RangeError as `dissimilarity`
 * @example isolation([10, 20, 30], [100, 50, 50]) // → 27/60 = 0.45
 * @see Massey & Denton (1988), Social Forces 67(2): 281–315; PySAL `segregation.singlegroup.Isolation`
 */
export function isolation(group: ArrayLike<number>, total: ArrayLike<number>): number {
	const { n, groupTotal } = checkCounts('isolation', group, total);
	let x = 0;
	for (let i = 0; i < n; i++) x += (group[i] / groupTotal) * shareOf(group[i], total[i]);
	return x;
}

/**
 * Exposure index xPy: the share of the *rest* in the area of an average group
 * member. With two groups (group and rest) xPy = 1 − xPx.
 *
 *   xPy = Σᵢ (gᵢ / G) · (rᵢ / tᵢ)
 *
 * @param group persons of the group per area
 * @param total persons of the whole population per area, same order
 * @throws RangeError as `dissimilarity`
 * @example exposure([10, 20, 30], [100, 50, 50]) // → 33/60 = 0.55
 * @see Massey & Denton (1988); PySAL `segregation.singlegroup.Exposure`
 */
export function exposure(group: ArrayLike<number>, total: ArrayLike<number>): number {
	const { n, groupTotal } = checkCounts('exposure', group, total);
	let x = 0;
	for (let i = 0; i < n; i++) x += (group[i] / groupTotal) * shareOf(total[i] - group[i], total[i]);
	return x;
}

/**
 * Correlation ratio V (eta², White 1986): isolation corrected for the group's
 * size — the part of isolation above what an even spread would give.
 *
 *   V = (xPx − P) / (1 − P)
 *
 * Range 0 (even) to 1.
 *
 * @param group persons of the group per area
 * @param total persons of the whole population per area, same order
 * @throws RangeError as `dissimilarity`
 * @example correlationRatio([10, 20, 30], [100, 50, 50]) // → (0.45 − 0.3) / 0.7 = 3/14
 * @see White (1986), Population Index 52(2): 198–221; PySAL `segregation.singlegroup.CorrelationR`
 */
export function correlationRatio(group: ArrayLike<number>, total: ArrayLike<number>): number {
	const { share } = checkCounts('correlationRatio', group, total);
	return (isolation(group, total) - share) / (1 - share);
}

/**
 * Location quotients: each area's group share relative to the city's.
 *
 *   LQᵢ = pᵢ / P
 *
 * 1 = as in the city; 2 = twice the city share. An area with tᵢ = 0 gets 0.
 *
 * @param group persons of the group per area
 * @param total persons of the whole population per area, same order
 * @throws RangeError as `dissimilarity`
 * @example locationQuotients([10, 20, 30], [100, 50, 50]) // → [1/3, 4/3, 2]
 * @see Isard (1960), Methods of Regional Analysis; PySAL `segregation.local.MultiLocationQuotient`
 */
export function locationQuotients(group: ArrayLike<number>, total: ArrayLike<number>): number[] {
	const { n, share } = checkCounts('locationQuotients', group, total);
	return Array.from({ length: n }, (_, i) => shareOf(group[i], total[i]) / share);
}

// ---------------------------------------------------------------------------
// Spatial evenness
// ---------------------------------------------------------------------------

/**
 * Morrill's spatially adjusted dissimilarity D(adj): D minus the mean contrast
 * of group shares across shared borders — a quarter next to a very different
 * quarter is less segregated than D alone suggests, because its residents meet
 * across the border.
 *
 *   D(adj) = D − Σᵢ Σⱼ cᵢⱼ · |pᵢ − pⱼ| / Σᵢ Σⱼ cᵢⱼ
 *
 * cᵢⱼ = 1 if i and j are neighbours (queen contiguity), else 0 — binary, not
 * row-standardised, as PySAL `SpatialDissim(standardize=False)` (the default;
 * R `seg::dissim(adjust=TRUE)` row-standardises instead).
 *
 * @param group persons of the group per area
 * @param total persons of the whole population per area, same order
 * @param pairs neighbour pairs as area indices, each pair in both directions
 * @returns D(adj), or null when no two areas are neighbours (the adjustment is undefined)
 * @throws RangeError as `dissimilarity`, or for an index outside the areas
 * @example spatialDissimilarity([10, 20, 30], [100, 50, 50], [[0, 1], [1, 0], [1, 2], [2, 1]]) // → 10/21 − 1/4 = 19/84
 * @see Morrill (1991), Geography Research Forum 11: 25–36; PySAL `segregation.singlegroup.SpatialDissim`
 */
export function spatialDissimilarity(
	group: ArrayLike<number>,
	total: ArrayLike<number>,
	pairs: readonly (readonly [number, number])[]
): number | null {
	const d = dissimilarity(group, total);
	const n = group.length;
	let contrast = 0;
	let links = 0;
	for (const [i, j] of pairs) {
		if (!(i >= 0 && i < n && j >= 0 && j < n)) {
			throw new RangeError(`spatialDissimilarity: Nachbarpaar (${i}, ${j}) außerhalb der ${n} Gebiete`);
		}
		contrast += Math.abs(shareOf(group[i], total[i]) - shareOf(group[j], total[j]));
		links++;
	}
	return links === 0 ? null : d - contrast / links;
}

// ---------------------------------------------------------------------------
// All indices at once
// ---------------------------------------------------------------------------

/** The city-wide (or Stadtbezirk-wide) indices; names as in the CLI's JSON. */
export interface SegregationIndices {
	/** dissimilarity D, 0–1 */
	D: number;
	/** isolation xPx, P–1 */
	isolation: number;
	/** exposure to the rest xPy = 1 − xPx */
	exposure: number;
	/** correlation ratio V = (xPx − P)/(1 − P) */
	correlation_ratio: number;
	/** Theil's entropy index H, 0–1 */
	theil_H: number;
	/** Gini segregation index, 0–1 */
	gini: number;
	/** Morrill's D(adj); null without any neighbour pair */
	spatial_D_morrill: number | null;
	/** number of areas the indices are computed over */
	n_areas: number;
	/** group persons G */
	group_total: number;
	/** population T */
	population: number;
	/** group share P = G / T (0–1) */
	share: number;
}

/**
 * All segregation indices of one group over the same areas.
 *
 * @param group persons of the group per area
 * @param total persons of the whole population per area, same order
 * @param pairs neighbour pairs as area indices (both directions) for Morrill's D; omit for none
 * @throws RangeError as `dissimilarity`
 * @example segregationIndices([10, 0], [10, 10]).D // → 1
 */
export function segregationIndices(
	group: ArrayLike<number>,
	total: ArrayLike<number>,
	pairs: readonly (readonly [number, number])[] = []
): SegregationIndices {
	const { n, groupTotal, total: sum, share } = checkCounts('segregation', group, total);
	return {
		D: dissimilarity(group, total),
		isolation: isolation(group, total),
		exposure: exposure(group, total),
		correlation_ratio: correlationRatio(group, total),
		theil_H: theilH(group, total),
		gini: gini(group, total),
		spatial_D_morrill: spatialDissimilarity(group, total, pairs),
		n_areas: n,
		group_total: groupTotal,
		population: sum,
		share
	};
}

// ---------------------------------------------------------------------------
// Loading counts through the Db
// ---------------------------------------------------------------------------

/** Where the counts of a population come from: one column of one indicator's values. */
export interface CountSource {
	indicatorId: string;
	column: 'numerator' | 'denominator';
	/** readable description for messages and reports */
	label: string;
}

/** One Ortsteil's counts for one year. */
export interface AreaCounts {
	area_id: string;
	area_name: string;
	stadtbezirk_id: string | null;
	year: number;
	group: number;
	total: number;
	/** the group indicator's reliability flag (denominator ≥ min_base) */
	reliable: boolean;
}

/** An Ortsteil left out of the computation, with the reason (German, for the UI). */
export interface ExcludedArea {
	area_id: string;
	area_name: string;
	reason: string;
}

export interface SegregationOptions {
	/** indicator whose numerator is the group (e.g. `sgb2_quote` → persons in SGB-II households) */
	group: string;
	/**
	 * the population the group is part of; default: the group indicator's denominator.
	 * An indicator id (a plain count such as `bevoelkerung` gives its numerator, a share
	 * its denominator) or a base id of the catalogue (`bev`, `bev_u65`, …).
	 */
	total?: string;
	/** dataset in `vals` (default: all rows) */
	dataset?: string;
}

interface IndicatorMeta {
	id: string;
	numerator?: string | null;
	denominator?: string | null;
	unit?: string | null;
}

/** Area-based bases (hectares, km²) are not populations. */
const AREA_BASE = /(_ha|_km2)$/;

async function indicatorMeta(db: Db, id: string): Promise<IndicatorMeta | null> {
	const rows = await db.query<IndicatorMeta>(`SELECT * FROM indicators WHERE id = ${literal(id)}`);
	return rows[0] ?? null;
}

/**
 * Checks that an indicator's numerator is a group within its denominator
 * population: it has a denominator, is a share in % (not "je 1.000 Einw.")
 * and counts people, not land (bases ending in `_ha`, `_km2` are areas).
 * Throws a German Error otherwise.
 */
export async function groupSource(db: Db, groupId: string): Promise<{ group: CountSource; total: CountSource }> {
	const meta = await indicatorMeta(db, groupId);
	if (!meta) throw new Error(`Segregation: unbekannter Indikator „${groupId}“.`);
	const denominatorKnown = 'denominator' in meta;
	if (denominatorKnown && !meta.denominator) {
		throw new Error(`Segregation: „${groupId}“ ist eine Anzahl ohne Bezugsbevölkerung – gebraucht wird ein Anteil (Gruppe / Bevölkerung).`);
	}
	if (meta.unit !== undefined && meta.unit !== null && meta.unit !== '%') {
		throw new Error(`Segregation: „${groupId}“ ist kein Anteil einer Gruppe an ihrer Bevölkerung (Einheit „${meta.unit}“).`);
	}
	if ((meta.numerator && AREA_BASE.test(meta.numerator)) || (meta.denominator && AREA_BASE.test(meta.denominator))) {
		throw new Error(`Segregation: „${groupId}“ ist ein Flächenanteil, keine Bevölkerungsgruppe.`);
	}
	return {
		group: { indicatorId: groupId, column: 'numerator', label: meta.numerator ?? `${groupId} (Zähler)` },
		total: { indicatorId: groupId, column: 'denominator', label: meta.denominator ?? `${groupId} (Nenner)` }
	};
}

/**
 * Resolves `--total`: an indicator id (a plain count → its numerator, a share →
 * its denominator) or a base id used by some indicator as numerator or
 * denominator. Throws a German Error for an unknown id.
 */
export async function totalSource(db: Db, totalId: string): Promise<CountSource> {
	const meta = await indicatorMeta(db, totalId);
	if (meta) {
		const isCount = 'denominator' in meta && !meta.denominator;
		return isCount
			? { indicatorId: totalId, column: 'numerator', label: meta.numerator ?? totalId }
			: { indicatorId: totalId, column: 'denominator', label: meta.denominator ?? totalId };
	}
	const cols = await db.query<{ name: string }>(
		`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'indicators'`
	);
	if (cols.some((c) => c.name === 'numerator') && cols.some((c) => c.name === 'denominator')) {
		const rows = await db.query<{ id: string; col: 'numerator' | 'denominator' }>(`
SELECT id, CASE WHEN numerator = ${literal(totalId)} THEN 'numerator' ELSE 'denominator' END AS col
FROM indicators
WHERE numerator = ${literal(totalId)} OR denominator = ${literal(totalId)}
ORDER BY (numerator = ${literal(totalId)} AND denominator IS NULL) DESC, sort
LIMIT 1`);
		if (rows[0]) return { indicatorId: rows[0].id, column: rows[0].col, label: totalId };
	}
	throw new Error(`Segregation: unbekannte Gesamtzahl „${totalId}“ (weder Indikator noch Basiszahl des Katalogs).`);
}

interface CountRow extends LevelValue {
	stadtbezirk_id: string | null;
}

async function countRows(db: Db, source: CountSource, years: readonly number[] | undefined, dataset?: string): Promise<CountRow[]> {
	const sql = `
WITH v AS (${levelValuesSql('ortsteil', { indicatorIds: [source.indicatorId], years, dataset })})
SELECT v.*, a.stadtbezirk_id FROM v JOIN areas a ON a.id = v.area_id
ORDER BY v.year, v.area_id`;
	return db.query<CountRow>(sql);
}

/**
 * Loads group and total counts per Ortsteil and year. Ortsteile with a
 * suppressed or missing count, or without population (total 0), are returned
 * in `excluded` with the reason; a group larger than its total is an error.
 */
export async function loadGroupCounts(
	db: Db,
	opts: SegregationOptions & { years?: readonly number[] }
): Promise<{ group: CountSource; total: CountSource; counts: AreaCounts[]; excluded: Map<number, ExcludedArea[]> }> {
	const sources = await groupSource(db, opts.group);
	const total = opts.total ? await totalSource(db, opts.total) : sources.total;
	const groupRows = await countRows(db, sources.group, opts.years, opts.dataset);
	const totalRows =
		total.indicatorId === sources.group.indicatorId
			? groupRows
			: await countRows(db, total, opts.years, opts.dataset);
	const totalByKey = new Map(totalRows.map((r) => [`${r.year}|${r.area_id}`, r]));
	const counts: AreaCounts[] = [];
	const excluded = new Map<number, ExcludedArea[]>();
	const exclude = (year: number, area: ExcludedArea) => {
		const list = excluded.get(year) ?? [];
		list.push(area);
		excluded.set(year, list);
	};
	for (const r of groupRows) {
		const t = totalByKey.get(`${r.year}|${r.area_id}`);
		const name = r.area_name ?? r.area_id;
		const g = r.status === 'ok' ? r.numerator : null;
		const tv = t && t.status === 'ok' ? t[total.column] : null;
		if (g === null || g === undefined || tv === null || tv === undefined) {
			exclude(r.year, { area_id: r.area_id, area_name: name, reason: 'Anzahl gesperrt oder fehlend' });
			continue;
		}
		if (tv === 0) {
			exclude(r.year, { area_id: r.area_id, area_name: name, reason: 'keine Bevölkerung (Gesamtzahl 0)' });
			continue;
		}
		if (g > tv) {
			throw new Error(
				`Segregation: Gruppe (${g}, ${sources.group.label}) größer als Gesamtzahl (${tv}, ${total.label}) ` +
					`in ${name} (${r.area_id}), ${r.year}.`
			);
		}
		counts.push({
			area_id: r.area_id,
			area_name: name,
			stadtbezirk_id: r.stadtbezirk_id,
			year: r.year,
			group: g,
			total: tv,
			reliable: r.reliable
		});
	}
	return { group: sources.group, total, counts, excluded };
}

/** Neighbour pairs (both directions) among the given area ids, as indices into `ids`. */
export async function neighbourIndexPairs(db: Db, ids: readonly string[]): Promise<[number, number][]> {
	const pairs = await neighbourPairs(db);
	return indexPairs(ids, pairs);
}

/** Maps id pairs to index pairs into `ids`, both directions, each once; pairs with other ids are dropped. */
export function indexPairs(ids: readonly string[], pairs: Iterable<readonly [string, string]>): [number, number][] {
	const index = new Map(ids.map((id, i) => [id, i]));
	const seen = new Set<string>();
	const out: [number, number][] = [];
	for (const [a, b] of pairs) {
		const i = index.get(a);
		const j = index.get(b);
		if (i === undefined || j === undefined || i === j) continue;
		for (const [x, y] of [[i, j], [j, i]] as const) {
			const key = `${x},${y}`;
			if (!seen.has(key)) {
				seen.add(key);
				out.push([x, y]);
			}
		}
	}
	return out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

/** One Ortsteil in the segregation table. */
export interface AreaSegregation {
	area_id: string;
	area_name: string;
	stadtbezirk_id: string | null;
	group: number;
	total: number;
	/** group share pᵢ (0–1) */
	share: number;
	/** location quotient pᵢ / P (city-wide P) */
	location_quotient: number;
	/** ½ |gᵢ/G − rᵢ/R|, this area's part of the city-wide D */
	d_contribution: number;
	/** d_contribution / D (0–1; the parts sum to 1) */
	d_share: number;
	/** false if the group indicator's denominator is below its min_base */
	reliable: boolean;
}

/** Indices of one Stadtbezirk (over its Ortsteile), or why they cannot be computed. */
export interface StadtbezirkSegregation {
	id: string;
	name: string;
	indices: SegregationIndices | null;
	/** German reason when `indices` is null (e.g. only one Ortsteil, group empty) */
	note: string | null;
}

export interface SegregationTable {
	group: CountSource;
	total: CountSource;
	year: number;
	city: SegregationIndices;
	byStadtbezirk: StadtbezirkSegregation[];
	areas: AreaSegregation[];
	excluded: ExcludedArea[];
}

async function stadtbezirkNames(db: Db): Promise<Map<string, string>> {
	const rows = await db.query<{ id: string; name: string }>(
		`SELECT id, name FROM areas WHERE level = 'stadtbezirk' ORDER BY sort`
	);
	return new Map(rows.map((r) => [r.id, r.name]));
}

function tableForYear(
	year: number,
	rows: AreaCounts[],
	pairs: [string, string][],
	bezirke: Map<string, string>
): Omit<SegregationTable, 'group' | 'total' | 'year' | 'excluded'> {
	const ids = rows.map((r) => r.area_id);
	const g = rows.map((r) => r.group);
	const t = rows.map((r) => r.total);
	let city: SegregationIndices;
	try {
		city = segregationIndices(g, t, indexPairs(ids, pairs));
	} catch (e) {
		throw new Error(`Segregation ${year}: ${(e as Error).message}`);
	}
	const lq = locationQuotients(g, t);
	const parts = dissimilarityContributions(g, t);
	const areas: AreaSegregation[] = rows.map((r, i) => ({
		area_id: r.area_id,
		area_name: r.area_name,
		stadtbezirk_id: r.stadtbezirk_id,
		group: r.group,
		total: r.total,
		share: r.group / r.total,
		location_quotient: lq[i],
		d_contribution: parts[i],
		d_share: city.D > 0 ? parts[i] / city.D : 0,
		reliable: r.reliable
	}));
	const byStadtbezirk: StadtbezirkSegregation[] = [];
	// register order; Bezirke missing from `areas` (an import without them) follow
	const ordered = new Set(bezirke.keys());
	for (const r of rows) if (r.stadtbezirk_id) ordered.add(r.stadtbezirk_id);
	for (const id of ordered) {
		const part = rows.filter((r) => r.stadtbezirk_id === id);
		if (part.length === 0) continue;
		const name = bezirke.get(id) ?? id;
		if (part.length < 2) {
			byStadtbezirk.push({ id, name, indices: null, note: 'nur ein Ortsteil mit Werten' });
			continue;
		}
		try {
			const partIds = part.map((r) => r.area_id);
			const indices = segregationIndices(
				part.map((r) => r.group),
				part.map((r) => r.total),
				indexPairs(partIds, pairs)
			);
			byStadtbezirk.push({ id, name, indices, note: null });
		} catch (e) {
			byStadtbezirk.push({ id, name, indices: null, note: (e as Error).message.replace(/^segregation: /, '') });
		}
	}
	return { city, byStadtbezirk, areas };
}

/**
 * The segregation table of one group in one year: all indices city-wide (over
 * Ortsteile), per Stadtbezirk (over its Ortsteile, Morrill's D with the
 * neighbours inside the Bezirk) and per Ortsteil (share, location quotient,
 * part of D). Ortsteile with suppressed counts or no population are listed in
 * `excluded`.
 *
 * @throws Error (German) for an indicator that is not a group share, a group larger than its total, or an empty group
 * @example await segregationTable(db, { group: 'sgb2_quote' }, 2023) // → { city: { D: 0.228…, n_areas: 88, … }, byStadtbezirk: [5 Bezirke], areas: [88 Ortsteile] } (demo data)
 */
export async function segregationTable(db: Db, opts: SegregationOptions, year: number): Promise<SegregationTable> {
	const { group, total, counts, excluded } = await loadGroupCounts(db, { ...opts, years: [year] });
	if (counts.length === 0) throw new Error(`Segregation: keine Werte für „${opts.group}“ im Jahr ${year}.`);
	const [pairs, bezirke] = await Promise.all([neighbourPairs(db), stadtbezirkNames(db)]);
	return { group, total, year, ...tableForYear(year, counts, pairs, bezirke), excluded: excluded.get(year) ?? [] };
}

/** One year of the segregation series. */
export interface SegregationYear {
	year: number;
	city: SegregationIndices;
	byStadtbezirk: StadtbezirkSegregation[];
	excluded: ExcludedArea[];
}

/**
 * Segregation over time: one value per index and year (city-wide and per
 * Stadtbezirk), for every year in which the group indicator has counts (or the
 * given years). Each year uses the Ortsteile with counts in that year.
 *
 * @throws Error (German) as `segregationTable`
 * @example (await segregationSeries(db, { group: 'auslaenderanteil' })).map((y) => [y.year, y.city.D])
 */
export async function segregationSeries(
	db: Db,
	opts: SegregationOptions & { years?: readonly number[] }
): Promise<SegregationYear[]> {
	const { counts, excluded } = await loadGroupCounts(db, opts);
	const [pairs, bezirke] = await Promise.all([neighbourPairs(db), stadtbezirkNames(db)]);
	const byYear = new Map<number, AreaCounts[]>();
	for (const c of counts) {
		const list = byYear.get(c.year) ?? [];
		list.push(c);
		byYear.set(c.year, list);
	}
	return [...byYear.keys()]
		.sort((a, b) => a - b)
		.map((year) => {
			const { city, byStadtbezirk } = tableForYear(year, byYear.get(year)!, pairs, bezirke);
			return { year, city, byStadtbezirk, excluded: excluded.get(year) ?? [] };
		});
}
