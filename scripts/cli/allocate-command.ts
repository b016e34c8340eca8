/**
 * `npm run indicators -- allocate …` (DESIGN §7): the Stadtteillastenausgleich —
 * budget B across the Stadtteile by target population and need, in whole euros that
 * sum exactly to B, computed by the engine (`src/lib/engine/allocation.ts`, inputs from
 * `allocation-data.ts`), the same code the app runs.
 *
 *   CSV stadtteil_id,stadtteil_name,population,need,amount,per_capita
 *
 * `need` is the population-weighted z of the need measure (the value that drives the
 * multiplier), `per_capita` the amount per person of the target population in euros
 * (2 decimals; empty when the population is 0). The fairness checks, the measures
 * (concentration index, fifth ratio) and notes go to stderr; `--format json` prints
 * everything (per Stadtteil also multiplier, Sockel, need part, per-capita reference,
 * status-quo comparison, cap bounds; the checks; the Lorenz curve; diagnostics).
 *
 * Data: the app dataset at Stadtteil level; `--facts` uses the real Stadtteil facts
 * 2016 (Einwohner, Arbeitslosenquote; `data/facts/stadtteile.csv`); with `--input FILE`
 * every area of the table counts as one Stadtteil.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocate, MAX_BUDGET, type AllocationResult } from '../../src/lib/engine/allocation.ts';
import {
	DEFAULT_NEED,
	DEFAULT_TARGET_POPULATION,
	FACTS_TABLE,
	loadAllocationData,
	loadFactsAllocationData,
	NEED_INDICES,
	TARGET_POPULATIONS,
	type AllocationData
} from '../../src/lib/engine/allocation-data.ts';
import { SettingsError } from '../../src/lib/engine/index-settings.ts';
import type { Db } from '../../src/lib/engine/db.ts';
import { DATA_FILES } from '../../src/lib/data/contract.ts';
import { choiceOption, flagOption, integerOption, stringOption } from './args.ts';
import { APP_DATA_DIR, parseCsv } from './input.ts';
import { toCsv, toJson } from './output.ts';
import { CliError, type CliContext, type CliOptions, type Command } from './types.ts';

/** The dispatcher may pass a `warn` channel (stderr) besides `write`. */
type Context = CliContext & { warn?: (text: string) => void };

/** The CSV columns of DESIGN §7. */
export const ALLOCATE_COLUMNS = ['stadtteil_id', 'stadtteil_name', 'population', 'need', 'amount', 'per_capita'] as const;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * The budget: a positive whole number of euros, digits only.
 *
 * @throws CliError with a German hint for thousands separators, decimal commas, cents
 * @example parseBudget('1000000') // → 1000000
 */
export function parseBudget(text: string): number {
	const t = text.trim();
	const bad = (hint: string): never => {
		throw new CliError(`Option --budget: „${text}“ ${hint}`);
	};
	if (/^\d{1,3}(\.\d{3})+$/.test(t)) bad(`enthält Tausenderpunkte; bitte ganze Euro ohne Trennzeichen angeben, z. B. ${t.replaceAll('.', '')}.`);
	if (/^\d{1,3}(,\d{3})+$/.test(t)) bad(`enthält Tausenderkommas; bitte ganze Euro ohne Trennzeichen angeben, z. B. ${t.replaceAll(',', '')}.`);
	if (/^\d+,\d+$/.test(t)) bad('hat ein Dezimalkomma; das Budget wird in ganzen Euro angegeben, ohne Nachkommastellen (z. B. 1000000).');
	if (/^-\d+([.,]\d+)?$/.test(t)) bad('muss größer als 0 sein.');
	if (/^\d+\.\d+$/.test(t)) bad('hat Nachkommastellen; das Budget wird in ganzen Euro angegeben (z. B. 1000000).');
	if (!/^\d+$/.test(t)) bad('ist keine ganze Zahl; erwartet werden ganze Euro, nur Ziffern (z. B. 1000000).');
	const budget = Number(t);
	if (budget <= 0) bad('muss größer als 0 sein.');
	if (budget > MAX_BUDGET) bad(`ist zu groß (höchstens ${MAX_BUDGET}).`);
	return budget;
}

/**
 * A number with decimal point, optionally as percent (`10%` → 0.1), within [min, max].
 *
 * @throws CliError for a decimal comma, a non-number or a value outside the range
 * @example shareOption({ floor: '10%' }, 'floor', 0, 1) // → 0.1
 */
export function shareOption(options: CliOptions, name: string, min: number, max: number, example: string): number | undefined {
	const text = stringOption(options, name);
	if (text === undefined) return undefined;
	let t = text.trim();
	let scale = 1;
	if (t.endsWith('%')) {
		t = t.slice(0, -1).trim();
		scale = 0.01;
	}
	if (/^[+-]?\d+,\d+$/.test(t)) {
		throw new CliError(`Option --${name}: „${text}“ hat ein Dezimalkomma; bitte Dezimalpunkt verwenden (z. B. ${example}).`);
	}
	if (!DECIMAL.test(t)) throw new CliError(`Option --${name}: „${text}“ ist keine Zahl (z. B. ${example}).`);
	const value = Number(t) * scale;
	if (value < min || value > max) {
		throw new CliError(`Option --${name}: ${text} liegt nicht zwischen ${min} und ${max} (z. B. ${example}).`);
	}
	return value;
}

/**
 * Reads a status-quo file: CSV `stadtteil_id,amount` (header row; `area_id` also
 * accepted), euros with decimal point, one row per Stadtteil of the allocation.
 *
 * @throws CliError naming file, line and problem; also when a Stadtteil is missing
 */
export function parseStatusQuo(text: string, file: string, areas: readonly { id: string; name: string }[]): Map<string, number> {
	const records = parseCsv(text, file);
	if (records.length === 0) throw new CliError(`${file}: die Datei ist leer (erwartet: stadtteil_id,amount).`);
	const header = records[0].fields.map((h) => h.trim().toLowerCase());
	if (header.length === 1 && header[0].includes(';')) {
		throw new CliError(`${file}, Zeile ${records[0].line}: Semikolon als Trennzeichen erkannt; erwartet wird das Komma (stadtteil_id,amount).`);
	}
	const idColumn = header.includes('stadtteil_id') ? header.indexOf('stadtteil_id') : header.indexOf('area_id');
	const amountColumn = header.indexOf('amount');
	if (idColumn < 0 || amountColumn < 0) {
		throw new CliError(`${file}, Zeile ${records[0].line}: Spalten stadtteil_id und amount erwartet (gefunden: ${header.join(', ')}).`);
	}
	const known = new Map(areas.map((a) => [a.id, a.name]));
	const out = new Map<string, number>();
	const lineOf = new Map<string, number>();
	for (const { line, fields } of records.slice(1)) {
		const fail = (problem: string): never => {
			throw new CliError(`${file}, Zeile ${line}: ${problem}`);
		};
		if (fields.length !== header.length) {
			fail(`${fields.length} Felder statt ${header.length}${fields.length > header.length ? ' (Dezimalkomma oder Tausenderkomma?)' : ''}.`);
		}
		const id = fields[idColumn].trim();
		const amountText = fields[amountColumn].trim();
		if (!known.has(id)) fail(`unbekannter Stadtteil „${id}“ (bekannt: ${[...known.keys()].slice(0, 5).join(', ')} …).`);
		if (lineOf.has(id)) fail(`Stadtteil „${id}“ steht doppelt (schon in Zeile ${lineOf.get(id)}).`);
		if (/^\d+,\d+$/.test(amountText)) fail(`Betrag „${amountText}“ hat ein Dezimalkomma; bitte Dezimalpunkt verwenden.`);
		if (/^\d{1,3}(\.\d{3}){2,}$/.test(amountText)) fail(`Betrag „${amountText}“ enthält Tausenderpunkte; bitte ohne Trennzeichen angeben.`);
		if (!DECIMAL.test(amountText)) fail(`Betrag „${amountText}“ ist keine Zahl.`);
		const amount = Number(amountText);
		if (amount < 0) fail(`Betrag ${amountText} ist negativ.`);
		out.set(id, amount);
		lineOf.set(id, line);
	}
	const missing = areas.filter((a) => !out.has(a.id));
	if (missing.length > 0) {
		throw new CliError(
			`${file}: Status quo fehlt für ${missing.map((a) => `${a.name} (${a.id})`).join(', ')}; bitte 0 eintragen, wenn der Stadtteil bisher nichts erhielt.`
		);
	}
	return out;
}

async function ensureFacts(db: Db): Promise<void> {
	const present = await db.query<{ n: number }>(
		`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = '${FACTS_TABLE}'`
	);
	if (Number(present[0]?.n ?? 0) > 0) return;
	const path = join(APP_DATA_DIR, DATA_FILES.facts);
	if (!existsSync(path)) throw new CliError(`Stadtteil-Fakten nicht gefunden (${path} fehlt). Bitte zuerst „npm run data“ ausführen.`);
	await db.loadArrow(FACTS_TABLE, new Uint8Array(readFileSync(path)));
}

const euro = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const dec = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 3 });
const money2 = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function summary(data: AllocationData, result: AllocationResult): string {
	const lines = [
		`Lastenausgleich ${data.year}: ${euro.format(result.budget)} € auf ${result.areas.length} Stadtteile; Zielbevölkerung „${data.targetPopulation.label}“ (${euro.format(result.totals.population)} Personen), Bedarf „${data.need.label}“, α = ${dec.format(result.alpha)}, Sockel ${dec.format(result.floorShare * 100)} %${result.cap === null ? '' : `, Kappung ±${dec.format(result.cap * 100)} %`}.`
	];
	for (const c of result.checks) lines.push(`  ${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
	const ci = result.measures.concentrationIndex;
	const fifth = result.measures.fifthRatio;
	lines.push(`  Konzentrationsindex Geld nach Bedarf: ${ci === null ? '–' : dec.format(ci)} (0 = pro Kopf, > 0 = Geld bei hohem Bedarf).`);
	if (fifth) {
		lines.push(
			`  Fünftel-Verhältnis: ${fifth.ratio === null ? '–' : dec.format(fifth.ratio)} (je Person ${money2.format(fifth.mostPerCapita)} € in den ${fifth.k} Stadtteilen mit dem höchsten Bedarf, ${money2.format(fifth.leastPerCapita)} € in den ${fifth.k} mit dem niedrigsten).`
		);
	}
	for (const m of result.diagnostics.messages) lines.push(`Hinweis: ${m}`);
	for (const w of data.warnings) lines.push(`Hinweis: ${w}`);
	return lines.join('\n') + '\n';
}

const cents = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

export const allocateCommands: Record<string, Command> = {
	allocate: {
		usage:
			`allocate --budget B [--alpha 0.5] [--floor 0] [--cap C] [--status-quo FILE] [--target-population ${TARGET_POPULATIONS.map((t) => t.id).join('|')}|INDIKATOR] ` +
			`[--need ${NEED_INDICES.map((n) => n.id).join('|')}|INDIKATOR] [--year Y] [--facts] [--format csv|json]`,
		options: ['budget', 'alpha', 'floor', 'cap', 'status-quo', 'target-population', 'need', 'year', 'level', 'facts', 'format'],
		async run(ctx: Context) {
			const { db, options } = ctx;
			const warn = ctx.warn ?? ((text: string) => void process.stderr.write(text));
			const budgetText = stringOption(options, 'budget');
			if (budgetText === undefined) throw new CliError('Option --budget fehlt (ganze Euro, z. B. --budget 1000000).');
			const budget = parseBudget(budgetText);
			const alpha = shareOption(options, 'alpha', 0, 1, '0.5') ?? 0.5;
			const floorShare = shareOption(options, 'floor', 0, 1, '0.1 oder 10% des Budgets') ?? 0;
			const cap = shareOption(options, 'cap', 0, 1e6, '0.1 oder 10% für ±10 %') ?? null;
			const statusQuoFile = stringOption(options, 'status-quo');
			if (cap !== null && statusQuoFile === undefined) {
				throw new CliError('Option --cap braucht einen Status quo: --status-quo DATEI (CSV stadtteil_id,amount).');
			}
			choiceOption(options, 'level', ['stadtteil'] as const);
			const format = choiceOption(options, 'format', ['csv', 'json'] as const) ?? 'csv';
			const year = integerOption(options, 'year', 1900, 2100);
			const facts = flagOption(options, 'facts');
			const input = options.input !== undefined;
			if (facts && input) throw new CliError('--facts und --input schließen sich aus.');
			const targetPopulation = stringOption(options, 'target-population') ?? DEFAULT_TARGET_POPULATION;
			const needOption = stringOption(options, 'need');

			let data: AllocationData;
			try {
				if (facts) {
					if (year !== undefined && year !== 2016) throw new CliError('Die Stadtteil-Fakten gibt es nur für 2016 (--year weglassen).');
					await ensureFacts(db);
					data = await loadFactsAllocationData(db, { need: needOption, targetPopulation });
				} else {
					if (input) warn('Hinweis: Eingabetabelle ohne Stadtteile – jedes Gebiet der Tabelle zählt als ein Stadtteil.\n');
					data = await loadAllocationData(db, {
						targetPopulation,
						need: needOption ?? DEFAULT_NEED,
						year: year ?? null,
						level: input ? 'ortsteil' : 'stadtteil'
					});
				}
			} catch (e) {
				if (e instanceof SettingsError && needOption === undefined && !facts) {
					throw new CliError(
						`${e.message} (Bedarf „${DEFAULT_NEED}“ ist voreingestellt; mit --need ein anderes Maß wählen: ${NEED_INDICES.map((n) => n.id).join(', ')} oder eine Indikator-id.)`
					);
				}
				if (e instanceof SettingsError) throw new CliError(e.message);
				throw e;
			}

			let areas = data.areas;
			if (statusQuoFile !== undefined) {
				if (!existsSync(statusQuoFile)) throw new CliError(`${statusQuoFile}: Datei nicht gefunden.`);
				const statusQuo = parseStatusQuo(readFileSync(statusQuoFile, 'utf8'), statusQuoFile, data.areas);
				areas = data.areas.map((a) => ({ ...a, statusQuo: statusQuo.get(a.id) ?? null }));
				const total = [...statusQuo.values()].reduce((s, x) => s + x, 0);
				if (Math.round(total) !== budget) {
					warn(`Hinweis: der Status quo summiert sich auf ${euro.format(total)} €, das Budget ist ${euro.format(budget)} €.\n`);
				}
			}
			let result: AllocationResult;
			try {
				result = allocate({ budget, alpha, floorShare, cap, areas });
			} catch (e) {
				if (e instanceof RangeError) throw new CliError(e.message);
				throw e;
			}
			warn(summary(data, result));

			if (format === 'json') {
				ctx.write(
					toJson({
						settings: {
							budget,
							alpha,
							floor_share: floorShare,
							cap,
							year: data.year,
							level: data.level,
							source: facts ? 'fakten' : input ? 'input' : 'app',
							target_population: data.targetPopulation,
							need: data.need
						},
						areas: result.areas.map((a, i) => ({ ...a, need_value: data.areas[i].needValue })),
						totals: result.totals,
						checks: result.checks,
						measures: result.measures,
						diagnostics: result.diagnostics,
						excluded: data.excluded,
						warnings: data.warnings
					})
				);
				return;
			}
			ctx.write(
				toCsv(
					ALLOCATE_COLUMNS,
					result.areas.map((a) => ({
						stadtteil_id: a.id,
						stadtteil_name: a.name,
						population: a.population,
						need: a.needCentred,
						amount: a.amount,
						per_capita: cents(a.perCapita)
					}))
				)
			);
		}
	}
};
