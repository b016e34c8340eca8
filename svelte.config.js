import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Static site: no server. The Content-Security-Policy is emitted as a <meta> tag
 * into every prerendered page. 'wasm-unsafe-eval' is what DuckDB-WASM needs to
 * compile its WebAssembly; nothing may be loaded from another origin. Frames
 * only from the app itself (the presentation page shows views in an iframe).
 */
/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ strict: true }),
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'worker-src': ['self', 'blob:'],
				'connect-src': ['self'],
				// the presentation shows each saved view of this app in an <iframe>
				'frame-src': ['self'],
				'img-src': ['self', 'data:', 'blob:'],
				'style-src': ['self', 'unsafe-inline'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};
export default config;
