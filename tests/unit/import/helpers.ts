/** Shared test inputs for the import tests: the real register and catalogue, and the fixtures. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Catalogue, Register } from '../../../src/lib/data/contract.ts';
import { readRegister } from '../../../scripts/lib/register.ts';
import { FIXTURE_DIR } from '../../fixtures/import/make-fixtures.ts';

export const register: Register = readRegister(resolve(process.cwd(), 'data/areas'));
export const catalogue: Catalogue = JSON.parse(readFileSync(resolve(process.cwd(), 'data/indicators.json'), 'utf8'));

/** Bytes of a committed fixture. */
export function fixture(name: string): Uint8Array {
	return new Uint8Array(readFileSync(join(FIXTURE_DIR, name)));
}

/** A register of three synthetic areas for the boundary tests. */
export const testRegister: Register = {
	ortsteile: [
		{ id: 'ot-a1', name: 'Testfeld A1', stadtteil_id: 'st-t' },
		{ id: 'ot-a2', name: 'Testfeld A2', stadtteil_id: 'st-t' },
		{ id: 'ot-b1', name: 'Testfeld B1', stadtteil_id: 'st-t' }
	],
	stadtteile: [{ id: 'st-t', name: 'Testteil', stadtbezirk_id: 'sb-t' }],
	stadtbezirke: [{ id: 'sb-t', name: 'Testbezirk' }],
	aliases: []
};

/** Plausible years for deterministic tests (instead of "next year"). */
export const YEARS: [number, number] = [1990, 2030];
