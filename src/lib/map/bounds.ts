/** [[west, south], [east, north]] of a FeatureCollection, for fitting the map. */
export function geoBounds(fc: GeoJSON.FeatureCollection): [[number, number], [number, number]] {
	let w = Infinity,
		s = Infinity,
		e = -Infinity,
		n = -Infinity;
	const visit = (c: unknown): void => {
		if (typeof (c as number[])[0] === 'number') {
			const [x, y] = c as number[];
			if (x < w) w = x;
			if (x > e) e = x;
			if (y < s) s = y;
			if (y > n) n = y;
		} else for (const d of c as unknown[]) visit(d);
	};
	for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
	if (!Number.isFinite(w)) return [[8.48, 53.01], [9.0, 53.23]];
	return [[w, s], [e, n]];
}
