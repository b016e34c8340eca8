/**
 * The contract between the `npm run indicators` dispatcher (`scripts/indicators.ts`)
 * and its command modules. Each command gets a Db that already holds the dataset
 * (the app's own `static/data/` tables, or the table given with `--input`).
 */
import type { Db } from '../../src/lib/engine/db.ts';

/** Parsed command line: `--name value` pairs and bare flags (`--fdr` → true). */
export type CliOptions = Record<string, string | true>;

export interface CliContext {
	db: Db;
	options: CliOptions;
	/** writes to stdout, or to the file given with `--out` */
	write: (text: string) => void;
	/** notes for the user (e.g. areas left out), on stderr so stdout stays clean CSV/JSON */
	warn?: (text: string) => void;
}

export interface Command {
	/** one-line usage, shown by `npm run indicators -- help` */
	usage: string;
	/** options this command accepts (besides the common `--input`, `--out`); anything else is an error */
	options: readonly string[];
	run(ctx: CliContext): Promise<void>;
}

/** A user error: printed as `Fehler: …` on stderr with exit code 2, no stack trace. */
export class CliError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CliError';
	}
}
