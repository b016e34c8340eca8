/** Hands a generated file to the browser's download (an <a download> click on a blob URL). */

export interface ExportFile {
	blob: Blob;
	filename: string;
}

export function downloadBlob({ blob, filename }: ExportFile): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	// Revoke later: some browsers read the blob only after the click handler returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
