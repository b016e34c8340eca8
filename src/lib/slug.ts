/**
 * The one transliteration for ids and file names: lower case, ä→ae ö→oe ü→ue ß→ss,
 * other accents dropped, every run of other characters → `separator`, trimmed.
 *
 * @example asciiSlug('Neustädter Häfen') // → "neustaedter-haefen"
 * @example asciiSlug('Ausländer-Anteil (%)', '_') // → "auslaender_anteil"
 */
export function asciiSlug(text: string, separator: '-' | '_' = '-'): string {
	return text
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, separator)
		.replace(separator === '-' ? /^-+|-+$/g : /^_+|_+$/g, '');
}
