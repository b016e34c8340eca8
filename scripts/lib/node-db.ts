/**
 * `Db` for Node (CLI, data build, tests): duckdb-wasm's blocking Node build —
 * the same DuckDB version the browser runs, so SQL behaves identically.
 * (`@duckdb/node-api` would be faster but ships another DuckDB version.)
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { INIT_SQL, QueryError, type Db, type Row } from '../../src/lib/engine/db.ts';

const require = createRequire(import.meta.url);
const DIST = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
// The blocking build is CommonJS and gets apache-arrow's CJS entry; its result tables
// are only recognised by that same module instance (the ESM copy writes 0 bytes).
const { tableToIPC } = require('apache-arrow') as typeof import('apache-arrow');

export async function openNodeDb(): Promise<Db & { close(): void }> {
	const db = await duckdb.createDuckDB(
		{
			mvp: { mainModule: join(DIST, 'duckdb-mvp.wasm'), mainWorker: join(DIST, 'duckdb-node-mvp.worker.cjs') },
			eh: { mainModule: join(DIST, 'duckdb-eh.wasm'), mainWorker: join(DIST, 'duckdb-node-eh.worker.cjs') }
		},
		new duckdb.VoidLogger(),
		duckdb.NODE_RUNTIME
	);
	await db.instantiate(() => {});
	db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
	const conn = db.connect();
	for (const sql of INIT_SQL) conn.query(sql);

	function run(sql: string) {
		try {
			return conn.query(sql);
		} catch (e) {
			throw new QueryError(`Abfrage fehlgeschlagen: ${(e as Error).message}`, sql);
		}
	}
	return {
		async query<T = Row>(sql: string) {
			return run(sql).toArray().map((r) => r.toJSON() as T);
		},
		async loadArrow(name, bytes) {
			run(`DROP TABLE IF EXISTS "${name}"`);
			conn.insertArrowFromIPCStream(bytes, { name, create: true });
		},
		async queryArrow(sql) {
			return tableToIPC(run(sql), 'stream');
		},
		async queryTable(sql) {
			return run(sql);
		},
		close() {
			conn.close();
		}
	};
}
