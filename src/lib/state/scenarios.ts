/**
 * Saved Lastenausgleich scenarios: named view states (`allocation-url.ts`) kept in
 * the browser's localStorage, listable, deletable, and exportable/importable as a
 * JSON file.
 *
 * File and storage format (the same):
 *
 *   { "format": "sozialraum-monitor/lastenausgleich-szenarien", "version": 1,
 *     "scenarios": [ { "name": "Entwurf", "savedAt": "2026-01-31T10:00:00.000Z", "state": { … } } ] }
 *
 * Safety:
 * - `openScenarioStorage` probes localStorage (it throws in some privacy modes and in
 *   sandboxed frames); when blocked it falls back to memory and says so — saving then
 *   lasts only for the session.
 * - Unreadable stored data is never overwritten silently: it is copied to
 *   `<key>.defekt` before the first new save, and the problem is reported.
 * - An import is validated completely before anything changes; on any error nothing
 *   is written (all or nothing). Imported names that already exist with different
 *   content get a suffix („Entwurf (2)“) instead of replacing the saved scenario.
 */
import { MAX_NAME_LENGTH, parseAllocationState, StateError, type AllocationViewState } from './allocation-url.ts';

/** The part of the Web Storage API we use (localStorage, or a fake in tests). */
export interface StorageLike {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

export interface SavedScenario {
	name: string;
	/** ISO date-time of the last save */
	savedAt: string;
	state: AllocationViewState;
}

export const SCENARIO_FORMAT = 'sozialraum-monitor/lastenausgleich-szenarien';
export const SCENARIO_VERSION = 1;
export const STORAGE_KEY = 'sozialraum-monitor.lastenausgleich.szenarien';
/** Largest import file accepted (characters). */
export const MAX_FILE_CHARS = 2_000_000;

/** A file or stored value that cannot be read; German message for the UI. */
export class ScenarioFileError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ScenarioFileError';
	}
}

/** In-memory storage: the fallback when localStorage is blocked, and the fake for tests. */
export class MemoryStorage implements StorageLike {
	private readonly items = new Map<string, string>();
	getItem(key: string): string | null {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		this.items.set(key, String(value));
	}
	removeItem(key: string): void {
		this.items.delete(key);
	}
}

/**
 * localStorage if it can be read and written, else memory.
 *
 * @param candidate returns the storage to try (default: `globalThis.localStorage`); may throw
 */
export function openScenarioStorage(candidate: () => StorageLike | undefined = () => globalThis.localStorage): {
	storage: StorageLike;
	persistent: boolean;
	/** German note when the fallback is used */
	note: string | null;
} {
	try {
		const s = candidate();
		if (!s) throw new Error('kein localStorage');
		const probe = `${STORAGE_KEY}.probe`;
		s.setItem(probe, '1');
		s.removeItem(probe);
		return { storage: s, persistent: true, note: null };
	} catch {
		return {
			storage: new MemoryStorage(),
			persistent: false,
			note: 'Der Browser erlaubt keinen lokalen Speicher (z. B. privater Modus). Szenarien bleiben nur bis zum Schließen der Seite erhalten – bitte als Datei exportieren.'
		};
	}
}

/**
 * Reads a scenario file (or the stored value) strictly.
 *
 * @throws ScenarioFileError (German) naming the problem; for a bad scenario its name and field
 * @example parseScenarioFile('{"format":"sozialraum-monitor/lastenausgleich-szenarien","version":1,"scenarios":[]}') // → []
 */
export function parseScenarioFile(text: string): SavedScenario[] {
	if (text.length > MAX_FILE_CHARS) throw new ScenarioFileError('Die Datei ist zu groß für eine Szenario-Datei.');
	let data: unknown;
	try {
		data = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (e) {
		throw new ScenarioFileError(`Die Datei ist kein gültiges JSON (${(e as Error).message}).`);
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new ScenarioFileError('Die Datei enthält keine Szenarien (erwartet ein JSON-Objekt).');
	}
	const d = data as Record<string, unknown>;
	if (d.format !== SCENARIO_FORMAT) {
		throw new ScenarioFileError(
			`Das ist keine Szenario-Datei des Lastenausgleichs (Feld „format“ ist ${JSON.stringify(d.format) ?? 'nicht vorhanden'}, erwartet „${SCENARIO_FORMAT}“).`
		);
	}
	if (d.version !== SCENARIO_VERSION) {
		throw new ScenarioFileError(`Szenario-Datei in Version ${JSON.stringify(d.version)}; gelesen wird Version ${SCENARIO_VERSION}.`);
	}
	if (!Array.isArray(d.scenarios)) throw new ScenarioFileError('Feld „scenarios“ fehlt oder ist keine Liste.');
	const seen = new Set<string>();
	return d.scenarios.map((s, i) => {
		const where = `Szenario ${i + 1}`;
		if (typeof s !== 'object' || s === null) throw new ScenarioFileError(`${where}: kein Objekt.`);
		const r = s as Record<string, unknown>;
		const name = typeof r.name === 'string' ? cleanName(r.name) : '';
		if (!name) throw new ScenarioFileError(`${where}: Name fehlt.`);
		if (seen.has(name)) throw new ScenarioFileError(`${where}: der Name „${name}“ kommt in der Datei doppelt vor.`);
		seen.add(name);
		const savedAt = typeof r.savedAt === 'string' && !Number.isNaN(Date.parse(r.savedAt)) ? r.savedAt : null;
		if (!savedAt) throw new ScenarioFileError(`Szenario „${name}“: Feld „savedAt“ ist kein Datum.`);
		try {
			return { name, savedAt, state: { ...parseAllocationState(r.state, `Szenario „${name}“`), name } };
		} catch (e) {
			if (e instanceof StateError) throw new ScenarioFileError(e.message);
			throw e;
		}
	});
}

/** The file text for scenarios (also the stored value). */
export function scenarioFileText(scenarios: readonly SavedScenario[]): string {
	return JSON.stringify({ format: SCENARIO_FORMAT, version: SCENARIO_VERSION, scenarios }, null, 2) + '\n';
}

/** Trims, collapses blanks and limits the length of a scenario name. */
export function cleanName(name: string): string {
	return name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

const sameState = (a: AllocationViewState, b: AllocationViewState) => JSON.stringify(a) === JSON.stringify(b);

/** Named scenarios in a `StorageLike`, sorted by name (German collation). */
export class ScenarioStore {
	/** German description of a storage problem found while reading (null when fine) */
	problem: string | null = null;
	private corruptRaw: string | null = null;

	constructor(
		private readonly storage: StorageLike,
		private readonly key = STORAGE_KEY
	) {}

	/** All saved scenarios; unreadable stored data gives [] and sets `problem`. */
	list(): SavedScenario[] {
		let raw: string | null;
		try {
			raw = this.storage.getItem(this.key);
		} catch (e) {
			this.problem = `Gespeicherte Szenarien konnten nicht gelesen werden (${(e as Error).message}).`;
			return [];
		}
		if (raw === null) return [];
		try {
			const list = parseScenarioFile(raw);
			this.problem = null;
			return list.sort((a, b) => a.name.localeCompare(b.name, 'de'));
		} catch (e) {
			this.corruptRaw = raw;
			this.problem = `Die gespeicherten Szenarien sind beschädigt und werden nicht angezeigt (${(e as Error).message}). Beim nächsten Speichern wird eine Sicherungskopie unter „${this.key}.defekt“ abgelegt.`;
			return [];
		}
	}

	/**
	 * Saves `state` under `name` (replacing a scenario of the same name).
	 *
	 * @throws ScenarioFileError for an empty name or when the storage refuses (quota)
	 */
	save(name: string, state: AllocationViewState, now: Date = new Date()): SavedScenario {
		const clean = cleanName(name);
		if (!clean) throw new ScenarioFileError('Bitte einen Namen für das Szenario eingeben.');
		// a JSON round trip: plain data (no framework proxies), and checked like a file
		let checked: AllocationViewState;
		try {
			checked = parseAllocationState(JSON.parse(JSON.stringify(state)), `Szenario „${clean}“`);
		} catch (e) {
			throw new ScenarioFileError((e as Error).message);
		}
		const entry: SavedScenario = { name: clean, savedAt: now.toISOString(), state: { ...checked, name: clean } };
		const list = this.list().filter((s) => s.name !== clean);
		this.write([...list, entry]);
		return entry;
	}

	/** Deletes the scenario `name` (nothing happens when there is none). */
	remove(name: string): void {
		const list = this.list();
		const rest = list.filter((s) => s.name !== name);
		if (rest.length !== list.length) this.write(rest);
	}

	/** The file text of all (or the named) saved scenarios. */
	exportText(names?: readonly string[]): string {
		const list = this.list();
		return scenarioFileText(names ? list.filter((s) => names.includes(s.name)) : list);
	}

	/**
	 * Adds the scenarios of a file. All or nothing: a file with any error changes nothing.
	 * Identical scenarios are skipped; a different one with an existing name is renamed.
	 *
	 * @throws ScenarioFileError (German)
	 */
	importText(text: string): { added: string[]; renamed: { from: string; to: string }[]; unchanged: string[] } {
		const incoming = parseScenarioFile(text);
		if (incoming.length === 0) throw new ScenarioFileError('Die Datei enthält keine Szenarien.');
		const list = this.list();
		const names = new Set(list.map((s) => s.name));
		const added: string[] = [];
		const renamed: { from: string; to: string }[] = [];
		const unchanged: string[] = [];
		for (const s of incoming) {
			const existing = list.find((x) => x.name === s.name);
			if (existing && sameState(existing.state, s.state)) {
				unchanged.push(s.name);
				continue;
			}
			let name = s.name;
			for (let k = 2; names.has(name); k++) name = cleanName(`${s.name.slice(0, MAX_NAME_LENGTH - 6)} (${k})`);
			if (name !== s.name) renamed.push({ from: s.name, to: name });
			names.add(name);
			list.push({ ...s, name, state: { ...s.state, name } });
			added.push(name);
		}
		if (added.length > 0) this.write(list);
		return { added, renamed, unchanged };
	}

	private write(list: readonly SavedScenario[]): void {
		try {
			if (this.corruptRaw !== null) {
				this.storage.setItem(`${this.key}.defekt`, this.corruptRaw);
				this.corruptRaw = null;
			}
			this.storage.setItem(this.key, scenarioFileText([...list].sort((a, b) => a.name.localeCompare(b.name, 'de'))));
			this.problem = null;
		} catch (e) {
			throw new ScenarioFileError(`Speichern nicht möglich: der Browser hat abgelehnt (${(e as Error).message}). Bitte die Szenarien als Datei exportieren.`);
		}
	}
}
