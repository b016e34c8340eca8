/**
 * Coordinate reference systems of boundary files, as far as the import must
 * know them before handing the geometry to `readBoundaries`
 * (src/lib/geo/geometry.ts, which reprojects EPSG:25832 and EPSG:31467 with
 * proj4 and refuses anything else):
 *
 * - `.prj` WKT of shapefiles (WKT1 with AUTHORITY, ESRI WKT without it, WKT2
 *   with ID) → "EPSG:<code>";
 * - EPSG:4647 (ETRS89 / UTM 32N with the zone number "32" in front of the
 *   easting, "zE-N") is UTM32N plus 32 000 000 m: shifted, then read as
 *   EPSG:25832 (German surveying offices deliver both).
 */
import type { Position } from 'geojson';

/** The CRS of a `.prj` file, or null if it is not one we know. */
export function crsFromWkt(wkt: string): string | null {
	const s = wkt.trim();
	// the last authority code belongs to the outermost CRS (WKT1: AUTHORITY["EPSG","25832"]; WKT2: ID["EPSG",25832])
	const codes = [...s.matchAll(/(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)].map((m) => m[1]);
	const head = /^\s*(PROJCS|PROJCRS|GEOGCS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(s);
	if (head) {
		const name = head[2].toLowerCase().replace(/[\s/_()-]+/g, ' ').trim();
		if (/utm zone 32n z?e n|zone 32n.*ze n|4647/.test(name)) return 'EPSG:4647';
		if (/etrs (19)?89 utm zone 32n|etrs89 utm zone 32n|etrs 1989 utm zone 32n/.test(name)) return 'EPSG:25832';
		if (/dhdn.*(3 degree )?gauss.*zone 3|gauss kruger zone 3|dhdn gk3/.test(name)) return 'EPSG:31467';
		if (/^(gcs )?(wgs (19)?84|wgs 1984)$/.test(name)) return 'EPSG:4326';
		if (/^(gcs )?etrs (19)?89$|^etrs89$/.test(name)) return 'EPSG:4326';
		const outer = codes.at(-1);
		if (outer) return outer === '4258' ? 'EPSG:4326' : `EPSG:${outer}`;
		return null;
	}
	const code = codes.at(-1);
	return code ? `EPSG:${code}` : null;
}

/** Short name of the CRS in a .prj (the first quoted name), for messages. */
export function wktName(wkt: string): string {
	return /"([^"]*)"/.exec(wkt)?.[1] ?? wkt.slice(0, 60);
}

/** True if coordinates look like EPSG:4647 (eastings 32.1–32.9 million m, northings of Germany). */
export function looksLikeZonePrefixed(positions: Iterable<Position>): boolean {
	let any = false;
	for (const [x, y] of positions) {
		any = true;
		if (!(x > 32.1e6 && x < 32.9e6 && y > 5.0e6 && y < 6.2e6)) return false;
	}
	return any;
}

/** EPSG:4647 → EPSG:25832: removes the zone prefix 32 000 000 m from the easting. */
export function stripZonePrefix(p: Position): Position {
	return [p[0] - 32e6, p[1]];
}
