/** Rows → Arrow IPC stream: one implementation, shared with the browser (src/lib/data/arrow-write.ts). */
export { rowsToArrowStream, type ColumnType } from '../../src/lib/data/arrow-write.ts';
