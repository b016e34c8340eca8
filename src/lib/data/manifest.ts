/** `static/data/manifest.json`: what the data build produced, from which inputs. */
export interface DatasetInfo {
	id: string;
	label: string;
	/** true for the synthetic default values: every page and export must say so */
	demo: boolean;
	description: string;
	years: number[];
}
export interface Manifest {
	/** hash over every input of the build (data/, build scripts, boundary file) */
	inputs_hash: string;
	datasets: DatasetInfo[];
	geometry: {
		available: boolean;
		/** file name of the boundary file, or the reason it is missing */
		source: string;
		crs: string | null;
		attribution: string;
	};
	counts: { ortsteile: number; stadtteile: number; stadtbezirke: number; neighbour_pairs: number };
}

/** The source line for values from these datasets ("demo,import:x" or a single id). */
export function sourceLabel(manifest: Manifest | null, datasets: string | undefined): string {
	if (!manifest || !datasets) return '';
	return datasets
		.split(',')
		.map((id) => manifest.datasets.find((d) => d.id === id)?.label ?? id)
		.join('; ');
}

/**
 * The datasets the shown values come from ("Demodaten …; Bevölkerung 2021 – Amt …"),
 * from the rows' `datasets` / `dataset` columns, in manifest order; every dataset
 * of the manifest while no row names one (e.g. before the values are loaded).
 */
export function rowsSourceLabel(manifest: Manifest | null, rows: readonly { datasets?: string; dataset?: string }[]): string {
	if (!manifest) return '';
	const used = new Set(rows.flatMap((r) => (r.datasets ?? r.dataset ?? '').split(',').filter(Boolean)));
	return manifest.datasets
		.filter((d) => used.size === 0 || used.has(d.id))
		.map((d) => d.label)
		.join('; ');
}

/** Every year any dataset has values for (demo and imports), ascending. */
export function manifestYears(manifest: Manifest | null): number[] {
	return [...new Set((manifest?.datasets ?? []).flatMap((d) => d.years))].sort((a, b) => a - b);
}
