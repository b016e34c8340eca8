import { describe, expect, it } from 'vitest';
import { metresPerPixel, metresPerPixelFromBounds, niceScaleBar } from '../../../src/lib/export/map-export.ts';
import { dpiFor, pngSize, setPngDpi } from '../../../src/lib/export/png-export.ts';
import { composeSvg, wrapText } from '../../../src/lib/export/svg-export.ts';
import { classLegend } from '../../../src/lib/export/legend.ts';
import { formatExportDate, sourceLine, standLabel } from '../../../src/lib/export/meta.ts';
import { crc32 } from '../../../src/lib/import/zip.ts';

describe('scale bar', () => {
	it('metres per pixel: whole world in 512 px at zoom 0 on the equator', () => {
		expect(metresPerPixel(0, 0)).toBeCloseTo(78271.517, 2);
		// one zoom level halves it; at 60° N it is halved again
		expect(metresPerPixel(60, 1)).toBeCloseTo(78271.517 / 4, 2);
	});
	it('agrees with the east–west extent of the bounds at the centre latitude', () => {
		// Bremen, zoom 10.5: bounds width in degrees for 800 px = 800 · 360 / (512 · 2^10.5)
		const zoom = 10.5;
		const degrees = (800 * 360) / (512 * 2 ** zoom);
		expect(metresPerPixelFromBounds(8.8 - degrees / 2, 8.8 + degrees / 2, 53.08, 800)).toBeCloseTo(metresPerPixel(53.08, zoom), 6);
	});
	it('picks 1-2-5 lengths that fit', () => {
		expect(niceScaleBar(10, 250)).toEqual({ metres: 2000, px: 200, label: '2 km' });
		expect(niceScaleBar(1, 180)).toEqual({ metres: 100, px: 100, label: '100 m' });
		expect(niceScaleBar(30, 210)).toMatchObject({ metres: 5000, label: '5 km' });
		expect(niceScaleBar(3, 250).label).toBe('500 m');
		expect(() => niceScaleBar(0, 100)).toThrow();
	});
});

/** A 1×1 PNG built by hand (signature, IHDR, IDAT, IEND), enough for chunk handling. */
function tinyPng(): Uint8Array {
	const chunk = (type: string, data: number[]) => {
		const body = new Uint8Array([...type].map((c) => c.charCodeAt(0)).concat(data));
		const out = new Uint8Array(12 + data.length);
		const v = new DataView(out.buffer);
		v.setUint32(0, data.length);
		out.set(body, 4);
		v.setUint32(8 + data.length, crc32(body));
		return [...out];
	};
	return new Uint8Array([
		137, 80, 78, 71, 13, 10, 26, 10,
		...chunk('IHDR', [0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0]),
		...chunk('IDAT', [1, 2, 3]),
		...chunk('IEND', [])
	]);
}

describe('PNG resolution', () => {
	it('1× is 150 dpi, 2× is 300 dpi (A4 width 1240 / 2480 px)', () => {
		expect(dpiFor(1)).toBe(150);
		expect(dpiFor(2)).toBe(300);
	});
	it('inserts one pHYs chunk after IHDR with pixels per metre and a valid CRC', () => {
		const once = setPngDpi(tinyPng(), 300);
		const twice = setPngDpi(once, 300);
		expect(twice).toEqual(once);
		expect(pngSize(once)).toEqual({ width: 3, height: 2 });
		const type = String.fromCharCode(...once.subarray(37, 41));
		expect(type).toBe('pHYs');
		const v = new DataView(once.buffer);
		expect(v.getUint32(41)).toBe(11811); // 300 / 0.0254
		expect(once[49]).toBe(1);
		expect(v.getUint32(50)).toBe(crc32(once.subarray(37, 50)));
	});
	it('rejects other files', () => {
		expect(() => setPngDpi(new Uint8Array(40), 300)).toThrow('Keine PNG-Datei.');
	});
});

describe('export texts', () => {
	it('German date and time', () => {
		expect(formatExportDate(new Date(2025, 2, 7, 9, 5))).toBe('07.03.2025, 09:05 Uhr');
	});
	it('Stand from the reference date', () => {
		expect(standLabel('31.12.', 2023)).toBe('31.12.2023');
		expect(standLabel('Schuljahresende', 2022)).toBe('Schuljahresende 2022');
		expect(sourceLine('Demodaten (synthetisch, nicht amtlich)', '31.12.2023')).toBe('Quelle: Demodaten (synthetisch, nicht amtlich); Stand 31.12.2023');
	});
	it('wraps on spaces', () => {
		expect(wrapText('eins zwei drei vier', 9)).toEqual(['eins zwei', 'drei vier']);
	});
});

describe('composeSvg', () => {
	const chart = { markup: '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><circle cx="5" cy="5" r="3"/></svg>', width: 300, height: 200 };
	const meta = {
		title: 'Test & <Titel>',
		subtitle: 'Jahr 2023 · Ortsteile',
		source: 'Quelle: Demodaten (synthetisch, nicht amtlich)',
		demo: true,
		exportedAt: new Date(2025, 2, 7, 9, 5)
	};
	const legend = classLegend({
		title: 'SGB-II-Quote',
		unit: '%',
		decimals: 1,
		classes: [{ color: '#ffffcc', from: 1, to: 2, count: 3 }],
		unreliableCount: 2,
		missingCount: 0,
		minBase: 50,
		method: 'Quantile (5)'
	});
	it('holds title, subtitle, the chart, legend, source, Demodaten mark and the export date', () => {
		const { svg, width, height } = composeSvg(chart, meta, legend);
		expect(svg).toContain('Test &amp; &lt;Titel&gt;');
		expect(svg).toContain('<circle cx="5" cy="5" r="3"/>');
		expect(svg).toContain('Demodaten – synthetisch');
		expect(svg).toContain('Quelle: Demodaten (synthetisch, nicht amtlich)');
		expect(svg).toContain('exportiert am 07.03.2025, 09:05 Uhr');
		expect(svg).toContain('1,0 – 2,0 (3)');
		expect(svg).toContain('unsichere Basis (unter 50) (2)');
		expect(svg).toContain('url(#export-hatch)');
		expect(width).toBeGreaterThanOrEqual(348);
		expect(height).toBeGreaterThan(200);
	});
	it('has no Demodaten mark for official data', () => {
		expect(composeSvg(chart, { ...meta, demo: false }).svg).not.toContain('Demodaten – synthetisch');
	});
});
