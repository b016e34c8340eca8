/**
 * File names that say what a file contains, safe on every file system:
 * lower case, German umlauts transliterated, words joined by "_".
 *
 * @example exportFilename(['sgb2_quote', 2023, 'ortsteil'], 'png') // → "sozialraum_sgb2_quote_2023_ortsteil.png"
 * @example exportFilename(['Rangbänder', 'Ausgrenzungsindex', 2023], 'svg') // → "sozialraum_rangbaender_ausgrenzungsindex_2023.svg"
 */
import { asciiSlug } from '../slug.ts';

const PREFIX = 'sozialraum';
/** Longest name before the extension (Windows paths stay short, Excel accepts ≤ 218 characters for the path). */
const MAX_LENGTH = 120;

/** One name part: "Ausländer-Anteil (%)" → "auslaender_anteil". Keeps ids like "sgb2_quote" as they are. */
export function slugPart(part: string | number): string {
	return asciiSlug(String(part), '_');
}

/**
 * `sozialraum_<parts>.<ext>`; empty, null and undefined parts are left out,
 * repeated parts kept once. The extension is taken as given ("png", "svg", "csv", "xlsx", "json").
 */
export function exportFilename(parts: readonly (string | number | null | undefined | false)[], ext: string): string {
	const slugs: string[] = [];
	for (const p of parts) {
		if (p === null || p === undefined || p === false || p === '') continue;
		const s = slugPart(p);
		if (s && !slugs.includes(s)) slugs.push(s);
	}
	let base = [PREFIX, ...slugs.filter((s) => s !== PREFIX)].join('_');
	if (base.length > MAX_LENGTH) base = base.slice(0, MAX_LENGTH).replace(/_+$/, '');
	return `${base}.${ext.replace(/^\./, '').toLowerCase()}`;
}

/** The 2× PNG gets "_2x" so both resolutions can sit in one folder. */
export function scaleSuffix(scale: number): string | null {
	return scale === 1 ? null : `${scale}x`;
}
