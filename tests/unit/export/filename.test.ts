import { describe, expect, it } from 'vitest';
import { exportFilename, scaleSuffix, slugPart } from '../../../src/lib/export/filename.ts';

describe('export file names', () => {
	it('say what the file contains: prefix, indicator, year, level', () => {
		expect(exportFilename(['sgb2_quote', 2023, 'ortsteil'], 'png')).toBe('sozialraum_sgb2_quote_2023_ortsteil.png');
	});
	it('transliterate umlauts and ß, drop punctuation', () => {
		expect(slugPart('Rangbänder (Größe: 5–95 %)')).toBe('rangbaender_groesse_5_95');
		expect(exportFilename(['Ausländeranteil', 'Süd'], 'csv')).toBe('sozialraum_auslaenderanteil_sued.csv');
	});
	it('leave out empty parts and repeated parts', () => {
		expect(exportFilename(['index', null, undefined, '', false, 'index', 2023], '.SVG')).toBe('sozialraum_index_2023.svg');
	});
	it('mark the 2× picture', () => {
		expect(exportFilename(['karte', scaleSuffix(2)], 'png')).toBe('sozialraum_karte_2x.png');
		expect(scaleSuffix(1)).toBeNull();
	});
	it('stay short and contain only safe characters', () => {
		const name = exportFilename(['x'.repeat(300), 'ä/\\:*?"<>|'], 'xlsx');
		expect(name.length).toBeLessThanOrEqual(125);
		expect(name).toMatch(/^[a-z0-9_]+\.xlsx$/);
	});
});
