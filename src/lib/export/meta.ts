/**
 * What every export carries besides the picture or the table: title,
 * subtitle (indicator, year, level, method settings), source line, map
 * attribution, the export date and — for the synthetic default data — a
 * visible "Demodaten" mark. Built by the views, drawn by the writers.
 */

/** The visible mark on every export of synthetic data. */
export const DEMO_MARK = 'Demodaten – synthetisch';
/** Longer form for table headers and the "Quellen und Methode" sheet. */
export const DEMO_NOTE = 'Demodaten – Ortsteilwerte synthetisch, nicht amtlich. Nicht als Aussage über reale Quartiere verwenden.';
/** Attribution of the boundaries (OpenStreetMap, ODbL); goes on every map. */
export const OSM_ATTRIBUTION = 'Kartengrundlage © OpenStreetMap-Mitwirkende, ODbL';
/** Shown as the producer in footers. */
export const APP_NAME = 'Sozialraum-Monitor Bremen';

export interface ExportMeta {
	/** e.g. "SGB-II-Quote 2023 nach Ortsteilen" */
	title: string;
	/** indicator, year, level and method settings, e.g. "Anteil in % · 2023 · 88 Ortsteile · Klassen: Quantile (5)" */
	subtitle: string;
	/** "Quelle: … Stand …" */
	source: string;
	/** map attribution (maps only), usually OSM_ATTRIBUTION */
	attribution?: string;
	/** synthetic data shown: the export gets the DEMO_MARK */
	demo: boolean;
	/** time of the export, passed in by the caller (no clock inside the writers) */
	exportedAt: Date;
}

/**
 * German date and time of an export in local time.
 * @example formatExportDate(new Date(2025, 2, 7, 9, 5)) // → "07.03.2025, 09:05 Uhr"
 */
export function formatExportDate(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()}, ${pad(date.getHours())}:${pad(date.getMinutes())} Uhr`;
}

/** Footer line: "Sozialraum-Monitor Bremen · exportiert am 07.03.2025, 09:05 Uhr". */
export function exportedLine(date: Date): string {
	return `${APP_NAME} · exportiert am ${formatExportDate(date)}`;
}

/**
 * "Stand" of a value from the catalogue's reference date and the year.
 * @example standLabel('31.12.', 2023) // → "31.12.2023"
 * @example standLabel('Schuljahresende', 2022) // → "Schuljahresende 2022"
 */
export function standLabel(referenceDate: string | null | undefined, year: number): string {
	const ref = (referenceDate ?? '').trim();
	if (!ref) return String(year);
	return ref.endsWith('.') ? `${ref}${year}` : `${ref} ${year}`;
}

/**
 * The source line of an export.
 * @example sourceLine('Demodaten (synthetisch, nicht amtlich)', '31.12.2023') // → "Quelle: Demodaten (synthetisch, nicht amtlich); Stand 31.12.2023"
 */
export function sourceLine(datasetLabel: string, stand: string | null): string {
	return `Quelle: ${datasetLabel || 'unbekannt'}${stand ? `; Stand ${stand}` : ''}`;
}
