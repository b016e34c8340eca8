/**
 * Seeded pseudo-random numbers for the demo-data generator: the engine's sfc32
 * stream (`src/lib/engine/random.ts`, one implementation for build and browser)
 * plus normal draws and keyed forks.
 *
 * `normal()` uses Box–Muller, i.e. `Math.log`, `Math.sqrt` and `Math.cos`. `sqrt` is exact
 * (IEEE 754); V8 (Node, Chromium) computes `log`/`cos` with its fdlibm port, the same on
 * every OS and CPU. Another engine might differ in the last bit; callers that produce
 * counts round to integers, which absorbs such differences except at exact ties.
 *
 * `fork(key)` derives an independent stream from the parent seed and a key. Drawing
 * through forks keyed by stable ids (e.g. `seed|ot-tenever|2019`) keeps each area's values
 * independent of the order in which areas are processed and of the number of draws made
 * for other areas.
 */
import { createRandom as createEngineRandom } from '../../src/lib/engine/random.ts';

export interface Random {
	readonly seed: string;
	/** uniform on [0, 1), 32-bit resolution */
	uniform(): number;
	/** normal with the given mean and standard deviation (Box–Muller) */
	normal(mean?: number, sd?: number): number;
	/** an independent stream for `seed + '|' + key` */
	fork(key: string): Random;
}

/** A reproducible random stream for `seed`. */
export function createRandom(seed: string): Random {
	const { uniform } = createEngineRandom(seed);
	return {
		seed,
		uniform,
		normal(mean = 0, sd = 1): number {
			// 1 − u ∈ (0, 1] keeps log finite; the sine partner is discarded so that every
			// call consumes exactly two uniforms (simpler to reason about than caching)
			const u1 = 1 - uniform();
			const u2 = uniform();
			return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
		},
		fork(key: string): Random {
			return createRandom(`${seed}|${key}`);
		}
	};
}
