/**
 * Bytes → text for the table import. Exports of the Statistisches Landesamt
 * and of German Excel are Windows-1252 ("ANSI") unless saved as
 * "CSV UTF-8"; Excel's "Unicode-Text" is UTF-16 with BOM. We never guess
 * beyond that: valid UTF-8 is UTF-8, anything else is Windows-1252, and the
 * report says which one was used.
 */
import type { Encoding } from './types.ts';

/**
 * Windows-1252 code points of bytes 0x80–0x9F (WHATWG encoding standard). The
 * other bytes equal their Latin-1 code point. We decode with this table instead
 * of `TextDecoder('windows-1252')` because some runtimes (Node 20.x with the
 * Latin-1 fast path) decode 0x80–0x9F as C1 control characters – and 0x85 is
 * "…", a suppression marker of official tables.
 */
const CP1252_HIGH = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

/**
 * Decodes Windows-1252 bytes (a superset of ISO-8859-1 for printable text).
 * @example decodeWindows1252(Uint8Array.of(0x47, 0x72, 0xf6, 0x85)) // → "Grö…"
 */
export function decodeWindows1252(bytes: Uint8Array): string {
	let out = '';
	const chunk: number[] = [];
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i];
		chunk.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b);
		if (chunk.length === 8192) {
			out += String.fromCharCode(...chunk);
			chunk.length = 0;
		}
	}
	return out + String.fromCharCode(...chunk);
}

/** Strict UTF-8 decoding; null if the bytes are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
	} catch {
		return null;
	}
}

export interface DecodedText {
	text: string;
	encoding: Encoding;
	/** German sentence for the report, e.g. "Zeichenkodierung: Windows-1252 (kein gültiges UTF-8)." */
	note: string;
	/** true if the text looks like UTF-8 read twice ("Ã¤" for "ä") */
	mojibake: boolean;
}

const ENCODING_LABEL: Record<Encoding, string> = {
	'utf-8': 'UTF-8',
	'utf-8-bom': 'UTF-8 mit BOM',
	'utf-16le': 'UTF-16 (Little Endian)',
	'utf-16be': 'UTF-16 (Big Endian)',
	'windows-1252': 'Windows-1252 (ANSI)'
};

/** Human-readable German name of an encoding. */
export function encodingLabel(e: Encoding): string {
	return ENCODING_LABEL[e];
}

/**
 * Detects the encoding and decodes: a BOM decides (UTF-8, UTF-16 LE/BE);
 * without BOM, text that is valid UTF-8 is UTF-8, otherwise Windows-1252.
 * `force` overrides the detection (from the wizard). The BOM is removed.
 * Never throws.
 *
 * @example decodeText(Uint8Array.of(0x4f, 0x73, 0x74, 0xe4)).encoding // → "windows-1252"
 */
export function decodeText(bytes: Uint8Array, force?: Encoding): DecodedText {
	const bom = detectBom(bytes);
	const encoding: Encoding = force ?? bom ?? (decodeUtf8Strict(bytes) !== null ? 'utf-8' : 'windows-1252');
	const skip = bom === encoding || (bom === 'utf-8-bom' && encoding === 'utf-8') ? bomLength(bom) : 0;
	const body = bytes.subarray(skip);
	let text: string;
	if (encoding === 'windows-1252') text = decodeWindows1252(body);
	else if (encoding === 'utf-16le' || encoding === 'utf-16be') text = new TextDecoder(encoding).decode(body);
	else text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body).replace(/^\uFEFF/, '');
	const reason = force ? 'vorgegeben' : bom ? 'Byte-Order-Mark' : encoding === 'utf-8' ? 'gültiges UTF-8' : 'kein gültiges UTF-8';
	return {
		text,
		encoding,
		note: `Zeichenkodierung: ${ENCODING_LABEL[encoding]} (${reason}).`,
		mojibake: /Ã[\u0080-\u00bf]|Ã[„–œŸ]/.test(text)
	};
}

function detectBom(b: Uint8Array): Encoding | null {
	if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8-bom';
	if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
	if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
	return null;
}

function bomLength(e: Encoding | null): number {
	return e === 'utf-8-bom' ? 3 : e === 'utf-16le' || e === 'utf-16be' ? 2 : 0;
}

/** Kinds of binary files a user may pick by mistake (or, for ZIP, an XLSX/zipped shapefile). */
export type BinaryKind = 'zip' | 'xls' | 'pdf' | 'binary' | null;

/**
 * Recognises binary files by their magic bytes before they are read as text:
 * ZIP (XLSX, zipped shapefile), old Excel .xls (OLE2), PDF, or NUL bytes
 * outside UTF-16 text.
 */
export function sniffBinary(b: Uint8Array): BinaryKind {
	if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6)) return 'zip';
	if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'xls';
	if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf';
	const bom = detectBom(b);
	if (bom === 'utf-16le' || bom === 'utf-16be') return null;
	const n = Math.min(b.length, 4096);
	for (let i = 0; i < n; i++) if (b[i] === 0) return 'binary';
	return null;
}
