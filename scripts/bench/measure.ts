/**
 * Timing for the benchmark: every figure is the median of several runs, with the
 * individual runs kept so the report can show the spread. No assertions on times.
 */

export interface Timing {
	/** median in ms (for an even number of runs: the mean of the middle two) */
	median: number;
	min: number;
	max: number;
	/** every counted run, in ms, in the order run */
	samples: number[];
	/** uncounted runs before the counted ones (JIT, caches) */
	warmup: number;
}

export function median(xs: readonly number[]): number {
	if (xs.length === 0) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarise(samples: number[], warmup = 0): Timing {
	return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples, warmup };
}

/**
 * Runs `fn` `warmup` times uncounted, then `runs` times counted.
 * The value returned by the last run is passed on (e.g. a report to reuse).
 */
export async function measure<T>(fn: () => Promise<T> | T, runs: number, warmup = 0): Promise<{ timing: Timing; last: T }> {
	let last!: T;
	for (let i = 0; i < warmup; i++) last = await fn();
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		last = await fn();
		samples.push(performance.now() - t0);
	}
	return { timing: summarise(samples, warmup), last };
}

/** Times one call. */
export async function once<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
	const t0 = performance.now();
	const value = await fn();
	return { ms: performance.now() - t0, value };
}
