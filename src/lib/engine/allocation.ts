/**
 * Stadtteillastenausgleich: a budget B split across Stadtteile by target population
 * and need, in whole euros, with fairness checks (DESIGN.md §4).
 *
 * Inputs per Stadtteil s: target population Pₛ ≥ 0 (e.g. residents under 18) and a
 * standardised need zₛ (higher = more need); optional status-quo budget qₛ.
 *
 *   z̃ₛ = zₛ − Σ Pₜzₜ / Σ Pₜ                  need centred on its population-weighted mean
 *   mₛ = max(0, 1 + α · z̃ₛ)                   need multiplier, α ∈ [0, 1] ("Bedarfsgewichtung")
 *   fₛ = ⌊round(φ · B) / n⌋                   Sockelbetrag: floor share φ of B, split equally
 *                                             over the n Stadtteile, in whole euros
 *   N  = B − n · fₛ                           need pool (the cents of the Sockel go here too)
 *   aₛ = fₛ + N · Pₛmₛ / Σ Pₜmₜ                amount before caps and rounding
 *
 * Need standardisation. The allocation wants Σ Pₛz̃ₛ = 0: then Σ Pₛmₛ = Σ Pₛ as long as
 * no multiplier is clipped at 0, so the need part of Stadtteil s is exactly mₛ times
 * its pure per-capita share — a Stadtteil of average need (z̃ = 0) gets the per-capita
 * amount whatever α is, and α only shifts money from below-average to above-average
 * need. `allocate` therefore centres the given z on its *population-weighted* mean
 * (weights = target population); `allocation-data.ts` already delivers z standardised
 * this way (weighted mean 0, weighted SD 1), so there the centring changes nothing.
 * The scale of z is kept as given. Where 1 + αz̃ₛ < 0 (α = 1 and z̃ < −1) the multiplier
 * is 0 and Σ Pm > Σ P; the normalisation by Σ Pₜmₜ keeps the total at N regardless.
 *
 * Caps (optional, relative change c against the status quo qₛ, e.g. c = 0.1 = ±10 %):
 *
 *   Lₛ = max(fₛ, ⌈q̂ₛ(1 − c)⌉),  Uₛ = max(fₛ, ⌊q̂ₛ(1 + c)⌋),  q̂ₛ = qₛ rounded to whole euros
 *
 * The bounds are rounded inward to whole euros so that the rounded amounts respect
 * them exactly. The Sockelbetrag is a guarantee and wins over a cap: no cap pushes a
 * Stadtteil below fₛ, and where q̂ₛ(1 + c) < fₛ the upper bound is fₛ. A Stadtteil
 * without status quo is not capped (Lₛ = fₛ, Uₛ = ∞). The caps are satisfiable iff
 * Σ Lₛ ≤ B ≤ Σ Uₛ. Then the capped amounts are
 *
 *   aₛ = clamp(fₛ + κ · Pₛmₛ, Lₛ, Uₛ)         one κ ≥ 0 for all, chosen so that Σ aₛ = B,
 *
 * found by iterative redistribution: give the free Stadtteile fₛ plus their key share
 * of what is left; if the money above upper bounds is at least the money missing below
 * lower bounds, fix every Stadtteil above its upper bound at Uₛ, otherwise fix every
 * one below its lower bound at Lₛ; repeat. Each round fixes at least one Stadtteil, so
 * there are at most n rounds, and fixing the larger side first never fixes a Stadtteil
 * wrongly (the common κ moves towards the fixed side). When only Stadtteile with key
 * Pₛmₛ = 0 remain free, the rest is split equally among them. When the caps are not
 * satisfiable, they are **not applied**; the result says so (`diagnostics`, check
 * `kappung`) and names the smallest cap that would be satisfiable.
 *
 * Whole euros by largest remainder (Hamilton's method): every Stadtteil gets ⌊aₛ⌋, the
 * remaining B − Σ⌊aₛ⌋ euros go one each to the largest fractional parts; ties go to the
 * larger need, then to the smaller id (code-unit order). So the amounts sum to
 * exactly B, differ from aₛ by less than 1 €, and of two Stadtteile with equal
 * population the one with more need never gets less. The computation runs in id order,
 * so the result does not depend on the order of the input.
 *
 * @see DESIGN.md §4 "Stadtteillastenausgleich"
 * @see Balinski & Young (1982), Fair Representation: Meeting the Ideal of One Man, One
 *      Vote. Yale University Press (Hamilton's method of largest remainders)
 * @see Kakwani, Wagstaff & van Doorslaer (1997), Socioeconomic inequalities in health:
 *      measurement, computation, and statistical inference. Journal of Econometrics
 *      77(1): 87–103 (concentration curve and index)
 */

/** One Stadtteil as input to `allocate`. */
export interface AllocationAreaInput {
	id: string;
	name: string;
	/** target population Pₛ in persons (≥ 0), e.g. residents under 18 */
	population: number;
	/** standardised need zₛ, higher = more need; centred by `allocate` (see module comment) */
	need: number;
	/** status-quo budget in euros (≥ 0); needed for caps, shown as comparison */
	statusQuo?: number | null;
}

export interface AllocationInput {
	/** budget B in whole euros (> 0) */
	budget: number;
	areas: readonly AllocationAreaInput[];
	/** need weighting α ∈ [0, 1]; 0 = pure per-capita */
	alpha: number;
	/** Sockelbetrag share φ ∈ [0, 1] of B, split equally; default 0 */
	floorShare?: number;
	/** maximal relative change against the status quo (≥ 0, e.g. 0.1 = ±10 %); default none */
	cap?: number | null;
}

/** One Stadtteil of the result. Euros; `amount` is whole euros. */
export interface AllocationArea {
	id: string;
	name: string;
	population: number;
	/** need as given */
	need: number;
	/** z̃ₛ: need centred on its population-weighted mean (drives the multiplier) */
	needCentred: number;
	/** mₛ = max(0, 1 + α z̃ₛ) */
	multiplier: number;
	/** fₛ, whole euros */
	floorPart: number;
	/** N · Pₛmₛ / Σ Pm before caps (exact) */
	needPart: number;
	/** change by the caps (exact; 0 when not capped) */
	capAdjustment: number;
	/** fₛ + needPart + capAdjustment, before rounding */
	exactAmount: number;
	/** the allocated amount, whole euros */
	amount: number;
	/** amount / population; null when the population is 0 */
	perCapita: number | null;
	/** amount / B */
	share: number;
	/** reference "nur nach Köpfen": same B and Sockel, α = 0, no caps; whole euros */
	perCapitaAmount: number;
	/** amount − perCapitaAmount: the effect of the need weighting (and of caps) */
	differenceToPerCapita: number;
	statusQuo: number | null;
	/** amount − statusQuo */
	differenceToStatusQuo: number | null;
	/** amount / statusQuo − 1; null without status quo or when it is 0 */
	changeToStatusQuo: number | null;
	/** cap bounds [Lₛ, Uₛ] in whole euros; null when not capped */
	capBounds: { lower: number; upper: number } | null;
	/** which bound the Stadtteil was fixed at by the caps */
	capped: 'oben' | 'unten' | null;
}

export type AllocationCheckId = 'summe' | 'pro-kopf' | 'bedarf' | 'sockel' | 'kappung';

/** One fairness check; `detail` is German text for the UI and the CLI. */
export interface AllocationCheck {
	id: AllocationCheckId;
	name: string;
	ok: boolean;
	detail: string;
}

export interface AllocationDiagnostics {
	/** rounds of cap redistribution (0 without caps or when they were not satisfiable) */
	iterations: number;
	/** whether caps were requested */
	capsRequested: boolean;
	/** whether they were applied (requested and satisfiable) */
	capsApplied: boolean;
	/** null without caps */
	capsFeasible: boolean | null;
	/** smallest cap (fraction) that would be satisfiable; null when none or not needed */
	minimalFeasibleCap: number | null;
	/** the population-weighted mean of the given need, subtracted before use */
	needShift: number;
	/** ids of Stadtteile whose multiplier is clipped at 0 */
	clipped: string[];
	/** ids of Stadtteile without status quo (not capped) while caps are requested */
	uncapped: string[];
	/** German notes (e.g. why caps were not applied) */
	messages: string[];
}

export interface LorenzPoint {
	/** cumulative share of the target population, 0 … 1 */
	populationShare: number;
	/** cumulative share of the money, 0 … 1 */
	moneyShare: number;
	/** Stadtteile added at this point (several when their need is tied) */
	ids: string[];
}

export interface FifthRatio {
	/** Stadtteile per fifth */
	k: number;
	/** ids of the k Stadtteile with the highest need, highest first */
	most: string[];
	/** ids of the k Stadtteile with the lowest need, lowest first */
	least: string[];
	/** Σ amount / Σ population in each fifth, euros per person */
	mostPerCapita: number;
	leastPerCapita: number;
	/** mostPerCapita / leastPerCapita; null when leastPerCapita is 0 */
	ratio: number | null;
}

export interface AllocationResult {
	budget: number;
	alpha: number;
	floorShare: number;
	cap: number | null;
	/** in input order */
	areas: AllocationArea[];
	totals: {
		population: number;
		amount: number;
		/** Σ fₛ */
		floor: number;
		/** N = B − Σ fₛ */
		needPool: number;
		/** Σ qₛ over the Stadtteile with status quo; null when none has one */
		statusQuo: number | null;
	};
	checks: AllocationCheck[];
	measures: {
		/** concentration curve of money against need (see `lorenzCurve`) */
		lorenz: LorenzPoint[];
		/** see `concentrationIndex`; null when it cannot be formed */
		concentrationIndex: number | null;
		/** see `fifthRatio`; null with fewer than 2 populated Stadtteile */
		fifthRatio: FifthRatio | null;
	};
	diagnostics: AllocationDiagnostics;
}

/** Largest budget accepted: amounts stay exact in double precision with room for sums. */
export const MAX_BUDGET = 1e11;

const euro = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const decimal2 = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });
const fmtEuro = (x: number) => `${euro.format(x)} €`;
const fmtPercent = (fraction: number) => `${decimal2.format(fraction * 100)} %`;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Rounds a lower bound up / an upper bound down to whole euros, ignoring floating-point
 * dust (relative 10⁻¹², i.e. < 0.2 € even at 2 · MAX_BUDGET).
 */
const ceilEuro = (x: number) => Math.ceil(x - 1e-12 * Math.max(1, Math.abs(x)));
const floorEuro = (x: number) => Math.floor(x + 1e-12 * Math.max(1, Math.abs(x)));

/**
 * Splits `budget` in whole euros by largest remainder (Hamilton): ⌊xₛ⌋ for all, then
 * one euro each to the largest fractional parts until the sum is `budget`. Equal
 * fractional parts are ordered by `tieOrder` (ascending = served first). Amounts whose
 * next euro would exceed `upper` are served last.
 *
 * @param exact amounts summing to `budget` (up to floating-point error)
 * @example largestRemainder([1.5, 1.5, 2], 5, [1, 0, 2]) // → [1, 2, 2] (tie: index 1 first)
 */
export function largestRemainder(
	exact: ArrayLike<number>,
	budget: number,
	tieOrder: ArrayLike<number>,
	upper?: ArrayLike<number>
): number[] {
	const n = exact.length;
	if (n === 0) throw new RangeError('largestRemainder: mindestens 1 Betrag nötig.');
	const out = Array.from(exact, (x) => Math.floor(x));
	let rest = budget - out.reduce((s, x) => s + x, 0);
	const eligible = (i: number) => (upper ? out[i] + 1 <= upper[i] : true);
	const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => {
		const ei = eligible(i) ? 0 : 1;
		const ej = eligible(j) ? 0 : 1;
		return ei - ej || exact[j] - out[j] - (exact[i] - out[i]) || tieOrder[i] - tieOrder[j];
	});
	// rest is 0 … n−1 in exact arithmetic; the loops also absorb floating-point slack
	for (let p = 0; rest > 0; p = (p + 1) % n, rest--) out[order[p]]++;
	for (let p = n - 1; rest < 0; p = (p - 1 + n) % n, rest++) out[order[p]]--;
	return out;
}

interface Prepared {
	budget: number;
	alpha: number;
	floorShare: number;
	cap: number | null;
	/** areas sorted by id; `index` = position in the input */
	areas: (AllocationAreaInput & { index: number; centred: number; statusQuoValue: number | null })[];
	needShift: number;
	totalPopulation: number;
}

function fail(message: string): never {
	throw new RangeError(`Lastenausgleich: ${message}`);
}

function prepare(input: AllocationInput): Prepared {
	const { budget, alpha } = input;
	const floorShare = input.floorShare ?? 0;
	const cap = input.cap ?? null;
	if (!Number.isFinite(budget) || !Number.isInteger(budget) || budget <= 0) {
		fail(`Budget muss eine positive ganze Zahl in Euro sein (erhalten: ${budget}).`);
	}
	if (budget > MAX_BUDGET) fail(`Budget über ${fmtEuro(MAX_BUDGET)} wird nicht unterstützt (erhalten: ${budget}).`);
	if (!(alpha >= 0 && alpha <= 1)) fail(`Bedarfsgewichtung α muss zwischen 0 und 1 liegen (erhalten: ${alpha}).`);
	if (!(floorShare >= 0 && floorShare <= 1)) fail(`Sockelanteil φ muss zwischen 0 und 1 liegen (erhalten: ${floorShare}).`);
	if (cap !== null && !(cap >= 0 && Number.isFinite(cap))) fail(`Kappung muss eine Zahl ≥ 0 sein (erhalten: ${cap}).`);
	if (input.areas.length === 0) fail('mindestens 1 Stadtteil nötig.');
	const seen = new Set<string>();
	for (const a of input.areas) {
		if (seen.has(a.id)) fail(`Stadtteil „${a.id}“ ist doppelt.`);
		seen.add(a.id);
		if (!(Number.isFinite(a.population) && a.population >= 0)) {
			fail(`Zielbevölkerung von „${a.name}“ muss eine Zahl ≥ 0 sein (erhalten: ${a.population}).`);
		}
		if (!Number.isFinite(a.need)) fail(`Bedarf von „${a.name}“ fehlt oder ist keine Zahl.`);
		const q = a.statusQuo;
		if (q !== undefined && q !== null && !(Number.isFinite(q) && q >= 0 && q <= MAX_BUDGET)) {
			fail(`Status quo von „${a.name}“ muss eine Zahl zwischen 0 und ${fmtEuro(MAX_BUDGET)} sein (erhalten: ${q}).`);
		}
	}
	const areas = input.areas
		.map((a, index) => ({ ...a, index, centred: 0, statusQuoValue: a.statusQuo ?? null }))
		.sort((a, b) => byId(a.id, b.id));
	const totalPopulation = areas.reduce((s, a) => s + a.population, 0);
	if (!(totalPopulation > 0)) fail('die Zielbevölkerung ist überall 0.');
	const needShift = areas.reduce((s, a) => s + a.population * a.need, 0) / totalPopulation;
	for (const a of areas) a.centred = a.need - needShift;
	if (cap !== null && areas.every((a) => a.statusQuoValue === null)) {
		fail('eine Kappung braucht einen Status-quo-Haushalt (Beträge je Stadtteil).');
	}
	return { budget, alpha, floorShare, cap, areas, needShift, totalPopulation };
}

/** Whole-euro Sockelbetrag per Stadtteil: ⌊round(φB) / n⌋ (integer division, exact in doubles). */
function floorPartOf(budget: number, floorShare: number, n: number): number {
	return Math.floor(Math.round(floorShare * budget) / n);
}

/** Cap bounds per area (sorted order); uncapped areas get [f, ∞). */
function capBounds(p: Prepared, floorPart: number, cap: number): { lower: number[]; upper: number[] } {
	const lower: number[] = [];
	const upper: number[] = [];
	for (const a of p.areas) {
		if (a.statusQuoValue === null) {
			lower.push(floorPart);
			upper.push(Infinity);
		} else {
			const q = Math.round(a.statusQuoValue);
			lower.push(Math.max(floorPart, ceilEuro(q * (1 - cap))));
			upper.push(Math.max(floorPart, floorEuro(q * (1 + cap))));
		}
	}
	return { lower, upper };
}

const sum = (xs: ArrayLike<number>) => {
	let s = 0;
	for (let i = 0; i < xs.length; i++) s += xs[i];
	return s;
};

/** Smallest cap (to 0.01 %-points, rounded up) for which Σ L ≤ B ≤ Σ U; null if none ≤ 10⁶. */
function minimalCap(p: Prepared, floorPart: number): number | null {
	const feasible = (c: number) => {
		const { lower, upper } = capBounds(p, floorPart, c);
		return sum(lower) <= p.budget && p.budget <= sum(upper);
	};
	if (feasible(0)) return 0;
	let hi = 1;
	while (!feasible(hi)) {
		hi *= 2;
		if (hi > 1e6) return null;
	}
	let lo = 0;
	for (let i = 0; i < 60; i++) {
		const mid = (lo + hi) / 2;
		if (feasible(mid)) hi = mid;
		else lo = mid;
	}
	let c = Math.ceil(hi * 10000) / 10000;
	while (!feasible(c)) c += 0.0001;
	return Number(c.toFixed(4));
}

/**
 * Iterative redistribution under bounds (module comment): free areas get f plus their
 * key share of what is left; the larger side of violations is fixed; repeat.
 * Requires Σ lower ≤ budget ≤ Σ upper.
 */
function redistribute(
	budget: number,
	floorPart: number,
	keys: readonly number[],
	lower: readonly number[],
	upper: readonly number[]
): { amounts: Float64Array; fixed: ('oben' | 'unten' | null)[]; iterations: number } {
	const n = keys.length;
	const amounts = new Float64Array(n);
	const fixed: ('oben' | 'unten' | null)[] = new Array(n).fill(null);
	let iterations = 0;
	for (;;) {
		const free: number[] = [];
		let fixedSum = 0;
		for (let s = 0; s < n; s++) {
			if (fixed[s] === null) free.push(s);
			else fixedSum += amounts[s];
		}
		if (free.length === 0) break;
		iterations++;
		if (iterations > n + 1) throw new Error('Lastenausgleich: Kappung konvergiert nicht (interner Fehler).');
		const pool = budget - fixedSum - floorPart * free.length;
		let keyTotal = 0;
		for (const s of free) keyTotal += keys[s];
		for (const s of free) amounts[s] = floorPart + pool * (keyTotal > 0 ? keys[s] / keyTotal : 1 / free.length);
		let excess = 0;
		let deficit = 0;
		for (const s of free) {
			if (amounts[s] > upper[s]) excess += amounts[s] - upper[s];
			else if (amounts[s] < lower[s]) deficit += lower[s] - amounts[s];
		}
		if (excess === 0 && deficit === 0) break;
		for (const s of free) {
			if (excess >= deficit && amounts[s] > upper[s]) {
				amounts[s] = upper[s];
				fixed[s] = 'oben';
			} else if (excess < deficit && amounts[s] < lower[s]) {
				amounts[s] = lower[s];
				fixed[s] = 'unten';
			}
		}
	}
	return { amounts, fixed, iterations };
}

interface Core {
	floorPart: number;
	needPool: number;
	multipliers: number[];
	needParts: number[];
	exact: Float64Array;
	rounded: number[];
}

/** Uncapped amounts and their rounding, in sorted order. */
function uncapped(p: Prepared, alpha: number): Core {
	const n = p.areas.length;
	const floorPart = floorPartOf(p.budget, p.floorShare, n);
	const needPool = p.budget - n * floorPart;
	const multipliers = p.areas.map((a) => Math.max(0, 1 + alpha * a.centred));
	const keys = p.areas.map((a, s) => a.population * multipliers[s]);
	const keyTotal = sum(keys);
	// keyTotal > 0: Σ P z̃ = 0 with Σ P > 0 leaves a populated area with z̃ ≥ 0, so m ≥ 1
	const needParts = keys.map((k) => (needPool * k) / keyTotal);
	const exact = Float64Array.from(needParts, (x) => floorPart + x);
	return { floorPart, needPool, multipliers, needParts, exact, rounded: roundAmounts(p, exact) };
}

function roundAmounts(p: Prepared, exact: ArrayLike<number>, upper?: readonly number[]): number[] {
	// sorted by id already: tie order = larger need first, then position (= id order)
	const tieRank = p.areas
		.map((a, s) => ({ s, z: a.need }))
		.sort((x, y) => y.z - x.z || x.s - y.s)
		.reduce((rank, x, r) => ((rank[x.s] = r), rank), new Array<number>(p.areas.length));
	return largestRemainder(exact, p.budget, tieRank, upper);
}

/**
 * Splits budget B across Stadtteile by target population and need, with optional
 * Sockelbetrag and caps against a status quo, in whole euros (formulas, standardisation,
 * caps and rounding rule in the module comment), and runs the fairness checks.
 *
 * @throws RangeError (German) for a budget that is not a positive whole number of euros
 *         (≤ 10¹¹), α or φ outside [0, 1], a negative cap, a cap without any status quo,
 *         duplicate ids, negative or missing populations or needs, or a total population of 0
 * @example
 * allocate({ budget: 1000, alpha: 0.5, areas: [
 *   { id: 'a', name: 'A', population: 100, need: 1 },
 *   { id: 'b', name: 'B', population: 100, need: -1 } ] }).areas.map((a) => a.amount)
 * // m = [1.5, 0.5] → 1000 · 150/200 = 750, 1000 · 50/200 = 250 → [750, 250]
 */
export function allocate(input: AllocationInput): AllocationResult {
	const p = prepare(input);
	const n = p.areas.length;
	const base = uncapped(p, p.alpha);
	const reference = uncapped(p, 0);
	const { floorPart, needPool } = base;

	const diagnostics: AllocationDiagnostics = {
		iterations: 0,
		capsRequested: p.cap !== null,
		capsApplied: false,
		capsFeasible: null,
		minimalFeasibleCap: null,
		needShift: p.needShift,
		clipped: p.areas.filter((_, s) => base.multipliers[s] === 0).map((a) => a.id),
		uncapped: p.cap === null ? [] : p.areas.filter((a) => a.statusQuoValue === null).map((a) => a.id),
		messages: []
	};

	let exact = base.exact;
	let rounded = base.rounded;
	let fixed: ('oben' | 'unten' | null)[] = new Array(n).fill(null);
	let bounds: { lower: number[]; upper: number[] } | null = null;
	if (p.cap !== null) {
		bounds = capBounds(p, floorPart, p.cap);
		const lowerSum = sum(bounds.lower);
		const upperSum = sum(bounds.upper);
		diagnostics.capsFeasible = lowerSum <= p.budget && p.budget <= upperSum;
		if (diagnostics.capsFeasible) {
			const keys = p.areas.map((a, s) => a.population * base.multipliers[s]);
			const r = redistribute(p.budget, floorPart, keys, bounds.lower, bounds.upper);
			exact = r.amounts;
			fixed = r.fixed;
			diagnostics.iterations = r.iterations;
			diagnostics.capsApplied = true;
			rounded = roundAmounts(p, exact, bounds.upper);
		} else {
			diagnostics.minimalFeasibleCap = minimalCap(p, floorPart);
			const why =
				lowerSum > p.budget
					? `die Untergrenzen verlangen zusammen ${fmtEuro(lowerSum)}, mehr als das Budget von ${fmtEuro(p.budget)}`
					: `die Obergrenzen erlauben zusammen nur ${fmtEuro(upperSum)}, weniger als das Budget von ${fmtEuro(p.budget)}`;
			const hint =
				diagnostics.minimalFeasibleCap !== null
					? ` Erfüllbar ab einer Kappung von ±${fmtPercent(diagnostics.minimalFeasibleCap)}.`
					: ' Mit keiner Kappung erfüllbar (Status quo überall 0?).';
			diagnostics.messages.push(
				`Kappung ±${fmtPercent(p.cap)} nicht erfüllbar: ${why}. Die Kappung wurde deshalb nicht angewandt.${hint}`
			);
		}
		if (diagnostics.uncapped.length > 0) {
			diagnostics.messages.push(`Ohne Status quo und daher nicht gekappt: ${namesOf(p, diagnostics.uncapped)}.`);
		}
	}

	const sorted: AllocationArea[] = p.areas.map((a, s) => {
		const amount = rounded[s];
		const q = a.statusQuoValue;
		const capped = bounds && diagnostics.capsApplied && q !== null;
		return {
			id: a.id,
			name: a.name,
			population: a.population,
			need: a.need,
			needCentred: a.centred,
			multiplier: base.multipliers[s],
			floorPart,
			needPart: base.needParts[s],
			capAdjustment: exact[s] - base.exact[s],
			exactAmount: exact[s],
			amount,
			perCapita: a.population > 0 ? amount / a.population : null,
			share: amount / p.budget,
			perCapitaAmount: reference.rounded[s],
			differenceToPerCapita: amount - reference.rounded[s],
			statusQuo: q,
			differenceToStatusQuo: q === null ? null : amount - q,
			changeToStatusQuo: q === null || q === 0 ? null : amount / q - 1,
			capBounds: capped ? { lower: bounds!.lower[s], upper: bounds!.upper[s] } : null,
			capped: fixed[s]
		};
	});

	const checks = [
		checkSum(p, sorted),
		checkPerCapita(p, reference),
		checkNeedOrder(p, sorted, diagnostics.capsApplied),
		checkFloor(p, sorted, floorPart),
		checkCaps(p, sorted, diagnostics)
	];

	const measureInput = sorted.map((a) => ({ id: a.id, population: a.population, need: a.need, amount: a.amount }));
	const areas = new Array<AllocationArea>(n);
	p.areas.forEach((a, s) => (areas[a.index] = sorted[s]));
	const statusQuos = p.areas.filter((a) => a.statusQuoValue !== null);
	return {
		budget: p.budget,
		alpha: p.alpha,
		floorShare: p.floorShare,
		cap: p.cap,
		areas,
		totals: {
			population: p.totalPopulation,
			amount: sum(rounded),
			floor: n * floorPart,
			needPool,
			statusQuo: statusQuos.length > 0 ? statusQuos.reduce((s, a) => s + (a.statusQuoValue as number), 0) : null
		},
		checks,
		measures: {
			lorenz: lorenzCurve(measureInput),
			concentrationIndex: concentrationIndex(measureInput),
			fifthRatio: measureInput.filter((a) => a.population > 0).length >= 2 ? fifthRatio(measureInput) : null
		},
		diagnostics
	};
}

function namesOf(p: Prepared, ids: readonly string[], limit = 5): string {
	const names = ids.map((id) => p.areas.find((a) => a.id === id)?.name ?? id);
	return names.length > limit ? `${names.slice(0, limit).join(', ')} und ${names.length - limit} weitere` : names.join(', ');
}

function checkSum(p: Prepared, areas: readonly AllocationArea[]): AllocationCheck {
	const total = areas.reduce((s, a) => s + a.amount, 0);
	const whole = areas.every((a) => Number.isInteger(a.amount));
	return {
		id: 'summe',
		name: 'Summe gleich Budget',
		ok: total === p.budget && whole,
		detail:
			total === p.budget
				? `Die ganzen Euro-Beträge ergeben zusammen genau das Budget von ${fmtEuro(p.budget)}.`
				: `Summe ${fmtEuro(total)} weicht vom Budget ${fmtEuro(p.budget)} ab.`
	};
}

function checkPerCapita(p: Prepared, reference: Core): AllocationCheck {
	// α = 0: need part of every Stadtteil is N · Pₛ / ΣP
	let worst = 0;
	p.areas.forEach((a, s) => {
		const ideal = reference.floorPart + (reference.needPool * a.population) / p.totalPopulation;
		worst = Math.max(worst, Math.abs(reference.rounded[s] - ideal));
	});
	const ok = worst < 1;
	const sockel = reference.floorPart > 0 ? ' nach Abzug des Sockelbetrags' : '';
	return {
		id: 'pro-kopf',
		name: 'α = 0 ergibt die Pro-Kopf-Verteilung',
		ok,
		detail: `Mit α = 0 erhält jeder Stadtteil${sockel} genau seinen Anteil an der Zielbevölkerung; größte Abweichung durch Rundung auf ganze Euro: ${decimal2.format(worst)} € (erlaubt < 1 €).`
	};
}

function checkNeedOrder(p: Prepared, areas: readonly AllocationArea[], capsApplied: boolean): AllocationCheck {
	// Sorted by id; compare every pair of populated Stadtteile.
	const violations: string[] = [];
	let pairs = 0;
	for (const hi of areas) {
		for (const lo of areas) {
			if (!(hi.need > lo.need) || hi.population <= 0 || lo.population <= 0) continue;
			pairs++;
			const equal = hi.population === lo.population;
			// equal population: whole euros, exactly; otherwise euros per person beyond the Sockel,
			// allowing the < 1 € rounding of each amount
			const bad = equal
				? hi.amount < lo.amount
				: (hi.amount - hi.floorPart) / hi.population <
					(lo.amount - lo.floorPart) / lo.population - (1 / hi.population + 1 / lo.population);
			if (bad) violations.push(`${hi.name} erhält trotz höheren Bedarfs ${equal ? 'weniger' : 'je Person weniger'} als ${lo.name}`);
		}
	}
	const ok = violations.length === 0;
	const cause = capsApplied ? ' Ursache: die Kappung gegenüber dem Status quo.' : '';
	return {
		id: 'bedarf',
		name: 'Mehr Bedarf erhält nie weniger',
		ok,
		detail: ok
			? `Geprüft an ${pairs === 1 ? '1 Paar' : `${pairs} Paaren`} von Stadtteilen: bei gleicher Zielbevölkerung erhält der Stadtteil mit höherem Bedarf nie weniger, und der Betrag je Person (ohne Sockel) steigt nie mit sinkendem Bedarf.`
			: `${violations.length} von ${pairs} Paaren verletzt, z. B.: ${violations.slice(0, 3).join('; ')}.${cause}`
	};
}

function checkFloor(p: Prepared, areas: readonly AllocationArea[], floorPart: number): AllocationCheck {
	const below = areas.filter((a) => a.amount < floorPart);
	return {
		id: 'sockel',
		name: 'Sockelbetrag eingehalten',
		ok: below.length === 0,
		detail:
			floorPart === 0
				? below.length === 0
					? 'Kein Sockelbetrag gewählt; kein Betrag ist negativ.'
					: `Negative Beträge: ${below.map((a) => a.name).join(', ')}.`
				: below.length === 0
					? `Jeder Stadtteil erhält mindestens den Sockelbetrag von ${fmtEuro(floorPart)} (${fmtPercent(p.floorShare)} des Budgets, gleich verteilt auf ${p.areas.length} Stadtteile).`
					: `Unter dem Sockelbetrag von ${fmtEuro(floorPart)}: ${below.map((a) => a.name).join(', ')}.`
	};
}

function checkCaps(p: Prepared, areas: readonly AllocationArea[], d: AllocationDiagnostics): AllocationCheck {
	const name = 'Kappungsgrenzen eingehalten';
	if (p.cap === null) return { id: 'kappung', name, ok: true, detail: 'Keine Kappung gewählt.' };
	if (!d.capsApplied) return { id: 'kappung', name, ok: false, detail: d.messages[0] };
	const outside = areas.filter((a) => a.capBounds && (a.amount < a.capBounds.lower || a.amount > a.capBounds.upper));
	const atBound = areas.filter((a) => a.capped !== null).length;
	return {
		id: 'kappung',
		name,
		ok: outside.length === 0,
		detail:
			outside.length === 0
				? `Jeder Stadtteil mit Status quo bleibt innerhalb von ±${fmtPercent(p.cap)} (auf ganze Euro nach innen gerundet, Sockelbetrag hat Vorrang); ${atBound} an einer Grenze festgehalten, ${d.iterations} Umverteilungsrunde(n).`
				: `Außerhalb der Kappungsgrenzen: ${outside.map((a) => a.name).join(', ')}.`
	};
}

/** What the measures need from an area. */
export interface MeasureArea {
	id: string;
	/** target population, ≥ 0 */
	population: number;
	/** need (any scale; only its order matters) */
	need: number;
	/** money, ≥ 0 */
	amount: number;
}

/**
 * Concentration curve of money against need ("Lorenzkurve des Geldes nach Bedarf"):
 * Stadtteile sorted by need ascending; point k is (cumulative share of the target
 * population, cumulative share of the money) after the k-th group. Stadtteile with the
 * same need form one group (one point), so the curve does not depend on how ties are
 * ordered. Starts at (0, 0), ends at (1, 1). Below the diagonal = money concentrated
 * in high-need Stadtteile; on the diagonal = per capita.
 *
 * @throws RangeError when the total population or the total money is not > 0
 * @example
 * lorenzCurve([{ id: 'a', population: 1, need: -1, amount: 25 }, { id: 'b', population: 1, need: 1, amount: 75 }])
 * // → [{ 0, 0, [] }, { 0.5, 0.25, ['a'] }, { 1, 1, ['b'] }]
 */
export function lorenzCurve(areas: readonly MeasureArea[]): LorenzPoint[] {
	const totalPopulation = areas.reduce((s, a) => s + a.population, 0);
	const totalMoney = areas.reduce((s, a) => s + a.amount, 0);
	if (!(totalPopulation > 0) || !(totalMoney > 0)) {
		throw new RangeError('Lorenzkurve: Zielbevölkerung und Geldsumme müssen größer als 0 sein.');
	}
	const sorted = [...areas].sort((a, b) => a.need - b.need || byId(a.id, b.id));
	const points: LorenzPoint[] = [{ populationShare: 0, moneyShare: 0, ids: [] }];
	let population = 0;
	let money = 0;
	for (let i = 0; i < sorted.length; ) {
		const ids: string[] = [];
		const need = sorted[i].need;
		for (; i < sorted.length && sorted[i].need === need; i++) {
			population += sorted[i].population;
			money += sorted[i].amount;
			ids.push(sorted[i].id);
		}
		// cumulative sums can overshoot 1 by floating-point dust
		points.push({ populationShare: Math.min(1, population / totalPopulation), moneyShare: Math.min(1, money / totalMoney), ids });
	}
	const last = points[points.length - 1];
	last.populationShare = 1;
	last.moneyShare = 1;
	return points;
}

/**
 * Concentration index of money against need (Kakwani, Wagstaff & van Doorslaer 1997),
 * for grouped data with the concentration curve L of `lorenzCurve`:
 *
 *   C = 1 − 2 · ∫₀¹ L(p) dp = 1 − Σₖ (pₖ − pₖ₋₁)(Lₖ + Lₖ₋₁)          (trapezoids)
 *
 * which equals Kakwani's Σₖ (pₖ₋₁Lₖ − pₖLₖ₋₁). Range −1 … 1: 0 = money per capita
 * (independent of need), positive = money concentrated in high-need Stadtteile,
 * negative = in low-need ones. Populations are the target population.
 *
 * @returns null when the curve cannot be formed (no population or no money)
 * @see O'Donnell, van Doorslaer, Wagstaff & Lindelow (2008), Analyzing Health Equity
 *      Using Household Survey Data, World Bank, ch. 8
 * @example
 * concentrationIndex([{ id: 'a', population: 1, need: -1, amount: 25 }, { id: 'b', population: 1, need: 1, amount: 75 }])
 * // area = 0.5·(0 + 0.25)/2 + 0.5·(0.25 + 1)/2 = 0.375 → 1 − 2 · 0.375 = 0.25
 */
export function concentrationIndex(areas: readonly MeasureArea[]): number | null {
	let points: LorenzPoint[];
	try {
		points = lorenzCurve(areas);
	} catch {
		return null;
	}
	let area = 0;
	for (let k = 1; k < points.length; k++) {
		area += ((points[k].populationShare - points[k - 1].populationShare) * (points[k].moneyShare + points[k - 1].moneyShare)) / 2;
	}
	return 1 - 2 * area;
}

/**
 * Per-capita money in the fifth of Stadtteile with the highest need against the fifth
 * with the lowest need (an S80/S20-type ratio, OECD 2011).
 *
 *   k = min(⌊n/2⌋, max(1, round(n/5)))       fifths by count, as `polarisation.ts`
 *                                             (n = 23 → round(4.6) = 5 Stadtteile)
 *   most  = the k Stadtteile with the highest need, least = the k with the lowest
 *   per capita of a group = Σ amount / Σ population   (pooled, not a mean of ratios)
 *   ratio = per capita(most) / per capita(least)
 *
 * Only Stadtteile with population > 0 count (n is their number). Ties in need at the
 * border are broken by id. Per-capita distribution gives 1; need weighting > 1.
 *
 * @throws RangeError with fewer than 2 populated Stadtteile
 * @see OECD (2011), Divided We Stand: Why Inequality Keeps Rising (S80/S20 ratio)
 * @example
 * fifthRatio([{ id: 'a', population: 10, need: -1, amount: 100 }, { id: 'b', population: 20, need: 1, amount: 600 }])
 * // k = 1: most b 600/20 = 30 €, least a 100/10 = 10 € → ratio 3
 */
export function fifthRatio(areas: readonly MeasureArea[]): FifthRatio {
	const populated = areas.filter((a) => a.population > 0);
	const n = populated.length;
	if (n < 2) throw new RangeError('Fünftel-Verhältnis: mindestens 2 Stadtteile mit Zielbevölkerung nötig.');
	const k = Math.min(Math.floor(n / 2), Math.max(1, Math.round(n / 5)));
	const byNeed = [...populated].sort((a, b) => b.need - a.need || byId(a.id, b.id));
	const most = byNeed.slice(0, k);
	const least = byNeed.slice(n - k).reverse();
	const perCapita = (group: readonly MeasureArea[]) =>
		group.reduce((s, a) => s + a.amount, 0) / group.reduce((s, a) => s + a.population, 0);
	const mostPerCapita = perCapita(most);
	const leastPerCapita = perCapita(least);
	return {
		k,
		most: most.map((a) => a.id),
		least: least.map((a) => a.id),
		mostPerCapita,
		leastPerCapita,
		ratio: leastPerCapita > 0 ? mostPerCapita / leastPerCapita : null
	};
}
