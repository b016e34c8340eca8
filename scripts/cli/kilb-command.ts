/**
 * `npm run indicators -- kilb [--year Y] [--criteria FILE] [--format csv|json]` (DESIGN §7):
 * the Kilb quarter types per Ortsteil — the same engine code the app runs
 * (src/lib/engine/kilb.ts) with the criteria of `data/kilb-criteria.json`.
 *
 *   CSV  area_id,area_name,abspaltung,konfrontation,verunsicherung,desintegration,types
 *
 * Scores are memberships 0–1 (at most 6 decimals); `types` lists the assigned types
 * (score ≥ `zuordnung_ab`, default 0.5) joined by `;`, empty when none. An Ortsteil whose
 * score for a type cannot be assessed (too few residents, missing values) gets an empty
 * cell, never 0; the reasons go to stderr as „Hinweis: …“ lines.
 *
 * `--criteria FILE` uses another criteria file (same layout, validated with German
 * messages). `--format json` prints per Ortsteil and type every criterion with its value,
 * thresholds, membership, weight and contribution — the app's "warum?".
 *
 * The types need centroids, neighbours and land use from the app's own dataset; an
 * `--input` table has none of these and is rejected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { computeKilb, type KilbReport } from '../../src/lib/engine/kilb.ts';
import { KILB_TYPES } from '../../src/lib/engine/kilb-criteria.ts';
import { choiceOption, integerOption, stringOption } from './args.ts';
import { toCsv, toJson } from './output.ts';
import { CliError, type CliContext, type Command } from './types.ts';

/** The criteria file shipped with the app. */
export const DEFAULT_CRITERIA_FILE = resolve(import.meta.dirname, '../../data/kilb-criteria.json');

export const KILB_COLUMNS = ['area_id', 'area_name', ...KILB_TYPES, 'types'] as const;

/**
 * Reads and parses a criteria file (validation follows in the engine, against the catalogue).
 *
 * @throws CliError naming the file for a missing file or broken JSON
 */
export function readCriteriaFile(path: string): unknown {
	if (!existsSync(path)) throw new CliError(`${path}: Kriteriendatei nicht gefunden.`);
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch (e) {
		throw new CliError(`${path}: kein gültiges JSON (${(e as Error).message}).`);
	}
}

/** The CSV rows of DESIGN §7 from a report. */
export function kilbRows(report: KilbReport) {
	return report.areas.map((a) => ({ area_id: a.area_id, area_name: a.area_name, ...a.scores, types: a.types.join(';') }));
}

/** The "warum?" of every Ortsteil, for `--format json`. */
export function kilbJson(report: KilbReport) {
	return {
		version: report.criteria.version,
		year: report.year,
		from_year: report.fromYear,
		assign_at: report.criteria.einstellungen.zuordnung_ab,
		counts: report.counts,
		measures: report.measures,
		areas: report.areas.map((a) => ({
			area_id: a.area_id,
			area_name: a.area_name,
			scores: a.scores,
			types: a.types,
			details: a.details
		})),
		notes: report.notes
	};
}

const kilbCommand: Command = {
	usage: 'kilb [--year Y] [--criteria FILE] [--format csv|json]',
	// `input` is listed so that the dispatcher leaves it to this command, which rejects it
	options: ['year', 'criteria', 'format', 'input'],
	async run(ctx: CliContext) {
		const { options } = ctx;
		if (options.input !== undefined) {
			throw new CliError(
				'kilb braucht die App-Daten (Schwerpunkte, Nachbarschaften, Flächennutzung); --input wird nicht unterstützt.'
			);
		}
		const year = integerOption(options, 'year', 1000, 9999);
		const format = choiceOption(options, 'format', ['csv', 'json'] as const) ?? 'csv';
		const file = stringOption(options, 'criteria');
		const criteria = readCriteriaFile(file === undefined ? DEFAULT_CRITERIA_FILE : resolve(file));
		const report = await computeKilb(ctx.db, { criteria, year: year ?? null });
		for (const note of report.notes) ctx.warn?.(`Hinweis: ${note}\n`);
		for (const a of report.areas) {
			const open = KILB_TYPES.filter((t) => a.scores[t] === null);
			if (open.length === 0) continue;
			const missing = [...new Set(open.flatMap((t) => a.details[t].criteria.filter((c) => c.membership === null).map((c) => c.label)))];
			const what = missing.length <= 3 ? missing.join(', ') : `${missing.length} Kriterien (kleine Basis, unter 300 Einwohner oder ohne Nachbarn)`;
			ctx.warn?.(`Hinweis: ${a.area_name} (${a.area_id}) ohne Bewertung für ${open.join(', ')} – ohne Wert: ${what}.\n`);
		}
		if (format === 'json') return ctx.write(toJson(kilbJson(report)));
		ctx.write(toCsv(KILB_COLUMNS, kilbRows(report)));
	}
};

export const kilbCommands: Record<string, Command> = { kilb: kilbCommand };
