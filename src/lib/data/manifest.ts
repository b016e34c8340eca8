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
