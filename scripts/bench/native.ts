/**
 * Native DuckDB (`@duckdb/node-api`) as the reference for the wasm engine's SQL.
 *
 * It is never a dependency of the project (its lockfile breaks `npm ci`, see
 * STACK.md): with `npm run bench -- --native` it is installed on the side into
 * `bench/.native/` (git-ignored) and loaded from there. Without the flag, or when
 * the install fails (no registry), the ratio is skipped and the report says why.
 *
 * The adapter implements the engine's `Db`, so `computeIndex` and `levelValuesSql`
 * run unchanged on both engines (`queryArrow` builds its Arrow result from the
 * native columns). Native DuckDB cannot read Arrow IPC offline, so
 * `loadArrow` writes the table as CSV (every value in shortest round-trip form) and
 * reads it with `read_csv` and explicit column types — the same values as in wasm.
 * Caveat for the ratio: the native build is another DuckDB version (1.5.x vs 1.4.3
 * in duckdb-wasm 1.32) and uses all cores, duckdb-wasm one.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bool, Float64, Int32, makeData, makeVector, Table, tableFromIPC, tableToIPC, Type, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { QueryError, type Db, type Row } from '../../src/lib/engine/db.ts';

export const NATIVE_PACKAGE = '@duckdb/node-api';

// The few parts of @duckdb/node-api used here (typed locally: the package is not a dependency).
interface NativeReader {
	getRowObjectsJS(): Record<string, unknown>[];
	columnNames(): string[];
	columnTypes(): { toString(): string }[];
	getColumnsJS(): unknown[][];
}
interface NativeConnection {
	run(sql: string): Promise<unknown>;
	runAndReadAll(sql: string): Promise<NativeReader>;
	closeSync(): void;
}
interface NativeInstance {
	connect(): Promise<NativeConnection>;
	closeSync(): void;
}
interface NativeModule {
	DuckDBInstance: { create(path?: string, options?: Record<string, string>): Promise<NativeInstance> };
}

export interface NativeHandle {
	module: NativeModule;
	/** package version, e.g. 1.5.6-r.1 */
	packageVersion: string;
	/** how it was obtained, for the report */
	source: string;
}

/**
 * Loads @duckdb/node-api from `dir` (default `bench/.native`), installing it there
 * first when missing. Returns the reason instead when it is not available.
 */
export async function loadNative(dir: string, log: (line: string) => void): Promise<NativeHandle | { unavailable: string }> {
	const pkgJson = resolve(dir, 'package.json');
	const installed = () => existsSync(join(dir, 'node_modules', NATIVE_PACKAGE, 'package.json'));
	let source = `vorhanden in ${dir}`;
	if (!installed()) {
		log(`Native Referenz: installiere ${NATIVE_PACKAGE} nach ${dir} (nicht in package.json) …`);
		try {
			mkdirSync(dir, { recursive: true });
			if (!existsSync(pkgJson)) writeFileSync(pkgJson, JSON.stringify({ name: 'bench-native', private: true }) + '\n');
			execFileSync('npm', ['install', '--prefix', dir, NATIVE_PACKAGE, '--no-audit', '--no-fund'], { stdio: 'pipe', timeout: 180_000 });
			source = `installiert mit npm install --prefix ${dir} ${NATIVE_PACKAGE}`;
		} catch (e) {
			const err = e as { stderr?: Buffer; message: string };
			return { unavailable: `Installation von ${NATIVE_PACKAGE} fehlgeschlagen: ${(err.stderr?.toString() || err.message).trim().split('\n').slice(-3).join(' ')}` };
		}
	}
	try {
		const require = createRequire(pkgJson);
		const entry = require.resolve(NATIVE_PACKAGE);
		const module = (await import(pathToFileURL(entry).href)) as NativeModule & { default?: NativeModule };
		const mod = module.DuckDBInstance ? module : module.default!;
		const version = (require(`${NATIVE_PACKAGE}/package.json`) as { version: string }).version;
		return { module: mod, packageVersion: version, source };
	} catch (e) {
		return { unavailable: `${NATIVE_PACKAGE} nicht ladbar: ${(e as Error).message}` };
	}
}

function duckType(t: DataType): string {
	switch (t.typeId) {
		case Type.Utf8:
		case Type.LargeUtf8:
			return 'VARCHAR';
		case Type.Bool:
			return 'BOOLEAN';
		case Type.Float:
			return 'DOUBLE';
		case Type.Int:
			return (t as unknown as { bitWidth: number }).bitWidth > 32 ? 'BIGINT' : 'INTEGER';
		default:
			throw new Error(`Native Referenz: Arrow-Typ ${String(t)} nicht unterstützt`);
	}
}

const NULL = '\\N';
const quote = (s: string) => '"' + s.replaceAll('"', '""') + '"';

/** Writes an Arrow IPC stream as CSV (header, quoted strings, `\N` = NULL); returns the DuckDB column types. */
export function arrowToCsv(bytes: Uint8Array, path: string): Record<string, string> {
	const table = tableFromIPC(bytes);
	const fields = table.schema.fields;
	const types: Record<string, string> = {};
	const columns: { format: (r: number) => string }[] = fields.map((f, c) => {
		types[f.name] = duckType(f.type);
		const vector = table.getChildAt(c) as Vector;
		const values = vector.toArray() as ArrayLike<unknown>;
		const hasNulls = vector.nullCount > 0;
		const isString = types[f.name] === 'VARCHAR';
		return {
			format: (r: number) => {
				if (hasNulls && !vector.isValid(r)) return NULL;
				const v = values[r];
				if (v === null || v === undefined) return NULL;
				return isString ? quote(String(v)) : String(v);
			}
		};
	});
	const fd = openSync(path, 'w');
	try {
		writeSync(fd, fields.map((f) => quote(f.name)).join(',') + '\n');
		const chunk = 50_000;
		for (let start = 0; start < table.numRows; start += chunk) {
			const lines: string[] = [];
			const end = Math.min(table.numRows, start + chunk);
			for (let r = start; r < end; r++) lines.push(columns.map((col) => col.format(r)).join(','));
			writeSync(fd, lines.join('\n') + '\n');
		}
	} finally {
		closeSync(fd);
	}
	return types;
}

/**
 * One native result column as an Arrow vector (the few types the engine's column-wise
 * queries return). Numbers and booleans are packed directly: `vectorFromArray` would
 * cost more than the native query and distort the ratio.
 */
function columnVector(values: unknown[], duckType: string): Vector {
	if (duckType === 'VARCHAR') return vectorFromArray(values as (string | null)[], new Utf8());
	const length = values.length;
	const valid = new Uint8Array((length + 7) >> 3);
	let nullCount = 0;
	const isValid = (i: number) => {
		if (values[i] === null || values[i] === undefined) return (nullCount++, false);
		valid[i >> 3] |= 1 << (i & 7);
		return true;
	};
	const nullBitmap = () => (nullCount > 0 ? valid : undefined);
	if (duckType === 'BOOLEAN') {
		const bits = new Uint8Array((length + 7) >> 3);
		for (let i = 0; i < length; i++) if (isValid(i) && values[i]) bits[i >> 3] |= 1 << (i & 7);
		return makeVector(makeData({ type: new Bool(), length, nullCount, nullBitmap: nullBitmap(), data: bits }));
	}
	const integer = duckType === 'INTEGER';
	if (!integer && !['DOUBLE', 'BIGINT', 'HUGEINT', 'FLOAT'].includes(duckType) && !duckType.startsWith('DECIMAL')) {
		throw new Error(`Native Referenz: Spaltentyp ${duckType} wird von queryArrow nicht unterstützt.`);
	}
	// BIGINT/HUGEINT/DECIMAL → DOUBLE, as the wasm adapter casts them
	const data = integer ? new Int32Array(length) : new Float64Array(length);
	for (let i = 0; i < length; i++) if (isValid(i)) data[i] = Number(values[i]);
	return integer
		? makeVector(makeData({ type: new Int32(), length, nullCount, nullBitmap: nullBitmap(), data: data as Int32Array }))
		: makeVector(makeData({ type: new Float64(), length, nullCount, nullBitmap: nullBitmap(), data: data as Float64Array }));
}

/** Plain JS values as the wasm adapter returns them (BIGINT/HUGEINT → number). */
function plain(row: Record<string, unknown>): Row {
	const out: Row = {};
	for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
	return out;
}

export interface NativeDb extends Db {
	close(): void;
	/** DuckDB version and thread count, for the report */
	info(): Promise<{ version: string; threads: number }>;
}

/** A `Db` on native DuckDB (in-memory); CSV files go to a temporary folder removed by `close`. */
export async function openNativeDb(handle: NativeHandle): Promise<NativeDb> {
	const instance = await handle.module.DuckDBInstance.create(':memory:');
	const conn = await instance.connect();
	const tmp = mkdtempSync(join(tmpdir(), 'bench-native-'));
	async function run(sql: string) {
		try {
			return await conn.runAndReadAll(sql);
		} catch (e) {
			throw new QueryError(`Native Abfrage fehlgeschlagen: ${(e as Error).message}`, sql);
		}
	}
	const read = async (sql: string) => (await run(sql)).getRowObjectsJS();
	return {
		async query<T = Row>(sql: string) {
			return (await read(sql)).map((r) => plain(r) as T);
		},
		async loadArrow(name, bytes) {
			const path = join(tmp, `${name}.csv`);
			const types = arrowToCsv(bytes, path);
			const columns = Object.entries(types).map(([k, t]) => `'${k.replaceAll("'", "''")}': '${t}'`).join(', ');
			await conn.run(`DROP TABLE IF EXISTS "${name}"`);
			await conn.run(
				`CREATE TABLE "${name}" AS SELECT * FROM read_csv('${path.replaceAll("'", "''")}', header = true, delim = ',', quote = '"', escape = '"', nullstr = '${NULL}', columns = {${columns}})`
			);
			rmSync(path, { force: true });
		},
		async queryArrow(sql) {
			return tableToIPC(await this.queryTable(sql), 'stream');
		},
		async queryTable(sql) {
			// column-wise into Arrow, as the wasm adapter hands the engine its result
			const reader = await run(sql);
			const types = reader.columnTypes().map(String);
			const columns = reader.getColumnsJS();
			const vectors = Object.fromEntries(reader.columnNames().map((name, c) => [name, columnVector(columns[c], types[c])]));
			return new Table(vectors);
		},
		async info() {
			const [row] = await read(`SELECT version() AS version, current_setting('threads') AS threads`);
			return { version: String(row.version), threads: Number(row.threads) };
		},
		close() {
			conn.closeSync();
			instance.closeSync();
			rmSync(tmp, { recursive: true, force: true });
		}
	};
}
