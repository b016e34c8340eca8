/**
 * A catalogue entry defined by the user during an import, for an indicator the
 * built-in catalogue lacks. The kind fixes how values are computed and
 * aggregated (rates from counts, counts summed, plain values not aggregated at
 * all); the user states label, definition, polarity and factor. The source and
 * reference date are the import's own, so the entry never claims more than the
 * file it came with.
 */
import { asciiSlug } from '../slug.ts';
import type { Catalogue, Factor, Indicator } from '../data/contract.ts';

export type IndicatorKind = 'anteil' | 'rate' | 'anzahl' | 'wert';

export const INDICATOR_KINDS: readonly { kind: IndicatorKind; label: string }[] = [
	{ kind: 'anteil', label: 'Anteil in % (Zähler / Nenner × 100)' },
	{ kind: 'rate', label: 'Quote je 1.000 (Zähler / Nenner × 1.000)' },
	{ kind: 'anzahl', label: 'Anzahl (höhere Ebenen: Summe)' },
	{ kind: 'wert', label: 'Wert ohne Zähler und Nenner, z. B. Durchschnitt (nur Ortsteilebene)' }
];

export interface IndicatorDraft {
	label: string;
	definition: string;
	kind: IndicatorKind;
	/** unit of `anzahl` (default "Anzahl") and `wert` (required); fixed for shares and rates */
	unit: string;
	/** what the numerator / denominator count, e.g. "Personen in Bedarfsgemeinschaften" */
	numeratorLabel: string;
	denominatorLabel: string;
	polarity: -1 | 0 | 1;
	factor: Factor;
}

export const EMPTY_DRAFT: IndicatorDraft = {
	label: '',
	definition: '',
	kind: 'anteil',
	unit: '',
	numeratorLabel: '',
	denominatorLabel: '',
	polarity: 1,
	factor: 'kontext'
};

/** Prefix of user-defined indicator ids; the built-in catalogue never uses it. */
export const CUSTOM_PREFIX = 'eigen_';

/** The catalogue part an import brings along: its new indicators and their base counts. */
export interface CustomCatalogue {
	bases: Record<string, string>;
	indicators: Indicator[];
}

const KIND_SPEC: Record<IndicatorKind, { unit: string | null; scale: number; decimals: number; minBase: number; denominator: boolean }> = {
	anteil: { unit: '%', scale: 100, decimals: 1, minBase: 50, denominator: true },
	rate: { unit: 'je 1.000', scale: 1000, decimals: 1, minBase: 50, denominator: true },
	anzahl: { unit: null, scale: 1, decimals: 0, minBase: 0, denominator: false },
	// a denominator base without counts: higher levels get status `ohne_zaehler` instead of a sum
	wert: { unit: null, scale: 1, decimals: 1, minBase: 0, denominator: true }
};

/** "Wohngeld-Haushalte (%)" → "eigen_wohngeld_haushalte"; numbered when taken. */
export function customIndicatorId(label: string, taken: Iterable<string>): string {
	const slug = asciiSlug(label, '_').slice(0, 40).replace(/_+$/, '') || 'indikator';
	const used = new Set(taken);
	const base = `${CUSTOM_PREFIX}${slug}`;
	let id = base;
	for (let k = 2; used.has(id); k++) id = `${base}_${k}`;
	return id;
}

/** German problems of a draft against the catalogue it joins; empty when it can be used. */
export function draftProblems(draft: IndicatorDraft, catalogue: Catalogue): string[] {
	const problems: string[] = [];
	const label = draft.label.trim();
	if (label === '') problems.push('Bitte eine Bezeichnung angeben.');
	else if (catalogue.indicators.some((i) => i.label.toLowerCase() === label.toLowerCase())) problems.push(`Ein Indikator „${label}“ steht schon im Katalog – bitte diesen wählen oder anders benennen.`);
	if (draft.definition.trim() === '') problems.push('Bitte die Definition angeben (was wird gezählt, bezogen worauf) – sie steht später bei jedem Wert.');
	if (draft.kind === 'wert' && draft.unit.trim() === '') problems.push('Bitte die Einheit des Werts angeben (z. B. „Jahre“ oder „Euro“).');
	if (![-1, 0, 1].includes(draft.polarity)) problems.push('Richtung muss −1, 0 oder +1 sein.');
	return problems;
}

/**
 * The catalogue entry (and its base labels) for a valid draft.
 * `source` and `stand` are the import's provenance.
 */
export function draftToCatalogue(draft: IndicatorDraft, catalogue: Catalogue, source: string, stand: string | null): CustomCatalogue {
	const spec = KIND_SPEC[draft.kind];
	const label = draft.label.trim();
	const id = customIndicatorId(label, catalogue.indicators.map((i) => i.id));
	const numerator = `${id}_zaehler`;
	const denominator = spec.denominator ? `${id}_nenner` : null;
	const unit = spec.unit ?? (draft.unit.trim() || 'Anzahl');
	const bases: Record<string, string> = { [numerator]: draft.numeratorLabel.trim() || (draft.kind === 'wert' ? `${label} (ohne Zählwerte)` : `Zähler: ${label}`) };
	if (denominator) bases[denominator] = draft.denominatorLabel.trim() || (draft.kind === 'wert' ? '–' : `Nenner: ${label}`);
	return {
		bases,
		indicators: [
			{
				id,
				label,
				short: label.length <= 24 ? label : `${label.slice(0, 23)}…`,
				definition: draft.definition.trim(),
				numerator,
				denominator,
				unit,
				scale: spec.scale,
				decimals: spec.decimals,
				polarity: draft.polarity,
				factor: draft.factor,
				min_base: spec.minBase,
				reference_date: stand ?? 'nicht angegeben',
				official_source: source
			}
		]
	};
}

/** The catalogue with the custom entries appended (ids are unique by construction). */
export function withCustom(catalogue: Catalogue, custom: CustomCatalogue | null | undefined): Catalogue {
	if (!custom) return catalogue;
	return { bases: { ...catalogue.bases, ...custom.bases }, indicators: [...catalogue.indicators, ...custom.indicators] };
}
