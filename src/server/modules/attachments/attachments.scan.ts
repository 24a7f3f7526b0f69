import { constants, inflateSync } from 'node:zlib';
import type { ByteSource } from './attachments.rules.ts';

/**
 * Active content in files that are otherwise of an accepted kind: PDFs that run JavaScript or
 * launch programs, PDFs that are also HTML pages (polyglots), Office files with macros. Pure: the
 * bytes come through a `ByteSource`. A heuristic on purpose — it reads the file's syntax the way
 * a scanner does, not the way a viewer does — tuned to refuse what a viewer could run and to let
 * ordinary documents through.
 */

export type PdfFinding =
  /** A name that runs something: /JS, /JavaScript, /Launch, or a `javascript:` link. */
  | { reason: 'pdfActiveContent'; detail: string }
  /** HTML markup a browser would render if the file were opened as a page. */
  | { reason: 'pdfPolyglot'; detail: string }
  /** An object stream that cannot be read (encrypted, unknown filter, too large): what it hides is unknown. */
  | { reason: 'pdfUncheckable'; detail: string };

/** Names whose presence means the PDF runs code or programs (after #xx escapes are decoded). */
const ACTIVE_NAMES = new Set(['JS', 'JavaScript', 'Launch']);
/** A `javascript:` URI (in a /URI action or a form field), whatever the case. */
const JAVASCRIPT_URI = /^\s*javascript\s*:/i;
/** Tags that make a browser render a page or run a script; `<` plus the tag and a delimiter, so random bytes rarely match. */
const HTML_MARKUP = /<(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|img|meta|a\s+href)[\s>/]/i;
/** Filters an object stream may name (full names, and the abbreviations some writers use). */
const FILTER_ABBREVIATIONS = new Set(['Fl', 'AHx', 'A85', 'LZW', 'RL', 'CCF', 'DCT']);

/** Bytes read at a time. */
const WINDOW = 1 << 20;
/** HTML is looked for in the whole of a file up to this size, else in its first and last POLYGLOT_EDGE bytes. */
const POLYGLOT_WHOLE = 1 << 20;
const POLYGLOT_EDGE = 64 * 1024;
/** Bounds on decompressing object streams: more than this in one PDF is not a document we check. */
const MAX_COMPRESSED = 16 << 20;
const MAX_INFLATED = 64 << 20;
/** How much of a token is kept: enough to recognise every name and keyword we look for. */
const MAX_TOKEN = 256;

/** A name with its #xx escapes decoded: `/J#61vaScript` is `/JavaScript` to a viewer. */
export function decodePdfName(raw: string): string {
  return raw.replace(/#([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The HTML markup in some text, or null. */
export function findHtmlMarkup(text: string): string | null {
  return HTML_MARKUP.exec(text)?.[0] ?? null;
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
const isWhite = (c: number) => c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
// ( ) < > [ ] { } / %
const isDelimiter = (c: number) => c === 40 || c === 41 || c === 60 || c === 62 || c === 91 || c === 93 || c === 123 || c === 125 || c === 47 || c === 37;

type LexEvent = { type: 'end' } | { type: 'found'; detail: string } | { type: 'stream'; at: number; tokens: readonly string[] };

/**
 * A PDF lexer (PDF 32000 7.2–7.3) that sees names, strings and keywords as a viewer does, so a
 * `/JS` inside a string or inside an image's bytes is not mistaken for one, and one written
 * `/J#53` is. Fed window by window; its state carries over, so a token may span two windows.
 * It stops at the `stream` keyword and hands back the tokens of the object so far (the stream's
 * dictionary): the caller decides how to skip or read the data.
 */
class PdfLexer {
  private mode: 'normal' | 'name' | 'string' | 'hex' | 'comment' = 'normal';
  private word = '';
  private text = '';
  private depth = 0;
  private escape = false;
  private pendingLess = false;
  private pendingGreater = false;
  private tokens: string[] = [];

  reset(): void {
    this.mode = 'normal';
    this.word = '';
    this.text = '';
    this.depth = 0;
    this.escape = false;
    this.pendingLess = false;
    this.pendingGreater = false;
    this.tokens = [];
  }

  private push(token: string): void {
    if (this.tokens.length >= 64) this.tokens.shift();
    this.tokens.push(token);
  }

  /** Ends a regular token (number, keyword); returns true when it was `stream`. */
  private endWord(): boolean {
    const word = this.word;
    if (!word) return false;
    this.word = '';
    if (word === 'obj') this.tokens = [];
    else this.push(word);
    return word === 'stream';
  }

  /** Lexes `buf` (which starts at `base` in the file) to its end or to the first event. */
  run(buf: Uint8Array, base: number): LexEvent {
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i] as number;
      if (this.pendingLess) {
        this.pendingLess = false;
        if (c === 60) {
          this.push('<<');
          continue;
        }
        this.mode = 'hex';
        this.text = '';
      }
      if (this.pendingGreater) {
        this.pendingGreater = false;
        if (c === 62) {
          this.push('>>');
          continue;
        }
      }
      switch (this.mode) {
        case 'comment':
          if (c === 10 || c === 13) this.mode = 'normal';
          continue;
        case 'string':
          if (this.escape) this.escape = false;
          else if (c === 92) this.escape = true;
          else if (c === 40) this.depth++;
          else if (c === 41 && --this.depth === 0) {
            this.mode = 'normal';
            if (JAVASCRIPT_URI.test(this.text)) return { type: 'found', detail: 'javascript: link' };
            continue;
          }
          if (this.text.length < MAX_TOKEN) this.text += String.fromCharCode(c);
          continue;
        case 'hex':
          if (c === 62) {
            this.mode = 'normal';
            const hex = this.text.replace(/[^0-9A-Fa-f]/g, '');
            if (JAVASCRIPT_URI.test(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('latin1'))) return { type: 'found', detail: 'javascript: link' };
          } else if (this.text.length < MAX_TOKEN * 2) this.text += String.fromCharCode(c);
          continue;
        case 'name':
          if (!isWhite(c) && !isDelimiter(c)) {
            if (this.text.length < MAX_TOKEN) this.text += String.fromCharCode(c);
            continue;
          }
          {
            const name = decodePdfName(this.text);
            if (ACTIVE_NAMES.has(name)) return { type: 'found', detail: `/${name}` };
            this.push(`/${name}`);
            this.mode = 'normal';
          }
          break; // the character that ended the name is read again as normal
        case 'normal':
          break;
      }
      if (isWhite(c) || isDelimiter(c)) {
        if (this.endWord()) return { type: 'stream', at: base + i, tokens: this.tokens };
        if (c === 37) this.mode = 'comment';
        else if (c === 40) {
          this.mode = 'string';
          this.depth = 1;
          this.text = '';
        } else if (c === 47) {
          this.mode = 'name';
          this.text = '';
        } else if (c === 60) this.pendingLess = true;
        else if (c === 62) this.pendingGreater = true;
      } else if (this.word.length < MAX_TOKEN) this.word += String.fromCharCode(c);
    }
    return { type: 'end' };
  }

  /** At the end of the bytes: a name or keyword that ends the file counts too. */
  finish(): LexEvent {
    if (this.mode === 'name') {
      const name = decodePdfName(this.text);
      if (ACTIVE_NAMES.has(name)) return { type: 'found', detail: `/${name}` };
    }
    return { type: 'end' };
  }
}

/** What a stream's dictionary says: whether it is an object stream, its filters, its direct /Length. */
function streamDictionary(tokens: readonly string[]): { objectStream: boolean; filters: string[]; length: number | null } {
  const typeAt = tokens.lastIndexOf('/Type');
  const filters: string[] = [];
  const filterAt = tokens.lastIndexOf('/Filter');
  if (filterAt >= 0) {
    for (const t of tokens.slice(filterAt + 1)) {
      const name = t.startsWith('/') ? t.slice(1) : null;
      if (!name || !(name.endsWith('Decode') || FILTER_ABBREVIATIONS.has(name))) break;
      filters.push(name);
    }
  }
  const lengthAt = tokens.lastIndexOf('/Length');
  const value = tokens[lengthAt + 1];
  const indirect = tokens[lengthAt + 3] === 'R';
  const length = lengthAt >= 0 && value && /^\d+$/.test(value) && !indirect ? Number(value) : null;
  return { objectStream: typeAt >= 0 && tokens[typeAt + 1] === '/ObjStm', filters, length };
}

/** Reads a ByteSource through one window kept in memory, so nearby reads cost nothing. */
class Windowed {
  private start = 0;
  private buf: Uint8Array = new Uint8Array(0);
  private readonly source: ByteSource;
  constructor(source: ByteSource) {
    this.source = source;
  }

  /** The bytes from `pos` to the end of a window (at least `min` of them unless the file ends sooner). */
  async from(pos: number, min = 1): Promise<Uint8Array> {
    const end = this.start + this.buf.length;
    if (pos < this.start || pos + min > end) {
      this.start = pos;
      this.buf = await this.source.read(pos, Math.max(WINDOW, min));
    }
    return this.buf.subarray(pos - this.start);
  }
}

const ENDSTREAM = Buffer.from('endstream', 'latin1');

/**
 * Where a stream's data ends: at its direct /Length when `endstream` follows there (what a viewer
 * reads), else at the next `endstream` (what viewers fall back to), else at the end of the file.
 */
async function streamEnd(bytes: Windowed, size: number, dataAt: number, length: number | null): Promise<number> {
  if (length !== null && dataAt + length <= size) {
    const after = latin1(await bytes.from(dataAt + length, 32)).slice(0, 32);
    if (/^\s*endstream/.test(after)) return dataAt + length;
  }
  for (let at = dataAt; at < size; at += WINDOW - ENDSTREAM.length) {
    const window = Buffer.from(await bytes.from(at, Math.min(WINDOW, size - at)));
    const found = window.indexOf(ENDSTREAM);
    if (found >= 0) return at + found;
    if (at + window.length >= size) break;
  }
  return size;
}

/** Lexes a whole buffer (an inflated object stream) for active names. */
function scanSyntax(bytes: Uint8Array): string | null {
  const lexer = new PdfLexer();
  let at = 0;
  while (at <= bytes.length) {
    const event = lexer.run(bytes.subarray(at), at);
    if (event.type === 'found') return event.detail;
    if (event.type === 'end') break;
    at = event.at; // no streams inside an object stream: go on after the keyword
    lexer.reset();
    at++;
  }
  const last = lexer.finish();
  return last.type === 'found' ? last.detail : null;
}

/**
 * Checks a PDF for active content:
 * - every name in the file's syntax, its #xx escapes decoded, against /JS, /JavaScript and
 *   /Launch (which also covers /OpenAction and /AA additional actions, since what they run is
 *   named so), and `javascript:` links in strings. The file is lexed as a viewer reads it, so a
 *   name inside a string or inside a stream's (binary) data does not count;
 * - the same inside object streams (PDF 1.5+ keeps most dictionaries there, compressed): each is
 *   inflated (FlateDecode, the filter they use) within MAX_INFLATED; one that cannot be read
 *   (another filter, encrypted, broken) is refused as uncheckable;
 * - HTML markup (<html, <script, <svg, <iframe …) in the whole file when small, else in its
 *   first and last 64 KB, where a browser sniffing the file or a page wrapped around the PDF
 *   would find it.
 * Returns the first finding, or null for a clean PDF.
 */
export async function scanPdf(source: ByteSource): Promise<PdfFinding | null> {
  const edges: [number, number][] = source.size <= POLYGLOT_WHOLE ? [[0, source.size]] : [[0, POLYGLOT_EDGE], [source.size - POLYGLOT_EDGE, POLYGLOT_EDGE]];
  for (const [at, length] of edges) {
    const markup = findHtmlMarkup(latin1(await source.read(at, length)));
    if (markup) return { reason: 'pdfPolyglot', detail: markup };
  }

  const bytes = new Windowed(source);
  const lexer = new PdfLexer();
  let inflatedTotal = 0;
  let pos = 0;
  while (pos < source.size) {
    const window = await bytes.from(pos);
    if (window.length === 0) break;
    const event = lexer.run(window, pos);
    if (event.type === 'found') return { reason: 'pdfActiveContent', detail: event.detail };
    if (event.type === 'end') {
      pos += window.length;
      continue;
    }
    // The data starts after the end of line that follows `stream` (CR LF or LF).
    const eol = await bytes.from(event.at, 2);
    const dataAt = event.at + (eol[0] === 13 && eol[1] === 10 ? 2 : eol[0] === 10 || eol[0] === 13 ? 1 : 0);
    const dict = streamDictionary(event.tokens);
    lexer.reset();
    if (dict.objectStream && dict.filters.length === 0) {
      pos = dataAt; // plain text: lexed like the rest of the file
      continue;
    }
    if (dict.objectStream) {
      if (dict.filters.length !== 1 || (dict.filters[0] !== 'FlateDecode' && dict.filters[0] !== 'Fl')) {
        return { reason: 'pdfUncheckable', detail: `object stream with ${dict.filters.join(' ')}` };
      }
      const compressed = await source.read(dataAt, Math.min(dict.length ?? MAX_COMPRESSED, MAX_COMPRESSED, source.size - dataAt));
      let inflated: Buffer;
      try {
        inflated = inflateSync(compressed, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: Math.max(1, MAX_INFLATED - inflatedTotal) });
      } catch {
        return { reason: 'pdfUncheckable', detail: 'object stream that cannot be inflated' };
      }
      inflatedTotal += inflated.length;
      const hidden = scanSyntax(inflated);
      if (hidden) return { reason: 'pdfActiveContent', detail: `${hidden} in an object stream` };
    }
    pos = await streamEnd(bytes, source.size, dataAt, dict.length);
  }
  const last = lexer.finish();
  return last.type === 'found' ? { reason: 'pdfActiveContent', detail: last.detail } : null;
}

/**
 * Whether an Office file carries macros, from the names of its parts:
 * - Word, Excel, PowerPoint 2007+ (a ZIP): a VBA project (`vbaProject.bin`, also what makes a
 *   .docm/.xlsm/.pptm), `vbaData.xml`, or Excel 4.0 macro sheets (`xl/macrosheets/`), which run
 *   without VBA;
 * - 97–2003 files (OLE2): the VBA storages, `_VBA_PROJECT_CUR` (Excel), `Macros` (Word), `VBA`
 *   and `_VBA_PROJECT` (PowerPoint keeps them inside its stream; those are not seen here).
 */
export function hasOfficeMacros(entryNames: readonly string[]): boolean {
  return entryNames.some((raw) => {
    const name = raw.toLowerCase();
    const base = name.slice(name.lastIndexOf('/') + 1);
    return (
      base === 'vbaproject.bin' ||
      base === 'vbadata.xml' ||
      name.includes('macrosheets/') ||
      raw === '_VBA_PROJECT_CUR' ||
      raw === 'Macros' ||
      raw === 'VBA' ||
      raw === '_VBA_PROJECT'
    );
  });
}
