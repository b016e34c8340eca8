/**
 * Command-line parsing for `npm run indicators -- <command> [options]`.
 *
 *   --name value      an option with a value (also `--name=value`)
 *   --flag            a bare flag (true) when followed by nothing or by another option
 *
 * Values may start with `-` (e.g. `--polarity a:-1`, `--from -5` is no concern here):
 * only tokens starting with `--` begin a new option. Every message is German and
 * thrown as a `CliError` (exit code 2, no stack trace).
 */
import { CliError, type CliOptions } from './types.ts';

export interface ParsedArgs {
	/** the first bare word, e.g. `index`; null when none was given */
	command: string | null;
	options: CliOptions;
}

/**
 * Splits argv into the command and its options.
 *
 * @throws CliError for a second bare word, an option given twice or an empty name
 * @example parseArgs(['index', '--year', '2023', '--eb']) // → { command: 'index', options: { year: '2023', eb: true } }
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
	let command: string | null = null;
	const options: CliOptions = {};
	for (let i = 0; i < argv.length; i++) {
		const token = argv[i];
		if (token.startsWith('--')) {
			const eq = token.indexOf('=');
			const name = eq > 2 ? token.slice(2, eq) : token.slice(2);
			if (!name) throw new CliError(`Ungültige Option „${token}“.`);
			if (name in options) throw new CliError(`Option --${name} ist doppelt angegeben.`);
			if (eq > 2) options[name] = token.slice(eq + 1);
			else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options[name] = argv[++i];
			else options[name] = true;
		} else if (command === null) {
			command = token;
		} else {
			throw new CliError(`Unerwartetes Argument „${token}“ (Optionen beginnen mit --).`);
		}
	}
	return { command, options };
}

/**
 * Rejects options the command does not know.
 *
 * @throws CliError naming the unknown option and listing the allowed ones
 * @example checkOptions('index', { year: '2023' }, ['year', 'input', 'out']) // → no error
 */
export function checkOptions(command: string, options: CliOptions, allowed: readonly string[]): void {
	for (const name of Object.keys(options)) {
		if (!allowed.includes(name)) {
			const list = allowed.map((a) => `--${a}`).join(', ');
			throw new CliError(`Unbekannte Option --${name} für „${command}“. Erlaubt: ${list}.`);
		}
	}
}

/**
 * The text value of an option, or undefined when absent.
 *
 * @throws CliError when the option was given as a bare flag without value
 * @example stringOption({ year: '2023' }, 'year') // → '2023'
 */
export function stringOption(options: CliOptions, name: string): string | undefined {
	const value = options[name];
	if (value === undefined) return undefined;
	if (value === true || value === '') throw new CliError(`Option --${name} braucht einen Wert.`);
	return value;
}

/**
 * A whole-number option within bounds, or undefined when absent.
 *
 * @throws CliError for anything but an integer in [min, max]
 * @example integerOption({ draws: '500' }, 'draws', 0) // → 500
 */
export function integerOption(options: CliOptions, name: string, min = -Infinity, max = Infinity): number | undefined {
	const text = stringOption(options, name);
	if (text === undefined) return undefined;
	if (!/^[+-]?\d+$/.test(text.trim())) throw new CliError(`Option --${name}: „${text}“ ist keine ganze Zahl.`);
	const value = Number(text);
	if (value < min || value > max) {
		const range = max === Infinity ? `≥ ${min}` : `zwischen ${min} und ${max}`;
		throw new CliError(`Option --${name}: ${value} liegt nicht im erlaubten Bereich (${range}).`);
	}
	return value;
}

/**
 * A choice from a closed list, or undefined when absent.
 *
 * @throws CliError listing the allowed values
 * @example choiceOption({ method: 'mss' }, 'method', ['factors', 'mss']) // → 'mss'
 */
export function choiceOption<T extends string>(options: CliOptions, name: string, allowed: readonly T[]): T | undefined {
	const text = stringOption(options, name);
	if (text === undefined) return undefined;
	if (!(allowed as readonly string[]).includes(text)) {
		throw new CliError(`Option --${name}: „${text}“ ist nicht erlaubt (möglich: ${allowed.join(', ')}).`);
	}
	return text as T;
}

/**
 * A bare flag: true when given, false when absent.
 *
 * @throws CliError when a value was attached (`--eb yes`)
 * @example flagOption({ eb: true }, 'eb') // → true
 */
export function flagOption(options: CliOptions, name: string): boolean {
	const value = options[name];
	if (value === undefined) return false;
	if (value !== true) throw new CliError(`Option --${name} ist ein Schalter und nimmt keinen Wert („${value}“).`);
	return true;
}
