/**
 * What the planners import in the browser, as plain records: tables (value rows
 * with provenance, optionally new catalogue entries) and one set of boundaries.
 * This module holds the record types, their manifest entries, and the one-file
 * backup (JSON) with a complete validation on the way back in — a bad backup
 * stores nothing. IndexedDB access lives in `imports-store.ts`.
 */
import { asciiSlug } from '../slug.ts';
import type { AreaGeo, Factor, Indicator, ValueRow, ValueStatus } from './contract.ts';
import { FACTORS } from './contract.ts';
import type { DatasetInfo, Manifest } from './manifest.ts';
import type { LevelCollections } from '../geo/geometry.ts';
import type { CustomCatalogue } from '../import/new-indicator.ts';
import { CUSTOM_PREFIX } from '../import/new-indicator.ts';
import { CITY_ID } from '../engine/schema.ts';

export interface BrowserImport {
	/** `import:<slug>`, the dataset id in `vals` */
	id: string;
	name: string;
	/** the user's statement of the source (required: we never invent one) */
	source: string;
	/** reference date as stated by the user, if any */
	stand: string | null;
	/** name of the imported file */
	file: string;
	/** ISO timestamp, set by the UI when the import was taken over */
	created: string;
	rows: ValueRow[];
	/** indicators this import defined (not in the built-in catalogue); removed with the import */
	catalogue?: CustomCatalogue;
}

/** Imported boundaries: one record, replacing the build's boundaries for the map and the neighbours. */
export interface BrowserBoundaries {
	id: typeof BOUNDARIES_ID;
	name: string;
	source: string;
	stand: string | null;
	/** name(s) of the imported file(s) */
	file: string;
	created: string;
	/** CRS the file was read in ("EPSG:25832"); stored coordinates are WGS84 */
	sourceCrs: string;
	/** simplified map geometry of all three levels (`buildLevels`) */
	levels: LevelCollections;
	/** queen contiguity of the unsimplified Ortsteile, both directions */
	neighbours: [string, string][];
	/** km² and centroids of every area (`areaGeo`) */
	geo: AreaGeo[];
}

export const BOUNDARIES_ID = 'grenzen';
/** `format` field of the backup file. */
export const EXPORT_FORMAT = 'sozialraum-monitor-importe';
const EXPORT_VERSION = 2;

/** "Bevölkerung 2021 (Amt)" → "bevoelkerung-2021-amt". */
export function slug(name: string): string {
	return asciiSlug(name).slice(0, 60).replace(/-+$/, '') || 'import';
}

/** A dataset id for `name` that no stored import uses yet: import:<slug>, import:<slug>-2, … */
export function uniqueImportId(name: string, taken: Iterable<string>): string {
	const used = new Set(taken);
	const base = `import:${slug(name)}`;
	let id = base;
	for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
	return id;
}

/** The manifest entry of a browser import, labelled as the CLI labels its imports. */
export function importDataset(imp: BrowserImport): DatasetInfo {
	const indicators = [...new Set(imp.rows.map((r) => r.indicator_id))].sort();
	const created = imp.catalogue?.indicators.length ? ` Neu angelegt: ${imp.catalogue.indicators.map((i) => `„${i.label}“`).join(', ')}.` : '';
	return {
		id: imp.id,
		label: `${imp.name} – ${imp.source}${imp.stand ? `, Stand ${imp.stand}` : ''}`,
		demo: false,
		description: `Im Browser importiert aus ${imp.file}: ${imp.rows.length} Werte, Indikatoren ${indicators.join(', ')}; ersetzt für diese Indikatoren und Jahre die Demodaten vollständig.${created}`,
		years: [...new Set(imp.rows.map((r) => r.year))].sort((a, b) => a - b)
	};
}

/** The manifest's geometry entry for imported boundaries. */
export function boundariesGeometry(b: BrowserBoundaries): Manifest['geometry'] {
	return {
		available: true,
		source: `${b.file} (im Browser importiert, ${b.sourceCrs})`,
		crs: b.sourceCrs,
		attribution: `Kartengrundlage: ${b.source}${b.stand ? `, Stand ${b.stand}` : ''} (importierte Grenzen)`
	};
}

/** Imports and boundaries as one JSON text (for a download); `readExportFile` reads it back unchanged. */
export function exportImports(imports: BrowserImport[], boundaries: BrowserBoundaries | null = null): string {
	return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, imports, boundaries }, null, 1) + '\n';
}

/** Valid ids the backup may refer to (the register; the built-in catalogue). */
export interface KnownIds {
	areas: Set<string>;
	indicators: Set<string>;
	stadtteile?: Set<string>;
	stadtbezirke?: Set<string>;
}

export type ExportFileResult = { ok: true; imports: BrowserImport[]; boundaries: BrowserBoundaries | null } | { ok: false; errors: string[] };

const STATUSES: readonly ValueStatus[] = ['ok', 'gesperrt', 'fehlt', 'ohne_zaehler'];
/** Stop listing after this many problems per entry: enough to see what is wrong. */
const MAX_PER_ENTRY = 10;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown, required = true): v is string => typeof v === 'string' && (!required || v.trim() !== '');
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Parses and validates a backup file completely (versions 1 and 2). Returns the
 * imports and boundaries, or German errors naming the entry and row – then
 * nothing may be stored. `known` (optional) lists the valid ids.
 */
export function readExportFile(text: string, file: string, known?: KnownIds): ExportFileResult {
	let data: unknown;
	try {
		data = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (e) {
		return { ok: false, errors: [`${file}: keine gültige JSON-Datei (${(e as Error).message}).`] };
	}
	if (!isObj(data) || data.format !== EXPORT_FORMAT) {
		return { ok: false, errors: [`${file}: keine Export-Datei des Sozialraum-Monitors (Feld „format“ ist nicht „${EXPORT_FORMAT}“).`] };
	}
	if (data.version !== 1 && data.version !== 2) return { ok: false, errors: [`${file}: Version ${String(data.version)} wird nicht unterstützt (erwartet: 1 oder 2).`] };
	if (!Array.isArray(data.imports)) return { ok: false, errors: [`${file}: Feld „imports“ fehlt oder ist keine Liste.`] };
	const errors: string[] = [];

	// catalogue entries first: rows of any import may use any new indicator of the file
	const customIds = new Set<string>();
	data.imports.forEach((raw: unknown, i: number) => {
		if (isObj(raw) && raw.catalogue !== undefined) checkCatalogue(raw.catalogue, `${file}, Eintrag ${i + 1}`, known, customIds, errors);
	});
	const indicatorKnown = (id: string) => customIds.has(id) || !known || known.indicators.has(id);

	const imports: BrowserImport[] = [];
	const ids = new Set<string>();
	data.imports.forEach((raw: unknown, i: number) => {
		const where = `${file}, Eintrag ${i + 1}`;
		if (!isObj(raw)) return void errors.push(`${where}: kein Objekt.`);
		const okFields = ['id', 'name', 'source', 'file', 'created'].map((k) => isText(raw[k]) || void errors.push(`${where}: Feld „${k}“ fehlt oder ist kein Text.`)).every(Boolean);
		if (raw.stand !== null && raw.stand !== undefined && typeof raw.stand !== 'string') errors.push(`${where}: Feld „stand“ ist kein Text.`);
		if (okFields && !/^import:[a-z0-9-]+$/.test(raw.id as string)) errors.push(`${where}: Kennung „${raw.id}“ hat nicht die Form import:name.`);
		if (okFields && ids.has(raw.id as string)) errors.push(`${where}: Kennung „${raw.id}“ kommt doppelt vor.`);
		if (okFields) ids.add(raw.id as string);
		if (!Array.isArray(raw.rows) || raw.rows.length === 0) return void errors.push(`${where}: Feld „rows“ fehlt oder ist leer.`);
		const before = errors.length;
		const rows = readRows(raw.rows, where, known, indicatorKnown, errors);
		if (errors.length === before && okFields) {
			const imp: BrowserImport = { id: raw.id as string, name: raw.name as string, source: raw.source as string, stand: (raw.stand as string | null | undefined) ?? null, file: raw.file as string, created: raw.created as string, rows };
			if (raw.catalogue !== undefined) imp.catalogue = raw.catalogue as CustomCatalogue;
			imports.push(imp);
		}
	});

	let boundaries: BrowserBoundaries | null = null;
	if (data.boundaries !== undefined && data.boundaries !== null) {
		const before = errors.length;
		checkBoundaries(data.boundaries, `${file}, Grenzen`, known, errors);
		if (errors.length === before) boundaries = data.boundaries as unknown as BrowserBoundaries;
	}
	if (errors.length === 0 && imports.length === 0 && !boundaries) errors.push(`${file}: die Datei enthält weder Importe noch Grenzen.`);
	return errors.length > 0 ? { ok: false, errors } : { ok: true, imports, boundaries };
}

function readRows(raws: unknown[], where: string, known: KnownIds | undefined, indicatorKnown: (id: string) => boolean, errors: string[]): ValueRow[] {
	const rows: ValueRow[] = [];
	const before = errors.length;
	raws.forEach((r, j) => {
		if (errors.length - before >= MAX_PER_ENTRY) return;
		const at = `${where}, Wert ${j + 1}`;
		if (!isObj(r)) return void errors.push(`${at}: kein Objekt.`);
		const nullableNum = (k: string) => r[k] === null || isNum(r[k]);
		if (typeof r.area_id !== 'string' || (known && !known.areas.has(r.area_id))) return void errors.push(`${at}: unbekannter Ortsteil „${String(r.area_id)}“.`);
		if (typeof r.indicator_id !== 'string' || !indicatorKnown(r.indicator_id)) return void errors.push(`${at}: unbekannter Indikator „${String(r.indicator_id)}“.`);
		if (!Number.isInteger(r.year)) return void errors.push(`${at}: Jahr „${String(r.year)}“ ist keine ganze Zahl.`);
		for (const k of ['numerator', 'denominator', 'value']) if (!nullableNum(k)) return void errors.push(`${at}: „${k}“ ist weder Zahl noch leer (null).`);
		if (!STATUSES.includes(r.status as ValueStatus)) return void errors.push(`${at}: Status „${String(r.status)}“ ist unbekannt (erlaubt: ${STATUSES.join(', ')}).`);
		rows.push({
			area_id: r.area_id,
			indicator_id: r.indicator_id,
			year: r.year as number,
			numerator: r.numerator as number | null,
			denominator: r.denominator as number | null,
			value: r.value as number | null,
			status: r.status as ValueStatus
		});
	});
	return rows;
}

/** Checks the new catalogue entries of one import; adds their ids to `customIds`. */
function checkCatalogue(raw: unknown, where: string, known: KnownIds | undefined, customIds: Set<string>, errors: string[]): void {
	if (!isObj(raw) || !isObj(raw.bases) || !Array.isArray(raw.indicators)) return void errors.push(`${where}: Feld „catalogue“ braucht „bases“ (Objekt) und „indicators“ (Liste).`);
	const bases = raw.bases;
	raw.indicators.forEach((ind: unknown, k: number) => {
		const at = `${where}, neuer Indikator ${k + 1}`;
		if (!isObj(ind)) return void errors.push(`${at}: kein Objekt.`);
		const id = ind.id;
		if (typeof id !== 'string' || !new RegExp(`^${CUSTOM_PREFIX}[a-z0-9_]+$`).test(id)) return void errors.push(`${at}: Kennung „${String(id)}“ hat nicht die Form ${CUSTOM_PREFIX}name.`);
		if (known?.indicators.has(id) || customIds.has(id)) return void errors.push(`${at}: Kennung „${id}“ ist schon vergeben.`);
		const problems: string[] = [];
		for (const f of ['label', 'short', 'definition', 'numerator', 'unit', 'reference_date', 'official_source'] as const) if (!isText(ind[f])) problems.push(`Feld „${f}“ fehlt oder ist kein Text`);
		if (ind.denominator !== null && !isText(ind.denominator)) problems.push('Feld „denominator“ ist weder Text noch null');
		for (const b of [ind.numerator, ind.denominator]) if (typeof b === 'string' && !isText(bases[b])) problems.push(`Grundzahl „${b}“ fehlt in „bases“`);
		if (!isNum(ind.scale) || ind.scale <= 0) problems.push('„scale“ ist keine positive Zahl');
		if (!Number.isInteger(ind.decimals) || (ind.decimals as number) < 0 || (ind.decimals as number) > 6) problems.push('„decimals“ ist keine ganze Zahl von 0 bis 6');
		if (![-1, 0, 1].includes(ind.polarity as number)) problems.push('„polarity“ ist nicht −1, 0 oder 1');
		if (!FACTORS.includes(ind.factor as Factor)) problems.push(`„factor“ ist nicht ${FACTORS.join(', ')}`);
		if (!isNum(ind.min_base) || ind.min_base < 0) problems.push('„min_base“ ist keine Zahl ≥ 0');
		if (problems.length > 0) return void errors.push(`${at} („${String(ind.label ?? id)}“): ${problems.join('; ')}.`);
		customIds.add(id);
	});
}

/** Checks a boundaries record: every area of each level once, finite WGS84 coordinates, known neighbours. */
function checkBoundaries(raw: unknown, where: string, known: KnownIds | undefined, errors: string[]): void {
	if (!isObj(raw)) return void errors.push(`${where}: kein Objekt.`);
	for (const k of ['name', 'source', 'file', 'created', 'sourceCrs']) if (!isText(raw[k])) errors.push(`${where}: Feld „${k}“ fehlt oder ist kein Text.`);
	if (raw.id !== BOUNDARIES_ID) errors.push(`${where}: Kennung ist nicht „${BOUNDARIES_ID}“.`);
	if (raw.stand !== null && raw.stand !== undefined && typeof raw.stand !== 'string') errors.push(`${where}: Feld „stand“ ist kein Text.`);
	const levels = raw.levels;
	if (!isObj(levels)) return void errors.push(`${where}: Feld „levels“ fehlt.`);
	const expected: Record<keyof LevelCollections, Set<string> | undefined> = { ortsteile: known?.areas, stadtteile: known?.stadtteile, stadtbezirke: known?.stadtbezirke };
	const allIds = new Set<string>([CITY_ID]);
	for (const level of Object.keys(expected) as (keyof LevelCollections)[]) {
		const fc = levels[level];
		if (!isObj(fc) || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
			errors.push(`${where}: „${level}“ ist keine FeatureCollection.`);
			continue;
		}
		const seen = new Set<string>();
		for (const [i, f] of (fc.features as unknown[]).entries()) {
			const id = isObj(f) && isObj(f.properties) ? f.properties.id : undefined;
			if (typeof id !== 'string') {
				errors.push(`${where}: ${level}, Fläche ${i + 1} ohne Kennung.`);
				continue;
			}
			if (seen.has(id)) errors.push(`${where}: ${level}: „${id}“ kommt doppelt vor.`);
			seen.add(id);
			allIds.add(id);
			if (!validGeometry((f as Obj).geometry)) errors.push(`${where}: ${level}, „${id}“: keine gültige Polygon-Geometrie in WGS84.`);
		}
		const want = expected[level];
		if (want) {
			const missing = [...want].filter((id) => !seen.has(id));
			const extra = [...seen].filter((id) => !want.has(id));
			if (missing.length) errors.push(`${where}: ${level}: keine Fläche für ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}.`);
			if (extra.length) errors.push(`${where}: ${level}: unbekannte Gebiete ${extra.slice(0, 10).join(', ')}.`);
		}
	}
	if (!Array.isArray(raw.neighbours) || !raw.neighbours.every((p) => Array.isArray(p) && p.length === 2 && p.every((id) => typeof id === 'string' && (!known || known.areas.has(id))))) {
		errors.push(`${where}: „neighbours“ ist keine Liste von Paaren bekannter Ortsteile.`);
	}
	if (!Array.isArray(raw.geo) || !raw.geo.every((g) => isObj(g) && allIds.has(g.id as string) && isNum(g.area_km2) && Array.isArray(g.centroid) && g.centroid.length === 2 && g.centroid.every(isNum))) {
		errors.push(`${where}: „geo“ (Fläche und Mittelpunkt je Gebiet) fehlt oder ist unvollständig.`);
	}
}

function validGeometry(g: unknown): boolean {
	if (!isObj(g) || !Array.isArray(g.coordinates)) return false;
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
	if (!polys || polys.length === 0) return false;
	return (polys as unknown[]).every(
		(poly) =>
			Array.isArray(poly) &&
			poly.length > 0 &&
			poly.every(
				(ring) =>
					Array.isArray(ring) &&
					ring.length >= 4 &&
					ring.every((p) => Array.isArray(p) && p.length >= 2 && isNum(p[0]) && isNum(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90)
			)
	);
}

/** The custom catalogue entries of all imports, in import order. */
export function customIndicators(imports: BrowserImport[]): { indicator: Indicator; bases: Record<string, string> }[] {
	return imports.flatMap((imp) => (imp.catalogue?.indicators ?? []).map((indicator) => ({ indicator, bases: imp.catalogue!.bases })));
}

/**
 * Restoring a backup replaces stored imports with the same id; a new indicator
 * of the backup must not already be defined by a stored import that stays.
 */
export function restoreConflicts(stored: BrowserImport[], restored: BrowserImport[]): string[] {
	const replaced = new Set(restored.map((r) => r.id));
	const owner = new Map<string, string>();
	for (const imp of stored) if (!replaced.has(imp.id)) for (const ind of imp.catalogue?.indicators ?? []) owner.set(ind.id, imp.name);
	return customIndicators(restored)
		.filter(({ indicator }) => owner.has(indicator.id))
		.map(({ indicator }) => `Indikator „${indicator.label}“ (${indicator.id}) ist schon durch den gespeicherten Import „${owner.get(indicator.id)}“ angelegt – diesen zuerst entfernen.`);
}
