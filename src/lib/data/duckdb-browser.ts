/**
 * `Db` in the browser: DuckDB-WASM in a Web Worker. Wasm and worker are bundled
 * by Vite and served by the app itself (no CDN); started once, lazily, through
 * one shared promise. Only the "eh" build is shipped: every browser that runs
 * MapLibre 6 (WebGL2) supports WebAssembly exceptions.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { tableToIPC } from 'apache-arrow';
import { INIT_SQL, QueryError, type Db, type Row } from '$lib/engine/db.ts';

let started: Promise<Db> | null = null;

export function browserDb(): Promise<Db> {
	started ??= open();
	return started;
}

async function open(): Promise<Db> {
	const worker = new Worker(ehWorker);
	const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
	await db.instantiate(ehWasm);
	await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
	const conn = await db.connect();
	for (const sql of INIT_SQL) await conn.query(sql);

	async function run(sql: string) {
		try {
			return await conn.query(sql);
		} catch (e) {
			throw new QueryError(`Abfrage fehlgeschlagen: ${(e as Error).message}`, sql);
		}
	}
	return {
		async query<T = Row>(sql: string) {
			return (await run(sql)).toArray().map((r) => r.toJSON() as T);
		},
		async loadArrow(name, bytes) {
			await run(`DROP TABLE IF EXISTS "${name}"`);
			// The worker takes ownership of (detaches) the buffer it is sent; send a copy so
			// the caller's bytes (cached for the first paint and other readers) stay usable.
			await conn.insertArrowFromIPCStream(bytes.slice(), { name, create: true });
		},
		async queryArrow(sql) {
			return tableToIPC(await run(sql), 'stream');
		},
		queryTable: run
	};
}
