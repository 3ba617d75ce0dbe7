// Saving something the page made or fetched as a file on the user's machine.

/** Offers `blob` as a download named `name` (an object URL, clicked, then released). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A CSV text as a file, with the byte-order mark Excel needs to read UTF-8. */
export const saveCsv = (text: string, name: string) => saveFile(new Blob(["\ufeff", text], { type: "text/csv;charset=utf-8" }), name);
