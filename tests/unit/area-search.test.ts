import { describe, expect, it } from 'vitest';
import { searchAreas, searchEntries } from '../../src/lib/data/area-search.ts';
import type { AreaRow } from '../../src/lib/data/rows.ts';

const area = (id: string, name: string, level: AreaRow['level'], parent_id: string | null): AreaRow => ({
	id, name, level, parent_id, stadtteil_id: null, stadtbezirk_id: null, area_km2: null, cx: null, cy: null, sort: 0
});
const AREAS: AreaRow[] = [
	area('stadt-bremen', 'Stadt Bremen', 'stadt', null),
	area('sb-ost', 'Ost', 'stadtbezirk', 'stadt-bremen'),
	area('sb-west', 'West', 'stadtbezirk', 'stadt-bremen'),
	area('st-osterholz', 'Osterholz', 'stadtteil', 'sb-ost'),
	area('st-oestliche-vorstadt', 'Östliche Vorstadt', 'stadtteil', 'sb-ost'),
	area('st-groepelingen', 'Gröpelingen', 'stadtteil', 'sb-west'),
	area('ot-osterholz', 'Osterholz', 'ortsteil', 'st-osterholz'),
	area('ot-tenever', 'Tenever', 'ortsteil', 'st-osterholz'),
	area('ot-groepelingen', 'Gröpelingen', 'ortsteil', 'st-groepelingen'),
	area('ot-osterfeuerberg', 'Osterfeuerberg', 'ortsteil', 'st-walle'),
	area('ot-st-magnus', 'St. Magnus', 'ortsteil', 'st-burglesum'),
	area('ot-zentrum', 'Zentrum', 'ortsteil', 'st-mitte')
];

describe('area search', () => {
	const entries = searchEntries(AREAS);

	it('sorts in German order: Ö with O, not after Z', () => {
		expect(entries.map((e) => e.name)).toEqual([
			'Gröpelingen', 'Gröpelingen', 'Ost', 'Osterfeuerberg', 'Osterholz', 'Osterholz', 'Östliche Vorstadt', 'St. Magnus', 'Stadt Bremen', 'Tenever', 'West', 'Zentrum'
		]);
	});

	it('keeps the same name on two levels apart, the higher level first, with the parent', () => {
		const hits = searchAreas(entries, 'osterholz');
		expect(hits.map((e) => [e.id, e.level, e.parent])).toEqual([
			['st-osterholz', 'stadtteil', 'Ost'],
			['ot-osterholz', 'ortsteil', 'Osterholz']
		]);
	});

	it('ignores case and umlaut spelling (doc example)', () => {
		expect(searchAreas(entries, 'gröpel').map((e) => e.id)).toEqual(['st-groepelingen', 'ot-groepelingen']);
		expect(searchAreas(entries, 'GROEPEL').map((e) => e.id)).toEqual(['st-groepelingen', 'ot-groepelingen']);
		expect(searchAreas(entries, 'sankt magnus').map((e) => e.id)).toEqual(['ot-st-magnus']);
	});

	it('lists names starting with the query before names containing it', () => {
		expect(searchAreas(entries, 'ost').map((e) => e.id)).toEqual(['sb-ost', 'ot-osterfeuerberg', 'st-osterholz', 'ot-osterholz', 'st-oestliche-vorstadt']);
		expect(searchAreas(entries, 'östl').map((e) => e.id)).toEqual(['st-oestliche-vorstadt']);
		expect(searchAreas(entries, 'vorstadt').map((e) => e.id)).toEqual(['st-oestliche-vorstadt']);
		expect(searchAreas(entries, 'ever').map((e) => e.id)).toEqual(['ot-tenever']);
	});

	it('leaves out chosen areas, honours the limit, and finds nothing for an empty query', () => {
		expect(searchAreas(entries, 'osterholz', new Set(['st-osterholz'])).map((e) => e.id)).toEqual(['ot-osterholz']);
		expect(searchAreas(entries, 'o', new Set(), 2)).toHaveLength(2);
		expect(searchAreas(entries, '  ')).toEqual([]);
	});
});
