/**
 * The one seam between the analytics and a database. The browser implements it
 * with DuckDB-WASM (`src/lib/data/duckdb-browser.ts`), the CLI and the tests with
 * duckdb-wasm's Node build (`scripts/lib/node-db.ts`) — the same engine version,
 * so every formula has exactly one implementation: the SQL built in this folder.
 */

import type { Table } from 'apache-arrow';

export type Row = Record<string, unknown>;

export interface Db {
	/** Runs one statement and returns its rows as plain objects (BIGINT/DECIMAL arrive as numbers). */
	query<T = Row>(sql: string): Promise<T[]>;
	/** Creates (or replaces) table `name` from Arrow IPC *stream* bytes. */
	loadArrow(name: string, ipcStream: Uint8Array): Promise<void>;
	/** Runs a query and returns its result as Arrow IPC stream bytes (used by the data build). */
	queryArrow(sql: string): Promise<Uint8Array>;
	/**
	 * Runs a query and returns its result as an Arrow table, for reading column by column
	 * (`arrow-columns.ts`) without encoding it to IPC bytes and decoding it again.
	 */
	queryTable(sql: string): Promise<Table>;
}

/** A failed query, carrying the SQL so the message says what was asked. */
export class QueryError extends Error {
	constructor(
		message: string,
		readonly sql: string
	) {
		super(message);
		this.name = 'QueryError';
	}
}

/** Quotes an identifier for DuckDB (`"name"`, inner quotes doubled). */
export function ident(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal (`'text'`, inner quotes doubled); numbers pass through checked. */
export function literal(value: string | number | null): string {
	if (value === null) return 'NULL';
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new RangeError(`Ungültige Zahl im SQL: ${value}`);
		return String(value);
	}
	return `'${value.replaceAll("'", "''")}'`;
}

/** Session settings that keep DuckDB-WASM offline: no extension is ever auto-installed or -loaded. */
export const INIT_SQL = [
	'SET autoinstall_known_extensions = false',
	'SET autoload_known_extensions = false'
] as const;
