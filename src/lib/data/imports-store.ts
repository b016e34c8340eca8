/**
 * The planners' own imports, stored in this browser only (IndexedDB): nothing is
 * uploaded, nothing leaves the machine. Two object stores: `imports` (one record
 * per imported table, with its provenance, value rows and new catalogue entries)
 * and `boundaries` (at most one record: imported area boundaries). The engine
 * merges them over the build's data (`coordinator.ts`). Record types and the
 * backup file live in `imports-file.ts`.
 */
import { BOUNDARIES_ID, type BrowserBoundaries, type BrowserImport } from './imports-file.ts';

export * from './imports-file.ts';

const DB_NAME = 'sozialraum-monitor';
const IMPORTS = 'imports';
const BOUNDARIES = 'boundaries';
/** 1: imports; 2: + boundaries */
const VERSION = 2;

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
			for (const name of [IMPORTS, BOUNDARIES]) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath: 'id' });
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(new ImportStoreError(UNAVAILABLE));
		req.onblocked = () => reject(new ImportStoreError('Der Datenspeicher ist durch ein anderes Fenster dieser App blockiert – bitte andere Fenster schließen und neu laden.'));
	});
}

/** One transaction over the given stores: all of `work` is stored, or nothing. */
async function run<T>(stores: string[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => IDBRequest<T> | void): Promise<T | undefined> {
	const db = await open();
	try {
		return await new Promise<T | undefined>((resolve, reject) => {
			const tx = db.transaction(stores, mode);
			const req = work(tx);
			tx.oncomplete = () => resolve(req ? req.result : undefined);
			tx.onerror = () => reject(new ImportStoreError(`Speichern im Browser fehlgeschlagen: ${tx.error?.message ?? 'unbekannter Fehler'}`));
			tx.onabort = () => reject(new ImportStoreError(`Speichern im Browser abgebrochen: ${tx.error?.message ?? 'z. B. Speicherplatz voll'}`));
		});
	} finally {
		db.close();
	}
}

const byCreation = (a: BrowserImport, b: BrowserImport) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id);

/**
 * Everything stored, in one read (the app's start-up path): nothing — and no database
 * created — when this browser has never stored anything.
 */
export async function readStored(): Promise<{ imports: BrowserImport[]; boundaries: BrowserBoundaries | null }> {
	if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') {
		const existing = await indexedDB.databases();
		if (!existing.some((d) => d.name === DB_NAME)) return { imports: [], boundaries: null };
	}
	let imports: IDBRequest<BrowserImport[]> | undefined;
	let boundaries: IDBRequest<BrowserBoundaries | undefined> | undefined;
	await run([IMPORTS, BOUNDARIES], 'readonly', (tx) => {
		imports = tx.objectStore(IMPORTS).getAll() as IDBRequest<BrowserImport[]>;
		boundaries = tx.objectStore(BOUNDARIES).get(BOUNDARIES_ID) as IDBRequest<BrowserBoundaries | undefined>;
	});
	return { imports: [...(imports?.result ?? [])].sort(byCreation), boundaries: boundaries?.result ?? null };
}

/** All stored imports, oldest first (later imports win for the same indicator × year). */
export async function listImports(): Promise<BrowserImport[]> {
	const all = (await run<BrowserImport[]>([IMPORTS], 'readonly', (tx) => tx.objectStore(IMPORTS).getAll() as IDBRequest<BrowserImport[]>)) ?? [];
	return all.sort(byCreation);
}

/** Stores (or replaces, same id) imports and, if given, the boundaries in one transaction: all or nothing. */
export async function putImports(imports: BrowserImport[], boundaries: BrowserBoundaries | null = null): Promise<void> {
	await run([IMPORTS, BOUNDARIES], 'readwrite', (tx) => {
		for (const imp of imports) tx.objectStore(IMPORTS).put(imp);
		if (boundaries) tx.objectStore(BOUNDARIES).put(boundaries);
	});
}

export async function removeImport(id: string): Promise<void> {
	await run([IMPORTS], 'readwrite', (tx) => tx.objectStore(IMPORTS).delete(id));
}

/** The imported boundaries, or null when the build's boundaries apply. */
export async function getBoundaries(): Promise<BrowserBoundaries | null> {
	return (await run<BrowserBoundaries | undefined>([BOUNDARIES], 'readonly', (tx) => tx.objectStore(BOUNDARIES).get(BOUNDARIES_ID) as IDBRequest<BrowserBoundaries | undefined>)) ?? null;
}

export async function putBoundaries(b: BrowserBoundaries): Promise<void> {
	await run([BOUNDARIES], 'readwrite', (tx) => tx.objectStore(BOUNDARIES).put(b));
}

export async function removeBoundaries(): Promise<void> {
	await run([BOUNDARIES], 'readwrite', (tx) => tx.objectStore(BOUNDARIES).delete(BOUNDARIES_ID));
}
