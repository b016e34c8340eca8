/**
 * Saved Lastenausgleich scenarios (src/lib/state/scenarios.ts) with a fake storage:
 * save/list/delete, persistence across store instances ("reload"), the fallback when
 * localStorage is blocked, corrupt stored data, and all-or-nothing imports.
 */
import { describe, expect, it } from 'vitest';
import {
	MemoryStorage,
	openScenarioStorage,
	parseScenarioFile,
	ScenarioFileError,
	ScenarioStore,
	SCENARIO_FORMAT,
	scenarioFileText,
	STORAGE_KEY,
	type StorageLike
} from '../../src/lib/state/scenarios.ts';
import { defaultAllocationState, type AllocationViewState } from '../../src/lib/state/allocation-url.ts';

const NOW = new Date('2026-01-31T10:00:00.000Z');

function state(alpha: number, extra: Partial<AllocationViewState> = {}): AllocationViewState {
	const s = defaultAllocationState();
	return { ...s, a: { ...s.a, alpha }, ...extra };
}

/** A storage that refuses every access (as localStorage in some privacy modes). */
class BlockedStorage implements StorageLike {
	getItem(): string | null {
		throw new DOMException('The operation is insecure.', 'SecurityError');
	}
	setItem(): void {
		throw new DOMException('The operation is insecure.', 'SecurityError');
	}
	removeItem(): void {
		throw new DOMException('The operation is insecure.', 'SecurityError');
	}
}

/** A storage that reads but whose quota is full. */
class FullStorage extends MemoryStorage {
	setItem(): void {
		throw new DOMException('Quota exceeded', 'QuotaExceededError');
	}
}

describe('ScenarioStore', () => {
	it('saves, lists (sorted by name) and deletes', () => {
		const store = new ScenarioStore(new MemoryStorage());
		expect(store.list()).toEqual([]);
		store.save('  Zweiter   Entwurf ', state(0.3), NOW);
		store.save('Erster', state(0.7), NOW);
		expect(store.list().map((s) => s.name)).toEqual(['Erster', 'Zweiter Entwurf']);
		expect(store.list()[1].state.name).toBe('Zweiter Entwurf');
		expect(store.list()[0].savedAt).toBe('2026-01-31T10:00:00.000Z');
		store.remove('Erster');
		expect(store.list().map((s) => s.name)).toEqual(['Zweiter Entwurf']);
		store.remove('gibt es nicht');
		expect(store.list()).toHaveLength(1);
	});

	it('a saved scenario survives a reload (new store on the same storage)', () => {
		const storage = new MemoryStorage();
		new ScenarioStore(storage).save('Jugend', state(0.7, { statusQuo: { 'st-mitte': 40000 } }), NOW);
		const reloaded = new ScenarioStore(storage).list();
		expect(reloaded).toHaveLength(1);
		expect(reloaded[0].state.a.alpha).toBe(0.7);
		expect(reloaded[0].state.statusQuo).toEqual({ 'st-mitte': 40000 });
	});

	it('saving under an existing name replaces it', () => {
		const store = new ScenarioStore(new MemoryStorage());
		store.save('A', state(0.1), NOW);
		store.save('A', state(0.9), NOW);
		expect(store.list()).toHaveLength(1);
		expect(store.list()[0].state.a.alpha).toBe(0.9);
	});

	it('refuses an empty name and an invalid state in German', () => {
		const store = new ScenarioStore(new MemoryStorage());
		expect(() => store.save('   ', state(0.5))).toThrow('Bitte einen Namen');
		expect(() => store.save('X', state(5))).toThrow(/Feld „alpha“/);
		expect(store.list()).toEqual([]);
	});

	it('stores plain data, not the caller’s object', () => {
		const store = new ScenarioStore(new MemoryStorage());
		const s = state(0.4);
		store.save('X', s, NOW);
		s.a.alpha = 0.9;
		expect(store.list()[0].state.a.alpha).toBe(0.4);
	});

	it('reports a full storage in German and keeps the old list', () => {
		const storage = new FullStorage();
		const store = new ScenarioStore(storage);
		expect(() => store.save('X', state(0.5))).toThrow(ScenarioFileError);
		expect(() => store.save('X', state(0.5))).toThrow('Speichern nicht möglich');
		expect(store.list()).toEqual([]);
	});

	it('does not overwrite corrupt stored data silently: it keeps a backup', () => {
		const storage = new MemoryStorage();
		storage.setItem(STORAGE_KEY, '{kaputt');
		const store = new ScenarioStore(storage);
		expect(store.list()).toEqual([]);
		expect(store.problem).toMatch(/beschädigt/);
		store.save('Neu', state(0.5), NOW);
		expect(storage.getItem(`${STORAGE_KEY}.defekt`)).toBe('{kaputt');
		expect(store.list().map((s) => s.name)).toEqual(['Neu']);
		expect(store.problem).toBeNull();
	});
});

describe('openScenarioStorage', () => {
	it('uses the given storage when it works', () => {
		const storage = new MemoryStorage();
		const opened = openScenarioStorage(() => storage);
		expect(opened.persistent).toBe(true);
		expect(opened.storage).toBe(storage);
		expect(opened.note).toBeNull();
		expect(storage.getItem(`${STORAGE_KEY}.probe`)).toBeNull();
	});

	it('falls back to memory when localStorage is blocked or missing', () => {
		for (const candidate of [() => new BlockedStorage(), () => undefined, () => { throw new Error('denied'); }]) {
			const opened = openScenarioStorage(candidate);
			expect(opened.persistent).toBe(false);
			expect(opened.note).toMatch(/nur bis zum Schließen der Seite/);
			const store = new ScenarioStore(opened.storage);
			store.save('Sitzung', state(0.2), NOW);
			expect(store.list()).toHaveLength(1);
		}
	});

	it('a store on a blocked storage reports instead of throwing on list', () => {
		const store = new ScenarioStore(new BlockedStorage());
		expect(store.list()).toEqual([]);
		expect(store.problem).toMatch(/nicht gelesen/);
	});
});

describe('export and import', () => {
	it('round-trips through the file format', () => {
		const a = new ScenarioStore(new MemoryStorage());
		a.save('Eins', state(0.1), NOW);
		a.save('Zwei', state(0.2, { b: { ...defaultAllocationState().a, alpha: 0.9 } }), NOW);
		const text = a.exportText();
		expect(JSON.parse(text).format).toBe(SCENARIO_FORMAT);
		const b = new ScenarioStore(new MemoryStorage());
		expect(b.importText(text)).toEqual({ added: ['Eins', 'Zwei'], renamed: [], unchanged: [] });
		expect(b.list()).toEqual(a.list());
		expect(a.exportText(['Zwei'])).toContain('"Zwei"');
		expect(a.exportText(['Zwei'])).not.toContain('"Eins"');
	});

	it('skips identical scenarios and renames different ones with an existing name', () => {
		const store = new ScenarioStore(new MemoryStorage());
		store.save('Entwurf', state(0.5), NOW);
		const same = scenarioFileText(store.list());
		expect(store.importText(same)).toEqual({ added: [], renamed: [], unchanged: ['Entwurf'] });
		const other = new ScenarioStore(new MemoryStorage());
		other.save('Entwurf', state(0.8), NOW);
		const r = store.importText(other.exportText());
		expect(r.renamed).toEqual([{ from: 'Entwurf', to: 'Entwurf (2)' }]);
		expect(store.list().map((s) => [s.name, s.state.a.alpha])).toEqual([
			['Entwurf', 0.5],
			['Entwurf (2)', 0.8]
		]);
	});

	it('a bad file changes nothing (all or nothing)', () => {
		const store = new ScenarioStore(new MemoryStorage());
		store.save('Bestand', state(0.5), NOW);
		const before = store.exportText();
		const good = JSON.parse(before).scenarios[0];
		const bad = [
			['kein JSON', 'kein gültiges JSON'],
			['[]', 'keine Szenarien'],
			['{"format":"x","version":1,"scenarios":[]}', 'keine Szenario-Datei'],
			[JSON.stringify({ format: SCENARIO_FORMAT, version: 2, scenarios: [] }), 'Version 2'],
			[JSON.stringify({ format: SCENARIO_FORMAT, version: 1 }), '„scenarios“'],
			[JSON.stringify({ format: SCENARIO_FORMAT, version: 1, scenarios: [] }), 'enthält keine Szenarien'],
			[JSON.stringify({ format: SCENARIO_FORMAT, version: 1, scenarios: [{ ...good, name: 'Neu' }, { ...good, name: '' }] }), 'Szenario 2: Name fehlt'],
			[JSON.stringify({ format: SCENARIO_FORMAT, version: 1, scenarios: [{ ...good, name: 'A' }, { ...good, name: 'A' }] }), 'doppelt'],
			[JSON.stringify({ format: SCENARIO_FORMAT, version: 1, scenarios: [{ ...good, name: 'Neu', savedAt: 'gestern' }] }), '„savedAt“'],
			[JSON.stringify({ format: SCENARIO_FORMAT, version: 1, scenarios: [{ ...good, name: 'Neu', state: { ...good.state, a: { ...good.state.a, budget: -1 } } }] }), 'Szenario „Neu“, Szenario A, Feld „budget“']
		];
		for (const [text, message] of bad) {
			expect(() => store.importText(text), message).toThrow(ScenarioFileError);
			expect(() => store.importText(text), message).toThrow(message);
			expect(store.exportText()).toBe(before);
		}
	});

	it('reads a file with a BOM', () => {
		const store = new ScenarioStore(new MemoryStorage());
		store.save('X', state(0.5), NOW);
		expect(parseScenarioFile('\uFEFF' + store.exportText())).toHaveLength(1);
	});
});
