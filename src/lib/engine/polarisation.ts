/**
 * Polarisation of the city over time (DESIGN.md §4): do the most burdened
 * Ortsteile drift away from the least burdened ones?
 *
 * Per year, over the Ortsteile with a usable value (small bases excluded, or
 * EB-smoothed — see `usableValues` in spatial.ts):
 *
 *   k          = max(1, round(n · 0.2))       size of a fifth (n = 88 → 18)
 *   most       = the k most burdened areas    (highest values; lowest when polarity = −1)
 *   least      = the k least burdened areas
 *   r(most)    = Σ numerators / Σ denominators of `most` (the fifth's own rate;
 *                = denominator-weighted mean of its rates), likewise r(least)
 *   ratio      = r(most) / r(least)
 *   gap        = r(most) − r(least)           (in the indicator's unit, e.g. percentage points)
 *   CV         = s / x̄ over all n area values (unweighted, s with n)
 *
 * The fifths are pooled like every aggregate in the app (sum the counts, then
 * divide; rates.ts) so that a quarter of 8 residents does not weigh like one of
 * 30,000; `weighting: 'none'` gives plain means of the area rates instead. For
 * a plain count indicator (no denominator) the means are unweighted. Ties at
 * the border of a fifth are broken by area id, so the lists are reproducible.
 * Polarity −1 (e.g. turnout: low = burdened) makes the fifth with the *lowest*
 * values the most burdened, so ratio < 1 and gap < 0 there; polarity 0 counts
 * high values as "most".
 *
 * @see OECD (2011), Divided We Stand: Why Inequality Keeps Rising (S80/S20 quintile share ratio)
 * @see Senatorin für Soziales Bremen / Monitoring Soziale Stadtentwicklung Berlin: Polarisierung zwischen Gebieten
 */
import { literal, type Db } from './db.ts';
import { usableValues, type UnreliableMode } from './spatial.ts';

/** One area's value, and its weight (the denominator) for pooled means. */
export interface PolarisationArea {
	id: string;
	value: number;
	/** denominator (population) of the value; omit or null for unweighted means */
	weight?: number | null;
}

export type PolarisationWeighting = 'population' | 'none';

export interface PolarisationOptions {
	/** share of areas in each extreme group; default 0.2 (fifths) */
	fraction?: number;
	/** +1: high = burdened (default), −1: low = burdened, 0: treated as +1 */
	polarity?: number;
	/** 'population' (default): pooled rate of each group; 'none': plain mean of the rates */
	weighting?: PolarisationWeighting;
}

export interface Polarisation {
	/** number of areas with a usable value */
	n: number;
	/** areas per extreme group */
	k: number;
	/** ids of the most burdened group, most burdened first */
	most: string[];
	/** ids of the least burdened group, least burdened first */
	least: string[];
	most_mean: number;
	least_mean: number;
	/** most_mean / least_mean; null when least_mean is 0 */
	ratio: number | null;
	/** most_mean − least_mean */
	gap: number;
	/** unweighted mean and SD (with n) of all area values */
	mean: number;
	sd: number;
	/** coefficient of variation sd / mean; null when the mean is 0 */
	cv: number | null;
	/** how the group means were formed (falls back to 'none' when weights are missing) */
	weighting: PolarisationWeighting;
}

function groupMean(group: readonly PolarisationArea[], weighted: boolean): number {
	let s = 0;
	let w = 0;
	for (const a of group) {
		const weight = weighted ? (a.weight as number) : 1;
		s += weight * a.value;
		w += weight;
	}
	return s / w;
}

/**
 * Ratio, gap and coefficient of variation between the most and least burdened
 * fifths of areas (see the module comment for the formulas).
 *
 * @param areas usable values only (no NaN)
 * @throws RangeError for fewer than 2 areas, a non-finite value or a fraction outside (0, 0.5]
 * @example
 * polarisation([{ id: 'a', value: 10, weight: 100 }, { id: 'b', value: 20, weight: 300 },
 *               { id: 'c', value: 30, weight: 100 }, { id: 'd', value: 40, weight: 100 },
 *               { id: 'e', value: 50, weight: 100 }], { fraction: 0.4 })
 * // k = 2; most = e, d: (50·100 + 40·100)/200 = 45; least = a, b: (10·100 + 20·300)/400 = 17.5
 * // → ratio 45/17.5 = 2.571…, gap 27.5, CV = √200/30 = 0.4714…
 */
export function polarisation(areas: readonly PolarisationArea[], opts: PolarisationOptions = {}): Polarisation {
	const fraction = opts.fraction ?? 0.2;
	const direction = (opts.polarity ?? 1) < 0 ? -1 : 1;
	const n = areas.length;
	if (n < 2) throw new RangeError('polarisation: mindestens 2 Gebiete mit Wert nötig');
	if (!(fraction > 0 && fraction <= 0.5)) throw new RangeError(`polarisation: Anteil ${fraction} nicht in (0, 0,5]`);
	for (const a of areas) {
		if (!Number.isFinite(a.value)) throw new RangeError(`polarisation: kein gültiger Wert für ${a.id}`);
	}
	const k = Math.min(Math.floor(n / 2), Math.max(1, Math.round(n * fraction)));
	const byBurden = [...areas].sort(
		(a, b) => direction * (b.value - a.value) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
	const most = byBurden.slice(0, k);
	const least = byBurden.slice(n - k).reverse();
	const weighted =
		(opts.weighting ?? 'population') === 'population' &&
		areas.every((a) => a.weight !== undefined && a.weight !== null && Number.isFinite(a.weight) && a.weight > 0);
	const mostMean = groupMean(most, weighted);
	const leastMean = groupMean(least, weighted);
	let mean = 0;
	for (const a of areas) mean += a.value;
	mean /= n;
	let squares = 0;
	for (const a of areas) squares += (a.value - mean) ** 2;
	const sd = Math.sqrt(squares / n);
	return {
		n,
		k,
		most: most.map((a) => a.id),
		least: least.map((a) => a.id),
		most_mean: mostMean,
		least_mean: leastMean,
		ratio: leastMean === 0 ? null : mostMean / leastMean,
		gap: mostMean - leastMean,
		mean,
		sd,
		cv: mean === 0 ? null : sd / mean,
		weighting: weighted ? 'population' : 'none'
	};
}

/** An area in a polarisation group, for listing. */
export interface PolarisationAreaRow {
	area_id: string;
	area_name: string;
	value: number;
	denominator: number | null;
}

/** One year of the polarisation series, with the areas behind it. */
export interface PolarisationYear extends Omit<Polarisation, 'most' | 'least'> {
	year: number;
	most: PolarisationAreaRow[];
	least: PolarisationAreaRow[];
	/** Ortsteile without a usable value that year, with the reason */
	excluded: { area_id: string; area_name: string; reason: string }[];
}

export interface PolarisationSeriesOptions extends Omit<PolarisationOptions, 'polarity'> {
	indicator: string;
	/** years to include; default: every year with values */
	years?: readonly number[];
	/** small bases: 'exclude' (default) or 'eb' (empirical-Bayes smoothed) */
	unreliable?: UnreliableMode;
	/** polarity override; default: the catalogue's polarity of the indicator */
	polarity?: number;
	dataset?: string;
}

/**
 * Polarisation of one indicator over the years: per year the ratio and gap of
 * the most to the least burdened fifth of Ortsteile, the CV, and which
 * Ortsteile form the fifths.
 *
 * @throws Error (German) for an unknown indicator or no values
 * @example (await polarisationSeries(db, { indicator: 'sgb2_quote' })).map((y) => [y.year, y.ratio, y.cv])
 */
export async function polarisationSeries(db: Db, opts: PolarisationSeriesOptions): Promise<PolarisationYear[]> {
	const meta = await db.query<{ polarity?: number | null }>(`SELECT * FROM indicators WHERE id = ${literal(opts.indicator)}`);
	if (meta.length === 0) throw new Error(`Polarisierung: unbekannter Indikator „${opts.indicator}“.`);
	const polarity = opts.polarity ?? Number(meta[0].polarity ?? 1);
	const rows = await usableValues(db, opts);
	if (rows.length === 0) throw new Error(`Polarisierung: keine Werte für „${opts.indicator}“.`);
	const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
	const out: PolarisationYear[] = [];
	for (const year of years) {
		const part = rows.filter((r) => r.year === year);
		const usable = part.filter((r) => r.reason === null);
		const byId = new Map(usable.map((r) => [r.area_id, r]));
		const excluded = part.filter((r) => r.reason !== null).map((r) => ({ area_id: r.area_id, area_name: r.area_name, reason: r.reason as string }));
		if (usable.length < 2) continue;
		const result = polarisation(
			usable.map((r) => ({ id: r.area_id, value: r.used, weight: r.denominator })),
			{ fraction: opts.fraction, polarity, weighting: opts.weighting }
		);
		const list = (ids: string[]) =>
			ids.map((id) => {
				const r = byId.get(id)!;
				return { area_id: id, area_name: r.area_name, value: r.used, denominator: r.denominator };
			});
		out.push({ ...result, year, most: list(result.most), least: list(result.least), excluded });
	}
	return out;
}
