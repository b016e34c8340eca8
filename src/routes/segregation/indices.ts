/**
 * The segregation indices as the view explains them: plain-German name, one
 * sentence of meaning, range and formula (the formulas are those documented in
 * src/lib/engine/segregation.ts). Keys are the engine's / CLI's JSON names.
 */
import type { SegregationIndices } from '$lib/engine/segregation.ts';

export type IndexKey = 'D' | 'isolation' | 'exposure' | 'correlation_ratio' | 'theil_H' | 'gini' | 'spatial_D_morrill';

export interface IndexInfo {
	key: IndexKey;
	/** short name for tables and chart titles */
	label: string;
	/** one sentence: what the number says */
	meaning: string;
	/** range and reading direction */
	range: string;
	/** formula in Unicode, with the notation below */
	formula: string;
	source: string;
}

/** Notation shared by all formulas. */
export const NOTATION =
	'gᵢ = Personen der Gruppe im Ortsteil i, tᵢ = Bevölkerung (Bezugsgruppe) in i, G = Σgᵢ, T = Σtᵢ, pᵢ = gᵢ/tᵢ, P = G/T.';

export const SEGREGATION_INDICES: readonly IndexInfo[] = [
	{
		key: 'D',
		label: 'Dissimilaritätsindex D',
		meaning: 'Welcher Anteil der Gruppe müsste in einen anderen Ortsteil umziehen, damit sie genauso über die Stadt verteilt wäre wie die übrige Bevölkerung?',
		range: '0 = gleich verteilt, 1 = vollständig getrennt',
		formula: 'D = ½ · Σᵢ |gᵢ/G − (tᵢ − gᵢ)/(T − G)|',
		source: 'Duncan & Duncan (1955)'
	},
	{
		key: 'isolation',
		label: 'Isolationsindex xPx',
		meaning: 'Wie hoch ist der Anteil der Gruppe im Ortsteil, in dem ein durchschnittliches Gruppenmitglied wohnt – wie oft trifft man nebenan auf die eigene Gruppe?',
		range: 'von P (gleich verteilt) bis 1; hängt von der Größe der Gruppe ab',
		formula: 'xPx = Σᵢ (gᵢ/G) · (gᵢ/tᵢ)',
		source: 'Bell (1954); Massey & Denton (1988)'
	},
	{
		key: 'exposure',
		label: 'Expositionsindex xPy',
		meaning: 'Wie hoch ist im Ortsteil eines durchschnittlichen Gruppenmitglieds der Anteil der übrigen Bevölkerung – wie oft begegnet man den anderen?',
		range: '0 bis 1 − P; höher = mehr Kontakt',
		formula: 'xPy = Σᵢ (gᵢ/G) · ((tᵢ − gᵢ)/tᵢ) = 1 − xPx',
		source: 'Massey & Denton (1988)'
	},
	{
		key: 'correlation_ratio',
		label: 'Korrelationsquotient V (Eta²)',
		meaning: 'Die Isolation, bereinigt um die Größe der Gruppe: wie viel mehr die Gruppe unter sich wohnt, als es bei gleicher Verteilung der Fall wäre.',
		range: '0 = gleich verteilt, 1 = vollständig getrennt',
		formula: 'V = (xPx − P) / (1 − P)',
		source: 'White (1986)'
	},
	{
		key: 'theil_H',
		label: 'Theils Entropieindex H',
		meaning: 'Um wie viel weniger gemischt sind die Ortsteile im Mittel als die Stadt als Ganzes?',
		range: '0 = jeder Ortsteil so gemischt wie die Stadt, 1 = jeder Ortsteil nur Gruppe oder nur Rest',
		formula: 'H = Σᵢ tᵢ · (E − Eᵢ) / (T · E), E = −[P ln P + (1−P) ln(1−P)], Eᵢ ebenso mit pᵢ',
		source: 'Theil & Finizza (1971)'
	},
	{
		key: 'gini',
		label: 'Gini-Segregationsindex',
		meaning: 'Wie stark unterscheiden sich die Gruppenanteile zweier zufällig gewählter Einwohnerinnen oder Einwohner in ihren Ortsteilen, gemessen am größtmöglichen Unterschied?',
		range: '0 = gleich verteilt, 1 = vollständig getrennt',
		formula: 'Gini = Σᵢ Σⱼ tᵢ tⱼ |pᵢ − pⱼ| / (2 T² P (1 − P))',
		source: 'Massey & Denton (1988)'
	},
	{
		key: 'spatial_D_morrill',
		label: 'Morrills räumlich angepasster D',
		meaning: 'D abzüglich des mittleren Unterschieds zwischen benachbarten Ortsteilen: Wer an einen ganz anders zusammengesetzten Ortsteil grenzt, begegnet den anderen über die Grenze hinweg.',
		range: 'höchstens D; kleiner, je stärker Nachbarn sich unterscheiden',
		formula: 'D(adj) = D − Σᵢ Σⱼ cᵢⱼ |pᵢ − pⱼ| / Σᵢ Σⱼ cᵢⱼ, cᵢⱼ = 1 für Nachbarn (Queen), sonst 0',
		source: 'Morrill (1991)'
	}
];

/** Value of an index, null when it cannot be computed (e.g. Morrill's D without neighbours). */
export function indexValue(indices: SegregationIndices | null, key: IndexKey): number | null {
	if (!indices) return null;
	const v = indices[key];
	return v === null || !Number.isFinite(v) ? null : v;
}
