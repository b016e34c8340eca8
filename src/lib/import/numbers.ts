/**
 * Number cells of official tables: German or English notation, suppression
 * markers, empty cells. A cell is never silently turned into 0: suppressed
 * cells stay suppressed, empty cells stay missing, and anything unreadable is
 * reported as such.
 *
 * Zeichenerklärung of the statistical offices (Destatis, Statistisches
 * Landesamt Bremen) and the Bundesagentur für Arbeit:
 *   `.`  Zahlenwert unbekannt oder geheim zu halten
 *   `…` / `...`  Angabe fällt später an
 *   `x`  Tabellenfach gesperrt, weil Aussage nicht sinnvoll
 *   `/`  keine Angabe, da Zahlenwert nicht sicher genug
 *   `*`  (BA) Wert aus Datenschutzgründen anonymisiert
 *   `–` / `-`  officially "nichts vorhanden" (genau null) – but also used for
 *       "keine Angabe" by many hand-made tables. We keep it as `gesperrt`
 *       (no value) unless the user declares it as zero (`dashAsZero`), and
 *       say so in the report: a wrong zero would be an injected value.
 *   `(12)` Aussagewert eingeschränkt – read as 12 and flagged.
 */
import type { DecimalStyle, RawCell } from './types.ts';

export type NumberCell =
	| { kind: 'number'; value: number; restricted?: boolean }
	| { kind: 'suppressed'; marker: string }
	| { kind: 'empty' }
	| { kind: 'invalid'; raw: string; hint?: string };

/** Cell contents that mark a suppressed value (after trimming). */
export const SUPPRESSION_MARKERS: readonly string[] = ['.', '…', '...', 'x', 'X', '/', '*', '-', '–', '—'];
const DASHES = new Set(['-', '–', '—']);

/** Blanks used as thousands separators: space, no-break space, narrow no-break space, thin space, apostrophes. */
const GROUP_BLANKS = /[ \u00a0\u202f\u2009'’]/;

export interface NumberOptions {
	/** read "-" / "–" as 0 ("nichts vorhanden") instead of suppressed; default false */
	dashAsZero?: boolean;
}

/**
 * Reads one cell. Accepts a leading sign (`-`, `−`, `+`), a trailing `%`,
 * thousands separators with correct 3-digit grouping, a leading decimal
 * separator (`,5`) and exponents (`1,5E3`). Numbers from XLSX cells pass
 * through. Suppression markers and blanks are recognised before anything else.
 *
 * @example parseNumber('1.234,5', 'comma')  // → { kind: 'number', value: 1234.5 }
 * @example parseNumber('1,234.5', 'point')  // → { kind: 'number', value: 1234.5 }
 * @example parseNumber(' … ', 'comma')      // → { kind: 'suppressed', marker: '…' }
 * @example parseNumber('12.5', 'comma')     // → { kind: 'invalid', raw: '12.5', hint: … }
 */
export function parseNumber(raw: RawCell, style: DecimalStyle, opts: NumberOptions = {}): NumberCell {
	if (typeof raw === 'number') return Number.isFinite(raw) ? { kind: 'number', value: raw } : { kind: 'invalid', raw: String(raw) };
	const s = raw.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
	if (s === '') return { kind: 'empty' };
	if (SUPPRESSION_MARKERS.includes(s)) {
		if (opts.dashAsZero && DASHES.has(s)) return { kind: 'number', value: 0 };
		return { kind: 'suppressed', marker: s };
	}
	const restricted = /^\((.+)\)$/.exec(s);
	if (restricted) {
		const inner = parseNumber(restricted[1], style, opts);
		return inner.kind === 'number' ? { ...inner, restricted: true } : { kind: 'invalid', raw: s };
	}
	const value = parseNumeral(s, style);
	if (value !== null) return { kind: 'number', value };
	return { kind: 'invalid', raw: s, hint: invalidHint(s, style) };
}

/** Parses sign, digits, separators, `%` and exponent; null if the notation is not `style`. */
function parseNumeral(s: string, style: DecimalStyle): number | null {
	const m = /^([+\-−]?)\s*([0-9.,\s\u00a0\u202f\u2009'’]*[0-9])?([.,]\d*)?(?:[eE]([+-]?\d{1,3}))?\s*%?$/.exec(s);
	if (!m) return null;
	const body = (m[2] ?? '') + (m[3] ?? '');
	if (!/\d/.test(body)) return null;
	const digits = canonicalDigits(body, style);
	if (digits === null) return null;
	const text = `${m[1] === '' || m[1] === '+' ? '' : '-'}${digits}${m[4] !== undefined ? `e${m[4]}` : ''}`;
	const value = Number(text);
	return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
}

/**
 * Turns "1.234,5" (comma style) or "1,234.5" (point style) into "1234.5".
 * The integer part may use the thousands separator (or blanks) only in
 * correct groups of three; the decimal separator may occur once.
 */
function canonicalDigits(body: string, style: DecimalStyle): string | null {
	const dec = style === 'comma' ? ',' : '.';
	const group = style === 'comma' ? '.' : ',';
	const parts = body.split(dec);
	if (parts.length > 2) return null;
	const [intPart, fracPart] = parts;
	if (fracPart !== undefined && !/^\d*$/.test(fracPart)) return null;
	let intDigits = intPart;
	if (intPart.includes(group) || GROUP_BLANKS.test(intPart)) {
		const groups = intPart.split(new RegExp(`[${group === '.' ? '\\.' : ','} \\u00a0\\u202f\\u2009'’]`));
		if (!/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return null;
		intDigits = groups.join('');
	}
	if (!/^\d*$/.test(intDigits)) return null;
	if (intDigits === '' && (fracPart === undefined || fracPart === '')) return null;
	return `${intDigits === '' ? '0' : intDigits}${fracPart ? `.${fracPart}` : ''}`;
}

/** A German hint for a cell that is not a number in `style`. */
function invalidHint(s: string, style: DecimalStyle): string | undefined {
	if (parseNumeral(s, style === 'comma' ? 'point' : 'comma') !== null) {
		return style === 'comma'
			? 'Die Zahl ist mit Dezimalpunkt geschrieben, die Datei wird mit Dezimalkomma gelesen.'
			: 'Die Zahl ist mit Dezimalkomma geschrieben, die Datei wird mit Dezimalpunkt gelesen.';
	}
	if (/^[<>≤≥]/.test(s)) return 'Größer-/Kleiner-Angaben sind keine Werte – bitte als gesperrt („.“) markieren.';
	if (/\d/.test(s) && /[a-zA-Z¹²³⁾)]$/.test(s)) return 'Fußnotenzeichen am Wert bitte entfernen.';
	return undefined;
}

/** The vote of one cell on the decimal style. */
type Vote = 'comma' | 'point' | 'ambiguous' | null;

/** Classifies one text cell: which decimal style its notation implies. */
export function decimalVote(raw: RawCell): Vote {
	if (typeof raw === 'number') return null;
	let s = raw.trim().replace(/^\((.*)\)$/, '$1').replace(/^[+\-−]\s*/, '').replace(/\s*%$/, '');
	s = s.replace(/[eE][+-]?\d+$/, '');
	if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
	const lastDot = s.lastIndexOf('.');
	const lastComma = s.lastIndexOf(',');
	if (lastDot >= 0 && lastComma >= 0) return lastComma > lastDot ? 'comma' : 'point';
	const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
	if (sep === null) return null;
	const parts = s.split(sep);
	if (parts.length > 2) return sep === '.' ? 'comma' : 'point'; // repeated: must be a thousands separator
	const [a, b] = parts;
	const couldBeGroup = /^[1-9]\d{0,2}$/.test(a) && /^\d{3}$/.test(b);
	if (couldBeGroup) return 'ambiguous';
	return sep === ',' ? 'comma' : 'point';
}

export interface DecimalInference {
	style: DecimalStyle;
	comma: number;
	point: number;
	/** examples of cells like "1.234" that fit both styles */
	ambiguous: string[];
	ambiguousCount: number;
	/** German explanation when ambiguous or mixed cells decided by majority/default; else undefined */
	note?: string;
	/** both styles occur in unambiguous cells */
	mixed: boolean;
}

/**
 * Infers the decimal style from the numeric cells of a table: each cell with
 * exactly one kind of separator that cannot be a thousands group (e.g. "12,5",
 * "0.25") or with both kinds ("1.234,5") votes; cells like "1.234" or "1,234"
 * fit both styles and do not vote. The majority wins; without any vote the
 * separator decides (`,`-separated files use the decimal point, `;` and tab
 * files – the German Excel defaults – the decimal comma).
 *
 * @example inferDecimalStyle(['1.234', '12,5'], ';').style // → 'comma' ("1.234" = 1234)
 */
export function inferDecimalStyle(cells: Iterable<RawCell>, separator?: string): DecimalInference {
	let comma = 0;
	let point = 0;
	let ambiguousCount = 0;
	const ambiguous: string[] = [];
	for (const c of cells) {
		const v = decimalVote(c);
		if (v === 'comma') comma++;
		else if (v === 'point') point++;
		else if (v === 'ambiguous') {
			ambiguousCount++;
			if (ambiguous.length < 3 && !ambiguous.includes(String(c).trim())) ambiguous.push(String(c).trim());
		}
	}
	const byDefault = comma === point;
	const style: DecimalStyle = comma > point ? 'comma' : point > comma ? 'point' : separator === ',' ? 'point' : 'comma';
	const mixed = comma > 0 && point > 0;
	let note: string | undefined;
	const styleText = style === 'comma' ? 'Dezimalkomma und Tausenderpunkt' : 'Dezimalpunkt und Tausenderkomma';
	if (ambiguousCount > 0) {
		const ex = ambiguous.map((a) => `„${a}“`).join(', ');
		const read = readAs(ambiguous[0], style);
		const why = byDefault
			? separator === ','
				? 'weil die Datei Kommas als Trennzeichen verwendet'
				: 'weil keine eindeutigen Zahlen vorkommen (deutsche Voreinstellung)'
			: `weil ${countText(style === 'comma' ? comma : point, 'andere Zahl', 'andere Zahlen')} ${style === 'comma' ? 'ein Dezimalkomma' : 'einen Dezimalpunkt'} ${(style === 'comma' ? comma : point) === 1 ? 'hat' : 'haben'}`;
		const fit = ambiguousCount === 1 ? `1 Zahl (${ex}) passt` : `${ambiguousCount} Zahlen wie ${ex} passen`;
		note = `${fit} zu beiden Schreibweisen; gelesen mit ${styleText} (${ex.split(', ')[0]} = ${read}), ${why}.`;
	}
	if (mixed) {
		const minority = style === 'comma' ? point : comma;
		note = `${note ? note + ' ' : ''}Die Datei mischt Zahlschreibweisen (${comma} mit Dezimalkomma, ${point} mit Dezimalpunkt); gelesen mit ${styleText}; ${minority === 1 ? 'die abweichende Zahl wird' : `die ${minority} abweichenden Zahlen werden`} als Fehler gemeldet.`;
	}
	return { style, comma, point, ambiguous, ambiguousCount, note, mixed };
}

function countText(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** Formats how an ambiguous cell is read, e.g. "1234" or "1,234" (German decimal comma for display). */
function readAs(cell: string, style: DecimalStyle): string {
	const n = parseNumber(cell, style);
	return n.kind === 'number' ? String(n.value).replace('.', ',') : cell;
}

/**
 * Formats a number the way a German statistics table would (decimal comma,
 * thousands dot, at most `decimals` places) – for tests and messages.
 * @example formatGerman(1234.5, 1) // → "1.234,5"
 */
export function formatGerman(x: number, decimals = 2): string {
	const sign = x < 0 ? '-' : '';
	const [int, frac] = Math.abs(x).toFixed(decimals).split('.');
	const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	const f = frac?.replace(/0+$/, '');
	return `${sign}${grouped}${f ? `,${f}` : ''}`;
}
