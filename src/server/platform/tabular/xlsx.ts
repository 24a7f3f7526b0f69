import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { dateText, isDateFormat, numericCellText } from './cells.ts';
import { MAX_COLUMNS, MAX_FIELD_LENGTH } from './csv.ts';
import { TabularError } from './errors.ts';
import { XmlScanner, type XmlEvents } from './xml.ts';

/**
 * A streaming xlsx reader: zip central directory, inflate and a streaming XML scanner (xml.ts), nothing else.
 *
 * Why not the exceljs streaming WorkbookReader (exceljs still writes our exports): version 4.4.0
 * decodes every inflated chunk as UTF-8 on its own, so a Chinese character split across two
 * chunks becomes two U+FFFD (56 damaged cells in a 100,000-row test file); its zip iteration can
 * lose entries and then yields `{sharedString: n}` instead of text (exceljs issue #683); and it
 * decodes XML entities of inline strings twice. An import must not corrupt names silently.
 *
 * The file is read by random access (the upload is on disk, or spooled there first), so the
 * shared strings and styles are read before the sheet wherever the zip keeps them, and the sheet
 * itself streams: memory holds the shared-strings table and one row.
 */

export interface XlsxRecord {
  rowNumber: number;
  cells: string[];
}

/** Largest inflated size of the workbook parts held in memory (shared strings, styles): a zip bomb stops here. */
const MAX_PART_BYTES = 256 * 1024 * 1024;

interface ZipEntry {
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

function unreadable(cause?: unknown): TabularError {
  return new TabularError('unreadableXlsx', {}, cause === undefined ? undefined : { cause });
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The entries of a zip by name, from its central directory (zip64 included). */
async function centralDirectory(file: FileHandle): Promise<Map<string, ZipEntry>> {
  const { size } = await file.stat();
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = await readAt(file, size - tailLength, tailLength);
  let end = tail.length - 22;
  while (end >= 0 && tail.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw unreadable();
  let count = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locatorAt = end - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== 0x07064b50) throw unreadable();
    const record = await readAt(file, Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) throw unreadable();
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  const directory = await readAt(file, directoryOffset, directorySize);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw unreadable();
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      localOffset: directory.readUInt32LE(at + 42),
    };
    const uncompressed32 = directory.readUInt32LE(at + 24);
    // Zip64 extra field: the 64-bit values of those 32-bit fields that are 0xFFFFFFFF, in order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = directory.readUInt16LE(x);
      const length = directory.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let v = x + 4;
        if (uncompressed32 === 0xffffffff) v += 8;
        if (entry.compressedSize === 0xffffffff) {
          entry.compressedSize = Number(directory.readBigUInt64LE(v));
          v += 8;
        }
        if (entry.localOffset === 0xffffffff) entry.localOffset = Number(directory.readBigUInt64LE(v));
      }
      x += 4 + length;
    }
    // Names are UTF-8 (flag 11) or, in practice for xlsx parts, ASCII either way.
    entries.set(directory.toString('utf8', at + 46, at + 46 + nameLength), entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The inflated bytes of one entry, as a stream. */
async function entryStream(path: string, file: FileHandle, entry: ZipEntry): Promise<Readable> {
  if (entry.flags & 0x1) throw unreadable(); // encrypted
  const local = await readAt(file, entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw unreadable();
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.method !== 0 && entry.method !== 8) throw unreadable();
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
  if (entry.method === 0) return raw;
  // Larger pieces than the 16 KiB default: a quarter of the callbacks, each handing the scanner more rows.
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  raw.on('error', (error) => inflate.destroy(error));
  return raw.pipe(inflate);
}

type XmlHandlers = XmlEvents;

/**
 * Feeds a part's bytes to the XML scanner, decoding UTF-8 across chunk boundaries, and yields after
 * each chunk so that a caller can hand on what the handlers collected.
 */
async function* parseXml(stream: Readable, handlers: XmlHandlers, maxBytes: number): AsyncGenerator<void> {
  const parser = new XmlScanner(handlers);
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw unreadable();
      parser.write(decoder.decode(chunk, { stream: true }));
      yield;
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    throw error instanceof TabularError ? error : unreadable(error);
  } finally {
    stream.destroy();
  }
}

async function parsePart(path: string, file: FileHandle, entry: ZipEntry | undefined, handlers: XmlHandlers): Promise<void> {
  if (!entry) return;
  for await (const _ of parseXml(await entryStream(path, file, entry), handlers, MAX_PART_BYTES)) {
    // whole part, nothing to hand on
  }
}

/** Relationship id → part name, resolved against the folder of the part the relationships belong to. */
async function relationships(path: string, file: FileHandle, entries: Map<string, ZipEntry>, part: string): Promise<Map<string, { target: string; type: string }>> {
  const folder = posix.dirname(part);
  const relsName = posix.join(folder, '_rels', `${posix.basename(part)}.rels`);
  const rels = new Map<string, { target: string; type: string }>();
  await parsePart(path, file, entries.get(relsName), {
    open(name, a) {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.normalize(posix.join(folder, a.Target));
      rels.set(a.Id, { target, type: a.Type ?? '' });
    },
  });
  return rels;
}

/** Number formats Excel does not write into styles.xml: built-in ids that show dates and times (zh-CN ones included). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

interface NumberFormat {
  code: string | undefined;
  date: boolean;
}

/** The number format of each cell style index (`s` attribute). */
async function cellFormats(path: string, file: FileHandle, entry: ZipEntry | undefined): Promise<NumberFormat[]> {
  const custom = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  await parsePart(path, file, entry, {
    open(name, a) {
      if (name === 'numFmt' && a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) styleFormats.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styleFormats.map((id) => {
    const code = custom.get(id);
    return { code, date: code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id) };
  });
}

/** The text of each shared string: runs of rich text joined, phonetic guides (rPh) left out. */
async function sharedStrings(path: string, file: FileHandle, entry: ZipEntry | undefined): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  await parsePart(path, file, entry, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    text(text) {
      if (inText) current += text;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') strings.push(current);
    },
  });
  return strings;
}

/** `B12` → column 2 (1-based), or 0 when the reference is missing or malformed. */
function columnOf(ref: string | undefined): number {
  if (!ref) return 0;
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + (code - 64);
    else if (code >= 97 && code <= 122) column = column * 26 + (code - 96);
    else break;
  }
  return column;
}

/** What a cell shows, from its type, value text and number format. */
function cellValue(type: string, value: string, inline: string, format: NumberFormat | undefined, shared: readonly string[], date1904: boolean): string {
  switch (type) {
    case 's':
      return shared[Number(value)] ?? '';
    case 'inlineStr':
      return inline;
    case 'str':
    case 'e':
      return value;
    case 'b':
      return value === '' ? '' : value === '0' ? 'FALSE' : 'TRUE';
    case 'd': {
      // ISO 8601 (strict OOXML); a time without zone is wall-clock time like every spreadsheet date.
      const zoned = /^\d{4}-\d{2}-\d{2}$/.test(value) || /([zZ]|[+-]\d\d:?\d\d)$/.test(value);
      const date = new Date(zoned ? value : `${value}Z`);
      return Number.isNaN(date.getTime()) ? value : dateText(date);
    }
    default: {
      if (value.trim() === '') return '';
      const n = Number(value);
      if (Number.isNaN(n)) return value;
      return numericCellText(n, format, date1904);
    }
  }
}

/**
 * The rows of the first visible worksheet of an xlsx file on disk, every cell as the text Excel
 * shows (see cells.ts): shared and inline strings, numbers without float artefacts, dates as ISO
 * text (1900 and 1904 systems, built-in zh-CN date formats included), booleans TRUE/FALSE,
 * formulas by their cached result, errors as `#N/A` and the like. Merged cells other than the
 * top-left one are empty, as Excel stores them.
 */
export async function* xlsxRecords(path: string): AsyncGenerator<XlsxRecord> {
  try {
    yield* records(path);
  } catch (error) {
    throw error instanceof TabularError ? error : unreadable(error);
  }
}

async function* records(path: string): AsyncGenerator<XlsxRecord> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const entries = await centralDirectory(file);
    const root = await relationships(path, file, entries, '');
    const workbookPart = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const sheets: { name: string; state: string; rid: string }[] = [];
    let date1904 = false;
    await parsePart(path, file, entries.get(workbookPart), {
      open(name, a) {
        if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
        if (name !== 'sheet') return;
        // The relationship id attribute is `r:id` with the usual namespace prefix, whatever the prefix.
        const rid = a['r:id'] ?? Object.entries(a).find(([key]) => key.endsWith(':id'))?.[1] ?? '';
        sheets.push({ name: a.name ?? '', state: a.state ?? 'visible', rid });
      },
    });
    const rels = await relationships(path, file, entries, workbookPart);
    const partOfType = (suffix: string, fallback: string) =>
      entries.get([...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? posix.join(posix.dirname(workbookPart), fallback));
    const formats = await cellFormats(path, file, partOfType('/styles', 'styles.xml'));
    const shared = await sharedStrings(path, file, partOfType('/sharedStrings', 'sharedStrings.xml'));

    const sheet = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0];
    const sheetEntry = sheet ? entries.get(rels.get(sheet.rid)?.target ?? '') : undefined;
    if (!sheetEntry) throw unreadable();

    const ready: XlsxRecord[] = [];
    let rowNumber = 0;
    let cells: string[] = [];
    let column = 0;
    let cell: { type: string; style: number } | null = null;
    let value = '';
    let inline = '';
    let inValue = false;
    let inInline = false;
    let phonetic = 0;
    const rows = parseXml(
      await entryStream(path, file, sheetEntry),
      {
        open(name, a) {
          switch (name) {
            case 'row':
              rowNumber = a.r ? Number(a.r) : rowNumber + 1;
              cells = [];
              column = 0;
              break;
            case 'c':
              column = columnOf(a.r) || column + 1;
              if (column > MAX_COLUMNS) throw unreadable(); // beyond XFD: not a sheet Excel wrote
              cell = { type: a.t ?? 'n', style: Number(a.s ?? 0) };
              value = '';
              inline = '';
              break;
            case 'v':
              inValue = cell !== null;
              break;
            case 'is':
              inInline = cell !== null;
              break;
            case 'rPh':
              phonetic++;
              break;
          }
        },
        text(text) {
          if (inValue) value += text;
          else if (inInline && phonetic === 0) inline += text;
          if (value.length > MAX_FIELD_LENGTH || inline.length > MAX_FIELD_LENGTH) throw unreadable();
        },
        close(name) {
          switch (name) {
            case 'v':
              inValue = false;
              break;
            case 'is':
              inInline = false;
              break;
            case 'rPh':
              phonetic--;
              break;
            case 'c':
              if (cell) cells[column - 1] = cellValue(cell.type, value, inline, formats[cell.style], shared, date1904);
              cell = null;
              break;
            case 'row':
              for (let i = 0; i < cells.length; i++) cells[i] ??= '';
              ready.push({ rowNumber, cells });
              cells = [];
              break;
          }
        },
      },
      Number.MAX_SAFE_INTEGER, // rows stream; the caller's row limit bounds the work
    );
    for await (const _ of rows) {
      yield* ready;
      ready.length = 0;
    }
    yield* ready;
  } finally {
    await file.close();
  }
}
