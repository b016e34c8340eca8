/**
 * The planners' own imported tables, stored in this browser only (IndexedDB,
 * one object store): nothing is uploaded, nothing leaves the machine. Each
 * import is one record with its provenance and its validated value rows; the
 * engine merges them over the static values (`coordinator.ts`,
 * `mergeImportsSql`). All imports can be exported as one JSON file and read
 * back without loss; a bad file stores nothing.
 */
import type { ValueRow, ValueStatus } from './contract.ts';
import type { DatasetInfo } from './manifest.ts';

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
}

const DB_NAME = 'sozialraum-monitor';
const STORE = 'imports';
const VERSION = 1;
/** `format` field of the export file. */
export const EXPORT_FORMAT = 'sozialraum-monitor-importe';

export class ImportStoreError extends Error {}

const UNAVAILABLE =
	'Eigene Daten können in diesem Browser nicht gespeichert werden (IndexedDB ist nicht verfügbar, z. B. im privaten Modus oder durch eine Einstellung gesperrt). Die mitgelieferten Daten funktionieren weiter.';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		let req: IDBOpenDBRequest;
		try {
			if (typeof indexedDB === 'undefined') throw new Error('no indexedDB');
			req = indexedDB.open(DB_NAME, VERSION);
		} catch {
			reject(new ImportStoreError(UNAVAILABLE));
			return;
		}
		req.onupgradeneeded = () => {
			if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'id' });
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(new ImportStoreError(UNAVAILABLE));
		req.onblocked = () => reject(new ImportStoreError('Der Datenspeicher ist durch ein anderes Fenster dieser App blockiert – bitte andere Fenster schließen und neu laden.'));
	});
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
	const db = await open();
	try {
		return await new Promise<T | undefined>((resolve, reject) => {
			const tx = db.transaction(STORE, mode);
			const req = work(tx.objectStore(STORE));
			tx.oncomplete = () => resolve(req ? req.result : undefined);
			tx.onerror = () => reject(new ImportStoreError(`Speichern im Browser fehlgeschlagen: ${tx.error?.message ?? 'unbekannter Fehler'}`));
			tx.onabort = () => reject(new ImportStoreError(`Speichern im Browser abgebrochen: ${tx.error?.message ?? 'z. B. Speicherplatz voll'}`));
		});
	} finally {
		db.close();
	}
}

/** All stored imports, oldest first (later imports win for the same indicator × year). */
export async function listImports(): Promise<BrowserImport[]> {
	const all = ((await run<BrowserImport[]>('readonly', (s) => s.getAll() as IDBRequest<BrowserImport[]>)) ?? []);
	return all.sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
}

/** Stores (or replaces, same id) imports in one transaction: all or nothing. */
export async function putImports(imports: BrowserImport[]): Promise<void> {
	await run('readwrite', (s) => {
		for (const imp of imports) s.put(imp);
	});
}

export async function removeImport(id: string): Promise<void> {
	await run('readwrite', (s) => s.delete(id));
}

/** "Bevölkerung 2021 (Amt)" → "bevoelkerung-2021-amt". */
export function slug(name: string): string {
	return (
		name
			.toLowerCase()
			.replace(/ä/g, 'ae')
			.replace(/ö/g, 'oe')
			.replace(/ü/g, 'ue')
			.replace(/ß/g, 'ss')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'import'
	);
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
	return {
		id: imp.id,
		label: `${imp.name} – ${imp.source}${imp.stand ? `, Stand ${imp.stand}` : ''}`,
		demo: false,
		description: `Im Browser importiert aus ${imp.file}: ${imp.rows.length} Werte, Indikatoren ${indicators.join(', ')}; ersetzt für diese Indikatoren und Jahre die Demodaten vollständig.`,
		years: [...new Set(imp.rows.map((r) => r.year))].sort((a, b) => a - b)
	};
}

/** All imports as one JSON text (for a download); `readExportFile` reads it back unchanged. */
export function exportImports(imports: BrowserImport[]): string {
	return JSON.stringify({ format: EXPORT_FORMAT, version: 1, imports }, null, 1) + '\n';
}

const STATUSES: readonly ValueStatus[] = ['ok', 'gesperrt', 'fehlt', 'ohne_zaehler'];

/**
 * Parses and validates an export file completely. Returns the imports, or
 * German errors naming the entry and row – then nothing may be stored.
 * `known` (optional) lists the valid Ortsteil and indicator ids.
 */
export function readExportFile(
	text: string,
	file: string,
	known?: { areas: Set<string>; indicators: Set<string> }
): { ok: true; imports: BrowserImport[] } | { ok: false; errors: string[] } {
	let data: unknown;
	try {
		data = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (e) {
		return { ok: false, errors: [`${file}: keine gültige JSON-Datei (${(e as Error).message}).`] };
	}
	const d = data as { format?: unknown; version?: unknown; imports?: unknown };
	if (!d || typeof d !== 'object' || d.format !== EXPORT_FORMAT) {
		return { ok: false, errors: [`${file}: keine Export-Datei des Sozialraum-Monitors (Feld „format“ ist nicht „${EXPORT_FORMAT}“).`] };
	}
	if (d.version !== 1) return { ok: false, errors: [`${file}: Version ${String(d.version)} wird nicht unterstützt (erwartet: 1).`] };
	if (!Array.isArray(d.imports)) return { ok: false, errors: [`${file}: Feld „imports“ fehlt oder ist keine Liste.`] };
	const errors: string[] = [];
	const out: BrowserImport[] = [];
	const ids = new Set<string>();
	d.imports.forEach((raw: unknown, i: number) => {
		const where = `${file}, Eintrag ${i + 1}`;
		const e = raw as Record<string, unknown>;
		if (!e || typeof e !== 'object') {
			errors.push(`${where}: kein Objekt.`);
			return;
		}
		const str = (k: string, required = true) => {
			const v = e[k];
			if (typeof v === 'string' && (!required || v.trim() !== '')) return true;
			errors.push(`${where}: Feld „${k}“ fehlt oder ist kein Text.`);
			return false;
		};
		const okFields = [str('id'), str('name'), str('source'), str('file'), str('created')].every(Boolean);
		if (e.stand !== null && e.stand !== undefined && typeof e.stand !== 'string') errors.push(`${where}: Feld „stand“ ist kein Text.`);
		if (okFields && !/^import:[a-z0-9-]+$/.test(e.id as string)) errors.push(`${where}: Kennung „${e.id}“ hat nicht die Form import:name.`);
		if (okFields && ids.has(e.id as string)) errors.push(`${where}: Kennung „${e.id}“ kommt doppelt vor.`);
		if (okFields) ids.add(e.id as string);
		if (!Array.isArray(e.rows) || e.rows.length === 0) {
			errors.push(`${where}: Feld „rows“ fehlt oder ist leer.`);
			return;
		}
		const rows: ValueRow[] = [];
		const before = errors.length;
		(e.rows as unknown[]).forEach((r, j) => {
			if (errors.length - before >= 10) return; // enough to see the problem
			const at = `${where}, Wert ${j + 1}`;
			const row = r as Record<string, unknown>;
			const num = (k: string) => row?.[k] === null || (typeof row?.[k] === 'number' && Number.isFinite(row[k]));
			if (!row || typeof row !== 'object') return void errors.push(`${at}: kein Objekt.`);
			if (typeof row.area_id !== 'string' || (known && !known.areas.has(row.area_id))) return void errors.push(`${at}: unbekannter Ortsteil „${String(row.area_id)}“.`);
			if (typeof row.indicator_id !== 'string' || (known && !known.indicators.has(row.indicator_id))) return void errors.push(`${at}: unbekannter Indikator „${String(row.indicator_id)}“.`);
			if (!Number.isInteger(row.year)) return void errors.push(`${at}: Jahr „${String(row.year)}“ ist keine ganze Zahl.`);
			for (const k of ['numerator', 'denominator', 'value']) if (!num(k)) return void errors.push(`${at}: „${k}“ ist weder Zahl noch leer (null).`);
			if (!STATUSES.includes(row.status as ValueStatus)) return void errors.push(`${at}: Status „${String(row.status)}“ ist unbekannt (erlaubt: ${STATUSES.join(', ')}).`);
			rows.push({
				area_id: row.area_id,
				indicator_id: row.indicator_id,
				year: row.year as number,
				numerator: row.numerator as number | null,
				denominator: row.denominator as number | null,
				value: row.value as number | null,
				status: row.status as ValueStatus
			});
		});
		if (errors.length === before && okFields) {
			out.push({ id: e.id as string, name: e.name as string, source: e.source as string, stand: (e.stand as string | null | undefined) ?? null, file: e.file as string, created: e.created as string, rows });
		}
	});
	if (errors.length === 0 && out.length === 0) errors.push(`${file}: die Datei enthält keine Importe.`);
	return errors.length > 0 ? { ok: false, errors } : { ok: true, imports: out };
}
