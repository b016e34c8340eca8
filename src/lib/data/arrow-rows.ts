/** Arrow IPC bytes → plain row objects (BigInt → number), for reading small tables without DuckDB. */
import { tableFromIPC } from 'apache-arrow';

export function arrowRows<T>(bytes: Uint8Array): T[] {
	const table = tableFromIPC(bytes);
	const names = table.schema.fields.map((f) => f.name);
	const columns = names.map((n) => table.getChild(n)!);
	const rows: T[] = new Array(table.numRows);
	for (let i = 0; i < table.numRows; i++) {
		const row: Record<string, unknown> = {};
		names.forEach((n, j) => {
			const v = columns[j].get(i);
			row[n] = typeof v === 'bigint' ? Number(v) : v;
		});
		rows[i] = row as T;
	}
	return rows;
}
