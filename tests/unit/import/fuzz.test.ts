/**
 * Property tests (fast-check) for the tolerant parser and the all-or-nothing
 * contract: no input makes the import throw, no failed import carries rows,
 * and generated German tables survive serialisation and parsing unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDelimited, parseDelimited } from '../../../src/lib/import/csv.ts';
import { importTable } from '../../../src/lib/import/index.ts';
import { formatGerman } from '../../../src/lib/import/numbers.ts';
import type { ImportResult } from '../../../src/lib/import/types.ts';
import { catalogue, register, YEARS } from './helpers.ts';

const base = { register, catalogue, yearRange: YEARS };
const encode = (s: string) => new TextEncoder().encode(s);
const names = register.ortsteile.map((o) => o.name);

/** The contract every result must keep, whatever the input. */
function checkContract(r: ImportResult): void {
	expect(typeof r.ok).toBe('boolean');
	expect(typeof r.report.summary).toBe('string');
	if (r.ok) {
		expect(Array.isArray(r.rows)).toBe(true);
		expect('errors' in r).toBe(false);
	} else {
		expect('rows' in r).toBe(false);
		expect(r.errors.length).toBeGreaterThan(0);
		for (const e of r.errors) expect(e.message.length).toBeGreaterThan(0);
	}
}

/** Text from pieces that matter to the parser: separators, quotes, line ends, markers, names, numbers. */
const csvish = fc
	.array(fc.constantFrom(';', ',', '\t', '"', '""', '\n', '\r\n', '\r', '.', '…', '-', 'x', '1.234', '12,5', '2020', '31.12.2019', 'Jahr', 'Ortsteil', 'Wert', 'Altstadt', 'Neustädter Häfen', 'ä', ' ', 'Quelle: x'), { maxLength: 80 })
	.map((parts) => parts.join(''));

describe('never throws', () => {
	it('on arbitrary bytes', () => {
		fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => checkContract(importTable(bytes, base))), { numRuns: 300 });
	});

	it('on arbitrary text', () => {
		fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => checkContract(importTable(encode(s), base))), { numRuns: 300 });
	});

	it('on CSV-like text, with and without a chosen indicator', () => {
		fc.assert(
			fc.property(csvish, fc.boolean(), (s, wide) => checkContract(importTable(encode(s), { ...base, mapping: wide ? { indicator: 'bevoelkerungsdichte' } : undefined }))),
			{ numRuns: 400 }
		);
	});

	it('parseDelimited accounts for every character outside quotes', () => {
		fc.assert(
			fc.property(csvish, fc.constantFrom(';', ',', '\t'), (s, sep) => {
				const { records } = parseDelimited(s, sep);
				for (const r of records) expect(r.fields.length).toBeGreaterThan(0);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('round trips', () => {
	it('formatDelimited → parseDelimited gives the same fields (CR normalised to LF inside fields)', () => {
		const table = fc.array(fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
		fc.assert(
			fc.property(table, fc.constantFrom(';', ',', '\t'), (rows, sep) => {
				const parsed = parseDelimited(formatDelimited(rows, sep), sep).records.map((r) => r.fields);
				expect(parsed).toEqual(rows.map((r) => r.map((f) => f.replace(/\r\n?/g, '\n'))));
			}),
			{ numRuns: 300 }
		);
	});

	/** A long table: unique (area, year) pairs with values in hundredths, up to 100 000. */
	const longTable = fc
		.uniqueArray(fc.tuple(fc.integer({ min: 0, max: names.length - 1 }), fc.integer({ min: 2000, max: 2025 })), {
			minLength: 1,
			maxLength: 40,
			selector: ([a, y]) => `${a}|${y}`
		})
		.chain((keys) => fc.tuple(fc.constant(keys), fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: keys.length, maxLength: keys.length })));

	it('German long table (";", decimal comma, thousands dot, CRLF) → same numbers', () => {
		fc.assert(
			fc.property(longTable, fc.boolean(), ([keys, hundredths], title) => {
				const rows = keys.map(([a, y], i) => [names[a], 'Bevölkerungsdichte', String(y), formatGerman(hundredths[i] / 100, 2)]);
				const lines = [...(title ? [['Testdaten (erfunden)'], []] : []), ['Ortsteil', 'Indikator', 'Jahr', 'Wert'], ...rows];
				const r = importTable(encode(formatDelimited(lines, ';')), base);
				if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
				expect(r.report.decimal).toBe('comma');
				const got = new Map(r.rows.map((x) => [`${x.area_id}|${x.year}`, x.value]));
				keys.forEach(([a, y], i) => expect(got.get(`${register.ortsteile[a].id}|${y}`)).toBe(hundredths[i] / 100));
				expect(r.rows).toHaveLength(keys.length);
			}),
			{ numRuns: 150 }
		);
	});

	it('German wide table (years as columns, Windows-1252) → same numbers', () => {
		const wide = fc
			.tuple(
				fc.uniqueArray(fc.integer({ min: 0, max: names.length - 1 }), { minLength: 1, maxLength: 20 }),
				fc.uniqueArray(fc.integer({ min: 2000, max: 2025 }), { minLength: 1, maxLength: 5 })
			)
			.chain(([areas, years]) => fc.tuple(fc.constant(areas), fc.constant(years), fc.array(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: years.length, maxLength: years.length }), { minLength: areas.length, maxLength: areas.length })));
		fc.assert(
			fc.property(wide, ([areas, years, values]) => {
				const lines = [['Ortsteil', ...years.map((y) => `31.12.${y}`)], ...areas.map((a, i) => [names[a], ...values[i].map((v) => formatGerman(v / 100, 2))])];
				const text = formatDelimited(lines, ';');
				const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0)); // Latin-1 = Windows-1252 for these names
				const r = importTable(bytes, { ...base, mapping: { indicator: 'bevoelkerungsdichte' } });
				if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
				expect(r.report.layout).toBe('wide');
				const got = new Map(r.rows.map((x) => [`${x.area_id}|${x.year}`, x.value]));
				areas.forEach((a, i) => years.forEach((y, k) => expect(got.get(`${register.ortsteile[a].id}|${y}`)).toBe(values[i][k] / 100)));
			}),
			{ numRuns: 100 }
		);
	});

	it('English CSV ("," separator, quoted thousands) → same numbers', () => {
		fc.assert(
			fc.property(longTable, ([keys, hundredths]) => {
				const en = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 });
				const lines = [['area_name', 'indicator', 'year', 'value'], ...keys.map(([a, y], i) => [names[a], 'bevoelkerungsdichte', String(y), en(hundredths[i] / 100)])];
				const r = importTable(encode(formatDelimited(lines, ',')), base);
				if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
				const got = new Map(r.rows.map((x) => [`${x.area_id}|${x.year}`, x.value]));
				keys.forEach(([a, y], i) => expect(got.get(`${register.ortsteile[a].id}|${y}`)).toBe(hundredths[i] / 100));
			}),
			{ numRuns: 100 }
		);
	});
});

describe('never a partial import', () => {
	const BAD_CELLS: [column: number, value: string][] = [
		[3, 'abc'], // value not numeric
		[3, '-5'], // negative value
		[2, '1850'], // implausible year
		[2, 'zwanzig'], // not a year
		[0, 'Testort Z9'], // unknown area
		[1, 'Erfunden'] // unknown indicator
	];

	it('one bad cell anywhere → ok: false and no rows at all', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(fc.integer({ min: 0, max: names.length - 1 }), { minLength: 2, maxLength: 30 }),
				fc.nat(),
				fc.constantFrom(...BAD_CELLS),
				(areas, pick, [column, bad]) => {
					const rows = areas.map((a, i) => [names[a], 'Bevölkerungsdichte', '2020', formatGerman(100 + i * 7.25, 2)]);
					const good = importTable(encode(formatDelimited([['Ortsteil', 'Indikator', 'Jahr', 'Wert'], ...rows], ';')), base);
					expect(good.ok && good.rows.length).toBe(areas.length);
					const target = pick % rows.length;
					rows[target][column] = bad;
					const r = importTable(encode(formatDelimited([['Ortsteil', 'Indikator', 'Jahr', 'Wert'], ...rows], ';')), base);
					expect(r.ok).toBe(false);
					expect('rows' in r).toBe(false);
					if (!r.ok) expect(r.errors.some((e) => e.line === target + 2)).toBe(true);
				}
			),
			{ numRuns: 200 }
		);
	});

	it('a duplicate row anywhere → ok: false', () => {
		fc.assert(
			fc.property(fc.uniqueArray(fc.integer({ min: 0, max: names.length - 1 }), { minLength: 1, maxLength: 20 }), fc.nat(), (areas, pick) => {
				const rows = areas.map((a) => [names[a], 'Bevölkerungsdichte', '2020', '1']);
				rows.splice(pick % (rows.length + 1), 0, [...rows[pick % rows.length]]);
				const r = importTable(encode(formatDelimited([['Ortsteil', 'Indikator', 'Jahr', 'Wert'], ...rows], ';')), base);
				expect(r.ok).toBe(false);
				if (!r.ok) expect(r.errors.map((e) => e.code)).toContain('duplicate');
			}),
			{ numRuns: 100 }
		);
	});
});
