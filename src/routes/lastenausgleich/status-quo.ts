/**
 * Reading a status-quo budget from a CSV file a planner brings along: two columns,
 * the Stadtteil (id such as `st-vahr`, or its name such as „Vahr“) and the amount in
 * euros. Tolerant of what Excel writes — semicolon, comma or tab; decimal comma or
 * point (detected); thousands separators; a „€“ sign; UTF-8 with or without BOM, or
 * Windows-1252; a header row or none — and strict about content: an unknown or
 * doubled Stadtteil, a missing, negative or unreadable amount refuses the whole file
 * with German messages naming the line. Stadtteile without a row are reported (they
 * keep no status quo and are not capped).
 */
import { decodeText, sniffBinary } from '$lib/import/decode.ts';
import { parseDelimited } from '$lib/import/csv.ts';
import { detectSeparator } from '$lib/import/sniff.ts';
import { inferDecimalStyle, parseNumber } from '$lib/import/numbers.ts';
import { createAreaMatcher } from '$lib/data/names.ts';
import { MAX_BUDGET } from '$lib/engine/allocation.ts';

/** A status-quo file that cannot be used; `problems` are German, one per line of the file. */
export class StatusQuoError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.join(' '));
		this.name = 'StatusQuoError';
	}
}

const ID_HEADERS = /^(stadtteil_id|stadtteil-id|area_id|id|stadtteil|stadtteilname|name|gebiet)$/;
const AMOUNT_HEADERS = /^(amount|betrag|betrag_eur|betrag \(€\)|betrag in €|betrag in euro|euro|eur|€|status quo|status_quo|statusquo|budget|mittel|summe)$/;
const MAX_PROBLEMS = 8;

/**
 * Reads a status-quo CSV for the given Stadtteile.
 *
 * @returns amounts per Stadtteil id, and notes (e.g. Stadtteile without a row)
 * @throws StatusQuoError (German, with line numbers) — the file is then not used at all
 * @example parseStatusQuoFile(new TextEncoder().encode('Stadtteil;Betrag\nVahr;1.234,50\n'), 'sq.csv', [{ id: 'st-vahr', name: 'Vahr' }])
 * // → { values: { 'st-vahr': 1234.5 }, notes: [] }
 */
export function parseStatusQuoFile(
	bytes: Uint8Array,
	fileName: string,
	areas: readonly { id: string; name: string }[]
): { values: Record<string, number>; notes: string[] } {
	const binary = sniffBinary(bytes);
	if (binary) {
		const what = binary === 'zip' || binary === 'xls' ? 'eine Excel- oder ZIP-Datei' : binary === 'pdf' ? 'ein PDF' : 'keine Textdatei';
		throw new StatusQuoError([`„${fileName}“ ist ${what}. Bitte in Excel „Speichern unter → CSV (Trennzeichen-getrennt)“ wählen und die CSV-Datei laden.`]);
	}
	const { text } = decodeText(bytes);
	const separator = detectSeparator(text);
	const records = parseDelimited(text, separator).records.filter((r) => r.fields.some((f) => f.trim() !== ''));
	if (records.length === 0) throw new StatusQuoError([`„${fileName}“ ist leer. Erwartet: je Zeile Stadtteil und Betrag, z. B. „Vahr;125.000“.`]);

	const first = records[0].fields.map((f) => f.trim().toLowerCase());
	let idColumn = first.findIndex((h) => ID_HEADERS.test(h));
	let amountColumn = first.findIndex((h) => AMOUNT_HEADERS.test(h));
	let data = records;
	const isNumber = (cell: string | undefined) =>
		cell !== undefined && (parseNumber(cell.replace(/\s*(€|EUR|Euro)$/i, ''), 'comma').kind === 'number' || parseNumber(cell, 'point').kind === 'number');
	if (idColumn >= 0 && amountColumn >= 0 && idColumn !== amountColumn) {
		data = records.slice(1); // recognised header
	} else {
		idColumn = 0;
		amountColumn = 1;
		// any other first line whose second cell is not a number is a header, too
		if (!isNumber(records[0].fields[1])) data = records.slice(1);
	}
	if (data.length === 0) throw new StatusQuoError([`„${fileName}“ enthält nur eine Kopfzeile, keine Beträge.`]);
	if (data.every((r) => r.fields.length < 2)) {
		throw new StatusQuoError([
			`„${fileName}“: nur eine Spalte gefunden. Erwartet werden zwei Spalten, getrennt durch Semikolon, Komma oder Tabulator (Stadtteil und Betrag).`
		]);
	}

	const amountCells = data.map((r) => (r.fields[amountColumn] ?? '').replace(/\s*(€|EUR|Euro)$/i, ''));
	const style = inferDecimalStyle(amountCells, separator).style;
	const matcher = createAreaMatcher(areas.map((a) => ({ id: a.id, name: a.name })));
	const ids = new Map(areas.map((a) => [a.id.toLowerCase(), a.id]));
	const names = new Map(areas.map((a) => [a.id, a.name]));
	const values: Record<string, number> = {};
	const lineOf = new Map<string, number>();
	const problems: string[] = [];
	data.forEach((r, i) => {
		if (problems.length >= MAX_PROBLEMS) return;
		const at = `Zeile ${r.line}`;
		const areaText = (r.fields[idColumn] ?? '').trim();
		if (areaText === '') {
			problems.push(`${at}: Stadtteil fehlt.`);
			return;
		}
		const id = ids.get(areaText.toLowerCase()) ?? matcher.match(areaText)?.id ?? null;
		if (!id) {
			problems.push(`${at}: Stadtteil „${areaText}“ unbekannt (erwartet z. B. „${areas[0]?.name}“ oder „${areas[0]?.id}“).`);
			return;
		}
		if (lineOf.has(id)) {
			problems.push(`${at}: ${names.get(id)} steht doppelt (schon in Zeile ${lineOf.get(id)}).`);
			return;
		}
		const cell = parseNumber(amountCells[i], style);
		if (cell.kind === 'empty' || cell.kind === 'suppressed') {
			problems.push(`${at}: Betrag für ${names.get(id)} fehlt (bitte 0 eintragen, wenn der Stadtteil bisher nichts erhält).`);
			return;
		}
		if (cell.kind === 'invalid') {
			problems.push(`${at}: „${cell.raw}“ ist kein Betrag${cell.hint ? ` (${cell.hint})` : ''}.`);
			return;
		}
		if (cell.value < 0) {
			problems.push(`${at}: Betrag ${amountCells[i].trim()} für ${names.get(id)} ist negativ.`);
			return;
		}
		if (cell.value > MAX_BUDGET) {
			problems.push(`${at}: Betrag ${amountCells[i].trim()} ist unrealistisch groß.`);
			return;
		}
		values[id] = cell.value;
		lineOf.set(id, r.line);
	});
	if (problems.length > 0) {
		const more = problems.length >= MAX_PROBLEMS ? ' (weitere Zeilen nicht geprüft)' : '';
		throw new StatusQuoError([`„${fileName}“ wurde nicht übernommen${more}:`, ...problems]);
	}
	const missing = areas.filter((a) => !(a.id in values));
	const notes =
		missing.length > 0
			? [`Ohne Status quo (werden nicht gekappt): ${missing.map((a) => a.name).join(', ')}.`]
			: [];
	return { values, notes };
}
