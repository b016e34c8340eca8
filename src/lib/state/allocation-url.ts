/**
 * State of the "Lastenausgleich" view ↔ URL query (the permalink) and ↔ a plain
 * object (saved scenarios, JSON files). Scenario A is always present, scenario B
 * only when compared; B's parameters carry the prefix `b_`:
 *
 *   ?budget=1000000&alpha=0.5&sockel=0.1&kappung=0.05&ziel=unter_18&bedarf=sgb2_quote
 *    &b_budget=1000000&b_alpha=0.8&quelle=fakten&jahr=2023&sq=st-mitte:45000,st-vahr:30000&name=Entwurf
 *
 * | parameter           | meaning                                                       | default (omitted)    |
 * |---------------------|---------------------------------------------------------------|----------------------|
 * | `budget`            | budget B in whole euros (1 … 10¹¹)                            | 1000000              |
 * | `alpha`             | Bedarfsgewichtung α, 0 … 1                                    | 0.5                  |
 * | `sockel`            | Sockelbetrag share φ of B, 0 … 0.5                            | 0                    |
 * | `kappung`           | cap ±c against the status quo as a fraction (0.1 = ±10 %)     | none                 |
 * | `ziel`              | target population (`TARGET_POPULATIONS` id or indicator id)   | `alle`               |
 * | `bedarf`            | need measure (index id or indicator id)                       | `ausgrenzungsindex`  |
 * | `b_…`               | the same for scenario B; B exists iff `b_budget` is present   | no B                 |
 * | `quelle`            | `demo` (Ortsteil demo values → Stadtteile) or `fakten`        | `demo`               |
 * | `jahr`              | year of the demo data                                         | the latest           |
 * | `sq`                | status-quo budget per Stadtteil, `id:euros,…`                 | none                 |
 * | `karte`             | which scenario the map shows: `a` or `b`                      | `a`                  |
 * | `name`              | the scenario's name                                           | none                 |
 * | `gebiet`            | the selected Stadtteil                                        | none                 |
 *
 * Reading a URL never throws: malformed parts fall back to the defaults. Reading a
 * stored object (`parseAllocationState`) is strict and throws German messages, so a
 * bad file is refused as a whole. With `quelle=fakten` only the target population
 * `alle` and the fact needs exist (`normaliseForSource`).
 */
import { MAX_BUDGET } from '../engine/allocation.ts';
import { DEFAULT_NEED, DEFAULT_TARGET_POPULATION, FACT_NEEDS } from '../engine/allocation-data.ts';

export type DataSource = 'demo' | 'fakten';
export const DATA_SOURCES: readonly DataSource[] = ['demo', 'fakten'];

/** The parameters of one scenario. */
export interface ScenarioParams {
	/** budget B, whole euros, 1 … MAX_BUDGET */
	budget: number;
	/** Bedarfsgewichtung α ∈ [0, 1] */
	alpha: number;
	/** Sockelbetrag share φ ∈ [0, MAX_FLOOR_SHARE] */
	floorShare: number;
	/** cap as a fraction (0.1 = ±10 %) or null for none */
	cap: number | null;
	targetPopulation: string;
	need: string;
}

export interface AllocationViewState {
	source: DataSource;
	/** year of the demo data; null = latest */
	year: number | null;
	a: ScenarioParams;
	/** the comparison scenario, or null */
	b: ScenarioParams | null;
	/** status-quo budget in euros per Stadtteil id (absent = none entered) */
	statusQuo: Record<string, number>;
	/** which scenario the map shows */
	mapSlot: 'a' | 'b';
	/** name of the scenario ('' = unnamed) */
	name: string;
	selected: string | null;
}

export const MAX_FLOOR_SHARE = 0.5;
/** Largest cap accepted (±1000 %); larger caps never bind anyway. */
export const MAX_CAP = 10;
export const MAX_NAME_LENGTH = 80;
export const DEFAULT_FACT_NEED = FACT_NEEDS[0].id;

export const DEFAULT_SCENARIO: Readonly<ScenarioParams> = Object.freeze({
	budget: 1_000_000,
	alpha: 0.5,
	floorShare: 0,
	cap: null,
	targetPopulation: DEFAULT_TARGET_POPULATION,
	need: DEFAULT_NEED
});

export const ALLOCATION_VIEW_DEFAULTS: Readonly<AllocationViewState> = Object.freeze({
	source: 'demo',
	year: null,
	a: { ...DEFAULT_SCENARIO },
	b: null,
	statusQuo: {},
	mapSlot: 'a',
	name: '',
	selected: null
});

/** A fresh default state (safe to mutate). */
export function defaultAllocationState(): AllocationViewState {
	return { ...ALLOCATION_VIEW_DEFAULTS, a: { ...DEFAULT_SCENARIO }, statusQuo: {} };
}

const ID = /^[a-z0-9_-]{1,80}$/;
const AREA_ID = /^[a-z0-9_-]{1,80}$/i;

/**
 * Keeps a scenario consistent with the data source: the Stadtteil facts only have
 * the population `alle` and the needs of `FACT_NEEDS`; the demo data has no fact need.
 *
 * @example normaliseForSource({ ...DEFAULT_SCENARIO, targetPopulation: 'unter_18' }, 'fakten').need // → 'arbeitslosenquote_pct'
 */
export function normaliseForSource(p: ScenarioParams, source: DataSource): ScenarioParams {
	const isFactNeed = FACT_NEEDS.some((f) => f.id === p.need);
	if (source === 'fakten') {
		return { ...p, targetPopulation: 'alle', need: isFactNeed ? p.need : DEFAULT_FACT_NEED };
	}
	return isFactNeed ? { ...p, need: DEFAULT_NEED } : p;
}

function num(text: string | null): number | null {
	if (text === null || text.trim() === '') return null;
	const x = Number(text);
	return Number.isFinite(x) ? x : null;
}

function readScenario(params: URLSearchParams, prefix: string): ScenarioParams {
	const d = DEFAULT_SCENARIO;
	const get = (key: string) => params.get(prefix + key);
	const budget = num(get('budget'));
	const alpha = num(get('alpha'));
	const floor = num(get('sockel'));
	const cap = num(get('kappung'));
	const target = get('ziel');
	const need = get('bedarf');
	return {
		budget: budget !== null && Number.isInteger(budget) && budget >= 1 && budget <= MAX_BUDGET ? budget : d.budget,
		alpha: alpha !== null && alpha >= 0 && alpha <= 1 ? alpha : d.alpha,
		floorShare: floor !== null && floor >= 0 && floor <= MAX_FLOOR_SHARE ? floor : d.floorShare,
		cap: cap !== null && cap >= 0 && cap <= MAX_CAP ? cap : null,
		targetPopulation: target && ID.test(target) ? target : d.targetPopulation,
		need: need && ID.test(need) ? need : d.need
	};
}

/** `id:euros,…` → record; malformed entries are skipped. */
export function parseStatusQuoParam(text: string | null): Record<string, number> {
	const out: Record<string, number> = {};
	for (const part of (text ?? '').split(',')) {
		const i = part.lastIndexOf(':');
		if (i <= 0) continue;
		const id = part.slice(0, i);
		const x = num(part.slice(i + 1));
		if (AREA_ID.test(id) && x !== null && x >= 0 && x <= MAX_BUDGET) out[id] = x;
	}
	return out;
}

/** Reads the view state from a URL query; never throws (malformed → defaults). */
export function readAllocationState(params: URLSearchParams): AllocationViewState {
	const source: DataSource = params.get('quelle') === 'fakten' ? 'fakten' : 'demo';
	const y = num(params.get('jahr'));
	const name = (params.get('name') ?? '').trim().slice(0, MAX_NAME_LENGTH);
	const selected = params.get('gebiet');
	const b = params.has('b_budget') ? normaliseForSource(readScenario(params, 'b_'), source) : null;
	return {
		source,
		year: source === 'demo' && y !== null && Number.isInteger(y) && y > 1900 && y < 2200 ? y : null,
		a: normaliseForSource(readScenario(params, ''), source),
		b,
		statusQuo: parseStatusQuoParam(params.get('sq')),
		mapSlot: b && params.get('karte') === 'b' ? 'b' : 'a',
		name,
		selected: selected && AREA_ID.test(selected) ? selected : null
	};
}

/** A number for the URL: at most 6 decimals, no exponent for ordinary values. */
function numText(x: number): string {
	return String(Math.round(x * 1e6) / 1e6);
}

function writeScenario(p: URLSearchParams, s: ScenarioParams, prefix: string, always: boolean): void {
	const d = DEFAULT_SCENARIO;
	if (always || s.budget !== d.budget) p.set(prefix + 'budget', String(s.budget));
	if (s.alpha !== d.alpha) p.set(prefix + 'alpha', numText(s.alpha));
	if (s.floorShare !== d.floorShare) p.set(prefix + 'sockel', numText(s.floorShare));
	if (s.cap !== null) p.set(prefix + 'kappung', numText(s.cap));
	if (s.targetPopulation !== d.targetPopulation) p.set(prefix + 'ziel', s.targetPopulation);
	if (s.need !== d.need) p.set(prefix + 'bedarf', s.need);
}

/** The query string (`?…`, `?` for the defaults); only what differs from the defaults is written. */
export function writeAllocationState(s: AllocationViewState): string {
	const p = new URLSearchParams();
	if (s.source !== 'demo') p.set('quelle', s.source);
	if (s.year !== null && s.source === 'demo') p.set('jahr', String(s.year));
	writeScenario(p, s.a, '', false);
	if (s.b) writeScenario(p, s.b, 'b_', true);
	const sq = Object.entries(s.statusQuo)
		.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
		.map(([id, v]) => `${id}:${numText(v)}`)
		.join(',');
	if (sq) p.set('sq', sq);
	if (s.b && s.mapSlot === 'b') p.set('karte', 'b');
	if (s.name) p.set('name', s.name);
	if (s.selected) p.set('gebiet', s.selected);
	const q = p.toString();
	return q ? `?${q}` : '?';
}

/** A stored or imported state that cannot be read; the message is German and names the field. */
export class StateError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StateError';
	}
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function strictScenario(x: unknown, where: string): ScenarioParams {
	if (!isRecord(x)) throw new StateError(`${where}: fehlt oder ist kein Objekt.`);
	const fail = (field: string, expected: string): never => {
		throw new StateError(`${where}, Feld „${field}“: ${expected} (gefunden: ${JSON.stringify(x[field]) ?? 'nichts'}).`);
	};
	const n = (field: string) => (typeof x[field] === 'number' && Number.isFinite(x[field]) ? (x[field] as number) : null);
	const budget = n('budget');
	if (budget === null || !Number.isInteger(budget) || budget < 1 || budget > MAX_BUDGET) {
		fail('budget', `erwartet ganze Euro zwischen 1 und ${MAX_BUDGET}`);
	}
	const alpha = n('alpha');
	if (alpha === null || alpha < 0 || alpha > 1) fail('alpha', 'erwartet eine Zahl zwischen 0 und 1');
	const floorShare = n('floorShare');
	if (floorShare === null || floorShare < 0 || floorShare > MAX_FLOOR_SHARE) {
		fail('floorShare', `erwartet einen Anteil zwischen 0 und ${MAX_FLOOR_SHARE}`);
	}
	let cap: number | null = null;
	if (x.cap !== null && x.cap !== undefined) {
		cap = n('cap');
		if (cap === null || cap < 0 || cap > MAX_CAP) fail('cap', `erwartet null oder einen Anteil zwischen 0 und ${MAX_CAP}`);
	}
	if (typeof x.targetPopulation !== 'string' || !ID.test(x.targetPopulation)) fail('targetPopulation', 'erwartet eine Kennung wie „alle“ oder „unter_18“');
	if (typeof x.need !== 'string' || !ID.test(x.need)) fail('need', 'erwartet eine Kennung wie „ausgrenzungsindex“');
	return {
		budget: budget!,
		alpha: alpha!,
		floorShare: floorShare!,
		cap,
		targetPopulation: x.targetPopulation as string,
		need: x.need as string
	};
}

/**
 * Reads a state object from storage or a file, strictly.
 *
 * @param where German prefix for messages, e.g. „Szenario „Entwurf““
 * @throws StateError naming the field and what was expected
 */
export function parseAllocationState(x: unknown, where = 'Szenario'): AllocationViewState {
	if (!isRecord(x)) throw new StateError(`${where}: kein gültiger Zustand (Objekt erwartet).`);
	if (x.source !== 'demo' && x.source !== 'fakten') {
		throw new StateError(`${where}, Feld „source“: erwartet „demo“ oder „fakten“ (gefunden: ${JSON.stringify(x.source) ?? 'nichts'}).`);
	}
	const source = x.source;
	let year: number | null = null;
	if (x.year !== null && x.year !== undefined) {
		if (typeof x.year !== 'number' || !Number.isInteger(x.year) || x.year < 1900 || x.year > 2200) {
			throw new StateError(`${where}, Feld „year“: erwartet null oder eine Jahreszahl (gefunden: ${JSON.stringify(x.year)}).`);
		}
		year = x.year;
	}
	const a = strictScenario(x.a, `${where}, Szenario A`);
	const b = x.b === null || x.b === undefined ? null : strictScenario(x.b, `${where}, Szenario B`);
	const statusQuo: Record<string, number> = {};
	if (x.statusQuo !== undefined && x.statusQuo !== null) {
		if (!isRecord(x.statusQuo)) throw new StateError(`${where}, Feld „statusQuo“: erwartet ein Objekt {Stadtteil-id: Euro}.`);
		for (const [id, v] of Object.entries(x.statusQuo)) {
			if (!AREA_ID.test(id)) throw new StateError(`${where}, Status quo: ungültige Stadtteil-Kennung „${id}“.`);
			if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_BUDGET) {
				throw new StateError(`${where}, Status quo „${id}“: erwartet einen Betrag ≥ 0 in Euro (gefunden: ${JSON.stringify(v)}).`);
			}
			statusQuo[id] = v;
		}
	}
	const name = x.name === undefined ? '' : x.name;
	if (typeof name !== 'string') throw new StateError(`${where}, Feld „name“: erwartet Text.`);
	const selected = x.selected === undefined || x.selected === null ? null : x.selected;
	if (selected !== null && (typeof selected !== 'string' || !AREA_ID.test(selected))) {
		throw new StateError(`${where}, Feld „selected“: erwartet null oder eine Stadtteil-Kennung.`);
	}
	return {
		source,
		year: source === 'demo' ? year : null,
		a: normaliseForSource(a, source),
		b: b && normaliseForSource(b, source),
		statusQuo,
		mapSlot: b && x.mapSlot === 'b' ? 'b' : 'a',
		name: name.trim().slice(0, MAX_NAME_LENGTH),
		selected
	};
}
