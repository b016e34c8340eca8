/**
 * A small ZIP reader for the two ZIP files users bring: XLSX workbooks and
 * zipped shapefiles. Reads the central directory, supports the methods
 * "stored" (0) and "deflate" (8) and checks each file's CRC-32.
 *
 * Inflating uses the web platform's `DecompressionStream('deflate-raw')`
 * (all current browsers; Node ≥ 20), so no package is needed – the price is
 * that extraction is async. Not supported (reported with a German message):
 * ZIP64 archives (> 4 GB or > 65 535 files), encryption, other methods.
 */

export interface ZipEntry {
	/** path inside the archive, "/"-separated */
	name: string;
	method: number;
	compressedSize: number;
	size: number;
	crc: number;
	/** offset of the local file header */
	offset: number;
	encrypted: boolean;
}

/** Thrown for unreadable archives; `message` is German and shown to the user. */
export class ZipError extends Error {}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

/**
 * Lists the files of an archive (directories omitted) from its central directory.
 * @throws ZipError if the bytes are not a readable ZIP archive
 */
export function listZip(bytes: Uint8Array): ZipEntry[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let eocd = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
		if (view.getUint32(i, true) === EOCD_SIG) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new ZipError('Das ZIP-Archiv ist beschädigt oder unvollständig (Inhaltsverzeichnis fehlt).');
	const count = view.getUint16(eocd + 10, true);
	const cdOffset = view.getUint32(eocd + 16, true);
	if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('ZIP64-Archive werden nicht unterstützt.');
	const entries: ZipEntry[] = [];
	let p = cdOffset;
	for (let k = 0; k < count; k++) {
		if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL_SIG) throw new ZipError('Das ZIP-Archiv ist beschädigt (Inhaltsverzeichnis unlesbar).');
		const flags = view.getUint16(p + 8, true);
		const nameLength = view.getUint16(p + 28, true);
		const extraLength = view.getUint16(p + 30, true);
		const commentLength = view.getUint16(p + 32, true);
		const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
		const name = flags & 0x800 ? new TextDecoder().decode(nameBytes) : String.fromCharCode(...nameBytes);
		const entry: ZipEntry = {
			name: name.replace(/\\/g, '/'),
			method: view.getUint16(p + 10, true),
			crc: view.getUint32(p + 16, true),
			compressedSize: view.getUint32(p + 20, true),
			size: view.getUint32(p + 24, true),
			offset: view.getUint32(p + 42, true),
			encrypted: (flags & 1) === 1
		};
		if (!entry.name.endsWith('/')) entries.push(entry);
		p += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/**
 * Extracts one entry and checks its CRC-32.
 * @throws ZipError on encryption, unsupported method, corrupt data or CRC mismatch
 */
export async function extractZipEntry(bytes: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
	if (entry.encrypted) throw new ZipError(`„${entry.name}“ ist verschlüsselt – bitte ohne Passwort packen.`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const p = entry.offset;
	if (p + 30 > bytes.length || view.getUint32(p, true) !== LOCAL_SIG) throw new ZipError(`„${entry.name}“: ZIP-Eintrag beschädigt.`);
	const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
	const data = bytes.subarray(start, start + entry.compressedSize);
	if (data.length !== entry.compressedSize) throw new ZipError(`„${entry.name}“: ZIP-Eintrag unvollständig.`);
	let out: Uint8Array;
	if (entry.method === 0) out = data.slice();
	else if (entry.method === 8) {
		try {
			out = await inflateRaw(data);
		} catch {
			throw new ZipError(`„${entry.name}“: Daten können nicht entpackt werden (beschädigt).`);
		}
	} else throw new ZipError(`„${entry.name}“: Packverfahren ${entry.method} wird nicht unterstützt (nur „Deflate“).`);
	if (out.length !== entry.size || crc32(out) !== entry.crc) throw new ZipError(`„${entry.name}“: Prüfsumme stimmt nicht – die Datei ist beschädigt.`);
	return out;
}

/** Extracts all entries whose name passes `filter` (default: all), keyed by name. */
export async function readZip(bytes: Uint8Array, filter: (name: string) => boolean = () => true): Promise<Map<string, Uint8Array>> {
	const out = new Map<string, Uint8Array>();
	for (const entry of listZip(bytes)) {
		if (filter(entry.name)) out.set(entry.name, await extractZipEntry(bytes, entry));
	}
	return out;
}

/** Raw DEFLATE → bytes with the platform's DecompressionStream. */
async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

let CRC_TABLE: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, as in ZIP and PNG). @example crc32(new TextEncoder().encode('123456789')) // → 0xcbf43926 */
export function crc32(bytes: Uint8Array): number {
	if (!CRC_TABLE) {
		CRC_TABLE = new Uint32Array(256);
		for (let n = 0; n < 256; n++) {
			let c = n;
			for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
			CRC_TABLE[n] = c >>> 0;
		}
	}
	let crc = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}
