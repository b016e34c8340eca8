import { defineConfig } from '@playwright/test';

/** Browser tests run against the built static site (vite preview of build/) in Debian's Chromium. */
const port = Number(process.env.PW_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	workers: 1,
	reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
	webServer: {
		command: `npx vite preview --port ${port} --strictPort`,
		port,
		reuseExistingServer: !process.env.CI
	},
	use: {
		baseURL: `http://localhost:${port}`,
		viewport: { width: 1280, height: 800 },
		acceptDownloads: true,
		launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }
	}
});
