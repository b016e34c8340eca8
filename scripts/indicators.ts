/**
 * `npm run indicators -- <command> [options]` — the indicator CLI (DESIGN.md §7).
 *
 * The dispatcher parses the command line, rejects options the command does not know,
 * opens a Node DuckDB (same engine as the browser), loads the data and runs the
 * command. Data: the app's own dataset (`static/data/`, built by `npm run data`), or
 * with `--input FILE` a long CSV table `area_id,area_name,indicator,year,value
 * [,numerator,denominator]` (see `cli/input.ts`). A command that lists `input` among
 * its own options (e.g. `segregation`, whose table has another layout) reads the file
 * itself and gets the app dataset — or, with `--input`, an empty database.
 *
 * Output goes to stdout, or to the file given with `--out` (written only when the
 * command succeeded). Exit codes: 0 success, 2 user error (`Fehler: …` on stderr, no
 * stack trace: unknown command or option, malformed input, invalid settings),
 * 1 unexpected failure.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openNodeDb } from './lib/node-db.ts';
import { SettingsError } from '../src/lib/engine/index-settings.ts';
import type { Db } from '../src/lib/engine/db.ts';
import { checkOptions, parseArgs, stringOption } from './cli/args.ts';
import { allocateCommands } from './cli/allocate-command.ts';
import { indexCommands } from './cli/index-commands.ts';
import { kilbCommands } from './cli/kilb-command.ts';
import { loadAppData, loadParsedInput, readLongInput } from './cli/input.ts';
import { spatialCommands } from './cli/spatial-commands.ts';
import { CliError, type CliContext, type Command } from './cli/types.ts';

/** Every command, by name. */
export const COMMANDS: Record<string, Command> = { ...indexCommands, ...spatialCommands, ...kilbCommands, ...allocateCommands };

/** Options every command accepts. */
const COMMON = ['input', 'out'] as const;

/** Where the CLI writes: stdout and stderr (replaceable in tests). */
export interface CliIo {
	stdout(text: string): void;
	stderr(text: string): void;
}

const processIo: CliIo = {
	stdout: (text) => void process.stdout.write(text),
	stderr: (text) => void process.stderr.write(text)
};

/** Usage text of every command (`help`). */
export function helpText(): string {
	const lines = [
		'Sozialraum-Monitor – Indikatoren auf der Kommandozeile',
		'',
		'Aufruf: npm run indicators -- <befehl> [optionen]',
		'',
		'Befehle:'
	];
	for (const [name, command] of Object.entries(COMMANDS)) lines.push(`  ${command.usage.startsWith(name) ? '' : name + ' '}${command.usage}`);
	lines.push(
		'',
		'Für alle Befehle:',
		'  --input FILE   eigene Daten statt der App-Daten (CSV area_id,area_name,indicator,year,value[,numerator,denominator])',
		'  --out FILE     Ausgabe in eine Datei statt auf stdout',
		'',
		'Ausgabe: CSV mit Kopfzeile, Komma, Dezimalpunkt, UTF-8; fehlende Werte als leere Zellen.'
	);
	return lines.join('\n') + '\n';
}

export interface MainOptions {
	/**
	 * A database to use instead of opening a new one (tests share one to save the
	 * start-up of DuckDB); the dispatcher loads the data into it and does not close it.
	 */
	db?: Db;
}

/**
 * A Db that opens (and fills) the real one on first use, so that option and input
 * errors are reported without starting DuckDB.
 */
function lazyDb(open: () => Promise<Db>): { db: Db; opened: () => Promise<Db> | null } {
	let pending: Promise<Db> | null = null;
	const get = () => (pending ??= open());
	return {
		db: {
			query: async (sql) => (await get()).query(sql),
			loadArrow: async (name, bytes) => (await get()).loadArrow(name, bytes),
			queryArrow: async (sql) => (await get()).queryArrow(sql),
			queryTable: async (sql) => (await get()).queryTable(sql)
		},
		opened: () => pending
	};
}

/**
 * Runs one CLI invocation and returns its exit code (0, 1 or 2); never throws and
 * never calls `process.exit`, so tests can call it directly.
 *
 * @example await main(['index', '--year', '2023'], io) // → 0, CSV written through io.stdout
 */
export async function main(argv: readonly string[], io: CliIo = processIo, deps: MainOptions = {}): Promise<number> {
	let lazy: ReturnType<typeof lazyDb> | null = null;
	try {
		const { command: name, options } = parseArgs(argv);
		if (name === null || name === 'help' || options.help === true) {
			if (name === null && options.help !== true) {
				io.stderr('Fehler: kein Befehl angegeben.\n\n' + helpText());
				return 2;
			}
			io.stdout(helpText());
			return 0;
		}
		const command = COMMANDS[name];
		if (!command) {
			throw new CliError(`Unbekannter Befehl „${name}“. Verfügbar: ${Object.keys(COMMANDS).join(', ')} (Hilfe: npm run indicators -- help).`);
		}
		checkOptions(name, options, [...new Set([...command.options, ...COMMON])]);
		const input = stringOption(options, 'input');
		const out = stringOption(options, 'out');
		const ownInput = command.options.includes('input');
		// a malformed --input is reported before the database starts
		const parsed = input !== undefined && !ownInput ? readLongInput(input, resolve(input)) : null;

		lazy = lazyDb(async () => {
			const db = deps.db ?? (await openNodeDb());
			if (parsed) await loadParsedInput(db, parsed);
			else if (input === undefined) await loadAppData(db);
			return db;
		});

		const chunks: string[] = [];
		const context: CliContext & { warn: (text: string) => void } = {
			db: lazy.db,
			options,
			write: (text) => void chunks.push(text),
			warn: (text) => io.stderr(text)
		};
		await command.run(context);
		const text = chunks.join('');
		if (out === undefined) io.stdout(text);
		else {
			try {
				writeFileSync(resolve(out), text, 'utf8');
			} catch (e) {
				throw new CliError(`${out}: kann nicht geschrieben werden (${(e as Error).message}).`);
			}
		}
		return 0;
	} catch (e) {
		if (e instanceof CliError || e instanceof SettingsError) {
			io.stderr(`Fehler: ${e.message}\n`);
			return 2;
		}
		const error = e as Error;
		io.stderr(`Fehler (unerwartet): ${error?.message ?? String(e)}\n`);
		if (error && 'sql' in error) io.stderr(`SQL:\n${(error as Error & { sql: string }).sql}\n`);
		return 1;
	} finally {
		const opened = lazy?.opened();
		if (opened && !deps.db) {
			const db = (await opened.catch(() => null)) as (Db & { close?: () => void }) | null;
			db?.close?.();
		}
	}
}

const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
	// `… | head`: a closed pipe is not an error
	process.stdout.on('error', (e: NodeJS.ErrnoException) => {
		if (e.code === 'EPIPE') process.exit(0);
		throw e;
	});
	main(process.argv.slice(2)).then((code) => {
		process.exitCode = code;
	});
}
