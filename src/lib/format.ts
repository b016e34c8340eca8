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
