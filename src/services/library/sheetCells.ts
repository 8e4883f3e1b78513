/**
 * What a spreadsheet cell (exceljs) shows, as text, for every sheet a library imports: catalogue
 * lists and class lists alike.
 */

/** Dates as YYYY-MM-DD, rich text and links by their text, formulas by their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value).trim();
  const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown };
  if (v.richText)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (v.text !== undefined) return cellText(v.text);
  return v.result === undefined ? '' : cellText(v.result);
}
