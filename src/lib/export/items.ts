/**
 * The entries of an ExportMenu for the three kinds of things the app shows:
 * a d3 chart (SVG, PNG 1×, PNG 2×), a map (PNG 1×, PNG 2×) and a table
 * (CSV for German Excel, plain CSV, XLSX). The view describes *what* is shown
 * (title, subtitle, source, legend, file name parts) in a function that is
 * called at the moment of the click, together with the export date.
 */
import type { Map as MlMap } from 'maplibre-gl';
import type { ExportFile } from './download.ts';
import { exportFilename, scaleSuffix } from './filename.ts';
import type { LegendSpec } from './legend.ts';
import { exportMapPng } from './map-export.ts';
import type { ExportMeta } from './meta.ts';
import { svgToPng } from './png-export.ts';
import { composeSvg, serializeChart, svgBlob } from './svg-export.ts';
import { exportTable, type ExportTable, type TableFormat } from './table.ts';

export interface ExportItem {
	/** short id, part of the button's test id */
	id: string;
	label: string;
	run: () => Promise<ExportFile> | ExportFile;
}

export interface Description {
	meta: Omit<ExportMeta, 'exportedAt'>;
	legend?: LegendSpec;
	/** parts of the file name, e.g. ['sgb2_quote', 2023, 'ortsteil'] */
	filename: readonly (string | number | null | undefined)[];
}

/** SVG and PNG of a d3 chart drawn into `svg()`. */
export function chartExportItems(svg: () => SVGSVGElement | null | undefined, describe: () => Description): ExportItem[] {
	const compose = () => {
		const el = svg();
		if (!el) throw new Error('Das Diagramm ist noch nicht gezeichnet.');
		const d = describe();
		return { d, composed: composeSvg(serializeChart(el), { ...d.meta, exportedAt: new Date() }, d.legend) };
	};
	const png = (scale: number) => async (): Promise<ExportFile> => {
		const { d, composed } = compose();
		return { blob: await svgToPng(composed, scale), filename: exportFilename([...d.filename, scaleSuffix(scale)], 'png') };
	};
	return [
		{
			id: 'svg',
			label: 'SVG (Vektorgrafik)',
			run: () => {
				const { d, composed } = compose();
				return { blob: svgBlob(composed), filename: exportFilename(d.filename, 'svg') };
			}
		},
		{ id: 'png1', label: 'PNG, 1× (150 dpi, A4-Breite)', run: png(1) },
		{ id: 'png2', label: 'PNG, 2× (300 dpi, A4-Breite)', run: png(2) }
	];
}

/** PNG of a MapLibre map with title, legend, scale bar and sources. */
export function mapExportItems(map: () => MlMap | null | undefined, describe: () => Description & { legend: LegendSpec }): ExportItem[] {
	const png = (scale: number) => async (): Promise<ExportFile> => {
		const m = map();
		if (!m) throw new Error('Die Karte ist noch nicht geladen.');
		const d = describe();
		return { blob: await exportMapPng(m, { ...d.meta, exportedAt: new Date() }, d.legend, scale), filename: exportFilename([...d.filename, scaleSuffix(scale)], 'png') };
	};
	return [
		{ id: 'png1', label: 'PNG, 1× (150 dpi, A4-Breite)', run: png(1) },
		{ id: 'png2', label: 'PNG, 2× (300 dpi, A4-Breite)', run: png(2) }
	];
}

/** CSV (German Excel), CSV (international) and XLSX of a table. */
export function tableExportItems(table: () => Omit<ExportTable, 'meta'> & { meta: Omit<ExportTable['meta'], 'exportedAt'> }): ExportItem[] {
	const run = (format: TableFormat) => () => {
		const t = table();
		return exportTable({ ...t, meta: { ...t.meta, exportedAt: new Date() } }, format);
	};
	return [
		{ id: 'csv-de', label: 'CSV für Excel (deutsch: „;“ und Dezimalkomma)', run: run('csv-de') },
		{ id: 'csv', label: 'CSV international („,“ und Dezimalpunkt)', run: run('csv') },
		{ id: 'xlsx', label: 'Excel-Arbeitsmappe (XLSX)', run: run('xlsx') }
	];
}
