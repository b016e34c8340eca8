/**
 * Spatially smoothed noise: neighbouring Ortsteile get similar latent scores, so the demo
 * data show positive spatial autocorrelation (Moran's I > 0) like real social data and the
 * cluster analyses have something to find.
 */
import type { Random } from '../random.ts';

/** Adjacency list with sorted, de-duplicated neighbours (order-independent sums). */
export type Adjacency = ReadonlyMap<string, readonly string[]>;

/** Builds the adjacency from (a, b) pairs in either or both directions; unknown ids are an error. */
export function adjacency(ids: readonly string[], pairs: readonly [string, string][]): Adjacency {
	const known = new Set(ids);
	const sets = new Map(ids.map((id) => [id, new Set<string>()]));
	for (const [a, b] of pairs) {
		for (const id of [a, b]) {
			if (!known.has(id)) throw new Error(`Nachbartabelle: unbekanntes Ortsteil-id „${id}“`);
		}
		if (a === b) continue;
		sets.get(a)!.add(b);
		sets.get(b)!.add(a);
	}
	return new Map([...sets].map(([id, s]) => [id, [...s].sort()]));
}

/**
 * A smooth random field: iid normal per id (drawn from `rng.fork(id)`, so each area's draw
 * is independent of the others' order), then `iterations` rounds of
 * x ← (1 − λ)·x + λ·mean(x of neighbours), then standardised to mean 0, SD 1.
 * Areas without neighbours keep their own value.
 */
export function smoothField(
	rng: Random,
	ids: readonly string[],
	adj: Adjacency,
	iterations = 3,
	lambda = 0.6
): Map<string, number> {
	let x = new Map(ids.map((id) => [id, rng.fork(id).normal()]));
	for (let it = 0; it < iterations; it++) {
		const next = new Map<string, number>();
		for (const id of ids) {
			const nb = adj.get(id) ?? [];
			if (nb.length === 0) {
				next.set(id, x.get(id)!);
				continue;
			}
			let s = 0;
			for (const n of nb) s += x.get(n)!;
			next.set(id, (1 - lambda) * x.get(id)! + (lambda * s) / nb.length);
		}
		x = next;
	}
	return standardise(x);
}

/** (x − mean) / sd over the map's values (unweighted); a constant field becomes all zeros. */
export function standardise(x: ReadonlyMap<string, number>): Map<string, number> {
	// sum in id order so the result does not depend on the order of the input
	const values = [...x.keys()].sort().map((id) => x.get(id)!);
	const mean = values.reduce((a, b) => a + b, 0) / values.length;
	const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
	return new Map([...x].map(([id, v]) => [id, sd > 0 ? (v - mean) / sd : 0]));
}
