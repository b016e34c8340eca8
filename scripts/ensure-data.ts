/**
 * Runs the data build only when its outputs are missing or stale (an input
 * changed), so `npm start`, `npm run build` and `npm test` always see current data
 * without rebuilding every time. A build made with `--geometry`/`--crs` is kept:
 * its options are remembered next to the outputs and reused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILES } from '../src/lib/data/contract.ts';
import { buildData, DEFAULT_OUT, OPTIONS_FILE, optionsKey, parseArgs, ROOT, type BuildOptions } from './build-data.ts';
import { inputsHash } from './lib/inputs-hash.ts';

function remembered(outDir: string): BuildOptions {
	const file = join(outDir, OPTIONS_FILE);
	const defaults = parseArgs([]);
	if (!existsSync(file)) return defaults;
	return { ...defaults, ...JSON.parse(readFileSync(file, 'utf8')), outDir };
}

const opts = remembered(DEFAULT_OUT);
const manifestPath = join(opts.outDir, DATA_FILES.manifest);
const expected = inputsHash(ROOT, existsSync(opts.geometryPath) ? opts.geometryPath : null, optionsKey(opts));
const current = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')).inputs_hash : null;

if (current === expected) {
	console.log('Daten aktuell (static/data).');
} else {
	console.log(current ? 'Eingaben geändert – Daten werden neu aufgebaut …' : 'Keine Daten – Datenaufbau läuft …');
	await buildData(opts);
}
