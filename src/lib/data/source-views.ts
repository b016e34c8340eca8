/** Source lines for views whose results do not carry a dataset per value (index, Kilb types, segregation). */
import { engineDb } from './coordinator.ts';
import { rowsSourceLabel, type Manifest } from './manifest.ts';
import { valueDatasetsSql, type ProvenanceFilter } from '$lib/engine/provenance.ts';

/** "Demodaten (…); Bevölkerung 2021 – Amt …": the labels of the datasets behind these indicators and years. */
export async function valuesSourceLabel(manifest: Manifest | null, filter: ProvenanceFilter): Promise<string> {
	const db = await engineDb();
	const [row] = await db.query<{ datasets: string | null }>(valueDatasetsSql(filter));
	return rowsSourceLabel(manifest, [{ datasets: row?.datasets ?? undefined }]);
}
