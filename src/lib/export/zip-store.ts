/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3): every file "stored" (method 0,
 * no compression) with its CRC-32. Enough for XLSX workbooks of a few hundred
 * rows; `src/lib/import/zip.ts` reads these archives back (tests do exactly that).
 *
 * Layout: for each file a local header + the bytes, then the central
 * directory, then the end-of-central-directory record. Names are UTF-8
 * (general-purpose flag bit 11). No ZIP64: total size must stay below 4 GB.
 *
 * @example zipStore([{ name: 'a.txt', data: new TextEncoder().encode('hallo') }]) // → Uint8Array starting with "PK\x03\x04"
 */
import { crc32 } from '$lib/import/zip.ts';

export interface ZipFile {
	/** path inside the archive, "/"-separated, no leading "/" */
	name: string;
	data: Uint8Array;
}

/** DOS time and date (local fields, 2-second resolution, years 1980–2107). */
export function dosDateTime(date: Date): { time: number; date: number } {
	const year = Math.min(2107, Math.max(1980, date.getFullYear()));
	return {
		time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
		date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate()
	};
}

/**
 * Packs the files into one ZIP archive. `modified` is the time stamp written
 * for every entry (default 1 Jan 1980, so the same input gives the same bytes).
 * @throws RangeError for duplicate or empty names, or an archive over 4 GB
 */
export function zipStore(files: readonly ZipFile[], modified: Date = new Date(1980, 0, 1)): Uint8Array {
	const enc = new TextEncoder();
	const stamp = dosDateTime(modified);
	const seen = new Set<string>();
	const entries = files.map((f) => {
		if (!f.name || f.name.startsWith('/')) throw new RangeError(`zipStore: ungültiger Dateiname „${f.name}“`);
		if (seen.has(f.name)) throw new RangeError(`zipStore: Datei „${f.name}“ doppelt`);
		seen.add(f.name);
		return { name: enc.encode(f.name), data: f.data, crc: crc32(f.data) };
	});
	const localSize = entries.reduce((s, e) => s + 30 + e.name.length + e.data.length, 0);
	const centralSize = entries.reduce((s, e) => s + 46 + e.name.length, 0);
	const total = localSize + centralSize + 22;
	if (total > 0xffffffff || entries.length > 0xffff) throw new RangeError('zipStore: Archiv zu groß (ZIP64 nicht unterstützt)');

	const out = new Uint8Array(total);
	const view = new DataView(out.buffer);
	let p = 0;
	const offsets: number[] = [];
	const FLAGS = 0x0800; // names in UTF-8
	for (const e of entries) {
		offsets.push(p);
		view.setUint32(p, 0x04034b50, true); // local file header
		view.setUint16(p + 4, 20, true); // version needed: 2.0
		view.setUint16(p + 6, FLAGS, true);
		view.setUint16(p + 8, 0, true); // method: stored
		view.setUint16(p + 10, stamp.time, true);
		view.setUint16(p + 12, stamp.date, true);
		view.setUint32(p + 14, e.crc, true);
		view.setUint32(p + 18, e.data.length, true); // compressed size
		view.setUint32(p + 22, e.data.length, true); // uncompressed size
		view.setUint16(p + 26, e.name.length, true);
		view.setUint16(p + 28, 0, true); // extra length
		out.set(e.name, p + 30);
		out.set(e.data, p + 30 + e.name.length);
		p += 30 + e.name.length + e.data.length;
	}
	const centralStart = p;
	entries.forEach((e, i) => {
		view.setUint32(p, 0x02014b50, true); // central directory header
		view.setUint16(p + 4, 20, true); // version made by
		view.setUint16(p + 6, 20, true); // version needed
		view.setUint16(p + 8, FLAGS, true);
		view.setUint16(p + 10, 0, true);
		view.setUint16(p + 12, stamp.time, true);
		view.setUint16(p + 14, stamp.date, true);
		view.setUint32(p + 16, e.crc, true);
		view.setUint32(p + 20, e.data.length, true);
		view.setUint32(p + 24, e.data.length, true);
		view.setUint16(p + 28, e.name.length, true);
		// extra length, comment length, disk number, internal attributes: 0
		view.setUint32(p + 38, 0, true); // external attributes
		view.setUint32(p + 42, offsets[i], true);
		out.set(e.name, p + 46);
		p += 46 + e.name.length;
	});
	view.setUint32(p, 0x06054b50, true); // end of central directory
	view.setUint16(p + 8, entries.length, true);
	view.setUint16(p + 10, entries.length, true);
	view.setUint32(p + 12, p - centralStart, true);
	view.setUint32(p + 16, centralStart, true);
	return out;
}
