/**
 * State of the area profile ↔ URL query (the site is static, so the area is a
 * query parameter, not a path):
 *
 *   /gebiet/?id=ot-tenever&jahr=2023
 *
 * | parameter | meaning                                              | default (omitted) |
 * |-----------|------------------------------------------------------|-------------------|
 * | `id`      | area id of any level (`ot-…`, `st-…`, `sb-…`, `stadt-bremen`) | none      |
 * | `jahr`    | year of the values, ranks and index                  | latest year       |
 *
 * Malformed parameters fall back to the defaults, never throw.
 */

export interface ProfileViewState {
	id: string | null;
	/** null = the latest year with values */
	year: number | null;
}

const ID = /^[A-Za-z0-9_-]{1,80}$/;

/** A year parameter: four digits, else null. */
export function parseYear(text: string | null): number | null {
	return text !== null && /^\d{4}$/.test(text) ? Number(text) : null;
}

/**
 * @example readProfileState(new URLSearchParams('id=ot-tenever&jahr=2019')) // → { id: 'ot-tenever', year: 2019 }
 */
export function readProfileState(params: URLSearchParams): ProfileViewState {
	const id = params.get('id');
	return { id: id !== null && ID.test(id) ? id : null, year: parseYear(params.get('jahr')) };
}

/**
 * @example writeProfileState({ id: 'ot-tenever', year: 2023 }) // → '?id=ot-tenever&jahr=2023'
 */
export function writeProfileState(state: ProfileViewState): string {
	const p = new URLSearchParams();
	if (state.id) p.set('id', state.id);
	if (state.year !== null) p.set('jahr', String(state.year));
	const q = p.toString();
	return q ? `?${q}` : '';
}
