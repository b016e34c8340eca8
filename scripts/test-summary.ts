/**
 * Prints one closing line over both test runners ("N passed, N failed"), read
 * from the JSON reports Vitest and Playwright write to reports/.
 */
import { readFileSync } from 'node:fs';

const vitest = JSON.parse(readFileSync('reports/vitest.json', 'utf8'));
const playwright = JSON.parse(readFileSync('reports/playwright.json', 'utf8'));
const passed = vitest.numPassedTests + playwright.stats.expected;
const failed = vitest.numFailedTests + playwright.stats.unexpected + (playwright.stats.flaky ?? 0);
const skipped = vitest.numPendingTests + vitest.numTodoTests + playwright.stats.skipped;
console.log(`Vitest: ${vitest.numPassedTests} bestanden, Playwright: ${playwright.stats.expected} bestanden`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
