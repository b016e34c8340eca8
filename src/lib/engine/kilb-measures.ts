/**
 * The measures the Kilb criteria can refer to (DESIGN.md §4 "Kilb quarter types"),
 * and how each is derived from the dataset — computed here, never hard-coded.
 *
 * A criterion names its measure with an id:
 *
 *   statusindex                     MSS Statusindex Σz / SD(Σz) (index-report.ts); higher = lower status
 *   statusklasse                    its class: hoch, mittel, niedrig, sehr niedrig (category)
 *   ausgrenzungsindex               weighted factor index, re-standardised (index-report.ts)
 *   dynamikindex                    MSS Dynamikindex between Y − k and Y; higher = more negative development
 *   dynamikklasse                   its class: positiv, stabil, negativ (category)
 *   lisa_status                     LISA cluster of the Statusindex: HH, LL, LH, HL or ns (category; spatial.ts)
 *   statusabstand_nachbarn          own Statusindex − mean Statusindex of the queen neighbours
 *   statusabstand_nachbarn_betrag   |statusabstand_nachbarn|
 *   zentrumsdistanz_km              great-circle distance of the centroid to the centre (haversine)
 *   verkehr_gewerbe_anteil          (traffic + commercial/industrial land) / total land × 100
 *   einwohner_je_ha_bebaut          residents / (residential + commercial + traffic land) in ha
 *   indikator:ID                    the catalogue indicator's value in year Y
 *   aenderung:ID                    value(Y) − value(Y − k), in the indicator's unit (points for shares)
 *   standortquotient:ID             location quotient value / city value (city = summed counts)
 *
 * Y is the reference year, k the `dynamik_jahre` of the criteria file (the start year is
 * clamped to the first year with data). Every value obeys the small-base rule of
 * `rates.ts`/`missing.ts`: a rate with a denominator below its minimum base, or in an
 * Ortsteil of fewer than 300 residents, is missing (null) — a harbour area of 31 residents
 * gets no type on the strength of a handful of people. An indicator without a value in Y
 * (turnout: election years only) uses its latest earlier year; the year used is reported.
 *
 * @see Kilb, R. (2006), Über den möglichen Zusammenhang von Baustruktur und Gewalttätigkeiten
 *      Jugendlicher, neue praxis 1/2006 — cited in "Sozialraumorientierung in Bremen – aber wie?" (AfSD/SAFGJS 2010)
 */
import type { Db } from './db.ts';
import { computeDynamic, computeIndex } from './index-report.ts';
import { isPresent, usableValue } from './missing.ts';
import { levelValuesSql, MIN_POPULATION, POPULATION_INDICATOR } from './rates.ts';
import { localMoran, neighbourPairs, spatialSubset } from './spatial.ts';
import type { KilbSettings } from './kilb-criteria.ts';

// ---------------------------------------------------------------------------
// Measure ids and their descriptions
// ---------------------------------------------------------------------------

/** A measure's value for one area: a number, a category, or null when missing. */
export type MeasureValue = number | string | null;

export interface MeasureInfo {
	id: string;
	/** German label for the UI */
	label: string;
	/** unit for display (may be empty) */
	unit: string;
	decimals: number;
	/** `zahl`: criteria use a ramp with two thresholds; `kategorie`: criteria list values */
	kind: 'zahl' | 'kategorie';
	/** allowed categories (kind `kategorie`) */
	categories?: readonly string[];
	/** how it is computed (German, shown under "warum?") */
	description: string;
	/** catalogue indicators it needs */
	requires: readonly string[];
}

const LAND_USE = ['verkehrsflaechenanteil', 'gewerbeflaechenanteil', 'wohnflaechenanteil'] as const;

/** The derived measures, by id (indicator-based ids are built by `measureInfo`). */
export const DERIVED_MEASURES: Readonly<Record<string, Omit<MeasureInfo, 'id'>>> = {
	statusindex: {
		label: 'Statusindex (MSS)',
		unit: 'SD',
		decimals: 2,
		kind: 'zahl',
		description:
			'Summe der z-Werte aller Indikatoren der Ausgrenzungsfaktoren, geteilt durch ihre Standardabweichung (Monitoring Soziale Stadtentwicklung). Höher = niedrigerer sozialer Status; Klassengrenzen −1 / +1 / +1,5.',
		requires: []
	},
	statusklasse: {
		label: 'Statusklasse (MSS)',
		unit: '',
		decimals: 0,
		kind: 'kategorie',
		categories: ['hoch', 'mittel', 'niedrig', 'sehr niedrig'],
		description: 'Klasse des Statusindex: hoch (< −1), mittel (−1 … +1), niedrig (> +1 … +1,5), sehr niedrig (> +1,5).',
		requires: []
	},
	ausgrenzungsindex: {
		label: 'Ausgrenzungsindex',
		unit: 'SD',
		decimals: 2,
		kind: 'zahl',
		description: 'Gewichtetes Mittel der vier Faktorindizes (materiell, kulturell, sozial, symbolisch), neu standardisiert; Standardgewichte.',
		requires: []
	},
	dynamikindex: {
		label: 'Dynamikindex (MSS)',
		unit: 'SD',
		decimals: 2,
		kind: 'zahl',
		description:
			'Statusindex der Veränderungen zwischen Startjahr und Bezugsjahr: z-Werte der Änderungen, summiert, geteilt durch ihre Standardabweichung. Höher = ungünstigere Entwicklung; Klassen positiv (< −1), stabil, negativ (> +1).',
		requires: []
	},
	dynamikklasse: {
		label: 'Dynamikklasse (MSS)',
		unit: '',
		decimals: 0,
		kind: 'kategorie',
		categories: ['positiv', 'stabil', 'negativ'],
		description: 'Klasse des Dynamikindex: positiv (< −1), stabil (−1 … +1), negativ (> +1).',
		requires: []
	},
	lisa_status: {
		label: 'LISA-Cluster des Statusindex',
		unit: '',
		decimals: 0,
		kind: 'kategorie',
		categories: ['HH', 'LL', 'LH', 'HL', 'ns'],
		description:
			'Lokales Moran-I (LISA) des Statusindex mit Queen-Nachbarschaft und bedingter Permutation: HH = niedriger Status umgeben von niedrigem Status, LL = hoher Status umgeben von hohem, HL/LH = Gegensatz zur Umgebung; ns = nicht signifikant.',
		requires: []
	},
	statusabstand_nachbarn: {
		label: 'Statusabstand zu den Nachbarn',
		unit: 'SD',
		decimals: 2,
		kind: 'zahl',
		description:
			'Eigener Statusindex minus Mittel des Statusindex der angrenzenden Ortsteile (Queen-Nachbarschaft, nur Nachbarn mit Wert). Positiv = benachteiligter als die Umgebung.',
		requires: []
	},
	statusabstand_nachbarn_betrag: {
		label: 'Statusabstand zu den Nachbarn (Betrag)',
		unit: 'SD',
		decimals: 2,
		kind: 'zahl',
		description: 'Betrag des Statusabstands zu den Nachbarn: wie stark ein Ortsteil sich von seiner Umgebung abhebt – in beide Richtungen.',
		requires: []
	},
	zentrumsdistanz_km: {
		label: 'Entfernung zum Zentrum',
		unit: 'km',
		decimals: 1,
		kind: 'zahl',
		description:
			'Luftlinie vom flächengewichteten Schwerpunkt des Ortsteils zum Zentrum der Kriteriendatei (Haversine-Formel, mittlerer Erdradius 6.371,0088 km).',
		requires: []
	},
	verkehr_gewerbe_anteil: {
		label: 'Verkehrs- und Gewerbefläche',
		unit: '%',
		decimals: 1,
		kind: 'zahl',
		description: '(Verkehrsfläche + Gewerbe-/Industriefläche) / Gesamtfläche × 100, aus den Flächen in ha.',
		requires: ['verkehrsflaechenanteil', 'gewerbeflaechenanteil']
	},
	einwohner_je_ha_bebaut: {
		label: 'Einwohner je ha bebauter Fläche',
		unit: 'Einw. je ha',
		decimals: 1,
		kind: 'zahl',
		description:
			'Einwohner / (Wohn- + Gewerbe-/Industrie- + Verkehrsfläche in ha): Dichte bezogen auf die genutzte, nicht auf die Gesamtfläche (Wasser, Grün und Landwirtschaft zählen nicht).',
		requires: ['bevoelkerung', ...LAND_USE]
	}
};

/** Prefixes of indicator-based measures. */
export const INDICATOR_MEASURE_KINDS = ['indikator', 'aenderung', 'standortquotient'] as const;
export type IndicatorMeasureKind = (typeof INDICATOR_MEASURE_KINDS)[number];

export type ParsedMeasure = { kind: 'abgeleitet'; id: string } | { kind: IndicatorMeasureKind; indicator: string };

/**
 * Splits a measure id into its kind and, for indicator measures, the indicator id;
 * null for an unknown id (not checked against the catalogue).
 *
 * @example parseMeasureId('aenderung:arbeitslosenziffer') // → { kind: 'aenderung', indicator: 'arbeitslosenziffer' }
 * @example parseMeasureId('zentrumsdistanz_km') // → { kind: 'abgeleitet', id: 'zentrumsdistanz_km' }
 * @example parseMeasureId('quatsch') // → null
 */
export function parseMeasureId(id: string): ParsedMeasure | null {
	if (Object.hasOwn(DERIVED_MEASURES, id)) return { kind: 'abgeleitet', id };
	const colon = id.indexOf(':');
	if (colon <= 0) return null;
	const kind = id.slice(0, colon);
	const indicator = id.slice(colon + 1);
	if (!(INDICATOR_MEASURE_KINDS as readonly string[]).includes(kind) || !/^[A-Za-z0-9_]+$/.test(indicator)) return null;
	return { kind: kind as IndicatorMeasureKind, indicator };
}

/** A catalogue entry as far as the measures need it. */
export interface MeasureCatalogueEntry {
	id: string;
	label?: string | null;
	unit?: string | null;
	decimals?: number | null;
	denominator?: string | null;
}

/**
 * Label, unit and description of a measure; null for an unknown id or an indicator
 * missing from the catalogue.
 *
 * @example measureInfo('indikator:fluktuation', [{ id: 'fluktuation', label: 'Fluktuation', unit: 'je 100 Einw.' }])?.label // → 'Fluktuation'
 */
export function measureInfo(id: string, catalogue: readonly MeasureCatalogueEntry[]): MeasureInfo | null {
	const parsed = parseMeasureId(id);
	if (!parsed) return null;
	if (parsed.kind === 'abgeleitet') return { id, ...DERIVED_MEASURES[parsed.id] };
	const c = catalogue.find((x) => x.id === parsed.indicator);
	if (!c) return null;
	const label = c.label ?? c.id;
	const unit = c.unit ?? '';
	const decimals = c.decimals ?? 1;
	switch (parsed.kind) {
		case 'indikator':
			return { id, label, unit, decimals, kind: 'zahl', description: `Wert des Indikators „${label}“ im Bezugsjahr.`, requires: [c.id] };
		case 'aenderung':
			return {
				id,
				label: `Veränderung ${label}`,
				unit: unit === '%' ? 'Prozentpunkte' : unit,
				decimals,
				kind: 'zahl',
				description: `Wert im Bezugsjahr minus Wert im Startjahr (Bezugsjahr − Dynamikzeitraum) für „${label}“.`,
				requires: [c.id]
			};
		case 'standortquotient':
			return {
				id,
				label: `Standortquotient ${label}`,
				unit: '× Stadt',
				decimals: 2,
				kind: 'zahl',
				description: `Wert des Ortsteils geteilt durch den Wert der Stadt (aus summierten Zählern und Nennern) für „${label}“: 1 = wie die Stadt, 2 = doppelt so hoch.`,
				requires: [c.id]
			};
	}
}

// ---------------------------------------------------------------------------
// Formulas
// ---------------------------------------------------------------------------

/** Mean Earth radius R₁ of the IUGG (Moritz 1980), in km. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * Great-circle distance between two points on a sphere (haversine formula).
 *
 *   h = sin²(Δφ/2) + cos φ₁ · cos φ₂ · sin²(Δλ/2),   d = 2R · asin(√h)
 *
 * φ latitude, λ longitude in radians, R = 6,371.0088 km. On Bremen's scale the
 * sphere's error against the ellipsoid is below 0.5 % — far below the meaning of
 * "central" or "peripheral".
 *
 * @param lon1 longitude of the first point, degrees east (WGS84)
 * @param lat1 latitude of the first point, degrees north
 * @returns distance in km; NaN if a coordinate is not finite
 * @example haversineKm(8.8071, 53.0758, 8.8071, 53.0758) // → 0
 * @example haversineKm(0, 0, 1, 0) // → 111.195 (one degree on the equator)
 * @see Sinnott (1984), Virtues of the Haversine, Sky and Telescope 68(2): 159
 */
export function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
	if (![lon1, lat1, lon2, lat2].every(Number.isFinite)) return NaN;
	const rad = Math.PI / 180;
	const dLat = (lat2 - lat1) * rad;
	const dLon = (lon2 - lon1) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Gap to the neighbours: own value minus the mean of the neighbours that have a
 * value (queen contiguity, pairs symmetrised).
 *
 *   gapᵢ = xᵢ − (1/|Nᵢ*|) Σ_{j ∈ Nᵢ*} xⱼ,   Nᵢ* = neighbours of i with a value
 *
 * NaN when the area has no value or no neighbour with a value.
 *
 * @param ids area ids, same order as `values`
 * @param values one value per area; NaN = missing
 * @param pairs neighbour pairs [area, neighbour]
 * @example neighbourGap(['a', 'b', 'c'], [3, 1, NaN], [['a', 'b'], ['b', 'c']]) // → [2, -2, NaN]
 */
export function neighbourGap(ids: readonly string[], values: ArrayLike<number>, pairs: Iterable<readonly [string, string]>): Float64Array {
	const index = new Map(ids.map((id, i) => [id, i]));
	const sets = ids.map(() => new Set<number>());
	for (const [a, b] of pairs) {
		const i = index.get(a);
		const j = index.get(b);
		if (i === undefined || j === undefined || i === j) continue;
		sets[i].add(j);
		sets[j].add(i);
	}
	const gap = new Float64Array(ids.length).fill(NaN);
	for (let i = 0; i < ids.length; i++) {
		if (!isPresent(values[i])) continue;
		let sum = 0;
		let n = 0;
		for (const j of sets[i]) {
			if (isPresent(values[j])) {
				sum += values[j];
				n++;
			}
		}
		if (n > 0) gap[i] = values[i] - sum / n;
	}
	return gap;
}

// ---------------------------------------------------------------------------
// Loading the measures through the Db
// ---------------------------------------------------------------------------

/** Every measure's values for the Ortsteile of one year. */
export interface KilbMeasures {
	/** reference year Y */
	year: number;
	/** start year of the changes and the Dynamikindex (null when Y is the first year) */
	fromYear: number | null;
	areaIds: string[];
	areaNames: string[];
	/** per measure id one value per area (same order as `areaIds`) */
	values: Record<string, MeasureValue[]>;
	/** per measure id its description */
	info: Record<string, MeasureInfo>;
	/** per indicator measure the year(s) actually used, e.g. turnout of the last election */
	years: Record<string, string>;
	/** notes for the user (German): measures that could not be computed, and why */
	notes: string[];
}

interface ValueRow {
	area_id: string;
	indicator_id: string;
	year: number;
	numerator: number | null;
	denominator: number | null;
	value: number | null;
	status: string;
	reliable: boolean;
}

/** Latest year ≤ `year` in `available` (ascending), or null. */
function yearAtOrBefore(available: readonly number[], year: number): number | null {
	let best: number | null = null;
	for (const y of available) if (y <= year) best = y;
	return best;
}

export interface LoadMeasureOptions {
	/** reference year; null = the latest year of the Statusindex' indicators */
	year: number | null;
	settings: KilbSettings;
	/** measure ids to compute (unknown ids throw) */
	measures: readonly string[];
}

/**
 * Computes the requested measures for every Ortsteil (see module comment).
 * The Statusindex, Dynamikindex and LISA come from the engine's own index and
 * spatial code; the LISA uses the file's permutations, seed and α on the areas
 * sorted by id (same data → same clusters).
 *
 * @throws SettingsError (German) from the index code for unknown years or too few areas
 * @throws Error (German) for an unknown measure id
 */
export async function loadKilbMeasures(db: Db, opts: LoadMeasureOptions): Promise<KilbMeasures> {
	const catalogue = await db.query<MeasureCatalogueEntry>('SELECT * FROM indicators ORDER BY sort, id');
	const info: Record<string, MeasureInfo> = {};
	for (const id of opts.measures) {
		const m = measureInfo(id, catalogue);
		if (!m) throw new Error(`Kilb: unbekannte Messgröße „${id}“.`);
		info[id] = m;
	}
	const index = await computeIndex(db, { year: opts.year, draws: 0, level: 'ortsteil' });
	const year = index.settings.year;
	const areaIds = index.areas.map((a) => a.area_id);
	const areaNames = index.areas.map((a) => a.area_name);
	const n = areaIds.length;
	const position = new Map(areaIds.map((id, i) => [id, i]));
	const notes: string[] = [];
	const years: Record<string, string> = {};

	const allYears = (await db.query<{ year: number }>('SELECT DISTINCT year FROM vals ORDER BY year')).map((r) => Number(r.year));
	const earlier = allYears.filter((y) => y < year);
	const fromYear = earlier.length ? Math.max(earlier[0], year - opts.settings.dynamik_jahre) : null;

	const status = Float64Array.from(index.areas, (a) => a.status_index ?? NaN);
	const values: Record<string, MeasureValue[]> = {};
	const want = new Set(opts.measures);
	const fill = (id: string, f: (i: number) => MeasureValue) => {
		if (want.has(id)) values[id] = Array.from({ length: n }, (_, i) => f(i));
	};
	const num = (x: number): number | null => (isPresent(x) ? x : null);

	fill('statusindex', (i) => num(status[i]));
	fill('statusklasse', (i) => index.areas[i].status_class);
	fill('ausgrenzungsindex', (i) => index.areas[i].index);

	if (want.has('dynamikindex') || want.has('dynamikklasse')) {
		if (fromYear === null) {
			notes.push(`Dynamikindex: vor ${year} gibt es kein Jahr mit Daten; die Kriterien dazu fehlen.`);
			fill('dynamikindex', () => null);
			fill('dynamikklasse', () => null);
		} else {
			const dyn = await computeDynamic(db, { from: fromYear, to: year, level: 'ortsteil' });
			const byId = new Map(dyn.areas.map((a) => [a.area_id, a]));
			fill('dynamikindex', (i) => byId.get(areaIds[i])?.dynamic_index ?? null);
			fill('dynamikklasse', (i) => byId.get(areaIds[i])?.dynamic_class ?? null);
		}
	}

	const needsPairs = ['lisa_status', 'statusabstand_nachbarn', 'statusabstand_nachbarn_betrag'].some((m) => want.has(m));
	const pairs = needsPairs ? await neighbourPairs(db) : [];
	if (needsPairs && pairs.length === 0) notes.push('Keine Nachbarschaftstabelle: LISA und Statusabstand zu den Nachbarn fehlen.');
	if (want.has('lisa_status')) {
		const lisa = new Array<MeasureValue>(n).fill(null);
		// analysis order by id, as loadSpatialData, so the permutation stream does not depend on register order
		const order = [...areaIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		const subset = spatialSubset(order.map((id) => ({ id, value: num(status[position.get(id)!]) })), pairs);
		try {
			const result = localMoran(subset.values, subset.weights, {
				permutations: opts.settings.lisa.permutationen,
				seed: opts.settings.lisa.seed,
				alpha: opts.settings.lisa.alpha
			});
			subset.ids.forEach((id, k) => (lisa[position.get(id)!] = result.cluster[k]));
		} catch (e) {
			notes.push(`LISA des Statusindex nicht berechenbar: ${(e as Error).message}`);
		}
		values.lisa_status = lisa;
	}
	if (want.has('statusabstand_nachbarn') || want.has('statusabstand_nachbarn_betrag')) {
		const gap = neighbourGap(areaIds, status, pairs);
		fill('statusabstand_nachbarn', (i) => num(gap[i]));
		fill('statusabstand_nachbarn_betrag', (i) => num(Math.abs(gap[i])));
	}

	if (want.has('zentrumsdistanz_km')) {
		const cols = await db.query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'areas'`);
		const hasCentroid = cols.some((c) => c.name === 'cx') && cols.some((c) => c.name === 'cy');
		const centroids = hasCentroid
			? await db.query<{ id: string; cx: number | null; cy: number | null }>(`SELECT id, cx, cy FROM areas WHERE level = 'ortsteil'`)
			: [];
		if (!hasCentroid) notes.push('Keine Schwerpunkte in den Gebietsdaten: die Entfernung zum Zentrum fehlt.');
		const byId = new Map(centroids.map((c) => [c.id, c]));
		const { laenge, breite } = opts.settings.zentrum;
		fill('zentrumsdistanz_km', (i) => {
			const c = byId.get(areaIds[i]);
			return c && c.cx !== null && c.cy !== null ? num(haversineKm(c.cx, c.cy, laenge, breite)) : null;
		});
	}

	// Indicator-based measures and land use: one query over the needed indicators and years.
	const indicatorIds = new Set<string>();
	for (const id of want) for (const r of info[id].requires) indicatorIds.add(r);
	if (indicatorIds.size > 0) {
		const ids = [...indicatorIds];
		const rows = await db.query<ValueRow>(levelValuesSql('ortsteil', { indicatorIds: ids }));
		const available = new Map<string, number[]>();
		for (const id of ids) {
			available.set(id, [...new Set(rows.filter((r) => r.indicator_id === id && r.numerator !== null).map((r) => Number(r.year)))].sort((a, b) => a - b));
		}
		const key = (indicator: string, y: number, area: string) => `${indicator}|${y}|${area}`;
		const byKey = new Map(rows.map((r) => [key(r.indicator_id, Number(r.year), r.area_id), r]));
		const row = (indicator: string, y: number | null, area: string) => (y === null ? undefined : byKey.get(key(indicator, y, area)));
		const usable = (r: ValueRow | undefined): number | null => (r ? num(usableValue(r, false)) : null);
		const yearOf = (indicator: string, y: number | null) => (y === null ? null : yearAtOrBefore(available.get(indicator) ?? [], y));

		for (const id of want) {
			const parsed = parseMeasureId(id)!;
			if (parsed.kind === 'abgeleitet') continue;
			const ind = parsed.indicator;
			const y1 = yearOf(ind, year);
			if (y1 === null) {
				notes.push(`„${info[id].label}“: keine Werte bis ${year}.`);
				values[id] = new Array(n).fill(null);
				continue;
			}
			if (parsed.kind === 'indikator') {
				years[id] = String(y1);
				values[id] = areaIds.map((a) => usable(row(ind, y1, a)));
			} else if (parsed.kind === 'aenderung') {
				const y0 = yearOf(ind, fromYear);
				if (y0 === null || y0 >= y1) {
					notes.push(`„${info[id].label}“: kein früheres Jahr mit Werten.`);
					values[id] = new Array(n).fill(null);
					continue;
				}
				years[id] = `${y0}–${y1}`;
				values[id] = areaIds.map((a) => {
					const v1 = usable(row(ind, y1, a));
					const v0 = usable(row(ind, y0, a));
					return v1 !== null && v0 !== null ? v1 - v0 : null;
				});
			} else {
				const city = await db.query<ValueRow>(levelValuesSql('stadt', { indicatorIds: [ind], years: [y1] }));
				const cityValue = city[0] && city[0].status === 'ok' && isPresent(city[0].value) && city[0].value !== 0 ? city[0].value : null;
				if (cityValue === null) notes.push(`„${info[id].label}“: kein Stadtwert ${y1}.`);
				years[id] = String(y1);
				values[id] = areaIds.map((a) => {
					const v = usable(row(ind, y1, a));
					return v !== null && cityValue !== null ? v / cityValue : null;
				});
			}
		}

		// land use from the areas in ha (numerators), only where the shares themselves are usable
		const hectares = (indicator: string, area: string): number | null => {
			const r = row(indicator, yearOf(indicator, year), area);
			return r && usable(r) !== null && isPresent(r.numerator) ? r.numerator : null;
		};
		const total = (area: string): number | null => {
			const r = row('verkehrsflaechenanteil', yearOf('verkehrsflaechenanteil', year), area);
			return r && isPresent(r.denominator) && r.denominator > 0 ? r.denominator : null;
		};
		fill('verkehr_gewerbe_anteil', (i) => {
			const a = areaIds[i];
			const traffic = hectares('verkehrsflaechenanteil', a);
			const commercial = hectares('gewerbeflaechenanteil', a);
			const all = total(a);
			return traffic !== null && commercial !== null && all !== null ? ((traffic + commercial) / all) * 100 : null;
		});
		fill('einwohner_je_ha_bebaut', (i) => {
			const a = areaIds[i];
			const pop = row(POPULATION_INDICATOR, yearOf(POPULATION_INDICATOR, year), a);
			const residents = pop && pop.status === 'ok' && isPresent(pop.numerator) ? pop.numerator : null;
			if (residents === null || residents < MIN_POPULATION) return null;
			const built = LAND_USE.map((l) => hectares(l, a));
			if (built.some((h) => h === null)) return null;
			const sum = (built as number[]).reduce((s, h) => s + h, 0);
			return sum > 0 ? residents / sum : null;
		});
		for (const id of ['verkehr_gewerbe_anteil', 'einwohner_je_ha_bebaut']) {
			if (want.has(id)) years[id] = String(yearOf('verkehrsflaechenanteil', year) ?? year);
		}
	}

	for (const id of want) if (!values[id]) values[id] = new Array(n).fill(null);
	return { year, fromYear, areaIds, areaNames, values, info, years, notes };
}

/** The value of one measure for one area (null when unknown). */
export function measureValue(measures: KilbMeasures, id: string, areaId: string): MeasureValue {
	const i = measures.areaIds.indexOf(areaId);
	return i < 0 ? null : (measures.values[id]?.[i] ?? null);
}
