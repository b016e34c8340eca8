/**
 * The demo rate model: for each Ortsteil and year, the probabilities from which the
 * counts are drawn. Each rate is logistic(α + linear predictor); the predictor carries the
 * pattern (latent factor scores, trend, density, type, indicator-specific noise), the
 * intercept α is calibrated once so that the city-wide level in the anchor year equals the
 * synthetic level in `params.ts`.
 */
import type { Random } from '../random.ts';
import type { Latent } from './latent.ts';
import { ageShares, type AgeShares, type PopulationPlan } from './population.ts';
import type { LandUse } from './landuse.ts';
import { ANCHOR_YEAR, CITY_LEVEL, TURNOUT_LEVEL, YEAR_EFFECT, type Gebietstyp } from './params.ts';
import { calibrate, clamp, logistic, weightedLogisticMean } from './sampling.ts';

/** indicator-specific noise terms, one static draw per Ortsteil */
export const NOISE_KEYS = [
	'sgb2',
	'arbeitslose',
	'langzeit',
	'ohneHsr',
	'sprachfoerderung',
	'alleinerziehende',
	'fluktuation',
	'wahl',
	'migration',
	'straftaten'
] as const;
export type NoiseKey = (typeof NOISE_KEYS)[number];

export interface AreaProfile {
	id: string;
	typ: Gebietstyp;
	areaKm2: number;
	plan: PopulationPlan;
	latent: Latent;
	/** persons per km² in the anchor year */
	density: number;
	ageNoise: [number, number, number];
	noise: Record<NoiseKey, number>;
	/** offences per year committed by non-residents (visitors, commuters) */
	visitorOffences: number;
	landUse: LandUse;
}

/** change of every latent factor per year per unit of trend (SD units) */
const TREND_PER_YEAR = 0.03;
/** children's SGB-II risk above adults' on the logit scale */
const KIDS_OFFSET = 0.7;
const FLUKTUATION_TYPE: Record<Gebietstyp, number> = {
	wohnen: 0,
	zentrum: 0.4,
	neubaugebiet: 0.5,
	hafen: 0.3,
	laendlich: 0
};

/** log density relative to 3,000 persons/km², clipped so empty land does not dominate */
const logDensity = (p: AreaProfile) => clamp(Math.log(Math.max(p.density, 1) / 3000), -1.5, 1.5);

/** Linear predictors (without intercepts) of one Ortsteil in one year. */
export function predictors(p: AreaProfile, year: number) {
	const t = year - ANCHOR_YEAR;
	const shift = TREND_PER_YEAR * p.latent.trend * t;
	const f = p.latent.factor;
	const mat = f.materiell + shift;
	const kult = f.kulturell + shift;
	const soz = f.sozial + shift;
	const symb = f.symbolisch + shift;
	const n = p.noise;
	return {
		sgb2: 0.52 * mat + 0.15 * n.sgb2 + (YEAR_EFFECT.sgb2[year] ?? 0),
		arbeitslose: 0.42 * mat + 0.12 * n.arbeitslose + (YEAR_EFFECT.arbeitslose[year] ?? 0),
		langzeit: 0.1 * mat + 0.08 * n.langzeit,
		ohneHsr: 0.4 * kult + 0.15 * n.ohneHsr,
		sprachfoerderung: 0.45 * kult + 0.15 * n.sprachfoerderung,
		alleinerziehende: 0.25 * soz + 0.12 * n.alleinerziehende,
		fluktuation: 0.25 * symb + 0.25 * logDensity(p) + FLUKTUATION_TYPE[p.typ] + 0.15 * n.fluktuation,
		wahl: -0.38 * symb + 0.1 * n.wahl,
		/** logit of the foreigner share: calibrated anchor + slow city-wide rise */
		auslaender: p.latent.auslaenderLogit + 0.045 * t + 0.01 * p.latent.trend * t,
		/** logit of the migration-background share among Germans */
		migration: 0.25 * p.latent.dep + 0.35 * p.latent.auslaenderZ + 0.2 * n.migration + 0.03 * t,
		/** log of offences per resident */
		straftaten: 0.3 * symb + 0.15 * logDensity(p) + 0.15 * n.straftaten
	};
}

export interface Intercepts {
	sgb2: number;
	arbeitslose: number;
	langzeit: number;
	ohneHsr: number;
	sprachfoerderung: number;
	alleinerziehende: number;
	fluktuation: number;
	migration: number;
	/** log-scale intercept of offences per resident */
	straftaten: number;
	/** per election year */
	wahl: Record<number, number>;
}

/** Expected age groups in `year` (for calibration weights). */
function expectedGroups(p: AreaProfile, year: number) {
	const s = ageShares(p.typ, p.latent.dep, p.ageNoise, year);
	const pop = p.plan.pop;
	const u6 = pop * s.u6;
	const a6_18 = pop * s.a6_18;
	const a65 = pop * s.a65plus;
	const u15 = u6 + 0.75 * a6_18;
	return { pop, u6, a6_18, u15, a15_65: pop - u15 - a65 };
}

/** Calibrates all intercepts to the city levels in `params.ts` (anchor-year populations). */
export function calibrateIntercepts(profiles: readonly AreaProfile[], electionYears: readonly number[]): Intercepts {
	const g = profiles.map((p) => expectedGroups(p, ANCHOR_YEAR));
	const x = profiles.map((p) => predictors(p, ANCHOR_YEAR));
	const col = <K extends keyof ReturnType<typeof predictors>>(k: K) => x.map((xi) => xi[k]);

	const sgb2 = calibrate((a) => {
		let num = 0;
		let den = 0;
		g.forEach((gi, i) => {
			num += gi.u15 * logistic(a + x[i].sgb2 + KIDS_OFFSET) + gi.a15_65 * logistic(a + x[i].sgb2);
			den += gi.u15 + gi.a15_65;
		});
		return num / den;
	}, CITY_LEVEL.sgb2);
	const a15_65 = g.map((gi) => gi.a15_65);
	const arbeitslose = calibrate((a) => weightedLogisticMean(a, col('arbeitslose'), a15_65), CITY_LEVEL.arbeitslose);
	const alWeights = g.map((gi, i) => gi.a15_65 * logistic(arbeitslose + x[i].arbeitslose));
	const foreign = x.map((xi) => logistic(xi.auslaender));
	const popW = g.map((gi) => gi.pop);
	const totalPop = popW.reduce((a, b) => a + b, 0);

	const wahl: Record<number, number> = {};
	for (const year of electionYears) {
		const xw = profiles.map((p) => predictors(p, year).wahl);
		const w = g.map((gi, i) => (gi.pop - gi.u15) * (1 - foreign[i]));
		wahl[year] = calibrate((a) => weightedLogisticMean(a, xw, w), TURNOUT_LEVEL[year] ?? 0.6);
	}
	const crimeExp = x.reduce((s, xi, i) => s + popW[i] * Math.exp(xi.straftaten), 0);

	return {
		sgb2,
		arbeitslose,
		langzeit: calibrate((a) => weightedLogisticMean(a, col('langzeit'), alWeights), CITY_LEVEL.langzeit),
		ohneHsr: calibrate(
			(a) => weightedLogisticMean(a, col('ohneHsr'), g.map((gi) => gi.a6_18)),
			CITY_LEVEL.ohneHsr
		),
		sprachfoerderung: calibrate(
			(a) => weightedLogisticMean(a, col('sprachfoerderung'), g.map((gi) => gi.u6)),
			CITY_LEVEL.sprachfoerderung
		),
		alleinerziehende: calibrate(
			(a) => weightedLogisticMean(a, col('alleinerziehende'), g.map((gi) => gi.u6 + gi.a6_18)),
			CITY_LEVEL.alleinerziehende
		),
		fluktuation: calibrate((a) => weightedLogisticMean(a, col('fluktuation'), popW), CITY_LEVEL.fluktuation),
		migration: calibrate((a) => {
			let s = 0;
			x.forEach((xi, i) => (s += popW[i] * (foreign[i] + (1 - foreign[i]) * logistic(a + xi.migration))));
			return s / totalPop;
		}, CITY_LEVEL.migration),
		straftaten: Math.log((CITY_LEVEL.straftatenJeEinwohner * totalPop) / crimeExp),
		wahl
	};
}

export interface Rates {
	ages: AgeShares;
	sgb2Erwachsene: number;
	sgb2Kinder: number;
	arbeitslose: number;
	langzeit: number;
	ohneHsr: number;
	sprachfoerderung: number;
	auslaender: number;
	/** migration background among Germans */
	migrationDeutsche: number;
	alleinerziehende: number;
	fluktuation: number;
	/** turnout; NaN outside election years */
	wahl: number;
	straftatenJeEinwohner: number;
}

/** All probabilities for one Ortsteil in one year. */
export function ratesFor(p: AreaProfile, year: number, a: Intercepts): Rates {
	const x = predictors(p, year);
	return {
		ages: ageShares(p.typ, p.latent.dep, p.ageNoise, year),
		sgb2Erwachsene: logistic(a.sgb2 + x.sgb2),
		sgb2Kinder: logistic(a.sgb2 + x.sgb2 + KIDS_OFFSET),
		arbeitslose: logistic(a.arbeitslose + x.arbeitslose),
		langzeit: logistic(a.langzeit + x.langzeit),
		ohneHsr: logistic(a.ohneHsr + x.ohneHsr),
		sprachfoerderung: logistic(a.sprachfoerderung + x.sprachfoerderung),
		auslaender: logistic(x.auslaender),
		migrationDeutsche: logistic(a.migration + x.migration),
		alleinerziehende: logistic(a.alleinerziehende + x.alleinerziehende),
		fluktuation: logistic(a.fluktuation + x.fluktuation),
		wahl: year in a.wahl ? logistic(a.wahl[year] + x.wahl) : NaN,
		straftatenJeEinwohner: Math.exp(a.straftaten + x.straftaten)
	};
}

/** Offences by non-residents: the city centre attracts thousands, ports and new quarters some. */
export function visitorOffences(typ: Gebietstyp, rng: Random): number {
	switch (typ) {
		case 'zentrum':
			return 3000 * Math.exp(0.3 * rng.normal());
		case 'hafen':
			return 40 + 120 * rng.uniform();
		case 'neubaugebiet':
			return 250 + 250 * rng.uniform();
		default:
			return 0;
	}
}
