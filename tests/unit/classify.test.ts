import { describe, expect, it } from 'vitest';
import {
	classBreaks,
	classOf,
	ckmeans,
	equalIntervalBreaks,
	formatManualBreaks,
	jenksBreaks,
	parseManualBreaks,
	stdDevBreaks,
	type ClassMethod
} from '../../src/lib/map/classify.ts';

const ssq = (g: number[]) => {
	const m = g.reduce((s, v) => s + v, 0) / g.length;
	return g.reduce((s, v) => s + (v - m) ** 2, 0);
};

/** Least total SSQ over every split of the sorted values into k contiguous non-empty groups (brute force). */
function bruteForce(values: number[], k: number): number {
	const x = [...values].sort((a, b) => a - b);
	let best = Infinity;
	const walk = (start: number, left: number, acc: number) => {
		if (left === 1) {
			best = Math.min(best, acc + ssq(x.slice(start)));
			return;
		}
		for (let end = start + 1; end <= x.length - left + 1; end++) walk(end, left - 1, acc + ssq(x.slice(start, end)));
	};
	walk(0, k, 0);
	return best;
}

describe('ckmeans (Wang & Song 2011)', () => {
	it('reproduces the reference example of Ckmeans.1d.dp / simple-statistics', () => {
		// R: Ckmeans.1d.dp::Ckmeans.1d.dp(c(-1,2,-1,2,4,5,6,-1,2,-1), k = 3)$size → 4 3 3
		expect(ckmeans([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], 3)).toEqual([[-1, -1, -1, -1], [2, 2, 2], [4, 5, 6]]);
	});

	it('matches further known splits (simple-statistics test cases)', () => {
		expect(ckmeans([1, 2, 3], 3)).toEqual([[1], [2], [3]]);
		expect(ckmeans([0, 3, 4], 2)).toEqual([[0], [3, 4]]);
		expect(ckmeans([-3, 0, 4], 2)).toEqual([[-3, 0], [4]]);
		expect(ckmeans([3, 2, 3, 5, 2, 1], 3)).toEqual([[1, 2, 2], [3, 3], [5]]);
		expect(ckmeans([0, 1, 2, 50, 100, 101, 103], 3)).toEqual([[0, 1, 2], [50], [100, 101, 103]]);
	});

	it('hand-computed: [3,2,3,5,2,1] in 3 groups has SSQ 2/3 ({1,2,2}: mean 5/3)', () => {
		const groups = ckmeans([3, 2, 3, 5, 2, 1], 3);
		expect(groups.reduce((s, g) => s + ssq(g), 0)).toBeCloseTo(2 / 3, 12);
	});

	it('is optimal: equals the brute-force minimum on many small inputs', () => {
		let seed = 7;
		const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
		for (let t = 0; t < 200; t++) {
			const n = 3 + Math.floor(rand() * 7);
			const values = Array.from({ length: n }, () => Math.round(rand() * 40) / 2);
			const distinct = new Set(values).size;
			const k = 1 + Math.floor(rand() * Math.min(4, distinct));
			const groups = ckmeans(values, k);
			expect(groups).toHaveLength(k);
			expect(groups.reduce((s, g) => s + ssq(g), 0)).toBeCloseTo(bruteForce(values, k), 9);
		}
	});

	it('caps k at the number of distinct values and rejects empty input', () => {
		expect(ckmeans([1, 1, 1, 1], 3)).toEqual([[1, 1, 1, 1]]);
		expect(() => ckmeans([], 2)).toThrow(RangeError);
		expect(() => ckmeans([NaN], 2)).toThrow(RangeError);
	});

	it('keeps precision on large counts (population)', () => {
		const pop = [580262, 580263, 4469, 4470, 4471, 120000, 120001];
		expect(ckmeans(pop, 3)).toEqual([[4469, 4470, 4471], [120000, 120001], [580262, 580263]]);
	});
});

describe('jenksBreaks', () => {
	it('upper ends of the ckmeans groups but the last (doc example)', () => {
		const values = [-1, 2, -1, 2, 4, 5, 6, -1, 2, -1];
		const breaks = jenksBreaks(values, 3);
		expect(breaks).toEqual([-1, 2]);
		// every value lands in its group
		expect([-1, 2, 4, 6].map((v) => classOf(v, breaks))).toEqual([0, 1, 2, 2]);
	});
	it('no values, no breaks', () => expect(jenksBreaks([NaN], 3)).toEqual([]));
});

describe('equalIntervalBreaks', () => {
	it('cuts min … max into equal widths (doc example)', () => {
		expect(equalIntervalBreaks([0, 3, 10], 5)).toEqual([2, 4, 6, 8]);
		expect(equalIntervalBreaks([10, 20], 4)).toEqual([12.5, 15, 17.5]);
	});
	it('a constant variable has no breaks', () => expect(equalIntervalBreaks([5, 5, 5], 3)).toEqual([]));
});

describe('stdDevBreaks', () => {
	// x = 2 4 4 4 5 5 7 9: x̄ = 5, Σ(x − x̄)² = 9+1+1+1+0+0+4+16 = 32, s = √(32/7) (sample SD)
	// R: sd(c(2,4,4,4,5,5,7,9)) → 2.13809
	const X = [2, 4, 4, 4, 5, 5, 7, 9];
	const s = Math.sqrt(32 / 7);
	it('even k: the mean is a break, classes one SD wide', () => {
		stdDevBreaks(X, 4).forEach((b, i) => expect(b).toBeCloseTo([5 - s, 5, 5 + s][i], 12));
	});
	it('odd k: the middle class is centred on the mean', () => {
		stdDevBreaks(X, 5).forEach((b, i) => expect(b).toBeCloseTo([5 - 1.5 * s, 5 - 0.5 * s, 5 + 0.5 * s, 5 + 1.5 * s][i], 12));
		stdDevBreaks(X, 3).forEach((b, i) => expect(b).toBeCloseTo([5 - 0.5 * s, 5 + 0.5 * s][i], 12));
	});
	it('no spread, no breaks', () => {
		expect(stdDevBreaks([3, 3, 3], 5)).toEqual([]);
		expect(stdDevBreaks([3], 5)).toEqual([]);
	});
});

describe('manual breaks', () => {
	it('reads German and URL forms (doc examples)', () => {
		expect(parseManualBreaks('30; 12,5  20')).toEqual([12.5, 20, 30]);
		expect(parseManualBreaks('10,20.5,30')).toEqual([10, 20.5, 30]);
		expect(parseManualBreaks('10; x; 10; 5')).toEqual([5, 10]);
		expect(parseManualBreaks('  ')).toEqual([]);
	});
	it('round-trips through the URL form', () => {
		expect(parseManualBreaks(formatManualBreaks([12.5, 20, 30]))).toEqual([12.5, 20, 30]);
	});
});

describe('classBreaks', () => {
	it('dispatches every method and throws on an unknown one', () => {
		const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
		expect(classBreaks('quantile', v, 2)).toEqual([5.5]);
		expect(classBreaks('equal', v, 3)).toEqual([4, 7]);
		expect(classBreaks('jenks', v, 2)).toEqual([5]);
		expect(classBreaks('stddev', v, 2)).toEqual([5.5]);
		expect(classBreaks('manual', v, 5, [8, 3])).toEqual([3, 8]);
		expect(() => classBreaks('kmeans' as ClassMethod, v, 3)).toThrow(/Unbekannte Klassifikation/);
	});
});

describe('sequential palettes', () => {
	it('offer YlGnBu (default) and three more ColorBrewer schemes, light to dark', async () => {
		const { sequential, SEQUENTIAL_PALETTES } = await import('../../src/lib/map/palette.ts');
		expect(Object.keys(SEQUENTIAL_PALETTES)).toEqual(['ylgnbu', 'ylorrd', 'bupu', 'greys']);
		expect(sequential(5)).toEqual(sequential(5, 'ylgnbu'));
		expect(sequential(3, 'ylorrd')).toEqual(['#ffeda0', '#feb24c', '#f03b20']);
		expect(sequential(7, 'greys')).toHaveLength(7);
	});
});

describe('classMethodText', () => {
	it('names the method and why fewer classes were drawn (doc example)', async () => {
		const { classMethodText } = await import('../../src/lib/map/classify.ts');
		expect(classMethodText('quantile', 5, 4)).toBe('Quantile (4 statt 5 wegen gleicher Werte)');
		expect(classMethodText('equal', 5, 5)).toBe('Gleiche Intervalle (5)');
		expect(classMethodText('manual', 5, 3)).toBe('Manuelle Grenzen (3 Klassen)');
		expect(classMethodText('jenks', 4, 4)).toContain('(4 Klassen)');
	});
});
