/**
 * Latent scores behind the demo indicators. One shared deprivation score per Ortsteil,
 * anchored on the real Stadtteil Arbeitslosenquote, plus one score per exclusion factor
 * (materiell, kulturell, sozial, symbolisch) = shared deprivation + factor-specific noise.
 * This gives indicators of one factor a strong correlation, indicators of different
 * factors a weaker one, and — through smoothed noise — spatial autocorrelation.
 */
import type { Register } from '../../../src/lib/data/contract.ts';
import type { Random } from '../random.ts';
import { smoothField, standardise, type Adjacency } from './spatial.ts';
import { calibrate, clamp, logistic, logit, weightedMoments } from './sampling.ts';

export const LATENT_FACTORS = ['materiell', 'kulturell', 'sozial', 'symbolisch'] as const;
export type LatentFactor = (typeof LATENT_FACTORS)[number];

export interface Latent {
	/** shared deprivation in SD units of the Stadtteil anchor; Stadtteil mean = anchor */
	dep: number;
	factor: Record<LatentFactor, number>;
	/** standardised trend: > 0 worsens over time, < 0 improves */
	trend: number;
	/** logit of the foreigner share in the anchor year (Stadtteil-calibrated) */
	auslaenderLogit: number;
	/** the same, standardised across Ortsteile (population-weighted) */
	auslaenderZ: number;
}

export interface StadtteilAnchor {
	/** population (31.12.2016) */
	einwohner: number;
	/** Ausländeranteil as a fraction */
	auslaender: number;
	/** Arbeitslosenquote as a fraction (definition unknown; only its pattern is used) */
	arbeitslosenquote: number;
}

/** SD of the Ortsteil deviation from the Stadtteil anchor, in anchor SD units */
const WITHIN_SD = 0.55;

/**
 * Stadtteil anchor of deprivation: logit of the real Arbeitslosenquote, standardised with
 * population weights (so the tiny Häfen does not distort the scale), clipped to ±3.
 */
export function stadtteilDeprivation(anchors: ReadonlyMap<string, StadtteilAnchor>): Map<string, number> {
	const ids = [...anchors.keys()].sort();
	const x = ids.map((id) => logit(anchors.get(id)!.arbeitslosenquote));
	const { mean, sd } = weightedMoments(
		x,
		ids.map((id) => anchors.get(id)!.einwohner)
	);
	return new Map(ids.map((id, i) => [id, clamp((x[i] - mean) / sd, -3, 3)]));
}

/** Population-weighted centring of `field` within each Stadtteil. */
function centreWithin(
	field: ReadonlyMap<string, number>,
	register: Register,
	pop: ReadonlyMap<string, number>
): Map<string, number> {
	const out = new Map(field);
	for (const st of register.stadtteile) {
		const members = register.ortsteile.filter((o) => o.stadtteil_id === st.id).map((o) => o.id);
		const w = members.map((id) => Math.max(1, pop.get(id)!));
		const { mean } = weightedMoments(
			members.map((id) => field.get(id)!),
			w
		);
		for (const id of members) out.set(id, field.get(id)! - mean);
	}
	return out;
}

export function latentScores(
	register: Register,
	adj: Adjacency,
	anchors: ReadonlyMap<string, StadtteilAnchor>,
	pop: ReadonlyMap<string, number>,
	rng: Random
): Map<string, Latent> {
	const ids = register.ortsteile.map((o) => o.id);
	const stOf = new Map(register.ortsteile.map((o) => [o.id, o.stadtteil_id]));
	const zSt = stadtteilDeprivation(anchors);

	// deprivation = Stadtteil anchor + smoothed deviation that averages out within the Stadtteil
	const deviation = centreWithin(smoothField(rng.fork('abweichung'), ids, adj), register, pop);
	const dep = new Map(ids.map((id) => [id, zSt.get(stOf.get(id)!)! + WITHIN_SD * deviation.get(id)!]));

	const eta = Object.fromEntries(
		LATENT_FACTORS.map((f) => [f, smoothField(rng.fork(`faktor|${f}`), ids, adj, 2)])
	) as Record<LatentFactor, Map<string, number>>;
	// the materiell factor carries the anchor: its own noise must not shift Stadtteil means
	eta.materiell = centreWithin(eta.materiell, register, pop);

	// trends cluster in space and lean towards polarisation (deprived areas worsen a little more)
	const depZ = standardise(dep);
	const tau = smoothField(rng.fork('trend'), ids, adj);
	const trend = new Map(ids.map((id) => [id, 0.35 * depZ.get(id)! + 0.94 * tau.get(id)!]));

	// foreigner share: within-Stadtteil pattern from deprivation and the sozial noise,
	// level calibrated so the Stadtteil's population-weighted share equals the real one
	const auslaenderLogit = new Map<string, number>();
	for (const st of register.stadtteile) {
		const members = ids.filter((id) => stOf.get(id) === st.id);
		const x = members.map(
			(id) => 0.35 * (dep.get(id)! - zSt.get(st.id)!) + 0.35 * eta.sozial.get(id)!
		);
		const w = members.map((id) => Math.max(1, pop.get(id)!));
		const target = anchors.get(st.id)!.auslaender;
		const offset = calibrate((a) => {
			let s = 0;
			let ws = 0;
			x.forEach((xi, i) => {
				s += w[i] * logistic(a + xi);
				ws += w[i];
			});
			return s / ws;
		}, target);
		members.forEach((id, i) => auslaenderLogit.set(id, offset + x[i]));
	}
	const moments = weightedMoments(
		ids.map((id) => auslaenderLogit.get(id)!),
		ids.map((id) => pop.get(id)!)
	);

	const out = new Map<string, Latent>();
	for (const id of ids) {
		const d = dep.get(id)!;
		const zA = (auslaenderLogit.get(id)! - moments.mean) / moments.sd;
		out.set(id, {
			dep: d,
			factor: {
				materiell: d + 0.25 * eta.materiell.get(id)!,
				kulturell: 0.65 * d + 0.45 * zA + 0.45 * eta.kulturell.get(id)!,
				sozial: 0.6 * d + 0.5 * zA + 0.45 * eta.sozial.get(id)!,
				symbolisch: 0.85 * d + 0.55 * eta.symbolisch.get(id)!
			},
			trend: trend.get(id)!,
			auslaenderLogit: auslaenderLogit.get(id)!,
			auslaenderZ: zA
		});
	}
	return out;
}
