/**
 * Years in headers and cells. Official tables name the reference date in many
 * ways: "2019", "31.12.2019", "Stand 31.12.2019", "Jahr 2019", "2019-12-31",
 * or a plain number in an XLSX cell. Anything else (e.g. a school year
 * "2019/20") is not silently mapped to one of its years.
 */
import type { RawCell } from './types.ts';

const YEAR = '((?:19|20)\\d{2})';
const YEAR_PATTERNS: RegExp[] = [
	new RegExp(`^${YEAR}$`),
	new RegExp(`^(?:\\d{1,2}\\.\\s?\\d{1,2}\\.\\s?)${YEAR}$`),
	new RegExp(`^${YEAR}-\\d{1,2}-\\d{1,2}$`),
	new RegExp(`^(?:jahr|year|stand|stichtag|ende|ultimo|dez\\.?|dezember|31\\.\\s?12\\.?)\\s*(?:\\d{1,2}\\.\\s?\\d{1,2}\\.\\s?)?${YEAR}$`, 'i'),
	new RegExp(`^${YEAR}\\s*\\((?:\\d{1,2}\\.\\s?\\d{1,2}\\.?|stand.*|stichtag.*)\\)$`, 'i')
];

/**
 * The year a header or cell stands for, or null if it is not (only) a year.
 *
 * @example parseYear('31.12.2019') // → 2019
 * @example parseYear('Stand 31.12.2020') // → 2020
 * @example parseYear('2019/20') // → null
 */
export function parseYear(raw: RawCell): number | null {
	if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 1900 && raw <= 2099 ? raw : null;
	const s = raw.trim().replace(/\s+/g, ' ');
	for (const re of YEAR_PATTERNS) {
		const m = re.exec(s);
		if (m) return Number(m[1]);
	}
	return null;
}

/** Default plausible years: 1950 to next year (data about the future cannot exist yet). */
export function defaultYearRange(now: Date = new Date()): [number, number] {
	return [1950, now.getFullYear() + 1];
}
