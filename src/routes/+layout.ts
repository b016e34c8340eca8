// Static site: every page is prerendered as a shell and rendered in the browser.
// Trailing slashes give every route its own folder/index.html, which any static server serves.
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'always';
