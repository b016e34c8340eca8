/**
 * How an area's value compares with the city, in words for the Steckbrief.
 * "ungünstiger"/"günstiger" follow the indicator's polarity (+1: higher means
 * more disadvantage, −1: lower means more); context indicators (polarity 0)
 * are only "höher"/"niedriger". Within ±10 % of the city value: "ähnlich".
 *
 * @example comparison(30, 20, 1) // → { text: 'ungünstiger', tone: 'worse' }
 * @example comparison(30, 20, -1) // → { text: 'günstiger', tone: 'better' }
 * @example comparison(21, 20, 1) // → { text: 'ähnlich', tone: 'same' }
 */
export interface Comparison {
	text: string;
	tone: 'worse' | 'better' | 'same' | 'neutral' | 'none';
}

export const SIMILAR = 0.1;

export function comparison(area: number | null | undefined, city: number | null | undefined, polarity: -1 | 0 | 1): Comparison {
	if (area === null || area === undefined || city === null || city === undefined || !Number.isFinite(area) || !Number.isFinite(city)) {
		return { text: '–', tone: 'none' };
	}
	const relative = city === 0 ? (area === 0 ? 0 : Math.sign(area)) : (area - city) / Math.abs(city);
	if (Math.abs(relative) <= SIMILAR) return { text: 'ähnlich', tone: 'same' };
	const higher = relative > 0;
	if (polarity === 0) return { text: higher ? 'höher' : 'niedriger', tone: 'neutral' };
	const worse = higher === (polarity === 1);
	return { text: worse ? 'ungünstiger' : 'günstiger', tone: worse ? 'worse' : 'better' };
}
