/**
 * Writes plain rows as an Arrow IPC *stream* (the format DuckDB-WASM ingests),
 * with explicit column types so strings stay Utf8 (not dictionary-encoded) and
 * the bytes are identical for identical rows.
 */
import { Bool, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';

export type ColumnType = 'string' | 'float' | 'int' | 'bool';

const ARROW_TYPES: Record<ColumnType, () => DataType> = {
	string: () => new Utf8(),
	float: () => new Float64(),
	int: () => new Int32(),
	bool: () => new Bool()
};

/** Rows → Arrow IPC stream bytes; `columns` fixes the column order and types. Missing values become nulls. */
export function rowsToArrowStream<R extends object>(
	rows: readonly R[],
	columns: Record<string, ColumnType>
): Uint8Array {
	const vectors: Record<string, Vector> = {};
	for (const [name, type] of Object.entries(columns)) {
		const values = rows.map((r) => (r as Record<string, unknown>)[name] ?? null);
		vectors[name] = vectorFromArray(values, ARROW_TYPES[type]());
	}
	return tableToIPC(new Table(vectors), 'stream');
}
