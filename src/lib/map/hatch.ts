/** A 16×16 diagonal hatch (RGBA) marking unreliable small-base values on the map. */
export function hatchImage(): { width: number; height: number; data: Uint8Array } {
	const size = 16;
	const data = new Uint8Array(size * size * 4);
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const on = (x + y) % 8 < 2;
			const i = (y * size + x) * 4;
			data.set(on ? [90, 90, 90, 255] : [230, 230, 230, 255], i);
		}
	}
	return { width: size, height: size, data };
}
