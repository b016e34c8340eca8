/**
 * Demo populations: the real Stadtteil population (facts, 31.12.2016) is split among its
 * Ortsteile with synthetic weights, then projected to the other years with a smooth
 * per-Ortsteil growth rate. Age structure is synthetic, shifted by deprivation and type.
 */
import type { Ortsteil } from '../../../src/lib/data/contract.ts';
import type { Random } from '../random.ts';
import { ANCHOR_YEAR, TINY_POPULATION, type Gebietstyp } from './params.ts';
import { clamp, largestRemainder } from './sampling.ts';

export interface PopulationPlan {
	/** population in the anchor year */
	pop: number;
	/** growth rate per year (log scale) */
	growth: number;
	min: number;
	max: number;
}

/** Relative settlement weight of an area type within its Stadtteil (area × density factor). */
const TYPE_WEIGHT: Partial<Record<Gebietstyp, number>> = { zentrum: 0.5, neubaugebiet: 0.15 };

/**
 * Anchor-year populations for all Ortsteile of one Stadtteil. A single Ortsteil takes the
 * whole Stadtteil population. Otherwise `hafen`/`laendlich` Ortsteile get a small drawn
 * population and the rest is split by area^0.6 × lognormal density factor × type weight
 * (largest remainder, so the parts add up exactly). A Stadtteil made only of such tiny
 * Ortsteile (Häfen) is not anchored: its fact includes the Überseehafengebiet Bremerhaven,
 * which is not one of the 88 Ortsteile.
 */
export function splitPopulation(
	ortsteile: readonly Ortsteil[],
	stadtteilPop: number,
	areaKm2: ReadonlyMap<string, number>,
	typeOf: (id: string) => Gebietstyp,
	rng: Random
): Map<string, number> {
	const out = new Map<string, number>();
	if (ortsteile.length === 1) {
		out.set(ortsteile[0].id, stadtteilPop);
		return out;
	}
	const regular: Ortsteil[] = [];
	let fixed = 0;
	for (const o of ortsteile) {
		const t = typeOf(o.id);
		if (t === 'hafen' || t === 'laendlich') {
			const { min, max } = TINY_POPULATION[t];
			const pop = min + Math.floor(rng.fork(`einwohner|${o.id}`).uniform() * (max - min + 1));
			out.set(o.id, pop);
			fixed += pop;
		} else regular.push(o);
	}
	if (regular.length > 0) {
		const weights = regular.map(
			(o) =>
				areaKm2.get(o.id)! ** 0.6 *
				Math.exp(0.45 * rng.fork(`dichte|${o.id}`).normal()) *
				(TYPE_WEIGHT[typeOf(o.id)] ?? 1)
		);
		const parts = largestRemainder(Math.max(0, stadtteilPop - fixed), weights);
		regular.forEach((o, i) => out.set(o.id, parts[i]));
	}
	return out;
}

/**
 * Growth and bounds per Ortsteil. `smoothGrowth` is a standardised, spatially smoothed
 * field: ordinary Ortsteile grow 0.35 %/year ± 0.4 %, so the city grows modestly;
 * conversion areas grow fast; tiny areas stay tiny (hard caps keep them below the
 * thresholds the app's small-base warnings are tested with).
 */
export function populationPlan(
	id: string,
	typ: Gebietstyp,
	pop: number,
	smoothGrowth: number,
	rng: Random
): PopulationPlan {
	const u = rng.fork(`wachstum|${id}`).uniform();
	switch (typ) {
		case 'hafen':
			return { pop, growth: -0.03 + 0.04 * u, min: 3, max: TINY_POPULATION.hafen.cap };
		case 'laendlich':
			return { pop, growth: -0.01 + 0.012 * u, min: 20, max: TINY_POPULATION.laendlich.cap };
		case 'neubaugebiet':
			return { pop, growth: 0.1 + 0.03 * u, min: 0, max: Infinity };
		default:
			return { pop, growth: 0.0035 + 0.004 * smoothGrowth, min: 0, max: Infinity };
	}
}

/** Population in `year`: exact in the anchor year, else smooth growth × small yearly noise. */
export function populationIn(plan: PopulationPlan, year: number, rng: Random): number {
	if (year === ANCHOR_YEAR) return plan.pop;
	const trend = plan.pop * Math.exp(plan.growth * (year - ANCHOR_YEAR));
	// small areas: additive noise of a few persons; others: ±0.4 % multiplicative
	const noisy = plan.pop < 100 ? trend + 1.5 * rng.normal() : trend * Math.exp(0.004 * rng.normal());
	return clamp(Math.round(noisy), plan.min, plan.max);
}

export interface AgeShares {
	u6: number;
	a6_18: number;
	a65plus: number;
}

const AGE_TYPE: Record<Gebietstyp, AgeShares> = {
	wohnen: { u6: 1, a6_18: 1, a65plus: 1 },
	zentrum: { u6: 0.6, a6_18: 0.55, a65plus: 0.75 },
	hafen: { u6: 0.3, a6_18: 0.3, a65plus: 0.4 },
	laendlich: { u6: 0.9, a6_18: 1.05, a65plus: 1.15 },
	neubaugebiet: { u6: 1.1, a6_18: 0.6, a65plus: 0.55 }
};

/**
 * Age shares: more children and fewer old people where deprivation is high (as in most
 * German cities), type multipliers, individual noise, and a slow drift (more toddlers
 * and more old people over the period).
 */
export function ageShares(typ: Gebietstyp, dep: number, noise: [number, number, number], year: number): AgeShares {
	const t = year - ANCHOR_YEAR;
	const m = AGE_TYPE[typ];
	return {
		u6: 0.053 * Math.exp(0.1 * dep + 0.12 * noise[0] + 0.005 * t) * m.u6,
		a6_18: 0.105 * Math.exp(0.08 * dep + 0.12 * noise[1]) * m.a6_18,
		a65plus: clamp(0.21 * Math.exp(-0.1 * dep + 0.22 * noise[2] + 0.004 * t) * m.a65plus, 0.02, 0.45)
	};
}
