// Any table as CSV for Excel users: UTF-8 with a byte-order mark (so Excel reads Vietnamese correctly),
// quoted where needed, header row first. A text that a spreadsheet would run as a formula (it begins with
// =, +, -, @, a tab or a carriage return — a name or an address typed by anyone, or `=HYPERLINK(…)`) is
// written with a leading apostrophe, so it stays text (OWASP "CSV injection"); numbers are left as they are.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;

/** The text as a spreadsheet must show it: never evaluated. */
export function inertText(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? inertText(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
