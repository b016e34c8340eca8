import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import {
	cellName,
	generateSynthetic,
	gridGeometry,
	gridNeighbours,
	gridShape,
	syntheticArrow,
	syntheticAreas,
	syntheticCatalogue,
	valueRowCount
} from '../../scripts/bench/synthetic.ts';
import { queenNeighbours } from '../../src/lib/geo/geometry.ts';
import { EXCLUSION_FACTORS } from '../../src/lib/engine/index-settings.ts';

/** Neighbour count per area id. */
function degrees(pairs: [string, string][]): Map<string, number> {
	const out = new Map<string, number>();
	for (const [a] of pairs) out.set(a, (out.get(a) ?? 0) + 1);
	return out;
}

describe('benchmark: synthetic grid data', () => {
	it('a 3 × 3 grid has queen neighbours: corners 3, edges 5, centre 8', () => {
		expect(gridShape(9)).toEqual({ cols: 3, rows: 3 });
		const pairs = gridNeighbours(9);
		expect(pairs).toHaveLength(4 * 3 + 4 * 5 + 8);
		const d = degrees(pairs);
		expect([...d.values()].sort((a, b) => a - b)).toEqual([3, 3, 3, 3, 5, 5, 5, 5, 8]);
		expect(d.get('rz-0005')).toBe(8); // the centre
		// symmetric, no self-pairs, no duplicates
		const keys = new Set(pairs.map(([a, b]) => `${a}|${b}`));
		expect(keys.size).toBe(pairs.length);
		for (const [a, b] of pairs) {
			expect(a).not.toBe(b);
			expect(keys.has(`${b}|${a}`)).toBe(true);
		}
	});

	it('the neighbour table equals queen contiguity found on the grid polygons (also for a partial last row)', () => {
		for (const n of [9, 7, 12]) {
			const byId = new Map(gridGeometry(n).features.map((f) => [String(f.properties!.id), f]));
			expect(gridNeighbours(n)).toEqual(queenNeighbours(byId));
		}
	});

	it('names are obviously synthetic and ids zero-padded', () => {
		const areas = syntheticAreas(88);
		const cells = areas.filter((a) => a.level === 'ortsteil');
		expect(cells).toHaveLength(88);
		expect(cells[0]).toMatchObject({ id: 'rz-0001', name: 'Rasterzelle 0001' });
		expect(cellName(9999, 10_000)).toBe('Rasterzelle 10000');
		for (const a of areas) expect(a.name).toMatch(/^(Rasterzelle|Rasterblock|Rasterbezirk|Rasterstadt)/);
		// every cell has a Stadtteil and a Stadtbezirk that exist, and there is exactly one city
		const ids = new Set(areas.map((a) => a.id));
		for (const c of cells) {
			expect(ids.has(c.stadtteil_id!)).toBe(true);
			expect(ids.has(c.stadtbezirk_id!)).toBe(true);
		}
		expect(areas.filter((a) => a.level === 'stadt')).toHaveLength(1);
	});

	it('factors cycle through materiell, kulturell, sozial, symbolisch; plus the population count', () => {
		const cat = syntheticCatalogue(10, [2020]);
		expect(cat.slice(0, 8).map((c) => c.factor)).toEqual([...EXCLUSION_FACTORS, ...EXCLUSION_FACTORS]);
		expect(cat.at(-1)).toMatchObject({ id: 'bevoelkerung', factor: 'kontext', denominator: null });
		expect(cat.slice(0, 10).every((c) => /^Synthetischer Indikator \d\d$/.test(c.label))).toBe(true);
	});

	it('is deterministic: the same spec gives the same bytes, another seed other counts', () => {
		const spec = { areas: 30, years: 3, indicators: 5 };
		const a = syntheticArrow(generateSynthetic(spec));
		const b = syntheticArrow(generateSynthetic(spec));
		expect(Buffer.from(a.bases).equals(Buffer.from(b.bases))).toBe(true);
		expect(Buffer.from(a.areas).equals(Buffer.from(b.areas))).toBe(true);
		const other = generateSynthetic({ ...spec, seed: 'anders' });
		expect([...other.bases.count]).not.toEqual([...generateSynthetic(spec).bases.count]);
	});

	it('base counts have the expected shape: areas × years × (3 denominators + indicators)', () => {
		const ds = generateSynthetic({ areas: 12, years: 4, indicators: 6 });
		expect(ds.bases.length).toBe(12 * 4 * (3 + 6));
		expect(ds.years).toEqual([2004, 2005, 2006, 2007]);
		expect(valueRowCount(ds.spec)).toBe(12 * 4 * 7);
		const rows = tableFromIPC(syntheticArrow(ds).bases).toArray().map((r) => r.toJSON());
		expect(rows).toHaveLength(ds.bases.length);
		expect(rows[0]).toMatchObject({ area_id: 'rz-0001', year: 2004, base_id: 'bev' });
		// all counts are whole and ≥ 0, and no numerator exceeds its denominator
		for (const r of rows) expect(Number.isInteger(r.count) && r.count >= 0).toBe(true);
		const count = new Map(rows.map((r) => [`${r.area_id}|${r.year}|${r.base_id}`, r.count as number]));
		for (const ind of ds.catalogue.filter((c) => c.denominator)) {
			for (const r of rows.filter((x) => x.base_id === ind.numerator)) {
				expect(r.count).toBeLessThanOrEqual(count.get(`${r.area_id}|${r.year}|${ind.denominator}`)!);
			}
		}
	});
});
