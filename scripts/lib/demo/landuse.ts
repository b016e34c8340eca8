/**
 * Demo land use (Wohn-, Verkehrs-, Gewerbefläche in ha): shares from the area type and the
 * demo population density, so that density, land use and the Kilb criteria that use them
 * fit together. Constant over the years (land use changes slowly).
 */
import type { Random } from '../random.ts';
import type { Gebietstyp } from './params.ts';

export interface LandUse {
	wohnflaeche_ha: number;
	verkehrsflaeche_ha: number;
	gewerbeflaeche_ha: number;
}

const between = (rng: Random, lo: number, hi: number) => lo + (hi - lo) * rng.uniform();

/** at most this share of the total area is residential + traffic + commercial */
const MAX_BUILT_SHARE = 0.92;

/** Shares of the total area by type; `density` = persons per km². */
function shares(typ: Gebietstyp, density: number, rng: Random): [number, number, number] {
	switch (typ) {
		case 'zentrum':
			return [between(rng, 0.1, 0.18), between(rng, 0.28, 0.36), between(rng, 0.14, 0.24)];
		case 'hafen':
			return [between(rng, 0, 0.005), between(rng, 0.15, 0.25), between(rng, 0.4, 0.6)];
		case 'laendlich':
			return [between(rng, 0.015, 0.04), between(rng, 0.03, 0.06), between(rng, 0, 0.02)];
		case 'neubaugebiet':
			return [between(rng, 0.12, 0.2), between(rng, 0.15, 0.22), between(rng, 0.25, 0.4)];
		default: {
			// residential share saturates with density; industrial estates are likelier in
			// loosely built areas (≈ 25 % at 1,000 persons/km², ≈ 6 % at 10,000)
			const wohn = 0.55 * (density / (density + 2500)) * Math.exp(0.15 * rng.normal());
			const verkehr = (0.06 + 0.14 * (density / (density + 4000))) * Math.exp(0.15 * rng.normal());
			const industrial = rng.uniform() < 0.35 * (2500 / (density + 2500));
			const gewerbe = industrial ? between(rng, 0.15, 0.35) : 0.045 * Math.exp(0.5 * rng.normal());
			return [wohn, verkehr, gewerbe];
		}
	}
}

/** Land use in ha, rounded down to 0.1 ha so the parts never exceed the total. */
export function landUse(typ: Gebietstyp, density: number, flaecheHa: number, rng: Random): LandUse {
	let [w, v, g] = shares(typ, density, rng);
	const sum = w + v + g;
	if (sum > MAX_BUILT_SHARE) {
		w *= MAX_BUILT_SHARE / sum;
		v *= MAX_BUILT_SHARE / sum;
		g *= MAX_BUILT_SHARE / sum;
	}
	const ha = (share: number) => Math.floor(share * flaecheHa * 10) / 10;
	return { wohnflaeche_ha: ha(w), verkehrsflaeche_ha: ha(v), gewerbeflaeche_ha: ha(g) };
}
