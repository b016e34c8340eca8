/**
 * Real facts ("Fakten"): the few published figures we hold about Bremen's areas, kept as a
 * dataset of their own, with source, reference date and unit per value. They are never
 * mixed into the Ortsteil demo values; the demo generator only uses the Stadtteil facts as
 * anchors (see `scripts/lib/demo/generate.ts`).
 *
 * Files (see `data/facts/QUELLEN.md`):
 * - `data/facts/stadtteile.csv`: 23 Stadtteile × {einwohner, auslaenderanteil_pct,
 *   arbeitslosenquote_pct, flaeche_km2} — secondary (Wikipedia infoboxes).
 * - `data/facts/ortsteile_amtlich.csv`: the 10 Ortsteile of Vegesack and Blumenthal,
 *   Bevölkerung 31.12.2015 and Flächennutzung 31.12.2014 — official kleinraum tables.
 *
 * Both are long tables `<area>_id,merkmal,wert,einheit,stichtag,quelle,quelle_url`.
 * `buildFactsFromSources` re-creates them from the collected sources in
 * `../shared/data/bremen-stats/` (values copied as strings, never recomputed);
 * run `npx tsx scripts/lib/facts.ts [sourceDir]` to rewrite `data/facts/*.csv`.
 */
import { asciiSlug } from '../../src/lib/slug.ts';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCsv } from './register.ts';

export const STADTTEIL_MERKMALE = [
	'einwohner',
	'auslaenderanteil_pct',
	'arbeitslosenquote_pct',
	'flaeche_km2'
] as const;
export type StadtteilMerkmal = (typeof STADTTEIL_MERKMALE)[number];

interface FactFields {
	wert: number;
	einheit: string;
	/** ISO date `YYYY-MM-DD` */
	stichtag: string;
	quelle: string;
	quelle_url: string;
}
export interface StadtteilFact extends FactFields {
	stadtteil_id: string;
	merkmal: StadtteilMerkmal;
}
/** `merkmal` = the column name of the official table, e.g. `bevoelkerung_insgesamt`, `gesamtflaeche_ha`. */
export interface OrtsteilFact extends FactFields {
	ortsteil_id: string;
	merkmal: string;
}
export interface Facts {
	stadtteile: StadtteilFact[];
	ortsteile: OrtsteilFact[];
}

export const FACT_FILES = {
	stadtteile: 'stadtteile.csv',
	ortsteile: 'ortsteile_amtlich.csv'
} as const;

const FACT_COLUMNS = ['merkmal', 'wert', 'einheit', 'stichtag', 'quelle', 'quelle_url'] as const;

/** The register's id rule: lowercase, ä→ae ö→oe ü→ue ß→ss, other non-alphanumerics → '-'. */
export function slug(name: string): string {
	return asciiSlug(name);
}

// ---------------------------------------------------------------------------------------
// reading

function readTable(path: string, idColumn: string): Record<string, string>[] {
	const { header, rows } = parseCsv(readFileSync(path, 'utf8'), path);
	const expected = [idColumn, ...FACT_COLUMNS];
	if (header.join(',') !== expected.join(',')) {
		throw new Error(`${path}: Kopfzeile ${header.join(',')}, erwartet ${expected.join(',')}`);
	}
	return rows.map(({ line, values }) => {
		for (const col of expected) {
			if (!values[col]) throw new Error(`${path}, Zeile ${line}: Spalte ${col} ist leer`);
		}
		if (values.wert.trim() === '' || !Number.isFinite(Number(values.wert))) {
			throw new Error(`${path}, Zeile ${line}: wert „${values.wert}“ ist keine Zahl`);
		}
		return values;
	});
}

function fields(row: Record<string, string>): FactFields {
	return {
		wert: Number(row.wert),
		einheit: row.einheit,
		stichtag: row.stichtag,
		quelle: row.quelle,
		quelle_url: row.quelle_url
	};
}

/** Reads `data/facts/*.csv` (path relative to the working directory unless absolute). */
export function readFacts(dir = 'data/facts'): Facts {
	const stadtteilPath = join(dir, FACT_FILES.stadtteile);
	const stadtteile = readTable(stadtteilPath, 'stadtteil_id').map((row, i) => {
		if (!(STADTTEIL_MERKMALE as readonly string[]).includes(row.merkmal)) {
			throw new Error(`${stadtteilPath}, Zeile ${i + 2}: unbekanntes merkmal „${row.merkmal}“`);
		}
		return { stadtteil_id: row.stadtteil_id, merkmal: row.merkmal as StadtteilMerkmal, ...fields(row) };
	});
	const ortsteile = readTable(join(dir, FACT_FILES.ortsteile), 'ortsteil_id').map((row) => ({
		ortsteil_id: row.ortsteil_id,
		merkmal: row.merkmal,
		...fields(row)
	}));
	return { stadtteile, ortsteile };
}

/** The value of one Stadtteil fact, or undefined. */
export function stadtteilFact(
	facts: readonly StadtteilFact[],
	stadtteilId: string,
	merkmal: StadtteilMerkmal
): StadtteilFact | undefined {
	return facts.find((f) => f.stadtteil_id === stadtteilId && f.merkmal === merkmal);
}

// ---------------------------------------------------------------------------------------
// building from the collected sources (../shared/data/bremen-stats)

/** A fact row before parsing: `wert` kept as the exact string of the source file. */
interface RawFact {
	id: string;
	merkmal: string;
	wert: string;
	einheit: string;
	stichtag: string;
	quelle: string;
	quelle_url: string;
}

function readCsv(path: string): { header: string[]; rows: Record<string, string>[] } {
	const { header, rows } = parseCsv(readFileSync(path, 'utf8'), path);
	return { header, rows: rows.map((r) => r.values) };
}

/** RFC 4180 field: quoted when it contains a comma, quote or line break. */
function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function idsOf(areasDir: string, file: string): Set<string> {
	return new Set(readCsv(join(areasDir, file)).rows.map((r) => r.id));
}

function toId(prefix: 'st' | 'ot', name: string, known: Set<string>, where: string): string {
	const id = `${prefix}-${slug(name)}`;
	if (!known.has(id)) throw new Error(`${where}: „${name}“ → ${id} ist nicht im Gebietsregister`);
	return id;
}

/** How the Wikipedia text was read, from the `quelle_typ` column of the source files. */
function copyKind(quelleTyp: string): string {
	const translation = /^wikipedia-translation-(\w+)$/.exec(quelleTyp);
	if (translation) return `maschinelle Übersetzung des deutschen Artikels (${translation[1]})`;
	if (quelleTyp.startsWith('wikipedia-mirror')) return 'Spiegelkopie des deutschen Artikels';
	if (quelleTyp.startsWith('wikipedia-de')) return 'gespeicherte Kopie von de.wikipedia.org';
	throw new Error(`unbekannter quelle_typ „${quelleTyp}“`);
}

function wikipediaSource(what: string, quelleTyp: string, nach = 'Statistisches Landesamt Bremen'): string {
	return (
		`Wikipedia (Stadtteilartikel, Infobox, ${what}), Angaben nach ${nach}` +
		` – Sekundärquelle, gelesen als ${copyKind(quelleTyp)}`
	);
}

function buildStadtteilFacts(sourceDir: string, known: Set<string>): RawFact[] {
	const dir = join(sourceDir, 'stadtteile');
	const out: RawFact[] = [];
	// one consistent Stichtag for all 23 Stadtteile (2016 Wikipedia versions)
	const einwohnerFile = join(dir, 'stadtteile_einwohner_2016-12-31.csv');
	for (const row of readCsv(einwohnerFile).rows) {
		const id = toId('st', row.stadtteil, known, einwohnerFile);
		const quelle = wikipediaSource('Version mit Stand 31.12.2016', row.quelle_typ);
		out.push(
			{ id, merkmal: 'einwohner', wert: row.einwohner, einheit: 'Personen', stichtag: row.einwohner_stand, quelle, quelle_url: row.source_url },
			{ id, merkmal: 'auslaenderanteil_pct', wert: row.auslaenderanteil_pct, einheit: '%', stichtag: row.einwohner_stand, quelle, quelle_url: row.source_url }
		);
	}
	// Arbeitslosenquote (all rows dated 31.12.2016) and Fläche (31.12.2014) from the
	// preferred version per Stadtteil; both are identical in the 2016 and 2021 versions
	const basisFile = join(dir, 'stadtteile_basisdaten.csv');
	for (const row of readCsv(basisFile).rows) {
		const id = toId('st', row.stadtteil, known, basisFile);
		out.push(
			{
				id,
				merkmal: 'arbeitslosenquote_pct',
				wert: row.arbeitslosenquote_pct,
				einheit: '%',
				stichtag: row.arbeitslosenquote_stand,
				quelle: wikipediaSource(
					'Arbeitslosenquote mit Stand 31.12.2016, Definition in der Quelle nicht genannt',
					row.wikipedia_version
				),
				quelle_url: row.source_url
			},
			{
				id,
				merkmal: 'flaeche_km2',
				wert: row.flaeche_km2,
				einheit: 'km²',
				stichtag: row.flaeche_stand,
				quelle: wikipediaSource(
					'Flächenangaben mit Stand 31.12.2014',
					row.wikipedia_version,
					'Statistisches Landesamt Bremen / GeoInformation Bremen'
				),
				quelle_url: row.source_url
			}
		);
	}
	return out;
}

const BEVOELKERUNG_EINHEIT: Record<string, string> = {
	durchschnittsalter_jahre: 'Jahre',
	einwohner_je_ha: 'Einw. je ha'
};

/** "31.12.2015" → "2015-12-31" */
function isoDate(german: string): string {
	const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(german);
	if (!m) throw new Error(`Datum „${german}“ nicht im Format TT.MM.JJJJ`);
	return `${m[3]}-${m[2]}-${m[1]}`;
}

function buildOrtsteilFacts(sourceDir: string, known: Set<string>): RawFact[] {
	// per-row URL and Stichtag as recorded by the collector
	const provenance = new Map<string, { url: string; stand: string }>();
	for (const row of readCsv(join(sourceDir, 'sources_by_row.csv')).rows) {
		provenance.set(`${row.datei}|${row.ortsteil}`, { url: row.quelle_url, stand: row.stand });
	}
	const tables = [
		{
			file: 'bevoelkerung_2015.csv',
			table: '„Bevölkerung am 31.12.2015“ (Fortschreibung auf Grundlage des Zensus 2011; Verteilung unterhalb der Stadtebene aus dem Einwohnermelderegister)',
			unit: (col: string) => BEVOELKERUNG_EINHEIT[col] ?? 'Personen'
		},
		{
			file: 'flaechennutzung_2014.csv',
			table: '„Flächennutzung am 31.12.2014 (in ha)“ (Quelle: GeoInformation Bremen; Gesamtfläche laut Quelle nicht exakt die tatsächliche Fläche)',
			unit: () => 'ha'
		}
	];
	const out: RawFact[] = [];
	for (const { file, table, unit } of tables) {
		const path = join(sourceDir, file);
		const { header, rows } = readCsv(path);
		const merkmale = header.filter((c) => c !== 'ortsteil' && c !== 'stadtteil');
		for (const row of rows) {
			const id = toId('ot', row.ortsteil, known, path);
			const prov = provenance.get(`${file}|${row.ortsteil}`);
			if (!prov) throw new Error(`${path}: keine Herkunft für ${row.ortsteil} in sources_by_row.csv`);
			const quelle = `Statistisches Landesamt Bremen, Kleinräumiges Infosystem, Stadtteiltabelle ${row.stadtteil}: ${table} – amtlich`;
			for (const merkmal of merkmale) {
				if (row[merkmal] === '') continue;
				out.push({ id, merkmal, wert: row[merkmal], einheit: unit(merkmal), stichtag: isoDate(prov.stand), quelle, quelle_url: prov.url });
			}
		}
	}
	return out;
}

/**
 * Re-creates the fact tables from the collected sources. Values are the exact strings of
 * the source files; names are mapped to register ids and must exist in `areasDir`.
 */
export function buildFactsFromSources(
	sourceDir = '../shared/data/bremen-stats',
	areasDir = 'data/areas'
): { stadtteile: string; ortsteile: string } {
	const stadtteile = buildStadtteilFacts(sourceDir, idsOf(areasDir, 'stadtteile.csv'));
	const ortsteile = buildOrtsteilFacts(sourceDir, idsOf(areasDir, 'ortsteile.csv'));
	const format = (idColumn: string, rows: RawFact[]) =>
		[
			[idColumn, ...FACT_COLUMNS],
			...rows.map((r) => [r.id, r.merkmal, r.wert, r.einheit, r.stichtag, r.quelle, r.quelle_url])
		]
			.map((fields) => fields.map(csvField).join(','))
			.join('\n') + '\n';
	// stable order: Stadtteile by merkmal then register order of the source file
	const order = (m: string) => (STADTTEIL_MERKMALE as readonly string[]).indexOf(m);
	const sorted = [...stadtteile].sort((a, b) => order(a.merkmal) - order(b.merkmal));
	return { stadtteile: format('stadtteil_id', sorted), ortsteile: format('ortsteil_id', ortsteile) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	const sourceDir = process.argv[2] ?? '../shared/data/bremen-stats';
	const outDir = 'data/facts';
	const csv = buildFactsFromSources(sourceDir);
	mkdirSync(outDir, { recursive: true });
	writeFileSync(join(outDir, FACT_FILES.stadtteile), csv.stadtteile);
	writeFileSync(join(outDir, FACT_FILES.ortsteile), csv.ortsteile);
	console.log(`geschrieben: ${outDir}/${FACT_FILES.stadtteile}, ${outDir}/${FACT_FILES.ortsteile}`);
}
