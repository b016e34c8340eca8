/** Arrow IPC bytes → plain row objects (BigInt → number), for reading small tables without DuckDB. */
import { tableFromIPC, type Table } from 'apache-arrow';

export function arrowRows<T>(bytes: Uint8Array): T[] {
	const table = tableFromIPC(bytes);
	return rowsAt<T>(table, Array.from({ length: table.numRows }, (_, i) => i));
}

/**
 * Only the rows whose columns equal `where` (e.g. one indicator and year of the value
 * file): the filter reads just those columns, objects are built for the matches alone.
 */
export function arrowRowsWhere<T>(bytes: Uint8Array, where: Record<string, string | number>): T[] {
	const table = tableFromIPC(bytes);
	const tests = Object.entries(where).map(([name, want]) => {
		const column = table.getChild(name);
		if (!column) throw new Error(`Spalte „${name}“ fehlt.`);
		return { values: column.toArray() as ArrayLike<unknown>, want };
	});
	const matches: number[] = [];
	for (let i = 0; i < table.numRows; i++) {
		if (tests.every((t) => t.values[i] === t.want)) matches.push(i);
	}
	return rowsAt<T>(table, matches);
}

function rowsAt<T>(table: Table, indices: number[]): T[] {
	const names = table.schema.fields.map((f) => f.name);
	const columns = names.map((n) => table.getChild(n)!);
	return indices.map((i) => {
		const row: Record<string, unknown> = {};
		names.forEach((n, j) => {
			const v = columns[j].get(i);
			row[n] = typeof v === 'bigint' ? Number(v) : v;
		});
		return row as T;
	});
}
