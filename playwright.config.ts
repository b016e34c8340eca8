import { defineConfig } from '@playwright/test';

/** Browser tests run against the built static site (vite preview of build/) in Debian's Chromium. */
export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	workers: 1,
	reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
	webServer: {
		command: 'npx vite preview --port 4173 --strictPort',
		port: 4173,
		reuseExistingServer: !process.env.CI
	},
	use: {
		baseURL: 'http://localhost:4173',
		viewport: { width: 1280, height: 800 },
		acceptDownloads: true,
		launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }
	}
});
