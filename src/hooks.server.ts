/**
 * Runs when the pages are prerendered. The map page (`/`) gets `<link rel="preload">`
 * for the files its first paint reads, so the browser requests them together with the
 * page's scripts instead of after they have loaded and started (about 0.4 s later on a
 * slow machine). Only there: the other views read other files first.
 */
import type { Handle } from '@sveltejs/kit';
import { base } from '$app/paths';
import { DATA_FILES } from '$lib/data/contract.ts';

const FIRST_PAINT = [
	DATA_FILES.manifest,
	DATA_FILES.indicators,
	DATA_FILES.areas,
	DATA_FILES.values,
	DATA_FILES.ortsteileGeo,
	DATA_FILES.stadtteileGeo,
	DATA_FILES.stadtbezirkeGeo
];

// `crossorigin` makes the preload match the page's own fetch() (CORS mode, same-origin
// credentials), else the browser downloads every file twice. Relative to the root page.
const PRELOAD = FIRST_PAINT.map((file) => `<link rel="preload" href="./data/${file}" as="fetch" crossorigin>`).join('\n\t\t');

export const handle: Handle = ({ event, resolve }) =>
	resolve(event, {
		transformPageChunk: ({ html }) => (event.url.pathname === `${base}/` ? html.replace('</head>', `\t${PRELOAD}\n\t</head>`) : html)
	});
