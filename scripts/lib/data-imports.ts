/**
 * Official tables imported into the built-in dataset (`npm run data -- --import FILE
 * --source "…"`): validated with the same import core as the browser wizard, then
 * stored as `data/imports/<name>.csv` (long: area_id, indicator_id, year,
 * numerator, denominator, value, status) plus `<name>.json` with the provenance.
 * A file with any error writes nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { csvFormat, csvParse } from 'd3';
import type { Catalogue, Register, ValueRow } from '../../src/lib/data/contract.ts';
import { importFile, formatImportResult } from '../../src/lib/import/index.ts';
import { slug } from './facts.ts';

export interface ImportMeta {
	/** `import:<name>`, the dataset id in `vals` */
	id: string;
	name: string;
	/** the user's statement of the source (required: we never invent one) */
	source: string;
	/** reference date as stated by the user, if any */
	stand: string | null;
	file: string;
	rows: number;
	indicators: string[];
	years: number[];
}

export interface StoredImport {
	meta: ImportMeta;
	rows: ValueRow[];
}

export interface ImportRequest {
	file: string;
	source: string;
	name?: string;
	stand?: string;
	/** catalogue id of the indicator of a wide table (years as columns) */
	indicator?: string;
}

/** Validates the file and stores it in `dir`; returns the German report and whether it was stored. */
export async function importIntoData(
	req: ImportRequest,
	register: Register,
	catalogue: Catalogue,
	dir: string
): Promise<{ ok: boolean; report: string; meta?: ImportMeta }> {
	if (!req.source?.trim()) {
		return { ok: false, report: 'Fehler: Bitte die Quelle der Daten angeben (--source "Statistisches Landesamt Bremen, Ortsteilatlas, Stand …").' };
	}
	if (!existsSync(req.file)) return { ok: false, report: `Fehler: Datei ${req.file} nicht gefunden.` };
	const result = await importFile(
		{ name: basename(req.file), bytes: new Uint8Array(readFileSync(req.file)) },
		{ register, catalogue, mapping: req.indicator ? { indicator: req.indicator } : undefined }
	);
	const report = formatImportResult(result);
	if (!result.ok) return { ok: false, report };
	const name = slug(req.name ?? basename(req.file).replace(/\.[^.]+$/, ''));
	const meta: ImportMeta = {
		id: `import:${name}`,
		name: req.name ?? basename(req.file),
		source: req.source.trim(),
		stand: req.stand ?? null,
		file: basename(req.file),
		rows: result.rows.length,
		indicators: [...new Set(result.rows.map((r) => r.indicator_id))].sort(),
		years: [...new Set(result.rows.map((r) => r.year))].sort((a, b) => a - b)
	};
	mkdirSync(dir, { recursive: true });
	const sorted = [...result.rows].sort((a, b) => a.indicator_id.localeCompare(b.indicator_id) || a.area_id.localeCompare(b.area_id) || a.year - b.year);
	writeFileSync(join(dir, `${name}.csv`), csvFormat(sorted, ['area_id', 'indicator_id', 'year', 'numerator', 'denominator', 'value', 'status']) + '\n');
	writeFileSync(join(dir, `${name}.json`), JSON.stringify(meta, null, 2) + '\n');
	return { ok: true, report, meta };
}

/** All stored imports in name order. */
export function readDataImports(dir: string): StoredImport[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const meta = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ImportMeta;
			const num = (x: string | undefined) => (x === undefined || x === '' ? null : Number(x));
			const rows = csvParse(readFileSync(join(dir, f.replace(/\.json$/, '.csv')), 'utf8')).map((r) => ({
				area_id: r.area_id!,
				indicator_id: r.indicator_id!,
				year: Number(r.year),
				numerator: num(r.numerator),
				denominator: num(r.denominator),
				value: num(r.value),
				status: r.status as ValueRow['status']
			}));
			return { meta, rows };
		});
}
