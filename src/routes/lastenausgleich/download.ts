/** Browser file helpers for the Lastenausgleich view (DOM only; no data logic). */

/** Offers `text` as a file download (Blob + temporary link; works offline and under the CSP). */
export function downloadText(fileName: string, text: string, mime: string): void {
	const url = URL.createObjectURL(new Blob([text], { type: mime }));
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The bytes of a file chosen in an `<input type="file">`. */
export async function fileBytes(file: File): Promise<Uint8Array> {
	return new Uint8Array(await file.arrayBuffer());
}

/** Today as `YYYY-MM-DD` (local time) for file names. */
export function today(now: Date = new Date()): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
