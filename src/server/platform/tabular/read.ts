import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AutoDecoder, CsvParser, type CsvDelimiter, type TextEncodingName } from './csv.ts';
import { detectFileType, SNIFF_BYTES, type TabularType } from './detect.ts';
import { fileTooLarge, TabularError } from './errors.ts';
import { xlsxRecords } from './xlsx.ts';

export interface ReadOptions {
  /** Data rows allowed (the header row and blank rows not counted): more is `tooManyRows`. */
  maxRows: number;
  /** Bytes of the file allowed (as uploaded, i.e. compressed for xlsx): more is `fileTooLarge`. */
  maxBytes: number;
  /** The type detected at upload; detected here from the first bytes when not given. */
  type?: TabularType;
  /** CSV only: sniffed from the header line (comma, semicolon or tab) when not given. */
  delimiter?: CsvDelimiter;
}

export interface TabularRow {
  /** The row number a user sees in Excel (for CSV: the record number), for error reports. */
  rowNumber: number;
  /** Every header of the table, '' where the row has no value. */
  values: Record<string, string>;
}

export interface Table {
  type: TabularType;
  /** CSV: the text encoding found (null until the first non-ASCII byte has been read); xlsx: null. */
  readonly encoding: TextEncodingName | null;
  /** Column names as in the file (trimmed, blanks named by column letter, repeats numbered). */
  headers: string[];
  headerRowNumber: number;
  /** The data rows, streamed: read them once. Blank rows are skipped. */
  rows: AsyncGenerator<TabularRow, void, undefined>;
  /** Stops reading and releases the file; needed only when `rows` is not read to its end. */
  close(): Promise<void>;
}

interface RawRecord {
  rowNumber: number;
  cells: string[];
}

/** A byte stream cut at the size limit, the failure kept to be thrown once the parser has stopped. */
interface GuardedStream {
  stream: Readable;
  /** Throws what stopped the stream early: the size limit or an error of the source. */
  check(): void;
}

function toBytes(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk));
}

function guard(source: Readable, maxBytes: number): GuardedStream {
  let failure: unknown = null;
  async function* chunks(): AsyncGenerator<Buffer> {
    let total = 0;
    try {
      for await (const chunk of source as AsyncIterable<unknown>) {
        const bytes = toBytes(chunk);
        total += bytes.length;
        if (total > maxBytes) {
          failure = fileTooLarge(maxBytes);
          return;
        }
        yield bytes;
      }
    } catch (error) {
      failure = error;
    } finally {
      source.destroy();
    }
  }
  return {
    stream: Readable.from(chunks(), { objectMode: false }),
    check() {
      if (failure !== null) throw failure;
    },
  };
}

/** Reads the first `size` bytes of a stream and gives back a stream that still starts at byte 0. */
async function peek(source: Readable, size: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = toBytes(next.value);
    chunks.push(chunk);
    length += chunk.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* chunks;
      while (!done) {
        const next = await iterator.next();
        if (next.done) return;
        yield toBytes(next.value);
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { head: Buffer.concat(chunks).subarray(0, size), stream: Readable.from(replay(), { objectMode: false }) };
}

/**
 * Copies an uploaded xlsx to a temporary file (an xlsx is read by random access: its directory is
 * at the end), refusing it past `maxBytes`.
 */
async function spool(stream: Readable, maxBytes: number): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kehu-upload-'));
  const path = join(dir, 'upload.xlsx');
  const remove = () => rm(dir, { recursive: true, force: true });
  let total = 0;
  try {
    await pipeline(
      stream,
      async function* (chunks: AsyncIterable<unknown>) {
        for await (const chunk of chunks) {
          const bytes = toBytes(chunk);
          total += bytes.length;
          if (total > maxBytes) throw fileTooLarge(maxBytes);
          yield bytes;
        }
      },
      createWriteStream(path),
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}

async function* csvRecords(input: GuardedStream, decoder: AutoDecoder, delimiter: CsvDelimiter | undefined): AsyncGenerator<RawRecord> {
  const parser = new CsvParser(delimiter);
  for await (const chunk of input.stream as AsyncIterable<Buffer>) yield* parser.push(decoder.push(chunk));
  // Checked before the last record: a file cut at the size limit must not yield a cut row.
  input.check();
  yield* parser.push(decoder.end());
  yield* parser.end();
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');
const filledCount = (cells: readonly string[]) => cells.filter((c) => c.trim() !== '').length;

/** Title rows ("客户信息表", an instruction line) above the header are told by having one filled cell. */
const HEADER_LOOKAHEAD = 10;

/** A: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function cleanHeader(text: string): string {
  return text.replace(/[\u200b\ufeff]/g, '').replace(/\s+/g, ' ').trim();
}

/** Column names: trimmed, a blank one named by its column letter (`[C]`), a repeated one numbered (`电话 (2)`). */
export function headerNames(cells: readonly string[]): string[] {
  let width = cells.length;
  while (width > 0 && cleanHeader(cells[width - 1] ?? '') === '') width--;
  const used = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < width; i++) {
    const base = cleanHeader(cells[i] ?? '') || `[${columnLetter(i + 1)}]`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base} (${n})`;
    used.add(name);
    names.push(name);
  }
  return names;
}

/**
 * Opens an uploaded spreadsheet — xlsx (first visible sheet) or CSV (UTF-8 or GB18030, sniffed
 * delimiter) — and reads up to its header row: the first non-empty row, except that rows with a
 * single filled cell above a row with several (a title, an instruction line) are skipped. The data
 * rows then stream from `rows` with every value as text (see cells.ts), so a 100,000-row file is
 * never held in memory.
 *
 * Throws TabularError: `unsupportedType`, `xlsNotSupported`, `fileTooLarge`, `tooManyRows` (while
 * rows are read), `badEncoding`, `malformedCsv`, `unreadableXlsx`, `noHeader`.
 */
export async function openTable(source: Readable | string, options: ReadOptions): Promise<Table> {
  // Every stream in the chain, destroyed when reading stops early: the caller's source too, so a
  // file handle or an upload connection is released at once rather than when collected.
  const chain: Readable[] = [];
  const release = () => {
    for (const stream of chain) stream.destroy();
  };
  let stream: Readable;
  if (typeof source === 'string') {
    const { size } = await stat(source);
    if (size > options.maxBytes) throw fileTooLarge(options.maxBytes);
    stream = createReadStream(source, { highWaterMark: SNIFF_BYTES });
  } else {
    stream = source;
  }
  chain.push(stream);
  let type = options.type;
  if (!type) {
    try {
      const peeked = await peek(stream, SNIFF_BYTES);
      stream = peeked.stream;
      chain.push(stream);
      type = detectFileType(peeked.head);
    } catch (error) {
      release();
      throw error;
    }
  }
  const decoder = new AutoDecoder();
  let records: AsyncGenerator<RawRecord>;
  let removeSpooled = async () => {};
  if (type === 'xlsx') {
    let path: string;
    if (typeof source === 'string') {
      path = source;
      stream.destroy(); // only its first bytes were needed
    } else {
      const spooled = await spool(stream, options.maxBytes);
      path = spooled.path;
      removeSpooled = spooled.remove;
    }
    records = xlsxRecords(path);
  } else {
    const input = guard(stream, options.maxBytes);
    chain.push(input.stream);
    records = csvRecords(input, decoder, options.delimiter);
  }
  const stop = async () => {
    await records.return(undefined);
    release();
    await removeSpooled();
  };

  const lookahead: RawRecord[] = [];
  try {
    while (lookahead.length < HEADER_LOOKAHEAD) {
      const next = await records.next();
      if (next.done) break;
      if (isBlank(next.value.cells)) continue;
      lookahead.push(next.value);
      if (filledCount(next.value.cells) >= 2) break;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const headerIndex = Math.max(
    0,
    lookahead.findIndex((r) => filledCount(r.cells) >= 2),
  );
  const header = lookahead[headerIndex];
  if (!header) {
    await stop();
    throw new TabularError('noHeader');
  }
  const headers = headerNames(header.cells);
  const buffered = lookahead.slice(headerIndex + 1);

  let count = 0;
  const toRow = (record: RawRecord): TabularRow => {
    if (++count > options.maxRows) throw new TabularError('tooManyRows', { maxRows: options.maxRows, row: record.rowNumber });
    const values = Object.create(null) as Record<string, string>;
    headers.forEach((name, i) => {
      values[name] = record.cells[i] ?? '';
    });
    return { rowNumber: record.rowNumber, values };
  };

  async function* rows(): AsyncGenerator<TabularRow, void, undefined> {
    try {
      for (const record of buffered) yield toRow(record);
      for await (const record of records) if (!isBlank(record.cells)) yield toRow(record);
    } finally {
      await stop();
    }
  }

  const rowStream = rows();
  return {
    type,
    get encoding() {
      return type === 'csv' ? decoder.encoding : null;
    },
    headers,
    headerRowNumber: header.rowNumber,
    rows: rowStream,
    async close() {
      await rowStream.return(undefined);
      await stop();
    },
  };
}

/** The data rows of a spreadsheet, for a caller that needs no headers first (see openTable). */
export async function* readRows(source: Readable | string, options: ReadOptions): AsyncGenerator<TabularRow, void, undefined> {
  const table = await openTable(source, options);
  try {
    yield* table.rows;
  } finally {
    await table.close();
  }
}
