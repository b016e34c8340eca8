/**
 * A small reader for ESRI shapefiles of area boundaries, as delivered by
 * GeoInformation Bremen: `.shp` (geometry), `.dbf` (attributes), `.prj` (the
 * coordinate system as WKT) and `.cpg` (the attribute encoding).
 *
 * Only polygons are read (shape types 5, 15, 25 – Z and M values are ignored).
 * Rings follow the shapefile rule: exterior rings clockwise, holes
 * counter-clockwise (y up). Each hole goes to the exterior ring that contains
 * it; a hole inside no exterior ring is reported and kept as an area of its
 * own (as GDAL does) – reported, not repaired.
 * Spec: ESRI Shapefile Technical Description (1998); dBASE III+ file format.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { decodeUtf8Strict, decodeWindows1252 } from './decode.ts';

/** A polygon feature with its .dbf attributes, in the file's coordinates. */
export type ShapeFeature = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

/** Thrown for unreadable files; German message for the user. */
export class ShapefileError extends Error {}

export interface ShapefileResult {
	features: ShapeFeature[];
	/** German notes: encoding used, holes without exterior, deleted records */
	notes: string[];
}

const SHAPE_NAMES: Record<number, string> = { 0: 'leer', 1: 'Punkt', 3: 'Linie', 8: 'Multipunkt', 11: 'Punkt', 13: 'Linie', 18: 'Multipunkt', 21: 'Punkt', 23: 'Linie', 28: 'Multipunkt', 31: 'Multipatch' };
const POLYGON_TYPES = new Set([5, 15, 25]);

/** Twice the signed area of a ring (shoelace); < 0 = clockwise with y up. */
export function ringArea2(ring: Position[]): number {
	let s = 0;
	for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
	return s;
}

/** Even–odd point-in-ring test. */
export function pointInRing(p: Position, ring: Position[]): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i];
		const [xj, yj] = ring[j];
		if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/**
 * Reads the geometries of a `.shp` file: one entry per record, null for a
 * null shape.
 * @throws ShapefileError for non-polygon files or truncated data
 */
export function readShp(bytes: Uint8Array, notes: string[] = []): (Polygon | MultiPolygon | null)[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (bytes.length < 100 || view.getInt32(0, false) !== 9994) throw new ShapefileError('Die .shp-Datei ist keine Shapefile-Geometriedatei.');
	const fileType = view.getInt32(32, true);
	if (!POLYGON_TYPES.has(fileType) && fileType !== 0) {
		throw new ShapefileError(`Das Shapefile enthält ${SHAPE_NAMES[fileType] ?? `Typ ${fileType}`}-Geometrien – erwartet werden Flächen (Polygone).`);
	}
	const out: (Polygon | MultiPolygon | null)[] = [];
	let p = 100;
	while (p + 8 <= bytes.length) {
		const length = view.getInt32(p + 4, false) * 2;
		const start = p + 8;
		if (start + length > bytes.length || length < 4) throw new ShapefileError(`Die .shp-Datei ist abgeschnitten (Datensatz ${out.length + 1}).`);
		const type = view.getInt32(start, true);
		if (type === 0) out.push(null);
		else if (POLYGON_TYPES.has(type)) out.push(readPolygonRecord(view, start, out.length + 1, notes));
		else throw new ShapefileError(`Datensatz ${out.length + 1} ist ${SHAPE_NAMES[type] ?? `Typ ${type}`}, keine Fläche.`);
		p = start + length;
	}
	return out;
}

/** Reads the parts of one polygon record and groups holes into their exterior rings. */
function readPolygonRecord(view: DataView, start: number, recordNo: number, notes: string[]): Polygon | MultiPolygon {
	const numParts = view.getInt32(start + 36, true);
	const numPoints = view.getInt32(start + 40, true);
	const partsAt = start + 44;
	const pointsAt = partsAt + 4 * numParts;
	if (numParts < 1 || numPoints < 1 || pointsAt + 16 * numPoints > view.byteLength) {
		throw new ShapefileError(`Datensatz ${recordNo}: ungültige Polygonstruktur (${numParts} Teile, ${numPoints} Punkte).`);
	}
	const rings: Position[][] = [];
	for (let k = 0; k < numParts; k++) {
		const from = view.getInt32(partsAt + 4 * k, true);
		const to = k + 1 < numParts ? view.getInt32(partsAt + 4 * (k + 1), true) : numPoints;
		if (from < 0 || to > numPoints || from >= to) throw new ShapefileError(`Datensatz ${recordNo}: ungültiger Ringindex.`);
		const ring: Position[] = [];
		for (let i = from; i < to; i++) ring.push([view.getFloat64(pointsAt + 16 * i, true), view.getFloat64(pointsAt + 16 * i + 8, true)]);
		rings.push(ring);
	}
	const exteriors: Position[][][] = [];
	const holes: Position[][] = [];
	for (const r of rings) (ringArea2(r) <= 0 ? exteriors.push([r]) : holes.push(r));
	if (exteriors.length === 0) {
		// all rings counter-clockwise: a writer that ignored the rule – treat them as exteriors
		for (const h of holes.splice(0)) exteriors.push([h]);
	}
	for (const h of holes) {
		const owner = exteriors.find((poly) => pointInRing(h[0], poly[0]) || pointInRing(h[Math.floor(h.length / 2)], poly[0]));
		if (owner) owner.push(h);
		else {
			notes.push(`Datensatz ${recordNo}: ein Loch liegt in keinem Außenring und wird als eigene Fläche gelesen.`);
			exteriors.push([h]);
		}
	}
	return exteriors.length === 1 ? { type: 'Polygon', coordinates: exteriors[0] } : { type: 'MultiPolygon', coordinates: exteriors };
}

export type DbfEncoding = 'utf-8' | 'windows-1252';

/**
 * Encoding of the attribute texts: from the `.cpg` file ("UTF-8", "1252",
 * "ANSI 1252", "ISO-8859-1" …), else from the dBASE language driver byte
 * (0x57/0x03 = ANSI 1252), else UTF-8 if all text bytes are valid UTF-8,
 * else Windows-1252.
 */
export function dbfEncoding(cpg: string | undefined, ldid: number, sample: Uint8Array): { encoding: DbfEncoding; source: string } {
	const c = (cpg ?? '').trim().toLowerCase().replace(/[\s_-]/g, '');
	if (/^(utf8|65001)$/.test(c)) return { encoding: 'utf-8', source: '.cpg' };
	if (/^(ansi)?(1252|cp1252|windows1252|iso88591|88591|latin1|ansi)$/.test(c)) return { encoding: 'windows-1252', source: '.cpg' };
	if (ldid === 0x57 || ldid === 0x03) return { encoding: 'windows-1252', source: 'dBASE-Sprachkennung' };
	return { encoding: decodeUtf8Strict(sample) !== null ? 'utf-8' : 'windows-1252', source: 'erkannt' };
}

/**
 * Reads the records of a `.dbf` file as property objects (C text, N/F
 * numbers, L booleans, D dates as "YYYY-MM-DD"). Deleted records are kept
 * in place (to stay aligned with the .shp) and reported.
 */
export function readDbf(bytes: Uint8Array, cpg: string | undefined, notes: string[] = []): Record<string, unknown>[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (bytes.length < 32) throw new ShapefileError('Die .dbf-Datei ist zu kurz.');
	const count = view.getUint32(4, true);
	const headerLength = view.getUint16(8, true);
	const recordLength = view.getUint16(10, true);
	const fields: { name: string; type: string; offset: number; length: number }[] = [];
	let offset = 1;
	for (let p = 32; p + 32 <= headerLength && bytes[p] !== 0x0d; p += 32) {
		const raw = bytes.subarray(p, p + 11);
		const end = raw.indexOf(0);
		const name = decodeWindows1252(raw.subarray(0, end < 0 ? 11 : end)).trim();
		const length = bytes[p + 16];
		fields.push({ name, type: String.fromCharCode(bytes[p + 11]), offset, length });
		offset += length;
	}
	const body = bytes.subarray(headerLength, headerLength + count * recordLength);
	const { encoding, source } = dbfEncoding(cpg, bytes[29], body);
	notes.push(`Attribute (.dbf) gelesen als ${encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252'} (${source}).`);
	const decode = (b: Uint8Array) => (encoding === 'utf-8' ? new TextDecoder().decode(b) : decodeWindows1252(b));
	const records: Record<string, unknown>[] = [];
	let deleted = 0;
	for (let r = 0; r < count; r++) {
		const start = headerLength + r * recordLength;
		if (start + recordLength > bytes.length) throw new ShapefileError(`Die .dbf-Datei ist abgeschnitten (Datensatz ${r + 1}).`);
		if (bytes[start] === 0x2a) deleted++;
		const rec: Record<string, unknown> = {};
		for (const f of fields) {
			const text = decode(bytes.subarray(start + f.offset, start + f.offset + f.length)).replace(/\0/g, '').trim();
			if (f.type === 'N' || f.type === 'F') rec[f.name] = text === '' || /^\*+$/.test(text) ? null : Number(text);
			else if (f.type === 'L') rec[f.name] = /^[yYtT]$/.test(text) ? true : /^[nNfF]$/.test(text) ? false : null;
			else if (f.type === 'D') rec[f.name] = /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : null;
			else rec[f.name] = text;
		}
		records.push(rec);
	}
	if (deleted > 0) notes.push(`${deleted === 1 ? '1 Datensatz ist' : `${deleted} Datensätze sind`} in der .dbf als gelöscht markiert und ${deleted === 1 ? 'wurde' : 'wurden'} trotzdem gelesen.`);
	return records;
}

/**
 * Reads a shapefile from its parts into features. Records with a null shape
 * are reported. `.dbf` is optional (features then have no attributes).
 * @throws ShapefileError (German message)
 */
export function readShapefile(parts: { shp: Uint8Array; dbf?: Uint8Array; cpg?: string }): ShapefileResult {
	const notes: string[] = [];
	const geometries = readShp(parts.shp, notes);
	const records = parts.dbf ? readDbf(parts.dbf, parts.cpg, notes) : [];
	if (parts.dbf && records.length !== geometries.length) {
		throw new ShapefileError(`.shp und .dbf passen nicht zusammen (${geometries.length} Geometrien, ${records.length} Datensätze).`);
	}
	const features: ShapeFeature[] = [];
	geometries.forEach((g, i) => {
		if (g === null) notes.push(`Datensatz ${i + 1} hat keine Geometrie und wird nicht übernommen.`);
		else features.push({ type: 'Feature', properties: records[i] ?? {}, geometry: g });
	});
	return { features, notes };
}
