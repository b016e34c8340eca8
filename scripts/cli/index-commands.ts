/**
 * `npm run indicators -- index …` and `… dynamic …` (DESIGN §7): the Ausgrenzungsindex
 * with factor indices and rank bands, Berlin's MSS Statusindex, and the Dynamikindex —
 * computed by the engine (`src/lib/engine/index-report.ts`), the same code the app runs.
 *
 *   index    CSV area_id,area_name,index,class,rank
 *            + for --method factors: materiell,kulturell,sozial,symbolisch,rank_p05,rank_p95
 *   dynamic  CSV area_id,area_name,dynamic_index,dynamic_class
 *
 * Areas without enough valid values get empty cells (never 0) and are listed on stderr.
 * `--format json` prints the settings used, the indicators, every area with all fields
 * (incl. median rank and MSS Statusindex) and the excluded areas with reasons.
 */
import { computeDynamic, computeIndex, type IndexReport } from '../../src/lib/engine/index-report.ts';
import {
	EXCLUSION_FACTORS,
	factorWeight,
	indicatorWeight,
	INDEX_LEVELS,
	INDEX_METHODS,
	AGGREGATIONS,
	parseNumberList,
	type ExclusionFactor,
	type IndexSettings
} from '../../src/lib/engine/index-settings.ts';
import { NORMALIZATIONS, WEIGHTINGS } from '../../src/lib/engine/normalize.ts';
import type { ExcludedArea } from '../../src/lib/engine/index-report.ts';
import { choiceOption, flagOption, integerOption, stringOption } from './args.ts';
import { toCsv, toJson } from './output.ts';
import { CliError, type CliContext, type CliOptions, type Command } from './types.ts';

/** The dispatcher may pass a `warn` channel (stderr) besides `write`. */
type Context = CliContext & { warn?: (text: string) => void };

const SHARED = ['indicators', 'polarity', 'level', 'eb', 'format'] as const;
/** options that only make sense for the weighted factor index */
const FACTOR_ONLY = ['weights', 'factors', 'normalize', 'aggregation', 'weighting', 'draws', 'seed'] as const;

function listOption(options: CliOptions, name: string): string[] | undefined {
	const text = stringOption(options, name);
	if (text === undefined) return undefined;
	const items = text.split(',').map((s) => s.trim()).filter(Boolean);
	if (items.length === 0) throw new CliError(`Option --${name}: leere Liste.`);
	return items;
}

function polarityOption(options: CliOptions): Record<string, 1 | -1> | undefined {
	const text = stringOption(options, 'polarity');
	if (text === undefined) return undefined;
	const parsed = parseNumberList(text, '--polarity');
	for (const [id, p] of Object.entries(parsed)) {
		if (p !== 1 && p !== -1) throw new CliError(`--polarity: „${id}:${p}“ – Polarität muss 1 oder -1 sein.`);
	}
	return parsed as Record<string, 1 | -1>;
}

function factorsOption(options: CliOptions): Record<string, ExclusionFactor> | undefined {
	const text = stringOption(options, 'factors');
	if (text === undefined) return undefined;
	const out: Record<string, ExclusionFactor> = {};
	for (const entry of text.split(',').map((s) => s.trim()).filter(Boolean)) {
		const [id, factor] = entry.split(':').map((s) => s.trim());
		if (!id || !(EXCLUSION_FACTORS as readonly string[]).includes(factor)) {
			throw new CliError(`--factors: Eintrag „${entry}“ muss die Form indikator:faktor haben (Faktoren: ${EXCLUSION_FACTORS.join(', ')}).`);
		}
		out[id] = factor as ExclusionFactor;
	}
	return out;
}

/** Settings shared by `index` and `dynamic`, read from the options. */
function sharedSettings(options: CliOptions): Partial<IndexSettings> {
	const level = choiceOption(options, 'level', INDEX_LEVELS);
	if (options.input !== undefined && level && level !== 'ortsteil') {
		throw new CliError(`Mit --input gibt es nur die Ebene ortsteil (die Eingabetabelle hat keine übergeordneten Gebiete), nicht „${level}“.`);
	}
	const settings: Partial<IndexSettings> = { eb: flagOption(options, 'eb') };
	if (level) settings.level = level;
	const indicators = listOption(options, 'indicators');
	if (indicators) settings.indicators = indicators;
	const polarity = polarityOption(options);
	if (polarity) settings.polarity = polarity;
	return settings;
}

function warnExcluded(ctx: Context, excluded: readonly ExcludedArea[], which: ExcludedArea['index'], label: string): void {
	const own = excluded.filter((e) => e.index === which);
	if (!ctx.warn || own.length === 0) return;
	ctx.warn(`Hinweis: ${own.length} Gebiet(e) ohne ${label} (leere Zellen):\n`);
	for (const e of own) ctx.warn(`  ${e.area_name} (${e.area_id}): ${e.reason}\n`);
}

function indexJson(report: IndexReport, method: string) {
	const { matrix: _matrix, robustness, ...rest } = report;
	return {
		method,
		settings: rest.settings,
		indicators: report.indicators.map((ind) => ({
			...ind,
			weight: indicatorWeight(report.settings, ind.id),
			factor_weight: ind.factor ? factorWeight(report.settings, ind.factor) : null
		})),
		robustness: robustness && {
			draws: robustness.draws,
			seed: robustness.seed,
			weight_range: robustness.weightRange,
			normalizations: robustness.normalizations,
			aggregations: robustness.aggregations,
			quantiles: 'Hyndman & Fan Typ 1 (inverse empirische Verteilungsfunktion)'
		},
		areas: report.areas,
		excluded: report.excluded,
		warnings: report.warnings
	};
}

const indexCommand: Command = {
	usage:
		'index [--year Y] [--method factors|mss] [--indicators A,B,…] [--polarity A:-1,…] [--weights A:2,materiell:1.5,…] ' +
		'[--factors A:materiell,…] [--level ortsteil|stadtteil|stadtbezirk] [--normalize z|minmax|rank] ' +
		'[--aggregation linear|geometric] [--weighting unweighted|population] [--eb] [--draws N] [--seed S] [--format csv|json]',
	options: ['year', 'method', ...SHARED, ...FACTOR_ONLY],
	async run(context) {
		const ctx = context as Context;
		const { options } = ctx;
		const method = choiceOption(options, 'method', INDEX_METHODS) ?? 'factors';
		if (method === 'mss') {
			const misplaced = FACTOR_ONLY.filter((o) => options[o] !== undefined);
			if (misplaced.length > 0) {
				throw new CliError(
					`${misplaced.map((o) => `--${o}`).join(', ')} gilt nur für --method factors; der MSS-Statusindex ist ungewichtet (z-Werte, Summe, geteilt durch ihre Standardabweichung).`
				);
			}
		}
		const settings: Partial<IndexSettings> = { ...sharedSettings(options), method };
		const year = integerOption(options, 'year', 1000, 9999);
		if (year !== undefined) settings.year = year;
		const weights = stringOption(options, 'weights');
		if (weights !== undefined) settings.weights = parseNumberList(weights, '--weights');
		const factors = factorsOption(options);
		if (factors) settings.factors = factors;
		const normalization = choiceOption(options, 'normalize', NORMALIZATIONS);
		if (normalization) settings.normalization = normalization;
		const aggregation = choiceOption(options, 'aggregation', AGGREGATIONS);
		if (aggregation) settings.aggregation = aggregation;
		const weighting = choiceOption(options, 'weighting', WEIGHTINGS);
		if (weighting) settings.weighting = weighting;
		const draws = integerOption(options, 'draws', 0, 100_000);
		settings.draws = method === 'mss' ? 0 : (draws ?? 1000);
		const seed = stringOption(options, 'seed');
		if (seed !== undefined) settings.seed = seed;
		const format = choiceOption(options, 'format', ['csv', 'json'] as const) ?? 'csv';

		const report = await computeIndex(ctx.db, settings);
		for (const w of report.warnings) ctx.warn?.(`Hinweis: ${w}\n`);
		if (method === 'mss') {
			warnExcluded(ctx, report.excluded, 'statusindex', 'Statusindex');
			if (format === 'json') return ctx.write(toJson(indexJson(report, method)));
			ctx.write(
				toCsv(
					['area_id', 'area_name', 'index', 'class', 'rank'],
					report.areas.map((a) => ({
						area_id: a.area_id,
						area_name: a.area_name,
						index: a.status_index,
						class: a.status_class,
						rank: a.status_rank
					}))
				)
			);
			return;
		}
		warnExcluded(ctx, report.excluded, 'ausgrenzungsindex', 'Ausgrenzungsindex');
		if (format === 'json') return ctx.write(toJson(indexJson(report, method)));
		ctx.write(
			toCsv(
				['area_id', 'area_name', 'index', 'class', 'rank', ...EXCLUSION_FACTORS, 'rank_p05', 'rank_p95'],
				report.areas.map((a) => ({
					area_id: a.area_id,
					area_name: a.area_name,
					index: a.index,
					class: a.class,
					rank: a.rank,
					...a.factors,
					rank_p05: a.rank_p05,
					rank_p95: a.rank_p95
				}))
			)
		);
	}
};

const dynamicCommand: Command = {
	usage:
		'dynamic --from Y0 --to Y1 [--indicators A,B,…] [--polarity A:-1,…] [--level ortsteil|stadtteil|stadtbezirk] [--eb] [--format csv|json]',
	options: ['from', 'to', ...SHARED],
	async run(context) {
		const ctx = context as Context;
		const { options } = ctx;
		const from = integerOption(options, 'from', 1000, 9999);
		const to = integerOption(options, 'to', 1000, 9999);
		if (from === undefined || to === undefined) throw new CliError('dynamic braucht --from JAHR und --to JAHR (z. B. --from 2015 --to 2023).');
		const format = choiceOption(options, 'format', ['csv', 'json'] as const) ?? 'csv';
		const report = await computeDynamic(ctx.db, { ...sharedSettings(options), from, to });
		warnExcluded(ctx, report.excluded, 'dynamikindex', 'Dynamikindex');
		if (format === 'json') {
			return ctx.write(toJson({ settings: report.settings, indicators: report.indicators, areas: report.areas, excluded: report.excluded }));
		}
		ctx.write(
			toCsv(
				['area_id', 'area_name', 'dynamic_index', 'dynamic_class'],
				report.areas.map((a) => ({ area_id: a.area_id, area_name: a.area_name, dynamic_index: a.dynamic_index, dynamic_class: a.dynamic_class }))
			)
		);
	}
};

export const indexCommands: Record<string, Command> = {
	index: indexCommand,
	dynamic: dynamicCommand
};
