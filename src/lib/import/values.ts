/**
 * The rules for one value of one area, indicator and year, given its parsed
 * numerator, denominator and value cells. Pure: returns the value-row fields
 * and what is wrong with them; `validate.ts` adds file, line and column.
 *
 * Status (nothing injected):
 * - a number in the value cell → `ok`;
 * - a suppression marker in the value cell, or – without a value – in the
 *   numerator or denominator → `gesperrt`, value null (never 0);
 * - no value cell or an empty one: value = numerator / denominator × scale
 *   when both are given (count indicators: value = numerator), else `fehlt`;
 *   a denominator of 0 gives `fehlt` and a warning.
 *
 * Checks: counts (numerator, denominator) are never negative and – for
 * persons – whole; for shares (unit "%") the numerator never exceeds the
 * denominator and the value never exceeds 100; a value from the file never is
 * negative and matches numerator / denominator up to the catalogue's rounding.
 * A computed value is not range-checked again: its counts were.
 */
import type { Indicator, ValueStatus } from '../data/contract.ts';
import { de } from './issues.ts';
import type { NumberCell } from './numbers.ts';
import type { IssueCode, Severity } from './types.ts';

export interface ValueCells {
	numerator: NumberCell | null;
	denominator: NumberCell | null;
	value: NumberCell | null;
}

export interface ValueFinding {
	severity: Severity;
	code: IssueCode;
	/** which cell the finding belongs to */
	cell: keyof ValueCells;
	text: string;
}

export interface ValueOutcome {
	numerator: number | null;
	denominator: number | null;
	value: number | null;
	status: ValueStatus;
	findings: ValueFinding[];
	/** counts that should be whole numbers but are not (reported per file, not per cell) */
	notInteger: boolean;
	zeroDenominator: boolean;
	/** a denominator given for a count indicator (not kept) */
	droppedDenominator: boolean;
}

/** Base counts measured in area units may be fractional; persons may not. */
const FRACTIONAL_BASE = /(_ha|_km2|flaeche)/;

/**
 * Applies the rules above. `indicator` is the catalogue entry (null without
 * catalogue: then only generic checks, and no value is computed);
 * `isShare` marks a share in % (from the catalogue unit or the column header).
 *
 * @example evaluateValue({ numerator: n(3), denominator: n(20), value: null }, sgb2, true).value // → 15
 */
export function evaluateValue(cells: ValueCells, indicator: Indicator | null, isShare: boolean): ValueOutcome {
	const { numerator: num, denominator: den, value: val } = cells;
	const findings: ValueFinding[] = [];
	const n = num?.kind === 'number' ? num.value : null;
	const d = den?.kind === 'number' ? den.value : null;
	let v = val?.kind === 'number' ? val.value : null;
	const fromCell = v !== null;
	const countIndicator = indicator !== null && indicator.denominator === null;
	const valueCell: keyof ValueCells = val ? 'value' : 'numerator';
	const fractional = (which: 'numerator' | 'denominator') => FRACTIONAL_BASE.test(indicator?.[which] ?? '');

	for (const [x, cell] of [[n, 'numerator'], [d, 'denominator']] as const) {
		if (x !== null && x < 0) findings.push({ severity: 'error', code: 'negative-count', cell, text: `Negative Anzahl ${de(x)} – Zähler und Nenner können nicht negativ sein.` });
	}
	let notInteger = (n !== null && !Number.isInteger(n) && !fractional('numerator')) || (d !== null && !Number.isInteger(d) && !fractional('denominator'));
	if (n !== null && d !== null && n > d) {
		const text = `Zähler ${de(n)} ist größer als der Nenner ${de(d)}.`;
		if (isShare) findings.push({ severity: 'error', code: 'numerator-gt-denominator', cell: 'numerator', text: `${text} Bei einem Anteil ist das unmöglich.` });
		else if (!indicator) findings.push({ severity: 'warning', code: 'numerator-gt-denominator', cell: 'numerator', text: `${text} Bitte prüfen.` });
	}

	let status: ValueStatus = 'ok';
	let zeroDenominator = false;
	if (v === null) {
		if (val?.kind === 'suppressed') status = 'gesperrt';
		else if (n !== null && d !== null && !countIndicator) {
			if (d === 0) {
				zeroDenominator = true;
				status = 'fehlt';
			} else if (indicator) v = (n / d) * indicator.scale;
			else status = 'fehlt';
		} else if (n !== null && countIndicator) v = n;
		else if (num?.kind === 'suppressed' || den?.kind === 'suppressed') status = 'gesperrt';
		else status = 'fehlt';
	} else if (indicator && n !== null && d !== null && d > 0 && !countIndicator) {
		const expected = (n / d) * indicator.scale;
		const tolerance = 0.5 * 10 ** -indicator.decimals * 1.001 + 1e-9;
		if (Math.abs(expected - v) > tolerance) {
			const shown = Math.round(expected * 1e4) / 1e4;
			findings.push({ severity: 'warning', code: 'value-inconsistent', cell: valueCell, text: `Wert ${de(v)} passt nicht zu Zähler/Nenner (${de(n)} / ${de(d)} × ${de(indicator.scale)} = ${de(shown)}).` });
		}
	}

	if (fromCell && v !== null) {
		if (v < 0) {
			if (indicator || isShare) findings.push({ severity: 'error', code: 'negative-value', cell: valueCell, text: `Negativer Wert ${de(v)} – Anteile, Quoten und Anzahlen können nicht negativ sein.` });
			else findings.push({ severity: 'warning', code: 'negative-value', cell: valueCell, text: `Negativer Wert ${de(v)} – bitte prüfen.` });
		}
		if (isShare && v > 100) findings.push({ severity: 'error', code: 'share-over-100', cell: valueCell, text: `Anteil ${de(v)} % liegt über 100 %.` });
		if (countIndicator && !Number.isInteger(v) && !fractional('numerator')) notInteger = true;
	}

	return {
		numerator: n ?? (countIndicator && fromCell ? v : null),
		denominator: countIndicator ? null : d,
		value: v,
		status,
		findings,
		notInteger,
		zeroDenominator,
		droppedDenominator: countIndicator && d !== null
	};
}
