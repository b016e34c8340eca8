/**
 * # Demodaten: synthetic Ortsteil base counts
 *
 * No official Ortsteil-level SGB II, unemployment, school, turnout … figures are available
 * offline, so the app ships DEMO DATA ("Demodaten"): synthetic, deterministic base counts
 * for all 88 Ortsteile and the years 2015–2023, one `BaseRow` per Ortsteil and year with
 * every base count of `data/indicators.json`. They exist to exercise the analytics
 * (rates, indices, clusters, segregation, Kilb types, allocation) on data with a realistic
 * shape. They are NOT statistics of Bremen and must be labelled "Demodaten" wherever shown.
 *
 * ## What is synthetic
 * Everything at Ortsteil level: populations and their split, age structure, all social
 * counts, trends, land use. No Ortsteil figure from any source is used (the official
 * Vegesack/Blumenthal tables in `data/facts/ortsteile_amtlich.csv` are deliberately not
 * read). The qualitative area types in `params.ts` (ports, rural land, city centre, one
 * conversion area) are hand-assigned characterisations, not numbers.
 *
 * ## What is anchored to real facts (`data/facts/stadtteile.csv`, secondary source)
 * - Population: in 2016 each Stadtteil's real population (31.12.2016) is split among its
 *   Ortsteile by synthetic weights (area^0.6 × random density factor × type weight), so
 *   the 2016 Stadtteil sums equal the facts exactly. Exception: Häfen, whose fact includes
 *   the Überseehafengebiet Bremerhaven (not among the 88 Ortsteile); its three port
 *   Ortsteile get a handful of residents each.
 * - Deprivation pattern: the Ortsteil latent deprivation is the standardised logit of the
 *   real Stadtteil Arbeitslosenquote (31.12.2016; definition unknown, only its ranking and
 *   spread are used) plus spatially smoothed noise centred within the Stadtteil. No demo
 *   rate reproduces the quota itself; the demo "Arbeitslosenziffer" is a different measure.
 * - Foreigner share: the population-weighted share of each Stadtteil in 2016 is calibrated
 *   to the real Ausländeranteil (31.12.2016); the split among Ortsteile is synthetic.
 * - City-wide levels (SGB-II-Quote ≈ 17.5 %, Arbeitslosenziffer ≈ 8.5 %, turnout …) are
 *   synthetic calibration levels in `params.ts`, chosen for realistic magnitudes only.
 *
 * ## Structure
 * Four factor scores (materiell, kulturell, sozial, symbolisch) = shared deprivation +
 * factor-specific smoothed noise → indicators of one factor correlate; neighbours are
 * similar (positive Moran's I). A smooth per-Ortsteil trend (some improve, some worsen,
 * slightly polarising) plus a synthetic city-wide cycle drives 2015–2023; counts are drawn
 * binomially/Poisson each year, so small areas scatter like real small-area data. Ports
 * (< 60 residents) and rural Ortsteile (a few hundred to ~1,000) produce the small bases
 * the app must flag.
 *
 * ## Determinism
 * Seed `DEMO_SEED` ("sozialraum-monitor-demo-v1") unless given. Every random draw comes
 * from a stream forked by purpose and Ortsteil id (`scripts/lib/random.ts`), so the same
 * inputs and seed give identical output, independent of row order in the inputs.
 * Runtime: a few tens of milliseconds.
 */
import type { BaseRow, Catalogue, Register } from '../../../src/lib/data/contract.ts';
import { createRandom, type Random } from '../random.ts';
import type { StadtteilFact } from '../facts.ts';
import { DEMO_SEED, DEMO_YEARS, ELECTION_YEARS, gebietstyp } from './params.ts';
import { adjacency, smoothField } from './spatial.ts';
import { populationIn, populationPlan, splitPopulation } from './population.ts';
import { latentScores, type StadtteilAnchor } from './latent.ts';
import { landUse } from './landuse.ts';
import {
	NOISE_KEYS,
	calibrateIntercepts,
	ratesFor,
	visitorOffences,
	type AreaProfile,
	type Intercepts
} from './model.ts';
import { binomial, poisson } from './sampling.ts';

export { DEMO_SEED, DEMO_YEARS, ELECTION_YEARS } from './params.ts';

export interface DemoInput {
	register: Register;
	catalogue: Catalogue;
	/** queen-contiguity pairs (either or both directions), e.g. from `data/areas/nachbarn.csv` */
	neighbours: [string, string][];
	/** Ortsteil area in km², e.g. from `data/areas/flaechen.csv` */
	areaKm2: Map<string, number>;
	/** rows of `data/facts/stadtteile.csv` (`readFacts().stadtteile`) */
	stadtteilFacts: StadtteilFact[];
	seed?: string;
	years?: number[];
}

const ELECTION_BASES = new Set(['wahlberechtigte', 'waehler']);

/** Synthetic base counts for every Ortsteil × year (Ortsteile in register order, years ascending). */
export function generateDemoBases(input: DemoInput): BaseRow[] {
	const { register, catalogue } = input;
	const years = [...(input.years ?? DEMO_YEARS)].sort((a, b) => a - b);
	const rng = createRandom(input.seed ?? DEMO_SEED);
	const electionYears = ELECTION_YEARS.filter((y) => years.includes(y));

	// all computations run on id-sorted areas, so float sums (and thus every count) do not
	// depend on the row order of the inputs; output follows the register order
	const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	const sorted: Register = {
		...register,
		ortsteile: [...register.ortsteile].sort(byId),
		stadtteile: [...register.stadtteile].sort(byId)
	};
	const profiles = buildProfiles({ ...input, register: sorted }, rng);
	const intercepts = calibrateIntercepts(profiles, electionYears);
	const profileOf = new Map(profiles.map((p) => [p.id, p]));

	const rows: BaseRow[] = [];
	for (const { id } of register.ortsteile) {
		const p = profileOf.get(id)!;
		for (const year of years) {
			const all = sampleYear(p, year, intercepts, rng.fork(`stichprobe|${p.id}|${year}`));
			rows.push({ area_id: p.id, year, counts: pickBases(catalogue, all, ELECTION_YEARS.includes(year)) });
		}
	}
	return rows;
}

/** Keeps the catalogue's bases in catalogue order; a base the generator does not know is an error. */
function pickBases(catalogue: Catalogue, all: Record<string, number>, electionYear: boolean): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const key of Object.keys(catalogue.bases)) {
		if (ELECTION_BASES.has(key) && !electionYear) continue;
		if (!(key in all)) throw new Error(`Demodaten: Basiszahl „${key}“ des Katalogs wird nicht erzeugt`);
		counts[key] = all[key];
	}
	return counts;
}

function stadtteilAnchors(input: DemoInput): Map<string, StadtteilAnchor> {
	const anchors = new Map<string, StadtteilAnchor>();
	for (const st of input.register.stadtteile) {
		const get = (merkmal: StadtteilFact['merkmal']) => {
			const fact = input.stadtteilFacts.find((f) => f.stadtteil_id === st.id && f.merkmal === merkmal);
			if (!fact) throw new Error(`Demodaten: Fakt ${merkmal} für ${st.id} fehlt (data/facts/stadtteile.csv)`);
			return fact.wert;
		};
		anchors.set(st.id, {
			einwohner: get('einwohner'),
			auslaender: get('auslaenderanteil_pct') / 100,
			arbeitslosenquote: get('arbeitslosenquote_pct') / 100
		});
	}
	return anchors;
}

/** Static per-Ortsteil properties: population plan, latent scores, noise terms, land use. */
function buildProfiles(input: DemoInput, rng: Random): AreaProfile[] {
	const { register, areaKm2 } = input;
	const ids = register.ortsteile.map((o) => o.id);
	for (const id of ids) {
		const a = areaKm2.get(id);
		if (!(a !== undefined && a > 0)) throw new Error(`Demodaten: Fläche für ${id} fehlt oder ist nicht positiv`);
	}
	const adj = adjacency(ids, input.neighbours);
	const anchors = stadtteilAnchors(input);

	const pop = new Map<string, number>();
	for (const st of register.stadtteile) {
		const members = register.ortsteile.filter((o) => o.stadtteil_id === st.id);
		if (members.length === 0) continue;
		const split = splitPopulation(members, anchors.get(st.id)!.einwohner, areaKm2, gebietstyp, rng.fork('bevoelkerung'));
		for (const [id, n] of split) pop.set(id, n);
	}
	const growth = smoothField(rng.fork('wachstum'), ids, adj);
	const latent = latentScores(register, adj, anchors, pop, rng.fork('latent'));

	return ids.map((id) => {
		const typ = gebietstyp(id);
		const area = areaKm2.get(id)!;
		const density = pop.get(id)! / area;
		const r = rng.fork(`profil|${id}`);
		return {
			id,
			typ,
			areaKm2: area,
			plan: populationPlan(id, typ, pop.get(id)!, growth.get(id)!, rng.fork('plan')),
			latent: latent.get(id)!,
			density,
			ageNoise: [r.normal(), r.normal(), r.normal()],
			noise: Object.fromEntries(NOISE_KEYS.map((k) => [k, r.fork(k).normal()])) as AreaProfile['noise'],
			visitorOffences: visitorOffences(typ, r.fork('besucher')),
			landUse: landUse(typ, density, round(area, 4) * 100, r.fork('flaechennutzung'))
		};
	});
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Draws one year's counts. Nested draws (each group from its parent group) make every
 * consistency rule hold by construction, e.g. sgb2_u15 ≤ bev_u15, langzeit ≤ arbeitslose.
 */
function sampleYear(p: AreaProfile, year: number, a: Intercepts, rng: Random): Record<string, number> {
	const r = ratesFor(p, year, a);
	const d = (key: string) => rng.fork(key);

	const bev = populationIn(p.plan, year, d('bev'));
	const u6 = binomial(d('bev_u6'), bev, r.ages.u6);
	const a6_18 = binomial(d('bev_6_18'), bev - u6, r.ages.a6_18 / (1 - r.ages.u6));
	const a65 = binomial(d('bev_65plus'), bev - u6 - a6_18, r.ages.a65plus / (1 - r.ages.u6 - r.ages.a6_18));
	const u15 = u6 + binomial(d('bev_u15'), a6_18, 0.75); // 6–14 = 9 of the 12 cohorts 6–17
	const a15_65 = bev - u15 - a65;

	const sgb2U15 = binomial(d('sgb2_u15'), u15, r.sgb2Kinder);
	const sgb2 = sgb2U15 + binomial(d('sgb2_personen'), a15_65, r.sgb2Erwachsene);
	const arbeitslose = binomial(d('arbeitslose'), a15_65, r.arbeitslose);
	const schulabgaenger = binomial(d('schulabgaenger'), a6_18, 0.078); // ≈ one age cohort
	const sprachstand = binomial(d('kinder_sprachstand'), u6, 0.165); // ≈ one cohort of the under-6s
	const auslaender = binomial(d('auslaender'), bev, r.auslaender);
	const haushalteKinder = binomial(d('haushalte_kinder'), u6 + a6_18, 0.57); // ≈ 1.75 children per household

	const flaecheKm2 = round(p.areaKm2, 4);
	const counts: Record<string, number> = {
		bev,
		bev_u6: u6,
		bev_6_18: a6_18,
		bev_18_65: bev - u6 - a6_18 - a65,
		bev_65plus: a65,
		bev_u15: u15,
		bev_15_65: a15_65,
		bev_u65: bev - a65,
		sgb2_personen: sgb2,
		sgb2_u15: sgb2U15,
		arbeitslose,
		langzeitarbeitslose: binomial(d('langzeitarbeitslose'), arbeitslose, r.langzeit),
		schulabgaenger,
		schulabgaenger_ohne_hsr: binomial(d('schulabgaenger_ohne_hsr'), schulabgaenger, r.ohneHsr),
		kinder_sprachstand: sprachstand,
		kinder_sprachfoerderung: binomial(d('kinder_sprachfoerderung'), sprachstand, r.sprachfoerderung),
		auslaender,
		migration: auslaender + binomial(d('migration'), bev - auslaender, r.migrationDeutsche),
		haushalte_kinder: haushalteKinder,
		alleinerziehende: binomial(d('alleinerziehende'), haushalteKinder, r.alleinerziehende),
		wanderungen: binomial(d('wanderungen'), bev, r.fluktuation),
		straftaten: poisson(d('straftaten'), bev * r.straftatenJeEinwohner + p.visitorOffences),
		flaeche_km2: flaecheKm2,
		flaeche_ha: round(flaecheKm2 * 100, 2),
		...p.landUse
	};
	if (!Number.isNaN(r.wahl)) {
		// Bürgerschaftswahl: Germans (and, simplified, nobody else) from 16; pool = 15+
		const wahlberechtigte = binomial(d('wahlberechtigte'), bev - u15, (1 - r.auslaender) * 0.985);
		counts.wahlberechtigte = wahlberechtigte;
		counts.waehler = binomial(d('waehler'), wahlberechtigte, r.wahl);
	}
	return counts;
}
