import { describe, expect, it } from 'vitest';
import { createRandom, seedWords } from '../../../src/lib/engine/random.ts';
import { createRandom as buildRandom } from '../../../scripts/lib/random.ts';

describe('engine random stream', () => {
	it('a number seed and its text give the same stream (doc example)', () => {
		const a = createRandom(42);
		const b = createRandom('42');
		for (let i = 0; i < 10; i++) expect(a.uniform()).toBe(b.uniform());
		expect(seedWords('a')).toHaveLength(4);
	});

	it('is the same sfc32/cyrb128 stream as the build-time generator', () => {
		const engine = createRandom('sozialraum');
		const build = buildRandom('sozialraum');
		for (let i = 0; i < 100; i++) expect(engine.uniform()).toBe(build.uniform());
	});

	it('stays in range', () => {
		const r = createRandom('range');
		for (let i = 0; i < 1000; i++) {
			const u = r.uniform();
			expect(u >= 0 && u < 1).toBe(true);
			const b = r.between(0.5, 1.5);
			expect(b >= 0.5 && b < 1.5).toBe(true);
			const k = r.integer(3);
			expect([0, 1, 2]).toContain(k);
		}
	});
});
