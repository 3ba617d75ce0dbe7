// The API's refusals (some written by database guards in lower case, without
// a full stop) read as sentences on the page.

/** "an agency must keep at least one owner" → "An agency must keep at least one owner." */
export function asSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text[0].toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
