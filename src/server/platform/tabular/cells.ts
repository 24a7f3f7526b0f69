/**
 * What a spreadsheet cell says, as the text a user sees in Excel: the values the readers yield
 * are all strings, and the import rules parse them like anything typed into a form.
 */

const EXPONENT = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/;

/** A number's shortest exact decimal text, never in exponent notation (1e21 → 1000000000000000000000). */
export function plainDigits(n: number): string {
  const text = String(n);
  const m = EXPONENT.exec(text);
  if (!m) return text;
  const [, sign = '', lead = '', fraction = '', exponentText = '0'] = m;
  const exponent = Number(exponentText);
  const digits = lead + fraction;
  if (exponent >= 0) return sign + digits.padEnd(exponent + 1, '0');
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

/**
 * A number as Excel shows it in the formula bar: at most 15 significant digits (what Excel keeps
 * of what was typed, so binary float artefacts such as 0.30000000000000004 disappear) and never in
 * exponent form — a mobile number stored as the number 13812345678 reads `13812345678`, not
 * `1.38E+10`. Digits beyond the 15th were lost by Excel when the value was typed; none are invented.
 */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return n === 0 ? '0' : String(n); // the common case, exact as is
  if (!Number.isFinite(n)) return '';
  const text = plainDigits(Number(n.toPrecision(15)));
  return text === '-0' ? '0' : text;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A spreadsheet date (a wall-clock value without time zone, given as a Date whose UTC fields hold
 * it) as ISO 8601 text: `2024-03-05` for a date, `2024-03-05T14:30:00` with a time of day, `14:30:00`
 * for a time alone (Excel's day 0). Rounded to the second, as Excel stores fractions of a day.
 */
export function dateText(date: Date): string {
  const d = new Date(Math.round(date.getTime() / 1000) * 1000);
  if (Number.isNaN(d.getTime())) return '';
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (d.getUTCFullYear() < 1900) return time;
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return time === '00:00:00' ? day : `${day}T${time}`;
}

/** Whether an Excel number format shows a date or time (quoted text and [colour]/[locale] parts aside). */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare);
}

/** Excel's serial day number (days since 1899-12-30, or 1904-01-01 in the 1904 system) as a Date. */
export function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/**
 * A number cell as Excel shows it: a date or time when its format is one (Excel stores dates as
 * day numbers), zero-padded when the format is zeros only (`000000`: postcodes and employee
 * numbers keep their leading zeros), else the number's digits (numberText).
 */
export function numericCellText(n: number, format: { date: boolean; code?: string | undefined } | undefined, date1904: boolean): string {
  if (format?.date) return dateText(serialToDate(n, date1904));
  const code = format?.code;
  if (code && /^0+$/.test(code) && Number.isInteger(n) && n >= 0) return numberText(n).padStart(code.length, '0');
  return numberText(n);
}
