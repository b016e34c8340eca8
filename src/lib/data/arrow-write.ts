/**
 * Writes plain rows as an Arrow IPC *stream* (the format DuckDB-WASM ingests),
 * with explicit column types so strings stay Utf8 (not dictionary-encoded) and
 * the bytes are identical for identical rows. Shared by the data build
 * (`scripts/lib/arrow-io.ts` re-exports it) and the browser (imports stored in
 * IndexedDB are loaded into DuckDB through it).
 *
 * The column buffers are built directly (`makeData`), not with apache-arrow's
 * builders: those compile their null check with `new Function`, which the
 * app's Content-Security-Policy (no 'unsafe-eval') forbids in the browser.
 */
import { Bool, Float64, Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';

export type ColumnType = 'string' | 'float' | 'int' | 'bool';

const isNull = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** Validity bitmap (bit set = value present) and null count; no bitmap if nothing is null. */
function validity(values: readonly unknown[]): { nullBitmap?: Uint8Array; nullCount: number } {
	let nullCount = 0;
	const bitmap = new Uint8Array(Math.ceil(values.length / 8));
	values.forEach((v, i) => {
		if (isNull(v)) nullCount++;
		else bitmap[i >> 3] |= 1 << (i & 7);
	});
	return nullCount === 0 ? { nullCount } : { nullBitmap: bitmap, nullCount };
}

const encoder = new TextEncoder();

function column(values: readonly unknown[], type: ColumnType): Vector {
	const length = values.length;
	const { nullBitmap, nullCount } = validity(values);
	switch (type) {
		case 'float':
			return makeVector(makeData({ type: new Float64(), length, nullCount, nullBitmap, data: Float64Array.from(values, (v) => (isNull(v) ? 0 : Number(v))) }));
		case 'int':
			return makeVector(makeData({ type: new Int32(), length, nullCount, nullBitmap, data: Int32Array.from(values, (v) => (isNull(v) ? 0 : Number(v))) }));
		case 'bool': {
			const data = new Uint8Array(Math.ceil(length / 8));
			values.forEach((v, i) => {
				if (!isNull(v) && v) data[i >> 3] |= 1 << (i & 7);
			});
			return makeVector(makeData({ type: new Bool(), length, nullCount, nullBitmap, data }));
		}
		case 'string': {
			const parts = values.map((v) => (isNull(v) ? new Uint8Array(0) : encoder.encode(String(v))));
			const valueOffsets = new Int32Array(length + 1);
			parts.forEach((p, i) => (valueOffsets[i + 1] = valueOffsets[i] + p.length));
			const data = new Uint8Array(valueOffsets[length]);
			parts.forEach((p, i) => data.set(p, valueOffsets[i]));
			return makeVector(makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets, data }));
		}
	}
}

/** Rows → Arrow IPC stream bytes; `columns` fixes the column order and types. Missing values become nulls. */
export function rowsToArrowStream<R extends object>(
	rows: readonly R[],
	columns: Record<string, ColumnType>
): Uint8Array {
	const vectors: Record<string, Vector> = {};
	for (const [name, type] of Object.entries(columns)) {
		vectors[name] = column(rows.map((r) => (r as Record<string, unknown>)[name] ?? null), type);
	}
	return tableToIPC(new Table(vectors), 'stream');
}
