/**
 * Locator map: a small static SVG of all areas of a level with one (or a few)
 * highlighted — light enough for a profile page, no MapLibre instance.
 *
 * Projection: local equirectangular, x = λ · cos φ₀, y = −φ (φ₀ the mid
 * latitude of the data). Over a city of 20 km the distortion is far below a
 * pixel, and a planar projection needs no particular ring winding (d3's
 * spherical paths would read a counter-clockwise RFC 7946 ring as "the whole
 * world but this area"). Each area is a link (`hrefFor`) when given.
 */
import { geoPath, geoTransform, select } from 'd3';

export interface LocatorOptions {
	/** pixels; default 260 */
	width: number;
	/** pixels; default 220 */
	height: number;
	/** highlighted area ids */
	highlight: ReadonlySet<string>;
	/** fill of the highlighted areas; default dark orange */
	color: string;
	/** link target of an area, or null for none */
	hrefFor: ((id: string) => string | null) | null;
	/** name of an area for its hover title */
	nameFor: (id: string) => string;
}

export const LOCATOR_DEFAULTS = { width: 260, height: 220, color: '#d95f0e' } as const;

const PAD = 4;

function eachPosition(geometry: GeoJSON.Geometry | null, fn: (p: GeoJSON.Position) => void): void {
	if (!geometry) return;
	switch (geometry.type) {
		case 'Polygon':
			geometry.coordinates.forEach((ring) => ring.forEach(fn));
			break;
		case 'MultiPolygon':
			geometry.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach(fn)));
			break;
		case 'GeometryCollection':
			geometry.geometries.forEach((g) => eachPosition(g, fn));
			break;
		default:
			break;
	}
}

/**
 * The planar transform that fits the features into width × height.
 *
 * @example locatorFit(fc, 200, 100)(8.8, 53.08) // → [x, y] in pixels
 */
export function locatorFit(features: GeoJSON.FeatureCollection, width: number, height: number): (lon: number, lat: number) => [number, number] {
	let minX = Infinity;
	let maxX = -Infinity;
	let minY = Infinity;
	let maxY = -Infinity;
	for (const f of features.features)
		eachPosition(f.geometry, ([lon, lat]) => {
			minX = Math.min(minX, lon);
			maxX = Math.max(maxX, lon);
			minY = Math.min(minY, lat);
			maxY = Math.max(maxY, lat);
		});
	if (!Number.isFinite(minX)) return () => [0, 0];
	const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
	const w = (maxX - minX) * k || 1;
	const h = maxY - minY || 1;
	const s = Math.min((width - 2 * PAD) / w, (height - 2 * PAD) / h);
	const ox = (width - w * s) / 2;
	const oy = (height - h * s) / 2;
	return (lon, lat) => [ox + (lon - minX) * k * s, oy + (maxY - lat) * s];
}

export function drawLocator(svg: SVGSVGElement, features: GeoJSON.FeatureCollection, opts: LocatorOptions): void {
	const { width, height } = opts;
	const fit = locatorFit(features, width, height);
	const projection = geoTransform({
		point(lon, lat) {
			const [x, y] = fit(lon, lat);
			this.stream.point(x, y);
		}
	});
	const path = geoPath(projection);
	const root = select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
	root.selectAll('*').remove();
	const ordered = [...features.features].sort(
		(a, b) => Number(opts.highlight.has(String(a.properties?.id))) - Number(opts.highlight.has(String(b.properties?.id)))
	);
	for (const f of ordered) {
		const id = String(f.properties?.id);
		const on = opts.highlight.has(id);
		const href = opts.hrefFor?.(id) ?? null;
		const parent = href ? root.append('a').attr('href', href) : root;
		parent
			.append('path')
			.attr('d', path(f) ?? '')
			.attr('data-area-id', id)
			.attr('class', on ? 'area on' : 'area')
			.attr('fill', on ? opts.color : '#e3e7ec')
			.attr('stroke', on ? '#7f2704' : '#fff')
			.attr('stroke-width', on ? 1.4 : 0.7)
			.append('title')
			.text(opts.nameFor(id));
	}
}
