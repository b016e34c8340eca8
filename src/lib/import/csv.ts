/**
 * Tolerant parser for delimited text from users (CSV/TSV as written by Excel,
 * LibreOffice and statistics portals). Unlike the strict RFC 4180 parser for
 * committed files (`scripts/lib/register.ts`), it never throws: it reads what
 * Excel would read and lists what looked wrong, so the wizard can point at it.
 *
 * - fields may be quoted with `"`; `""` inside quotes is one quote; quoted
 *   fields may contain the separator and line breaks;
 * - blanks before an opening quote are ignored (`; "a"`);
 * - a quote inside an unquoted field is a literal character (`12" Monitor`);
 * - text right after a closing quote is appended (`"ab"c` → `abc`) and reported;
 * - an unclosed quote at the end of the file closes the field and is reported;
 * - line ends: CRLF, LF or CR; inside quoted fields CRLF becomes LF.
 */

export interface CsvRecord {
	/** 1-based line on which the record starts */
	line: number;
	fields: string[];
}

export interface CsvProblem {
	line: number;
	kind: 'unclosed-quote' | 'stray-quote';
}

export interface CsvParse {
	records: CsvRecord[];
	problems: CsvProblem[];
}

/**
 * Splits `text` into records of fields. Empty lines give a record with one
 * empty field (the caller decides what to skip). `maxRecords` stops early
 * (for sniffing the separator on the first lines).
 *
 * @example parseDelimited('a;"b;c"\r\n1;2', ';').records
 *   // → [{ line: 1, fields: ['a', 'b;c'] }, { line: 2, fields: ['1', '2'] }]
 */
export function parseDelimited(text: string, separator: string, maxRecords = Infinity): CsvParse {
	const records: CsvRecord[] = [];
	const problems: CsvProblem[] = [];
	let fields: string[] = [];
	let field = '';
	let fieldQuoted = false;
	let inQuotes = false;
	let afterQuote = false;
	let line = 1;
	let recordLine = 1;
	let i = 0;
	const n = text.length;

	const endField = () => {
		fields.push(field);
		field = '';
		fieldQuoted = false;
		afterQuote = false;
	};
	const endRecord = () => {
		endField();
		records.push({ line: recordLine, fields });
		fields = [];
	};

	while (i < n && records.length < maxRecords) {
		const c = text[i];
		if (inQuotes) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				inQuotes = false;
				afterQuote = true;
				i++;
				continue;
			}
			if (c === '\r' || c === '\n') {
				field += '\n';
				i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
				line++;
				continue;
			}
			field += c;
			i++;
			continue;
		}
		if (c === separator) {
			endField();
			i++;
			continue;
		}
		if (c === '\r' || c === '\n') {
			endRecord();
			i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
			line++;
			recordLine = line;
			continue;
		}
		if (c === '"' && !fieldQuoted && field.trim() === '') {
			field = '';
			inQuotes = true;
			fieldQuoted = true;
			i++;
			continue;
		}
		if (afterQuote && c !== ' ' && c !== '\t') {
			problems.push({ line, kind: 'stray-quote' });
			afterQuote = false;
		}
		if (!afterQuote) field += c;
		i++;
	}
	if (records.length < maxRecords) {
		if (inQuotes) problems.push({ line: recordLine, kind: 'unclosed-quote' });
		if (field !== '' || fields.length > 0 || inQuotes || afterQuote) endRecord();
	}
	return { records, problems };
}

/**
 * Serialises rows as delimited text: a field is quoted when it contains the
 * separator, a quote or a line break. Used by tests (round trips) and exports.
 */
export function formatDelimited(rows: string[][], separator: string, newline = '\r\n'): string {
	const quote = (f: string) =>
		f.includes(separator) || f.includes('"') || f.includes('\n') || f.includes('\r') || /^\s/.test(f)
			? `"${f.replace(/"/g, '""')}"`
			: f;
	return rows.map((r) => r.map(quote).join(separator)).join(newline) + newline;
}
