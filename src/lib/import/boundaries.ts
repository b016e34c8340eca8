/**
 * Import of area boundaries: GeoJSON (WGS84, EPSG:25832, EPSG:31467) or a
 * shapefile (zipped, or its .shp/.dbf/.prj/.cpg files picked together), as
 * delivered by GeoInformation Bremen in ETRS89/UTM32N.
 *
 * Steps: unpack → read features and CRS (.prj, GeoJSON `crs`, else inferred
 * from the coordinates) → check every polygon (self-intersections, spikes,
 * degenerate rings, holes outside: reported, not repaired) → reproject with
 * `readBoundaries` (unknown CRS are refused there) → match names to the
 * register (names.ts, aliases, manual assignments) → queen neighbours.
 * Like the table import it is all or nothing: `ok: false` carries no features.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { Register } from '../data/contract.ts';
import { createAreaMatcher } from '../data/names.ts';
import { crsFromWkt, looksLikeZonePrefixed, stripZonePrefix, wktName } from './crs.ts';
import { decodeText, sniffBinary } from './decode.ts';
import { canonicalCrs, featureName, islands, queenNeighbours, readBoundaries, type AreaFeature } from '../geo/geometry.ts';
import { issue, plural } from './issues.ts';
import { checkPolygon, describeProblem } from './polygon-check.ts';
import { readShapefile, ShapefileError } from './shapefile.ts';
import type { AttentionItem, ImportIssue } from './types.ts';
import { listZip, extractZipEntry, ZipError } from './zip.ts';

export interface BoundaryFile {
	name: string;
	bytes: Uint8Array;
}

export interface ImportBoundariesOptions {
	register: Register;
	/** CRS if the file does not say ("EPSG:25832"); overrides .prj / `crs` */
	crs?: string;
	/** attribute holding the area name; default: name/Name/NAME/ortsteil/…, else a text attribute like "OT_NAME" */
	nameProperty?: string;
	/** several shapefiles/GeoJSONs in one ZIP: which one (base name without extension) */
	layer?: string;
	/** feature name → Ortsteil id, or null to leave it out */
	assignments?: Record<string, string | null>;
}

export interface BoundaryReport {
	file: string;
	format: 'geojson' | 'shapefile' | 'unbekannt';
	/** CRS the coordinates were read in ("EPSG:25832") */
	sourceCrs?: string;
	features: number;
	nameProperty?: string;
	/** attribute names of the features, for choosing `nameProperty` */
	properties: string[];
	/** layers found in a ZIP (shapefile base names / GeoJSON files) */
	layers: string[];
	summary: string;
}

export type BoundaryImportResult =
	| {
			ok: true;
			/** WGS84, d3-geo winding, register order; properties { id, name, source_name } */
			features: AreaFeature[];
			/** queen contiguity, both directions, sorted */
			neighbours: [string, string][];
			sourceCrs: string;
			warnings: ImportIssue[];
			report: BoundaryReport;
	  }
	| { ok: false; errors: ImportIssue[]; warnings: ImportIssue[]; attention: AttentionItem[]; report: BoundaryReport };

const CRS_HINT = 'unterstützt: WGS84 (EPSG:4326), ETRS89/UTM32N (EPSG:25832, auch mit Zonenkennung EPSG:4647), DHDN/GK3 (EPSG:31467)';

/** Collected parts of one layer: a GeoJSON text, or the files of one shapefile. */
interface Layer {
	name: string;
	geojson?: Uint8Array;
	shp?: Uint8Array;
	dbf?: Uint8Array;
	prj?: Uint8Array;
	cpg?: Uint8Array;
}

/**
 * Imports boundary files. Never throws; see `BoundaryImportResult`.
 * Async because ZIP entries are inflated with `DecompressionStream`.
 */
export async function importBoundaries(files: BoundaryFile[], options: ImportBoundariesOptions): Promise<BoundaryImportResult> {
	const file = files.map((f) => f.name).join(', ') || 'Grenzdatei';
	const report: BoundaryReport = { file, format: 'unbekannt', features: 0, properties: [], layers: [], summary: '' };
	const warnings: ImportIssue[] = [];
	const fail = (errors: ImportIssue[], attention: AttentionItem[] = []): BoundaryImportResult => ({
		ok: false,
		errors,
		warnings,
		attention,
		report: { ...report, summary: `Noch nichts importiert: ${plural(errors.length, 'Fehler', 'Fehler')}${attention.length ? `, ${plural(attention.length, 'Fläche braucht', 'Flächen brauchen')} eine Zuordnung` : ''}.` }
	});
	try {
		const layers = await collectLayers(files);
		report.layers = [...layers.keys()];
		const chosen = options.layer !== undefined ? layers.get(options.layer) : layers.size === 1 ? [...layers.values()][0] : undefined;
		if (!chosen) {
			const text =
				layers.size === 0
					? 'Keine Grenzdatei gefunden – erwartet wird GeoJSON (.geojson/.json) oder ein Shapefile (.shp mit .dbf und .prj, gern als ZIP).'
					: options.layer !== undefined
						? `Ebene „${options.layer}“ nicht gefunden (vorhanden: ${report.layers.join(', ')}).`
						: `Die Dateien enthalten mehrere Ebenen (${report.layers.join(', ')}) – bitte eine wählen.`;
			return fail([issue('error', 'shapefile', { file }, text)]);
		}
		const read = readLayer(chosen, options, file, warnings);
		if ('errors' in read) return fail(read.errors);
		report.format = read.format;
		let { features, crs } = read;
		report.properties = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];

		// EPSG:4647: eastings with zone prefix 32
		if (crs === 'EPSG:4647' || (crs === undefined && looksLikeZonePrefixed(allPositions(features)))) {
			features = features.map((f) => ({ ...f, geometry: mapGeometry(f.geometry, stripZonePrefix) }));
			crs = 'EPSG:25832';
			warnings.push(issue('info', 'crs', { file }, 'Rechtswerte mit Zonenkennung 32 (EPSG:4647) erkannt – als ETRS89/UTM32N (EPSG:25832) gelesen.'));
		}

		// names
		const nameProperty = options.nameProperty ?? guessNameProperty(features);
		report.nameProperty = nameProperty;
		const named = features.map((f) => {
			const raw = nameProperty ? f.properties?.[nameProperty] : undefined;
			const name = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : (featureName(f as never) ?? '');
			return { feature: f, name };
		});

		// geometry checks in file coordinates
		const errors: ImportIssue[] = [];
		named.forEach(({ feature, name }, i) => {
			const label = name ? `Fläche ${i + 1} („${name}“)` : `Fläche ${i + 1}`;
			const shape = shapeError(feature);
			if (shape) return void errors.push(issue('error', 'geometry-invalid', { file }, `${label}: ${shape}`));
			const g = feature.geometry as Polygon | MultiPolygon;
			for (const p of checkPolygon(g)) {
				const text = `${label}: ${describeProblem(p, g.type === 'MultiPolygon')}`;
				if (p.kind === 'degenerate') errors.push(issue('error', 'geometry-invalid', { file }, text));
				else warnings.push(issue('warning', p.kind === 'hole-outside' ? 'hole-outside' : 'self-intersection', { file }, `${text} Die Fläche wird so übernommen; bitte im GIS prüfen.`));
			}
		});
		if (errors.length > 0) return fail(errors);

		// reprojection (refuses unknown CRS)
		const collection = { type: 'FeatureCollection', features: named.map(({ feature, name }) => ({ ...feature, properties: { ...(feature.properties ?? {}), name } })) };
		let wgs: AreaFeature[];
		try {
			const result = readBoundaries(JSON.stringify(collection), { crs: options.crs ?? crs });
			wgs = result.features;
			report.sourceCrs = result.sourceCrs;
			if (!options.crs && !crs) warnings.push(issue('warning', 'crs', { file }, `Die Datei nennt kein Koordinatensystem; aus den Koordinaten erkannt: ${result.sourceCrs}.`));
		} catch (e) {
			const message = (e as Error).message;
			return fail([issue('error', /Koordinat/.test(message) ? 'crs-unknown' : 'geometry-invalid', { file }, `${message}${/Koordinat/.test(message) && !message.includes('unterstützt') ? ` – ${CRS_HINT}.` : ''}`)]);
		}
		report.features = wgs.length;
		return match(wgs, named.map((n) => n.name), options, file, warnings, report);
	} catch (e) {
		const known = e instanceof ZipError || e instanceof ShapefileError;
		return fail([issue('error', known ? 'shapefile' : 'internal', { file }, known ? (e as Error).message : `Interner Fehler: ${(e as Error)?.message ?? String(e)}`)]);
	}
}

/** Groups the given files (and the contents of ZIPs) into layers by base name. */
async function collectLayers(files: BoundaryFile[]): Promise<Map<string, Layer>> {
	const layers = new Map<string, Layer>();
	const add = (path: string, bytes: Uint8Array) => {
		const base = path.split('/').pop() ?? path;
		if (path.startsWith('__MACOSX/') || base.startsWith('.')) return;
		const m = /^(.*)\.(geojson|json|shp|dbf|prj|cpg)$/i.exec(path);
		if (!m) return;
		const ext = m[2].toLowerCase();
		const key = ext === 'geojson' || ext === 'json' ? path : m[1];
		const layer = layers.get(key.toLowerCase()) ?? { name: key };
		layer[ext === 'json' ? 'geojson' : (ext as 'geojson' | 'shp' | 'dbf' | 'prj' | 'cpg')] = bytes;
		layers.set(key.toLowerCase(), layer);
	};
	for (const f of files) {
		if (sniffBinary(f.bytes) === 'zip') {
			for (const entry of listZip(f.bytes)) {
				if (/\.(geojson|json|shp|dbf|prj|cpg)$/i.test(entry.name)) add(entry.name, await extractZipEntry(f.bytes, entry));
			}
		} else add(f.name, f.bytes);
	}
	// a .dbf/.prj without .shp is no layer
	const out = new Map<string, Layer>();
	for (const layer of layers.values()) if (layer.geojson || layer.shp) out.set(layer.name, layer);
	return out;
}

type RawFeature = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

/** Reads features and the declared CRS of one layer. */
function readLayer(
	layer: Layer,
	options: ImportBoundariesOptions,
	file: string,
	warnings: ImportIssue[]
): { features: RawFeature[]; crs: string | undefined; format: 'geojson' | 'shapefile' } | { errors: ImportIssue[] } {
	if (layer.geojson) {
		let doc: { type?: string; features?: unknown; crs?: { properties?: { name?: unknown; code?: unknown } } };
		try {
			doc = JSON.parse(decodeText(layer.geojson).text);
		} catch (e) {
			return { errors: [issue('error', 'geometry-invalid', { file }, `Grenzdatei ist kein gültiges JSON: ${(e as Error).message}`)] };
		}
		if (!doc || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
			return { errors: [issue('error', 'geometry-invalid', { file }, 'Grenzdatei ist keine GeoJSON-FeatureCollection.')] };
		}
		const p = doc.crs?.properties;
		const declared = typeof p?.name === 'string' ? canonicalCrs(p.name) : p?.code !== undefined ? canonicalCrs(String(p.code)) : undefined;
		return { features: doc.features as RawFeature[], crs: declared, format: 'geojson' };
	}
	const notes: string[] = [];
	const cpg = layer.cpg ? new TextDecoder().decode(layer.cpg) : undefined;
	const { features, notes: readNotes } = readShapefile({ shp: layer.shp!, dbf: layer.dbf, cpg });
	notes.push(...readNotes);
	if (!layer.dbf) notes.push('Zum Shapefile fehlt die .dbf-Datei – die Flächen haben keine Namen.');
	for (const n of notes) warnings.push(issue(/keine Geometrie|fehlt|Loch/.test(n) ? 'warning' : 'info', 'shapefile', { file }, n));
	let crs: string | undefined;
	if (layer.prj) {
		const wkt = decodeText(layer.prj).text;
		const known = crsFromWkt(wkt);
		if (!known && !options.crs) {
			return { errors: [issue('error', 'crs-unknown', { file }, `Unbekanntes Koordinatensystem „${wktName(wkt)}“ in der .prj-Datei – ${CRS_HINT}.`)] };
		}
		crs = known ?? undefined;
	}
	return { features, crs, format: 'shapefile' };
}

/** Why a feature's geometry is unusable (German), or null if it is a well-formed Polygon/MultiPolygon. */
function shapeError(f: RawFeature): string | null {
	const g = f?.geometry as { type?: string; coordinates?: unknown } | null | undefined;
	if (!f || f.type !== 'Feature') return 'kein GeoJSON-Feature.';
	if (!g) return 'keine Geometrie.';
	if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return `Geometrietyp „${g.type}“ wird nicht unterstützt – erwartet werden Polygon oder MultiPolygon.`;
	const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown;
	if (!Array.isArray(polys) || polys.length === 0) return 'leere Geometrie.';
	for (const poly of polys) {
		if (!Array.isArray(poly) || poly.length === 0) return 'leeres Polygon.';
		for (const ring of poly) {
			if (!Array.isArray(ring) || ring.length < 3) return 'Ring mit weniger als drei Punkten.';
			for (const p of ring) if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return `ungültige Koordinate ${JSON.stringify(p)}.`;
		}
	}
	return null;
}

function* allPositions(features: RawFeature[]): Generator<Position> {
	for (const f of features) {
		const g = f?.geometry;
		if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) continue;
		const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
		for (const poly of polys) for (const ring of poly ?? []) for (const p of ring ?? []) if (Array.isArray(p)) yield p;
	}
}

function mapGeometry(g: Polygon | MultiPolygon, fn: (p: Position) => Position): Polygon | MultiPolygon {
	if (!g || !Array.isArray(g.coordinates)) return g;
	if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(fn)) };
	return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((r) => r.map(fn))) };
}

const NAME_KEYS = ['name', 'Name', 'NAME', 'ortsteil', 'Ortsteil', 'ORTSTEIL'];

/**
 * The attribute that holds the area names: one of the keys `featureName`
 * knows, else the first attribute whose name contains "name", "bez" or
 * "ortsteil" and that is a non-numeric text in most features (e.g. "OT_NAME",
 * "BEZEICHNUN" – dBASE cuts names at 10 characters).
 */
function guessNameProperty(features: RawFeature[]): string | undefined {
	const keys = [...new Set(features.flatMap((f) => Object.keys(f?.properties ?? {})))];
	const texty = (k: string) => features.filter((f) => typeof f?.properties?.[k] === 'string' && /[a-zäöüß]{2}/i.test(f.properties[k] as string)).length >= features.length * 0.8;
	return keys.find((k) => NAME_KEYS.includes(k) && texty(k)) ?? keys.find((k) => /name|bez|ortsteil/i.test(k) && texty(k));
}

/** Matches the reprojected features to the register and builds the result. */
function match(
	features: AreaFeature[],
	names: string[],
	options: ImportBoundariesOptions,
	file: string,
	warnings: ImportIssue[],
	report: BoundaryReport
): BoundaryImportResult {
	const { register } = options;
	const matcher = createAreaMatcher(register.ortsteile, register.aliases.map((a) => ({ alias: a.alias, id: a.ortsteil_id })));
	const ids = new Set(register.ortsteile.map((o) => o.id));
	const errors: ImportIssue[] = [];
	const attention: AttentionItem[] = [];
	const found = new Map<string, { features: AreaFeature[]; names: Set<string> }>();
	features.forEach((f, i) => {
		const name = names[i];
		if (!name) return void errors.push(issue('error', 'area-missing-name', { file }, `Fläche ${i + 1} hat keinen Namen${report.nameProperty ? ` (Attribut „${report.nameProperty}“)` : ''} – bitte das Attribut mit den Ortsteilnamen wählen.`));
		let id: string | null | undefined;
		if (options.assignments && name in options.assignments) {
			id = options.assignments[name];
			if (id === null) return void warnings.push(issue('warning', 'area-skipped', { file }, `Fläche „${name}“ bewusst ausgelassen.`));
			if (!ids.has(id)) id = undefined;
		}
		id ??= matcher.match(name)?.id;
		if (!id) {
			const amb = matcher.ambiguous(name);
			const message = amb.length ? `Fläche „${name}“ passt zu mehreren Ortsteilen.` : `Fläche „${name}“ ist kein Ortsteil des Gebietsregisters.`;
			const candidates = amb.map((c) => ({ id: c, name: register.ortsteile.find((o) => o.id === c)?.name ?? c }));
			const existing = attention.find((a) => a.key === name);
			if (existing) existing.lines.push(i + 1);
			else attention.push({ kind: 'area', key: name, reason: amb.length ? 'ambiguous' : 'unmatched', lines: [i + 1], candidates, message });
			return;
		}
		const entry = found.get(id) ?? { features: [], names: new Set<string>() };
		entry.features.push(f);
		entry.names.add(name);
		found.set(id, entry);
	});
	for (const a of attention) errors.push(issue('error', a.reason === 'ambiguous' ? 'area-ambiguous' : 'area-unmatched', { file }, `${a.message} Bitte einem Ortsteil zuordnen oder bewusst auslassen.`));
	const byId = new Map<string, AreaFeature>();
	const missing: string[] = [];
	for (const o of register.ortsteile) {
		const entry = found.get(o.id);
		if (!entry) {
			missing.push(o.name);
			continue;
		}
		if (entry.names.size > 1) {
			errors.push(issue('error', 'boundary-duplicate', { file }, `Mehrere Flächen für ${o.name}: ${[...entry.names].map((n) => `„${n}“`).join(', ')}.`));
			continue;
		}
		const [sourceName] = entry.names;
		if (entry.features.length > 1) {
			warnings.push(issue('warning', 'boundary-merged', { file }, `${entry.features.length} Flächen „${sourceName}“ zu einem Ortsteil ${o.name} zusammengefasst (Mehrteil-Fläche).`));
		}
		const polygons = entry.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates));
		const geometry: Polygon | MultiPolygon = polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
		byId.set(o.id, { type: 'Feature', properties: { id: o.id, name: o.name, source_name: sourceName }, geometry });
	}
	if (missing.length > 0) {
		errors.push(issue('error', 'boundary-missing', { file }, `${plural(missing.length, 'Ortsteil hat', 'Ortsteile haben')} keine Fläche: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` und ${missing.length - 20} weitere` : ''}.`));
	}
	if (errors.length > 0) {
		return {
			ok: false,
			errors,
			warnings,
			attention,
			report: { ...report, summary: `${plural(byId.size, 'Fläche', 'Flächen')} zugeordnet, ${plural(attention.length, 'Fläche braucht', 'Flächen brauchen')} Aufmerksamkeit – noch nichts importiert.` }
		};
	}
	const neighbours = queenNeighbours(byId);
	const alone = islands(byId.keys(), neighbours);
	if (alone.length > 0) warnings.push(issue('info', 'boundary-islands', { file }, `Ohne Nachbarn (Inseln): ${alone.map((id) => byId.get(id)?.properties?.name ?? id).join(', ')}.`));
	const collection: FeatureCollection<Polygon | MultiPolygon> = { type: 'FeatureCollection', features: [...byId.values()] };
	return {
		ok: true,
		features: collection.features,
		neighbours,
		sourceCrs: report.sourceCrs ?? 'EPSG:4326',
		warnings,
		report: { ...report, summary: `${plural(byId.size, 'Fläche', 'Flächen')} importiert (${report.sourceCrs}), ${plural(neighbours.length / 2, 'Nachbarschaft', 'Nachbarschaften')}.` }
	};
}
