/**
 * Hash over everything the data build reads, so `npm start`/`npm run build`
 * rebuild `static/data/` exactly when an input changed (and never otherwise).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Repo-relative folders and files whose content defines the build output. */
export const BUILD_INPUTS = ['data', 'scripts/build-data.ts', 'scripts/lib', 'src/lib/engine', 'src/lib/data/contract.ts', 'src/lib/data/names.ts', 'package-lock.json'];

function listFiles(path: string): string[] {
	if (!existsSync(path)) return [];
	if (statSync(path).isFile()) return [path];
	return readdirSync(path)
		.sort()
		.flatMap((name) => listFiles(join(path, name)));
}

export function inputsHash(root: string, geometryPath: string | null, extra: string): string {
	const hash = createHash('sha256');
	for (const input of BUILD_INPUTS) {
		for (const file of listFiles(join(root, input))) {
			hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
		}
	}
	hash.update('geometry\0');
	if (geometryPath && existsSync(geometryPath)) hash.update(readFileSync(geometryPath));
	hash.update(extra);
	return hash.digest('hex');
}
