/** German number formatting for the UI and exports. */

const formatters = new Map<number, Intl.NumberFormat>();

/** 1234.5 → "1.234,5" with the given decimals; null/NaN → "–". */
export function formatNumber(value: number | null | undefined, decimals = 1): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '–';
	let f = formatters.get(decimals);
	if (!f) {
		f = new Intl.NumberFormat('de-DE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
		formatters.set(decimals, f);
	}
	return f.format(value);
}

/** Value with its unit: "17,3 %", "412 Einw. je km²", "12.345 Personen". */
export function formatValue(value: number | null | undefined, unit: string, decimals: number): string {
	const n = formatNumber(value, decimals);
	return n === '–' ? n : `${n} ${unit}`;
}

const euroFormat = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });

/** Whole euros with thousands dots: 1234567.4 → "1.234.567"; null/NaN → "–". No "€" sign (see `formatEuroSigned`). */
export function formatEuro(value: number | null | undefined): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '–';
	return euroFormat.format(Math.round(value) === 0 ? 0 : value);
}

/** Whole euros with an explicit sign for differences: 1234 → "+1.234", −5 → "-5", 0 → "0" (hyphen-minus, as `formatNumber`). */
export function formatEuroSigned(value: number | null | undefined): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '–';
	const r = Math.round(value);
	if (r === 0) return '0';
	return `${r > 0 ? '+' : '-'}${euroFormat.format(Math.abs(r))}`;
}

/** Result of reading a number typed by a user. */
export type ParsedNumber = { ok: true; value: number } | { ok: false; error: string };

/**
 * Reads a number as a German user types it: thousands dots in groups of three,
 * decimal comma, optional blanks as thousands separators, an optional trailing
 * "€"/"EUR" or "%" (ignored; the caller knows the unit) and a leading "+"/"-"/"−".
 * A number with a decimal *point* is refused with a German hint, since "1.5" is
 * ambiguous in German usage; so is a dot not followed by a group of three digits.
 *
 * @example parseGermanNumber('1.000.000')   // → { ok: true, value: 1000000 }
 * @example parseGermanNumber('12,5 %')      // → { ok: true, value: 12.5 }
 * @example parseGermanNumber('1.000.000 €') // → { ok: true, value: 1000000 }
 * @example parseGermanNumber('1.5')         // → { ok: false, error: '„1.5“ ist keine Zahl in deutscher Schreibweise …' }
 */
export function parseGermanNumber(text: string): ParsedNumber {
	const raw = text.trim();
	const s = raw
		.replace(/\s*(€|EUR|Euro|%)$/i, '')
		.replace(/^[−–]/, '-')
		.trim();
	if (s === '') return { ok: false, error: 'Bitte eine Zahl eingeben.' };
	const m = /^([+-]?)(\d{1,3}(?:[.\s\u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?$/.exec(s);
	if (!m) {
		const hint = /^[+-]?\d+\.\d+$/.test(s)
			? ' Bitte Dezimalkomma verwenden (z. B. 12,5) und Tausenderpunkte nur in Dreiergruppen (z. B. 1.000.000).'
			: /,\d{3}(,\d{3})+$/.test(s)
				? ' Tausender bitte mit Punkt trennen (z. B. 1.000.000).'
				: ' Erwartet z. B. 1.000.000 oder 12,5.';
		return { ok: false, error: `„${raw}“ ist keine Zahl in deutscher Schreibweise.${hint}` };
	}
	const value = Number(`${m[1] === '-' ? '-' : ''}${m[2].replace(/[.\s\u00a0\u202f]/g, '')}${m[3] ? `.${m[3]}` : ''}`);
	if (!Number.isFinite(value)) return { ok: false, error: `„${raw}“ ist zu groß.` };
	return { ok: true, value: Object.is(value, -0) ? 0 : value };
}
