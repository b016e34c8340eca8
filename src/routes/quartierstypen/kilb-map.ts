/**
 * What the Quartierstypen map shows, as plain data (fills, legend rows, outlined areas):
 *
 * - one type: each Ortsteil coloured by its score for that type in four classes
 *   (0–0,25, 0,25–0,5, 0,5–0,75, ab 0,75); the two darker classes are "zugeordnet";
 * - `mehrere`: each Ortsteil in the colour of its strongest assigned type, light grey
 *   without a type; Ortsteile with two or more types get a dashed black outline.
 *
 * Ortsteile that cannot be assessed (e.g. harbours with a handful of residents) stay
 * without fill ("nicht bewertbar").
 */
import type { Fill } from '$lib/map/ChoroplethMap.svelte';
import { NO_DATA } from '$lib/map/palette.ts';
import { KILB_COLORS, KILB_SHORT, NO_TYPE, SCORE_BREAKS, scoreClass, scoreColors } from '$lib/map/kilb-colors.ts';
import { formatNumber } from '$lib/format.ts';
import { KILB_TYPES, type KilbTypeId } from '$lib/engine/kilb-criteria.ts';
import type { AreaKilb, KilbReport } from '$lib/engine/kilb.ts';
import type { KilbMapView } from '$lib/state/kilb-url.ts';

export interface KilbLegendRow {
	color: string;
	label: string;
	count: number;
	/** drawn as a dashed outline instead of a fill */
	outline?: boolean;
}

export interface KilbMapData {
	fills: Map<string, Fill>;
	/** Ortsteile outlined (≥ 2 types in the `mehrere` view) */
	outlined: Set<string>;
	title: string;
	legend: KilbLegendRow[];
	note: string;
}

/**
 * The assigned type with the highest score (ties: order of KILB_TYPES), or null.
 *
 * @example strongestType({ scores: { abspaltung: 0.6, konfrontation: 0.9, … }, types: ['abspaltung', 'konfrontation'] }) // → 'konfrontation'
 */
export function strongestType(area: Pick<AreaKilb, 'scores' | 'types'>): KilbTypeId | null {
	let best: KilbTypeId | null = null;
	for (const t of area.types) if (best === null || (area.scores[t] ?? 0) > (area.scores[best] ?? 0)) best = t;
	return best;
}

const assessable = (a: AreaKilb) => KILB_TYPES.some((t) => a.scores[t] !== null);

export function kilbMapData(report: KilbReport, view: KilbMapView): KilbMapData {
	const fills = new Map<string, Fill>();
	const outlined = new Set<string>();
	const at = formatNumber(report.criteria.einstellungen.zuordnung_ab, 2);
	if (view === 'mehrere') {
		const counts = new Map<string, number>();
		let none = 0;
		let missing = 0;
		for (const a of report.areas) {
			if (!assessable(a)) {
				missing++;
				continue;
			}
			const t = strongestType(a);
			fills.set(a.area_id, { color: t ? KILB_COLORS[t] : NO_TYPE, unreliable: false });
			if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
			else none++;
			if (a.types.length >= 2) outlined.add(a.area_id);
		}
		return {
			fills,
			outlined,
			title: 'Zugeordnete Typen (Farbe: stärkster Typ)',
			legend: [
				...KILB_TYPES.map((t) => ({ color: KILB_COLORS[t], label: KILB_SHORT[t], count: counts.get(t) ?? 0 })),
				{ color: NO_TYPE, label: 'kein Typ', count: none },
				{ color: '#000', label: 'zwei oder mehr Typen (umrandet)', count: outlined.size, outline: true },
				{ color: NO_DATA, label: 'nicht bewertbar', count: missing }
			],
			note: `Zugeordnet ab Wert ${at}. Die Fläche zeigt den Typ mit dem höchsten Wert; welche weiteren Typen zutreffen, zeigt die gestrichelte Umrandung, der Tooltip und „warum?“.`
		};
	}
	const colors = scoreColors(view);
	const counts = [0, 0, 0, 0];
	let missing = 0;
	for (const a of report.areas) {
		const s = a.scores[view];
		if (s === null) {
			missing++;
			continue;
		}
		const k = scoreClass(s);
		counts[k]++;
		fills.set(a.area_id, { color: colors[k], unreliable: false });
	}
	const b = SCORE_BREAKS.map((x) => formatNumber(x, 2));
	const labels = [`unter ${b[0]}`, `${b[0]} bis unter ${b[1]}`, `${b[1]} bis unter ${b[2]} – zugeordnet`, `${b[2]} bis 1 – zugeordnet`];
	return {
		fills,
		outlined,
		title: `${KILB_SHORT[view]}: Wert 0–1`,
		legend: [...labels.map((label, k) => ({ color: colors[k], label, count: counts[k] })), { color: NO_DATA, label: 'nicht bewertbar', count: missing }],
		note: `Wert = Grad, in dem die Kriterien des Typs erfüllt sind (0 = gar nicht, 1 = voll). Zugeordnet ab ${at}.`
	};
}
