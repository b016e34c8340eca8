/**
 * Berlin's Monitoring Soziale Stadtentwicklung (MSS): Statusindex, Dynamikindex,
 * their classes and the status × dynamic matrix — on any table of areas × indicators.
 *
 *   zᵢⱼ  = polarityⱼ · (xᵢⱼ − x̄ⱼ) / sⱼ       z-score of indicator j across the areas
 *                                           with a valid value (unweighted, sample SD)
 *   Sᵢ   = Σⱼ zᵢⱼ                           sum of the aligned z-values
 *   Statusindex Iᵢ = Sᵢ / SD(S)              SD across the areas that have Sᵢ
 *
 * Status is the opposite of disadvantage: all indicators are aligned so that a high
 * value means more disadvantage, so a high index means *low* status. Classes (on
 * unrounded values): `hoch` < −1, `mittel` −1 … +1, `niedrig` > +1 … +1.5,
 * `sehr niedrig` > +1.5. The Dynamikindex is built the same way from the changes
 * Δxᵢⱼ = xᵢⱼ(Y₁) − xᵢⱼ(Y₀), classes `positiv` < −1, `stabil` −1 … +1, `negativ` > +1
 * (a rising disadvantage is a negative development).
 *
 * Missing values. Berlin's MSS has complete data (planning areas with fewer than 300
 * residents are left out beforehand). Here an area with every value present gets
 * exactly Berlin's Sᵢ. An area missing some values (unreliable, suppressed) gets
 * Sᵢ = (k / kᵢ) · Σⱼ present zᵢⱼ — the sum it would have if its missing z-values
 * equalled the mean of its present ones — provided it has at least half of the k
 * indicators (DESIGN §4); with fewer it is excluded and reported, as are areas
 * without any value.
 *
 * @see Senatsverwaltung für Stadtentwicklung und Wohnen Berlin: Monitoring Soziale
 *      Stadtentwicklung (MSS) — Methodenbeschreibung / Bericht (Status- und Dynamikindex,
 *      Klassengrenzen ±1 und 1,5 Standardabweichungen)
 */
import { isPresent } from './missing.ts';
import { moments, zScores } from './normalize.ts';
import { type StatusClass, STATUS_CLASSES } from './composite.ts';
import { DEFAULT_INDEX_SETTINGS, type DynamicThresholds } from './index-settings.ts';

export type DynamicClass = 'positiv' | 'stabil' | 'negativ';
export const DYNAMIC_CLASSES: readonly DynamicClass[] = ['positiv', 'stabil', 'negativ'];

/**
 * Dynamic class of a standardised Dynamikindex value (unrounded comparison):
 * `positiv` x < t₁, `stabil` t₁ ≤ x ≤ t₂, `negativ` x > t₂ (defaults −1, +1).
 *
 * @returns null for a missing value
 * @example dynamicClass(-1.2) // → 'positiv'
 * @example dynamicClass(1) // → 'stabil'
 */
export function dynamicClass(x: number, thresholds: DynamicThresholds = DEFAULT_INDEX_SETTINGS.dynamicThresholds): DynamicClass | null {
	if (!isPresent(x)) return null;
	if (x < thresholds[0]) return 'positiv';
	if (x <= thresholds[1]) return 'stabil';
	return 'negativ';
}

export interface MssResult {
	/** the index Iᵢ = Sᵢ / SD(S); NaN for excluded areas */
	index: Float64Array;
	/** Sᵢ, the (completed) sum of aligned z-values; NaN for excluded areas */
	sum: Float64Array;
	/** number of indicators with a valid value per area */
	present: Int32Array;
	/** SD(S) across the included areas (sample SD) */
	sdOfSum: number;
	/** aligned z-values per indicator (polarity applied), for "why" views */
	z: Float64Array[];
}

/**
 * MSS index from indicator columns (formulas and missing-value rule in the module
 * comment). Used for the Statusindex (values of one year) and, via `mssDynamicIndex`,
 * the Dynamikindex (changes between two years).
 *
 * @param columns one column per indicator, one value per area, NaN = missing/unreliable
 * @param polarities per indicator +1 (higher = more disadvantage) or −1
 * @throws RangeError (German) if columns and polarities differ in length, or fewer
 *         than 2 areas get a sum, or the sums do not vary
 * @example
 * mssIndex([[10, 20, 30, 40], [1, 3, 2, 2]], [1, -1])
 * // z₁ = [-1.1619, -0.3873, 0.3873, 1.1619], z₂ = [1.2247, -1.2247, 0, 0]
 * // S = [0.0628, -1.6120, 0.3873, 1.1619], SD(S) = 1.1694
 * // → index [0.0537, -1.3785, 0.3312, 0.9936]
 */
export function mssIndex(columns: readonly ArrayLike<number>[], polarities: readonly number[]): MssResult {
	if (columns.length !== polarities.length || columns.length === 0) {
		throw new RangeError('MSS: je Indikator eine Spalte und eine Polarität erwartet (mindestens ein Indikator).');
	}
	const k = columns.length;
	const areas = columns[0].length;
	const z = columns.map((column, j) => {
		const aligned = new Float64Array(areas);
		for (let i = 0; i < areas; i++) aligned[i] = isPresent(column[i]) ? polarities[j] * column[i] : NaN;
		return zScores(aligned);
	});
	const sum = new Float64Array(areas);
	const present = new Int32Array(areas);
	for (let i = 0; i < areas; i++) {
		let s = 0;
		let count = 0;
		for (let j = 0; j < k; j++) {
			const v = z[j][i];
			if (v === v) {
				s += v;
				count++;
			}
		}
		present[i] = count;
		sum[i] = count > 0 && count >= k / 2 ? (s * k) / count : NaN;
	}
	const { n, sd } = moments(sum);
	if (n < 2) throw new RangeError(`MSS: mindestens 2 Gebiete mit gültigen Werten nötig (vorhanden: ${n}).`);
	if (!(sd > 0)) throw new RangeError('MSS: die Indexsumme ist in allen Gebieten gleich; keine Standardisierung möglich.');
	const index = new Float64Array(areas);
	for (let i = 0; i < areas; i++) index[i] = sum[i] / sd;
	return { index, sum, present, sdOfSum: sd, z };
}

/**
 * Dynamikindex: the MSS index of the changes Δxᵢⱼ = toᵢⱼ − fromᵢⱼ (a change is
 * missing when either year's value is). Positive polarity: a rise means more
 * disadvantage, i.e. a negative development.
 *
 * @example
 * mssDynamicIndex([[10, 10, 10]], [[12, 10, 8]], [1]).index // → [1, 0, -1]
 */
export function mssDynamicIndex(
	from: readonly ArrayLike<number>[],
	to: readonly ArrayLike<number>[],
	polarities: readonly number[]
): MssResult {
	if (from.length !== to.length) throw new RangeError('MSS-Dynamik: beide Jahre brauchen dieselben Indikatoren.');
	const changes = from.map((column, j) => {
		const out = new Float64Array(column.length);
		for (let i = 0; i < column.length; i++) {
			out[i] = isPresent(column[i]) && isPresent(to[j][i]) ? to[j][i] - column[i] : NaN;
		}
		return out;
	});
	return mssIndex(changes, polarities);
}

export interface MatrixCell {
	status: StatusClass;
	dynamic: DynamicClass;
	/** number of areas in this cell */
	count: number;
	/** indices (positions in the input arrays) of the areas in this cell */
	areas: number[];
}

/**
 * The status × dynamic matrix: 4 × 3 cells in fixed order (status `hoch` … `sehr
 * niedrig`, dynamic `positiv` … `negativ`), each with its areas. Areas lacking either
 * class are left out. Planning reads the bottom-right (low status, negative dynamic)
 * as the most urgent cell.
 *
 * @example
 * statusDynamicMatrix(['hoch', 'sehr niedrig', null, 'sehr niedrig'], ['stabil', 'negativ', 'stabil', 'negativ'])
 *   .filter((c) => c.count > 0)
 * // → [{ status: 'hoch', dynamic: 'stabil', count: 1, areas: [0] },
 * //    { status: 'sehr niedrig', dynamic: 'negativ', count: 2, areas: [1, 3] }]
 */
export function statusDynamicMatrix(
	statusClasses: readonly (StatusClass | null)[],
	dynamicClasses: readonly (DynamicClass | null)[]
): MatrixCell[] {
	const cells: MatrixCell[] = [];
	for (const status of STATUS_CLASSES) {
		for (const dynamic of DYNAMIC_CLASSES) cells.push({ status, dynamic, count: 0, areas: [] });
	}
	for (let i = 0; i < statusClasses.length; i++) {
		const s = statusClasses[i];
		const d = dynamicClasses[i];
		if (!s || !d) continue;
		const cell = cells[STATUS_CLASSES.indexOf(s) * DYNAMIC_CLASSES.length + DYNAMIC_CLASSES.indexOf(d)];
		cell.count++;
		cell.areas.push(i);
	}
	return cells;
}
