import { TabularError } from './errors.ts';

/** Text encodings a CSV upload can be in. GBK files are read by the GB18030 decoder, its superset. */
export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** Bytes after the first non-ASCII byte looked at before choosing between UTF-8 and GB18030. */
const DECIDE_WINDOW = 64 * 1024;

function firstNonAscii(bytes: Uint8Array, from = 0): number {
  for (let i = from; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return i;
  return -1;
}

function isStrictUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    // `stream: true` lets a window end inside a multi-byte character without counting it as an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a byte stream whose encoding nobody told us: what Excel, WPS and other tools save as
 * "CSV" in China is either UTF-8 (with or without BOM) or GBK/GB18030.
 *
 * - A byte order mark decides at once (UTF-8, UTF-16LE, UTF-16BE).
 * - Otherwise ASCII bytes decode the same in UTF-8 and GB18030, so they pass straight through
 *   until the first non-ASCII byte; from there up to 64 KB are tried as strict UTF-8. Valid UTF-8
 *   means UTF-8 (GBK text of any length is practically never valid UTF-8: its lead bytes
 *   0x81–0xFE are mostly followed by bytes UTF-8 forbids there); anything else means GB18030.
 * - Decoding is strict afterwards too: a file that turns into invalid bytes part-way is refused
 *   (`badEncoding`) rather than silently filled with U+FFFD.
 */
export class AutoDecoder {
  #decoder: TextDecoder | null = null;
  #encoding: TextEncodingName | null = null;
  #pending: Buffer = Buffer.alloc(0);
  #checkedBom = false;

  /** The encoding chosen, once known; `utf-8` for a pure-ASCII file. */
  get encoding(): TextEncodingName | null {
    return this.#encoding;
  }

  push(bytes: Uint8Array): string {
    if (this.#decoder) return this.#decode(bytes, false);
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, bytes]) : Buffer.from(bytes);
    if (!this.#checkedBom) {
      if (this.#pending.length < 3) return '';
      this.#checkedBom = true;
      const bom = this.#bom(this.#pending);
      if (bom) return this.#start(bom, false);
    }
    const nonAscii = firstNonAscii(this.#pending);
    if (nonAscii < 0) return this.#takeAscii(this.#pending.length);
    if (this.#pending.length - nonAscii < DECIDE_WINDOW) return this.#takeAscii(nonAscii);
    return this.#start(isStrictUtf8(this.#pending, false) ? 'utf-8' : 'gb18030', false);
  }

  end(): string {
    if (!this.#decoder) {
      const bom = this.#checkedBom ? null : this.#bom(this.#pending);
      const encoding = bom ?? (isStrictUtf8(this.#pending, true) ? 'utf-8' : 'gb18030');
      return this.#start(encoding, true);
    }
    return this.#decode(new Uint8Array(0), true);
  }

  #bom(bytes: Buffer): TextEncodingName | null {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
    return null;
  }

  #takeAscii(length: number): string {
    const text = this.#pending.toString('latin1', 0, length);
    this.#pending = this.#pending.subarray(length);
    return text;
  }

  #start(encoding: TextEncodingName, last: boolean): string {
    this.#encoding = encoding;
    // ignoreBOM: false (the default) drops the BOM the decoder is given first.
    this.#decoder = new TextDecoder(encoding, { fatal: true });
    const pending = this.#pending;
    this.#pending = Buffer.alloc(0);
    return this.#decode(pending, last);
  }

  #decode(bytes: Uint8Array, last: boolean): string {
    try {
      return (this.#decoder as TextDecoder).decode(bytes, { stream: !last });
    } catch (error) {
      throw new TabularError('badEncoding', { encoding: this.#encoding ?? '' }, { cause: error });
    }
  }
}

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRecord {
  /** 1-based, counting every record (blank lines too): the row Excel shows when it opens the file. */
  rowNumber: number;
  cells: string[];
}

/** Longest field accepted: far beyond any real cell, short of what an unclosed quote swallows. */
export const MAX_FIELD_LENGTH = 1_000_000;

/** Most fields in one record: Excel's column limit (XFD). A line of a million commas is not a row. */
export const MAX_COLUMNS = 16_384;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;
type State = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof AFTER_QUOTE;

/** The delimiter used most often in the first line outside quotes; comma on a tie or none. */
export function sniffDelimiter(firstLine: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}

/**
 * Streaming CSV parser (RFC 4180 and what Excel writes): quoted fields with doubled quotes,
 * delimiters and line breaks inside quotes, CRLF / LF / lone CR line ends, split anywhere between
 * `push` calls. Lenient where Excel is: a quote inside an unquoted field is a character, text
 * after a closing quote is kept. An unclosed quote at the end is an error (else the rest of the
 * file would silently become one cell).
 */
export class CsvParser {
  #delimiter: number | null;
  #head = '';
  #state: State = FIELD_START;
  #field = '';
  #record: string[] = [];
  #rowNumber = 0;
  #skipLf = false;

  /** Without a delimiter, it is sniffed from the first line. */
  constructor(delimiter?: CsvDelimiter) {
    this.#delimiter = delimiter ? delimiter.charCodeAt(0) : null;
  }

  push(text: string): CsvRecord[] {
    if (this.#delimiter === null) {
      this.#head += text;
      if (!/[\r\n]/.test(this.#head) && this.#head.length < 64 * 1024) return [];
      return this.#startWithHead();
    }
    return this.#parse(text);
  }

  end(): CsvRecord[] {
    const records = this.#delimiter === null ? this.#startWithHead() : [];
    if (this.#state === QUOTED) throw new TabularError('malformedCsv', { row: this.#rowNumber + 1 });
    if (this.#state !== FIELD_START || this.#record.length > 0) {
      this.#endField();
      records.push(this.#endRecord());
    }
    return records;
  }

  #startWithHead(): CsvRecord[] {
    this.#delimiter = sniffDelimiter(this.#head).charCodeAt(0);
    const head = this.#head;
    this.#head = '';
    return this.#parse(head);
  }

  #parse(s: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    const delimiter = this.#delimiter;
    const n = s.length;
    let i = 0;
    while (i < n) {
      if (this.#skipLf) {
        this.#skipLf = false;
        if (s.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (this.#state === QUOTED) {
        const quote = s.indexOf('"', i);
        if (quote < 0) {
          this.#append(s.slice(i));
          break;
        }
        this.#append(s.slice(i, quote));
        this.#state = AFTER_QUOTE;
        i = quote + 1;
        continue;
      }
      const c = s.charCodeAt(i);
      if (this.#state === AFTER_QUOTE && c === QUOTE) {
        this.#append('"');
        this.#state = QUOTED;
        i++;
      } else if (this.#state === FIELD_START && c === QUOTE) {
        this.#state = QUOTED;
        i++;
      } else if (c === delimiter) {
        this.#endField();
        i++;
      } else if (c === LF || c === CR) {
        this.#endField();
        records.push(this.#endRecord());
        this.#skipLf = c === CR;
        i++;
      } else {
        let j = i + 1;
        while (j < n) {
          const cj = s.charCodeAt(j);
          if (cj === delimiter || cj === LF || cj === CR) break;
          j++;
        }
        this.#append(s.slice(i, j));
        this.#state = UNQUOTED;
        i = j;
      }
    }
    return records;
  }

  #append(text: string): void {
    this.#field += text;
    if (this.#field.length > MAX_FIELD_LENGTH) throw new TabularError('malformedCsv', { row: this.#rowNumber + 1 });
  }

  #endField(): void {
    if (this.#record.length >= MAX_COLUMNS) throw new TabularError('malformedCsv', { row: this.#rowNumber + 1 });
    this.#record.push(this.#field);
    this.#field = '';
    this.#state = FIELD_START;
  }

  #endRecord(): CsvRecord {
    const record = { rowNumber: ++this.#rowNumber, cells: this.#record };
    this.#record = [];
    return record;
  }
}
