import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BaseRow, Catalogue, Register } from '../../src/lib/data/contract';
import { readFacts, stadtteilFact } from '../../scripts/lib/facts';
import { parseCsv, readRegister } from '../../scripts/lib/register';
import { createRandom } from '../../scripts/lib/random';
import { binomial, largestRemainder } from '../../scripts/lib/demo/sampling';
import { DEMO_YEARS, ELECTION_YEARS, generateDemoBases, type DemoInput } from '../../scripts/lib/demo/generate';

const root = process.cwd();
const register: Register = readRegister(resolve(root, 'data/areas'));
const catalogue: Catalogue = JSON.parse(readFileSync(resolve(root, 'data/indicators.json'), 'utf8'));
const facts = readFacts(resolve(root, 'data/facts'));

/**
 * Neighbours and areas: the committed reference files when present; otherwise a fixture
 * (all Ortsteile of a Stadtteil are neighbours; a Stadtteil's real area split equally).
 */
function geoInputs(): Pick<DemoInput, 'neighbours' | 'areaKm2'> & { fixture: boolean } {
	const nFile = resolve(root, 'data/areas/nachbarn.csv');
	const aFile = resolve(root, 'data/areas/flaechen.csv');
	if (existsSync(nFile) && existsSync(aFile)) {
		const read = (f: string) => parseCsv(readFileSync(f, 'utf8'), f).rows.map((r) => r.values);
		return {
			fixture: false,
			neighbours: read(nFile).map((r) => [r.ortsteil_id, r.nachbar_id] as [string, string]),
			areaKm2: new Map(read(aFile).map((r) => [r.ortsteil_id, Number(r.flaeche_km2)]))
		};
	}
	const neighbours: [string, string][] = [];
	const areaKm2 = new Map<string, number>();
	for (const st of register.stadtteile) {
		const members = register.ortsteile.filter((o) => o.stadtteil_id === st.id);
		const area = stadtteilFact(facts.stadtteile, st.id, 'flaeche_km2')!.wert;
		for (const a of members) {
			areaKm2.set(a.id, area / members.length);
			for (const b of members) if (a.id !== b.id) neighbours.push([a.id, b.id]);
		}
	}
	return { fixture: true, neighbours, areaKm2 };
}

const geo = geoInputs();
const input: DemoInput = {
	register,
	catalogue,
	neighbours: geo.neighbours,
	areaKm2: geo.areaKm2,
	stadtteilFacts: facts.stadtteile
};

const PORTS = ['ot-industriehaefen', 'ot-neustaedter-hafen', 'ot-hohentorshafen', 'ot-in-den-wischen'];
const RURAL = ['ot-blockland', 'ot-strom', 'ot-seehausen'];
const AREA_KEYS = new Set(['flaeche_km2', 'flaeche_ha', 'verkehrsflaeche_ha', 'wohnflaeche_ha', 'gewerbeflaeche_ha']);

let rows: BaseRow[];
let millis: number;
beforeAll(() => {
	const t0 = performance.now();
	rows = generateDemoBases(input);
	millis = performance.now() - t0;
});

const inYear = (year: number) => rows.filter((r) => r.year === year);
const stadtteilOf = new Map(register.ortsteile.map((o) => [o.id, o.stadtteil_id]));

function pearson(x: number[], y: number[]): number {
	const mx = x.reduce((a, b) => a + b, 0) / x.length;
	const my = y.reduce((a, b) => a + b, 0) / y.length;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < x.length; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) ** 2;
		syy += (y[i] - my) ** 2;
	}
	return sxy / Math.sqrt(sxx * syy);
}

describe('sampling helpers', () => {
	it('binomial stays in [0, n] and has the right mean', () => {
		const rng = createRandom('test');
		let sum = 0;
		for (let i = 0; i < 2000; i++) {
			const k = binomial(rng, 1000, 0.2);
			expect(k).toBeGreaterThanOrEqual(0);
			expect(k).toBeLessThanOrEqual(1000);
			sum += k;
		}
		expect(sum / 2000).toBeCloseTo(200, 0);
		expect(binomial(rng, 0, 0.5)).toBe(0);
		expect(binomial(rng, 30, 1)).toBe(30);
	});
	it('largestRemainder splits exactly', () => {
		expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
		expect(largestRemainder(565719, [3, 7, 11, 0.5]).reduce((a, b) => a + b, 0)).toBe(565719);
	});
});

describe('generateDemoBases', () => {
	it(`uses ${geo.fixture ? 'a FIXTURE neighbour/area table (data/areas/nachbarn.csv or flaechen.csv missing)' : 'data/areas/nachbarn.csv and flaechen.csv'}`, () => {
		expect(geo.neighbours.length).toBeGreaterThan(0);
	});

	it('is fast (< 1 s)', () => {
		expect(millis).toBeLessThan(1000);
	});

	it('produces 88 Ortsteile × 9 years, each once, in register order', () => {
		expect(register.ortsteile).toHaveLength(88);
		expect(rows).toHaveLength(88 * DEMO_YEARS.length);
		expect(new Set(rows.map((r) => `${r.area_id}|${r.year}`)).size).toBe(rows.length);
		expect(rows.map((r) => r.area_id).filter((_, i) => i % DEMO_YEARS.length === 0)).toEqual(register.ortsteile.map((o) => o.id));
		expect(new Set(rows.map((r) => r.year))).toEqual(new Set([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]));
	});

	it('has every catalogue base, and election counts only in election years', () => {
		const bases = Object.keys(catalogue.bases);
		for (const r of rows) {
			const election = ELECTION_YEARS.includes(r.year);
			for (const b of bases) {
				const expected = election || (b !== 'wahlberechtigte' && b !== 'waehler');
				expect(b in r.counts, `${r.area_id} ${r.year} ${b}`).toBe(expected);
			}
			expect(Object.keys(r.counts).every((k) => bases.includes(k))).toBe(true);
		}
		expect([2015, 2019, 2023].every((y) => inYear(y).every((r) => r.counts.wahlberechtigte > 0 || r.counts.bev < 20))).toBe(true);
	});

	it('satisfies all consistency rules in every row', () => {
		for (const { area_id, year, counts: c } of rows) {
			const at = `${area_id} ${year}`;
			for (const [k, v] of Object.entries(c)) {
				expect(Number.isFinite(v) && v >= 0, `${at} ${k}=${v}`).toBe(true);
				if (!AREA_KEYS.has(k)) expect(Number.isInteger(v), `${at} ${k}=${v}`).toBe(true);
			}
			expect(c.bev_u6 + c.bev_6_18 + c.bev_18_65 + c.bev_65plus, at).toBe(c.bev);
			expect(c.bev_u15, at).toBeLessThanOrEqual(c.bev_u6 + c.bev_6_18);
			expect(c.bev_15_65, at).toBeLessThanOrEqual(c.bev);
			expect(c.bev_u65, at).toBe(c.bev - c.bev_65plus);
			expect(c.sgb2_u15, at).toBeLessThanOrEqual(c.sgb2_personen);
			expect(c.sgb2_personen, at).toBeLessThanOrEqual(c.bev_u65);
			expect(c.sgb2_u15, at).toBeLessThanOrEqual(c.bev_u15);
			expect(c.arbeitslose, at).toBeLessThanOrEqual(c.bev_15_65);
			expect(c.langzeitarbeitslose, at).toBeLessThanOrEqual(c.arbeitslose);
			expect(c.schulabgaenger_ohne_hsr, at).toBeLessThanOrEqual(c.schulabgaenger);
			expect(c.kinder_sprachfoerderung, at).toBeLessThanOrEqual(c.kinder_sprachstand);
			expect(c.auslaender, at).toBeLessThanOrEqual(c.migration);
			expect(c.migration, at).toBeLessThanOrEqual(c.bev);
			expect(c.alleinerziehende, at).toBeLessThanOrEqual(c.haushalte_kinder);
			if (ELECTION_YEARS.includes(year)) {
				expect(c.waehler, at).toBeLessThanOrEqual(c.wahlberechtigte);
				expect(c.wahlberechtigte, at).toBeLessThanOrEqual(c.bev);
			}
			expect(c.wohnflaeche_ha + c.gewerbeflaeche_ha + c.verkehrsflaeche_ha, at).toBeLessThanOrEqual(c.flaeche_ha);
			// units: km² with 4 decimals = the input area, ha = km² × 100, land use to 0.1 ha
			expect(Math.abs(c.flaeche_km2 - input.areaKm2.get(area_id)!), at).toBeLessThanOrEqual(0.00005 + 1e-12);
			expect(Math.abs(c.flaeche_km2 * 1e4 - Math.round(c.flaeche_km2 * 1e4)), at).toBeLessThan(1e-6);
			expect(c.flaeche_ha, at).toBeCloseTo(c.flaeche_km2 * 100, 9);
			for (const k of ['verkehrsflaeche_ha', 'wohnflaeche_ha', 'gewerbeflaeche_ha']) {
				expect(Math.abs(c[k] * 10 - Math.round(c[k] * 10)), `${at} ${k}`).toBeLessThan(1e-6);
			}
		}
	});

	it('is deterministic: same input and seed → identical output; another seed → other values', () => {
		expect(generateDemoBases(input)).toEqual(rows);
		const other = generateDemoBases({ ...input, seed: 'ein-anderer-seed' });
		const changed = other.filter((r, i) => r.counts.sgb2_personen !== rows[i].counts.sgb2_personen).length;
		expect(changed).toBeGreaterThan(rows.length / 2);
	});

	it('does not depend on the row order of register and neighbour table', () => {
		const shuffled = generateDemoBases({
			...input,
			register: { ...register, ortsteile: [...register.ortsteile].reverse(), stadtteile: [...register.stadtteile].reverse() },
			neighbours: [...input.neighbours].reverse().map(([a, b]) => [b, a] as [string, string])
		});
		const key = (r: BaseRow) => `${r.area_id}|${r.year}`;
		const byKey = new Map(shuffled.map((r) => [key(r), r.counts]));
		for (const r of rows) expect(byKey.get(key(r))).toEqual(r.counts);
	});

	it('splits the real 2016 Stadtteil populations (±2 %), for any seed', () => {
		for (const seed of [undefined, 'ein-anderer-seed']) {
			const data = seed ? generateDemoBases({ ...input, seed }) : rows;
			for (const st of register.stadtteile) {
				// Häfen: the fact includes the Überseehafengebiet Bremerhaven, which is not one of the 88 Ortsteile
				if (st.id === 'st-haefen') continue;
				const real = stadtteilFact(facts.stadtteile, st.id, 'einwohner')!.wert;
				const sum = data
					.filter((r) => r.year === 2016 && stadtteilOf.get(r.area_id) === st.id)
					.reduce((s, r) => s + r.counts.bev, 0);
				expect(Math.abs(sum - real) / real, `${st.id}: ${sum} vs ${real}`).toBeLessThanOrEqual(0.02);
			}
		}
	});

	it('follows the real Stadtteil foreigner shares in 2016 (±2 points where ≥ 5,000 residents)', () => {
		for (const st of register.stadtteile) {
			const r16 = inYear(2016).filter((r) => stadtteilOf.get(r.area_id) === st.id);
			const bev = r16.reduce((s, r) => s + r.counts.bev, 0);
			if (bev < 5000) continue;
			const share = (100 * r16.reduce((s, r) => s + r.counts.auslaender, 0)) / bev;
			const real = stadtteilFact(facts.stadtteile, st.id, 'auslaenderanteil_pct')!.wert;
			expect(Math.abs(share - real), `${st.id}: ${share.toFixed(1)} vs ${real}`).toBeLessThanOrEqual(2);
		}
	});

	it('keeps the port and rural Ortsteile tiny in every year', () => {
		for (const r of rows) {
			if (PORTS.includes(r.area_id)) expect(r.counts.bev, `${r.area_id} ${r.year}`).toBeLessThan(60);
			if (PORTS.includes(r.area_id) || RURAL.includes(r.area_id)) {
				expect(r.counts.bev, `${r.area_id} ${r.year}`).toBeLessThan(1100);
			}
		}
	});

	it('has realistic city-wide levels in every year', () => {
		for (const year of DEMO_YEARS) {
			const sum = (k: string) => inYear(year).reduce((s, r) => s + (r.counts[k] ?? 0), 0);
			const bev = sum('bev');
			expect(bev).toBeGreaterThan(550_000);
			expect(bev).toBeLessThan(600_000);
			const sgb2 = (100 * sum('sgb2_personen')) / sum('bev_u65');
			expect(sgb2).toBeGreaterThan(15);
			expect(sgb2).toBeLessThan(20);
			const alz = (100 * sum('arbeitslose')) / sum('bev_15_65');
			expect(alz).toBeGreaterThan(6);
			expect(alz).toBeLessThan(11);
		}
	});

	it('correlates indicators of one factor: SGB-II-Quote vs Arbeitslosenziffer 2023 > 0.6', () => {
		const ok = inYear(2023).filter((r) => r.counts.bev_u65 >= 50 && r.counts.bev_15_65 >= 50);
		const sgb2 = ok.map((r) => r.counts.sgb2_personen / r.counts.bev_u65);
		const alz = ok.map((r) => r.counts.arbeitslose / r.counts.bev_15_65);
		expect(pearson(sgb2, alz)).toBeGreaterThan(0.6);
	});

	it('is spatially smooth: neighbours differ less in SGB-II-Quote than arbitrary pairs', () => {
		const quote = new Map(
			inYear(2023)
				.filter((r) => r.counts.bev_u65 >= 50)
				.map((r) => [r.area_id, r.counts.sgb2_personen / r.counts.bev_u65])
		);
		const ids = [...quote.keys()];
		const meanDiff = (pairs: [string, string][]) => {
			const d = pairs.filter(([a, b]) => quote.has(a) && quote.has(b)).map(([a, b]) => Math.abs(quote.get(a)! - quote.get(b)!));
			return d.reduce((s, x) => s + x, 0) / d.length;
		};
		const allPairs: [string, string][] = [];
		for (const a of ids) for (const b of ids) if (a < b) allPairs.push([a, b]);
		expect(meanDiff(input.neighbours)).toBeLessThan(0.8 * meanDiff(allPairs));
	});

	it('changes over time: some Ortsteile improve, some worsen (SGB-II-Quote 2015 → 2023)', () => {
		const q = (r: BaseRow) => r.counts.sgb2_personen / r.counts.bev_u65;
		const first = new Map(inYear(2015).map((r) => [r.area_id, r]));
		const deltas = inYear(2023)
			.filter((r) => r.counts.bev_u65 >= 1000)
			.map((r) => q(r) - q(first.get(r.area_id)!));
		expect(deltas.filter((d) => d < -0.01).length).toBeGreaterThan(5);
		expect(deltas.filter((d) => d > 0.01).length).toBeGreaterThan(5);
	});

	it('fails loudly on missing inputs', () => {
		const noArea = new Map(input.areaKm2);
		noArea.delete('ot-tenever');
		expect(() => generateDemoBases({ ...input, areaKm2: noArea })).toThrow(/ot-tenever/);
		expect(() => generateDemoBases({ ...input, stadtteilFacts: facts.stadtteile.filter((f) => f.stadtteil_id !== 'st-vahr') })).toThrow(
			/st-vahr/
		);
		expect(() => generateDemoBases({ ...input, neighbours: [['ot-tenever', 'ot-gibtsnicht']] })).toThrow(/ot-gibtsnicht/);
	});
});
