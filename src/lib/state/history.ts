/**
 * Writing view state to the address bar, and reading it back on browser
 * back/forward. SvelteKit's shallow routing (`pushState` / `replaceState` from
 * `$app/navigation`) does not update `page.url`, so the views compare with and
 * read from `location.search` directly.
 *
 * Rule of the views: a change the user would want to step back through (which
 * areas, which area is selected) is pushed as a new history entry; changes
 * that are tuned in small steps (year, options, the brush rectangle, keyboard
 * moves through a table) replace the current entry.
 */
import { pushState, replaceState } from '$app/navigation';

export type HistoryMode = 'push' | 'replace';

const normal = (query: string) => (query === '?' ? '' : query);

/** Writes `query` (with leading `?`, or '') unless the address bar already shows it. */
export function writeQuery(query: string, mode: HistoryMode): void {
	const next = normal(query);
	if (next === normal(location.search)) return;
	const url = next === '' ? location.pathname : next;
	if (mode === 'push') pushState(url, {});
	else replaceState(url, {});
}

/** Calls `read` with the address bar's query after every back/forward; returns the cleanup. */
export function onHistoryMove(read: (params: URLSearchParams) => void): () => void {
	const handler = () => read(new URLSearchParams(location.search));
	addEventListener('popstate', handler);
	return () => removeEventListener('popstate', handler);
}

/** The address bar's query (not `page.url`, which shallow routing leaves stale). */
export function currentParams(): URLSearchParams {
	return new URLSearchParams(location.search);
}
