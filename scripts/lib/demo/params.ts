/**
 * Fixed settings of the demo generator: seed, years, the qualitative area types and the
 * city-level calibration levels. All levels here are SYNTHETIC choices that give realistic
 * magnitudes for a German city like Bremen; none of them is a published figure and none
 * may be cited as one.
 */

export const DEMO_SEED = 'sozialraum-monitor-demo-v1';
export const DEMO_YEARS: readonly number[] = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023];
/** the year whose Ortsteil populations split the real Stadtteil populations (facts: 31.12.2016) */
export const ANCHOR_YEAR = 2016;
/** Bürgerschaftswahlen in the demo period; `wahlberechtigte`/`waehler` exist only in these years */
export const ELECTION_YEARS: readonly number[] = [2015, 2019, 2023];

/**
 * Qualitative area type. Only the types below are assigned by hand (common knowledge about
 * the areas' character, no numbers); every other Ortsteil is `wohnen`.
 * - `hafen`: port/industrial Ortsteil with a handful of residents (< 60)
 * - `laendlich`: agricultural/marsh land with a few hundred residents
 * - `zentrum`: city centre: few residents, many visitors, traffic and commercial land
 * - `neubaugebiet`: conversion area with strong population growth
 */
export type Gebietstyp = 'wohnen' | 'hafen' | 'laendlich' | 'zentrum' | 'neubaugebiet';

export const GEBIETSTYP: Readonly<Record<string, Gebietstyp>> = {
	'ot-industriehaefen': 'hafen',
	'ot-neustaedter-hafen': 'hafen',
	'ot-hohentorshafen': 'hafen',
	'ot-in-den-wischen': 'hafen',
	'ot-blockland': 'laendlich',
	'ot-strom': 'laendlich',
	'ot-seehausen': 'laendlich',
	'ot-werderland': 'laendlich',
	'ot-altstadt': 'zentrum',
	'ot-bahnhofsvorstadt': 'zentrum',
	'ot-ueberseestadt': 'neubaugebiet'
};

export function gebietstyp(ortsteilId: string): Gebietstyp {
	return GEBIETSTYP[ortsteilId] ?? 'wohnen';
}

/** Population drawn for `hafen`/`laendlich` Ortsteile that share a Stadtteil with others. */
export const TINY_POPULATION: Readonly<Record<'hafen' | 'laendlich', { min: number; max: number; cap: number }>> = {
	hafen: { min: 8, max: 45, cap: 55 },
	laendlich: { min: 150, max: 500, cap: 1090 }
};

/**
 * City-wide levels in the anchor year that the logistic intercepts are calibrated to
 * (population-weighted). Synthetic, chosen for realistic magnitudes only.
 */
export const CITY_LEVEL = {
	/** SGB-II-Quote: persons in Bedarfsgemeinschaften / population under 65 */
	sgb2: 0.175,
	/** Arbeitslosenziffer: unemployed / population 15–65 */
	arbeitslose: 0.085,
	/** share of long-term unemployed among the unemployed */
	langzeit: 0.4,
	/** Nichtabiturquote */
	ohneHsr: 0.57,
	/** Sprachförderbedarf */
	sprachfoerderung: 0.32,
	/** Alleinerziehende among households with children */
	alleinerziehende: 0.27,
	/** moves across the Ortsteil boundary per resident and year */
	fluktuation: 0.21,
	/** Migrationshintergrund (foreigners + Germans with migration background) */
	migration: 0.33,
	/** offences per resident and year caused by residents' presence (visitors come on top) */
	straftatenJeEinwohner: 0.1
} as const;

/** synthetic turnout levels per election year */
export const TURNOUT_LEVEL: Readonly<Record<number, number>> = { 2015: 0.55, 2019: 0.63, 2023: 0.58 };

/**
 * City-wide year effects on the logit scale (anchor year = 0): a synthetic business
 * cycle so that series are not mere straight lines. Missing years count as 0.
 */
export const YEAR_EFFECT: Readonly<Record<'sgb2' | 'arbeitslose', Readonly<Record<number, number>>>> = {
	sgb2: { 2015: -0.02, 2016: 0, 2017: 0.02, 2018: 0, 2019: -0.04, 2020: -0.02, 2021: -0.05, 2022: 0, 2023: 0.04 },
	arbeitslose: { 2015: 0.03, 2016: 0, 2017: -0.03, 2018: -0.07, 2019: -0.09, 2020: 0.02, 2021: -0.01, 2022: -0.04, 2023: -0.01 }
};
