/**
 * Seeded pseudo-random numbers for everything that must be reproducible: demo data,
 * permutation tests, Monte-Carlo robustness runs.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator, 128-bit state,
 * passes PractRand/BigCrush), seeded from a string with the cyrb128 hash. Both use only
 * 32-bit integer arithmetic (`Math.imul`, `|0`, `>>>`), so the integer stream is identical
 * on every platform and engine. `uniform()` divides by 2³² (exact in float64).
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

export interface Random {
	/** the seed string this stream was created from */
	readonly seed: string;
	/** uniform on [0, 1), 32-bit resolution */
	uniform(): number;
	/** normal with the given mean and standard deviation (Box–Muller) */
	normal(mean?: number, sd?: number): number;
	/** an independent stream for `seed + '|' + key` */
	fork(key: string): Random;
}

/**
 * cyrb128: a fast, well-mixing 128-bit string hash (bryc, public domain), used only to
 * turn a seed string into four 32-bit state words. Not cryptographic.
 */
export function hashString(str: string): [number, number, number, number] {
	let h1 = 1779033703;
	let h2 = 3144134277;
	let h3 = 1013904242;
	let h4 = 2773480762;
	for (let i = 0; i < str.length; i++) {
		const k = str.charCodeAt(i);
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	h1 ^= h2 ^ h3 ^ h4;
	h2 ^= h1;
	h3 ^= h1;
	h4 ^= h1;
	return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 step function over a 128-bit state; returns an unsigned 32-bit integer per call. */
function sfc32(seedWords: [number, number, number, number]): () => number {
	let [a, b, c, d] = seedWords;
	const next = (): number => {
		a |= 0;
		b |= 0;
		c |= 0;
		d |= 0;
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return t >>> 0;
	};
	// the first outputs of a freshly seeded sfc32 are poorly mixed; discard them
	for (let i = 0; i < 15; i++) next();
	return next;
}

const TWO_POW_32 = 4294967296;

/** A reproducible random stream for `seed`. */
export function createRandom(seed: string): Random {
	const next = sfc32(hashString(seed));
	const uniform = (): number => next() / TWO_POW_32;
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
