import { describe, expect, it } from 'vitest';
import { decodeText, decodeWindows1252, sniffBinary } from '../../../src/lib/import/decode.ts';

describe('decodeText', () => {
	it('reads invalid UTF-8 as Windows-1252, including 0x80–0x9F (… and €)', () => {
		const bytes = Uint8Array.of(0x47, 0x72, 0xf6, 0x70, 0x65, 0x6c, 0x69, 0x6e, 0x67, 0x65, 0x6e, 0x3b, 0x85, 0x3b, 0x80, 0x3b, 0x96);
		const d = decodeText(bytes);
		expect(d.encoding).toBe('windows-1252');
		expect(d.text).toBe('Gröpelingen;…;€;–');
		expect(d.note).toContain('Windows-1252');
	});

	it('reads valid UTF-8 as UTF-8 and strips a BOM', () => {
		const plain = new TextEncoder().encode('Südervorstadt');
		expect(decodeText(plain)).toMatchObject({ encoding: 'utf-8', text: 'Südervorstadt' });
		const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...plain]);
		expect(decodeText(bom)).toMatchObject({ encoding: 'utf-8-bom', text: 'Südervorstadt' });
	});

	it('reads UTF-16 LE with BOM (Excel "Unicode-Text")', () => {
		const text = 'Ortsteil\tWert\r\nHäfen\t1';
		const bytes = new Uint8Array(2 + text.length * 2);
		bytes.set([0xff, 0xfe]);
		for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
		expect(decodeText(bytes)).toMatchObject({ encoding: 'utf-16le', text });
	});

	it('honours a forced encoding and flags double-encoded umlauts', () => {
		const utf8 = new TextEncoder().encode('Neustädter Häfen');
		const forced = decodeText(utf8, 'windows-1252');
		expect(forced.text).toBe('NeustÃ¤dter HÃ¤fen');
		expect(forced.mojibake).toBe(true);
	});

	it('decodes the Latin-1 range unchanged', () => {
		expect(decodeWindows1252(Uint8Array.of(0xe4, 0xf6, 0xfc, 0xdf, 0xc4))).toBe('äöüßÄ');
	});
});

describe('sniffBinary', () => {
	it('recognises ZIP, old Excel, PDF and NUL bytes', () => {
		expect(sniffBinary(Uint8Array.of(0x50, 0x4b, 3, 4, 0))).toBe('zip');
		expect(sniffBinary(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0))).toBe('xls');
		expect(sniffBinary(new TextEncoder().encode('%PDF-1.7'))).toBe('pdf');
		expect(sniffBinary(Uint8Array.of(65, 0, 66))).toBe('binary');
		expect(sniffBinary(new TextEncoder().encode('a;b'))).toBeNull();
	});
});
