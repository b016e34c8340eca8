/** Row shapes as they come out of the Arrow files and the engine's queries. */
import type { Indicator, Level, ValueStatus } from './contract.ts';

export interface AreaRow {
	id: string;
	name: string;
	level: Level;
	parent_id: string | null;
	stadtteil_id: string | null;
	stadtbezirk_id: string | null;
	area_km2: number | null;
	cx: number | null;
	cy: number | null;
	sort: number;
}

/** A catalogue entry as stored in `indicators.arrows`: the entry plus labels, years and order. */
export interface IndicatorRow extends Indicator {
	numerator_label: string;
	denominator_label: string | null;
	/** years with values, comma-separated ascending (turnout: election years only) */
	years: string;
	sort: number;
}

export interface LevelValue {
	area_id: string;
	area_name?: string;
	indicator_id: string;
	year: number;
	numerator: number | null;
	denominator: number | null;
	value: number | null;
	status: ValueStatus;
	reliable: boolean;
	rank?: number | null;
	/** number of areas of the level with a rank for this indicator and year */
	n_ranked?: number;
	/** number of Ortsteile summed into this value */
	n_parts?: number;
	/** dataset ids the value comes from, comma-separated (engine results) */
	datasets?: string;
	/** dataset id of an Ortsteil row read straight from `values.arrows` */
	dataset?: string;
}
