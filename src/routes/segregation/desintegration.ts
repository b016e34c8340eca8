/**
 * The five "sozialräumliche Desintegrationsmerkmale" of the source text
 * (Sozialraumorientierung Bremen 2010, after R. Kilb, neue praxis 1/2006;
 * DESIGN.md §4), each mapped to the catalogue indicators that come closest.
 * The mapping is a choice, written down here: the catalogue has no measures of
 * collective efficacy, networks, illness or aggressive behaviour, so those
 * parts are named as gaps rather than filled with a stand-in.
 */

export interface DesintegrationFeature {
	key: string;
	/** short title */
	title: string;
	/** the wording of the source text */
	quote: string;
	/** what the view shows for it, and why, in plain German */
	explanation: string;
	/** catalogue indicator ids, most telling first */
	indicators: readonly string[];
	/** groups whose city-wide segregation indices belong to this feature */
	segregationGroups?: readonly string[];
	/** what the data cannot show */
	gap?: string;
}

export const DESINTEGRATION_FEATURES: readonly DesintegrationFeature[] = [
	{
		key: 'wirksamkeit',
		title: 'Geringe kollektive Wirksamkeit',
		quote: 'mangelnde Befähigung, gemeinsame Werte zu erzeugen und soziale Kontrolle auszuüben',
		explanation:
			'Gemeinsames Handeln braucht Menschen, die bleiben und sich beteiligen. Hohe Fluktuation und niedrige Wahlbeteiligung sind Hinweise darauf, dass es schwerer fällt, sich auf gemeinsame Regeln zu verständigen.',
		indicators: ['wahlbeteiligung', 'fluktuation'],
		gap: 'Nachbarschaftsvertrauen und gemeinsame Normen werden nicht erhoben; es fehlen Befragungsdaten.'
	},
	{
		key: 'spaltung',
		title: 'Spaltung des städtischen Raums',
		quote: 'die vollzogene soziale, ökonomische, kulturelle und symbolische Ausdifferenzierung/Spaltung des städtischen Raums',
		explanation:
			'Die Spaltung ist eine Eigenschaft der ganzen Stadt, nicht eines einzelnen Ortsteils. Sie wird mit Segregationsindizes gemessen: ökonomisch (SGB II, Kinderarmut), kulturell (Bildung) und sozial (Staatsangehörigkeit, Migrationsgeschichte).',
		indicators: [],
		segregationGroups: ['sgb2_quote', 'sgb2_u15_quote', 'nichtabiturquote', 'auslaenderanteil', 'migrationshintergrund_anteil'],
		gap: 'Die symbolische Spaltung (Ruf eines Quartiers) ist in den Daten nicht enthalten.'
	},
	{
		key: 'status',
		title: 'Dominant niedriger Status, soziale Risikofaktoren',
		quote: 'ein dominant niedriger wirtschaftlicher Status, soziale Risikofaktoren, wie Bildungsferne der Eltern, Krankheit, aggressive Verhaltensmuster',
		explanation:
			'Wie viele Menschen in einem Gebiet von Transferleistungen leben, arbeitslos sind oder als Kinder in Armut aufwachsen – und welche Bildungsrisiken sich zeigen. Räumlich gehäuft (hohes Moran’s I) verstärken sich diese Lagen gegenseitig.',
		indicators: ['sgb2_quote', 'arbeitslosenziffer', 'sgb2_u15_quote', 'langzeitarbeitslose_anteil', 'nichtabiturquote', 'sprachfoerderbedarf'],
		gap: 'Krankheit und aggressive Verhaltensmuster werden auf Ortsteilebene nicht ausgewiesen.'
	},
	{
		key: 'netzwerke',
		title: 'Geringe Netzwerke, fehlende Partizipation',
		quote: 'geringe Intensitäten sozialer Netzwerke, fehlende Partizipation',
		explanation:
			'Netzwerke brauchen Zeit: Wo viele Menschen zu- und fortziehen, entstehen sie schwerer. Die Wahlbeteiligung ist das einzige flächendeckende Maß für Teilhabe (nur in Wahljahren).',
		indicators: ['fluktuation', 'wahlbeteiligung', 'alleinerziehende_anteil'],
		gap: 'Mitgliedschaften in Vereinen oder Initiativen werden nicht erfasst.'
	},
	{
		key: 'kontrolle',
		title: 'Fehlende soziale Kontrolle',
		quote: 'fehlende Kontrollimpulse gegenüber den Aktivitäten einzelner Nutzergruppen',
		explanation:
			'Registrierte Straftaten je Einwohner und eine hohe Fluktuation (wenige kennen sich) sind Näherungen. Straftaten werden am Tatort gezählt: In der Innenstadt und an Bahnhöfen sind sie hoch, ohne dass die Bewohnerinnen und Bewohner dort mehr Straftaten begehen.',
		indicators: ['straftaten', 'fluktuation']
	}
];
