/**
 * Reads a boundary file from disk and matches it to the register
 * (`readBoundaries` + `matchBoundaries`) — the Node-only part of the geometry code,
 * so `src/lib/geo/geometry.ts` stays usable in the browser (import wizard).
 */
import { readFileSync } from 'node:fs';
import type { Register } from '../../src/lib/data/contract.ts';
import { matchBoundaries, readBoundaries, type AreaFeature } from '../../src/lib/geo/geometry.ts';

export function loadBoundaryFile(path: string, register: Register, opts: { crs?: string } = {}): { byId: Map<string, AreaFeature>; sourceCrs: string } {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch {
		throw new Error(`Grenzdatei ${path} kann nicht gelesen werden.`);
	}
	const { features, sourceCrs } = readBoundaries(text, opts);
	return { byId: matchBoundaries(features, register), sourceCrs };
}
