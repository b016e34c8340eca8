/**
 * Seeded pseudo-random numbers for everything that must be reproducible: Monte-Carlo
 * robustness runs and permutation tests (browser, CLI, tests) and, through
 * `scripts/lib/random.ts`, the demo-data generator.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator, 128-bit
 * state, passes PractRand and TestU01 BigCrush), seeded from a string with the
 * cyrb128 hash (bryc, public domain). Only 32-bit integer arithmetic (`Math.imul`,
 * `|0`, `>>>`) is used, so a seed gives the same stream on every engine and platform.
 * `uniform()` divides a 32-bit integer by 2³², which is exact in float64.
 *
 * @example createRandom('sozialraum').uniform() // → the same number on every run and machine
 */

export interface EngineRandom {
	/** the seed string this stream was created from */
	readonly seed: string;
	/** uniform on [0, 1), 32-bit resolution */
	uniform(): number;
	/** uniform on [low, high) */
	between(low: number, high: number): number;
	/** uniform integer in 0 … n − 1 (n ≥ 1) */
	integer(n: number): number;
}

/**
 * cyrb128: a fast, well-mixing 128-bit string hash, used only to turn a seed string
 * into four 32-bit state words. Not cryptographic.
 *
 * @example seedWords('a').length // → 4
 */
export function seedWords(seed: string): [number, number, number, number] {
	let h1 = 1779033703;
	let h2 = 3144134277;
	let h3 = 1013904242;
	let h4 = 2773480762;
	for (let i = 0; i < seed.length; i++) {
		const k = seed.charCodeAt(i);
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

const TWO_POW_32 = 4294967296;

/**
 * A reproducible random stream for `seed` (numbers are turned into their decimal text,
 * so seed 42 and seed "42" give the same stream).
 *
 * @example
 * const a = createRandom(42), b = createRandom('42');
 * a.uniform() === b.uniform() // → true
 */
export function createRandom(seed: string | number): EngineRandom {
	const seedText = String(seed);
	let [a, b, c, d] = seedWords(seedText);
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
	const uniform = (): number => next() / TWO_POW_32;
	return {
		seed: seedText,
		uniform,
		between: (low, high) => low + (high - low) * uniform(),
		integer: (n) => Math.min(n - 1, Math.floor(uniform() * n))
	};
}
