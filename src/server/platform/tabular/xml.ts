/**
 * A small streaming XML tokenizer for the parts of an xlsx file: start and end tags with their
 * attributes, text with the five predefined entities and character references decoded, CDATA;
 * comments, processing instructions and the XML declaration are skipped. A DOCTYPE is refused
 * (no part of a workbook has one, and its entities are the way to XML bombs).
 *
 * Why not saxes (used before): it checks every character against the XML character classes and
 * builds each event through several states, which made reading a 100,000-row sheet cost about
 * twice reading the same rows as CSV; a sheet is millions of small tags, and this scanner finds
 * them with indexOf. What it does not check (name characters, a document that is well-formed in
 * every detail) changes nothing about what a well-formed part yields; a malformed one still fails:
 * a tag not closed, an end tag that does not match, a bad entity, text outside the root.
 */

export type XmlAttributes = Record<string, string>;

export interface XmlEvents {
  open?: (name: string, attributes: XmlAttributes) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
}

export class XmlSyntaxError extends Error {}

/** Pending text or an unfinished tag longer than this is no workbook part (cells hold at most 32,767 characters). */
const MAX_PENDING = 4 * 1024 * 1024;

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with its entity and character references decoded. */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', from)) {
    const semi = text.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) throw new XmlSyntaxError('bad entity');
    const ref = text.slice(amp + 1, semi);
    let decoded = NAMED[ref];
    if (decoded === undefined) {
      const code = ref.startsWith('#x') ? Number.parseInt(ref.slice(2), 16) : ref.startsWith('#') ? Number.parseInt(ref.slice(1), 10) : Number.NaN;
      if (!/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(ref) || !(code > 0 && code <= 0x10ffff)) throw new XmlSyntaxError('bad entity');
      decoded = String.fromCodePoint(code);
    }
    out += text.slice(from, amp) + decoded;
    from = semi + 1;
  }
  return out + text.slice(from);
}

/** Line ends as an XML processor hands them on: CR LF and a lone CR become LF (a CR written as &#13; stays). */
function normaliseLineEnds(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Attribute values as an XML processor normalises them: tabs and line ends become spaces, then entities decode. */
function attributeValue(raw: string): string {
  const spaced = raw.indexOf('\n') < 0 && raw.indexOf('\t') < 0 && raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n|[\t\n\r]/g, ' ');
  return decodeEntities(spaced);
}

export class XmlScanner {
  private pending = '';
  private readonly stack: string[] = [];
  private rootSeen = false;
  private readonly events: XmlEvents;

  constructor(events: XmlEvents) {
    this.events = events;
  }

  /** Feeds the next piece of the document (any split, even inside a tag or a reference). */
  write(chunk: string): void {
    const s = this.pending + chunk;
    const { text: onText, open: onOpen, close: onClose } = this.events;
    let at = 0;
    const end = s.length;
    while (at < end) {
      const lt = s.indexOf('<', at);
      if (lt < 0) break; // text up to the next tag: it may go on in the next chunk
      if (lt > at) {
        const raw = s.slice(at, lt);
        if (this.stack.length > 0) onText?.(decodeEntities(normaliseLineEnds(raw)));
        else if (!isBlank(raw)) throw new XmlSyntaxError('text outside the root element');
      }
      at = lt;
      const next = s.charCodeAt(lt + 1);
      if (Number.isNaN(next)) break;
      if (next === 0x21 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const close = s.indexOf('-->', lt + 4);
          if (close < 0) break;
          at = close + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const close = s.indexOf(']]>', lt + 9);
          if (close < 0) break;
          if (this.stack.length === 0) throw new XmlSyntaxError('CDATA outside the root element');
          onText?.(normaliseLineEnds(s.slice(lt + 9, close)));
          at = close + 3;
        } else if (end - lt < 9) {
          break; // too short yet to tell
        } else {
          throw new XmlSyntaxError('DOCTYPE or unknown markup');
        }
        continue;
      }
      if (next === 0x3f /* ? */) {
        const close = s.indexOf('?>', lt + 2);
        if (close < 0) break;
        at = close + 2;
        continue;
      }
      if (next === 0x2f /* / */) {
        const close = s.indexOf('>', lt + 2);
        if (close < 0) break;
        const name = s.slice(lt + 2, close).trimEnd();
        if (this.stack.pop() !== name) throw new XmlSyntaxError(`unexpected </${name}>`);
        onClose?.(localName(name));
        at = close + 1;
        continue;
      }
      // A start tag, read attribute by attribute (a value may hold '>'); null: it goes on in the next chunk.
      const tag = readTag(s, lt + 1);
      if (tag === null) break;
      if (this.stack.length === 0) {
        if (this.rootSeen) throw new XmlSyntaxError('a second root element');
        this.rootSeen = true;
      }
      const local = localName(tag.name);
      onOpen?.(local, tag.attributes);
      if (tag.selfClosing) onClose?.(local);
      else this.stack.push(tag.name);
      at = tag.end;
    }
    this.pending = s.slice(at);
    if (this.pending.length > MAX_PENDING) throw new XmlSyntaxError('text or tag too long');
  }

  /** The document has ended: anything unfinished is an error. */
  close(): void {
    if (this.stack.length > 0 || !this.rootSeen || !isBlank(this.pending)) throw new XmlSyntaxError('unexpected end of the document');
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Tag names without a namespace prefix (`x:row` from some producers is `row`). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

interface Tag {
  name: string;
  attributes: XmlAttributes;
  selfClosing: boolean;
  /** Index just past the tag's '>'. */
  end: number;
}

/**
 * The start tag whose name begins at `from` in `s` (just past its '<'): name, attributes (names as
 * written, prefixes kept) and where it ends; null when `s` ends before the tag does.
 */
export function readTag(s: string, from: number): Tag | null {
  const n = s.length;
  let i = from;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c) || c === 0x3e || c === 0x2f) break;
  }
  if (i >= n) return null;
  const name = s.slice(from, i);
  if (name === '') throw new XmlSyntaxError('a tag without a name');
  const attributes: XmlAttributes = {};
  for (;;) {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i >= n) return null;
    const c = s.charCodeAt(i);
    if (c === 0x3e /* > */) return { name, attributes, selfClosing: false, end: i + 1 };
    if (c === 0x2f /* / */) {
      if (i + 1 >= n) return null;
      if (s.charCodeAt(i + 1) !== 0x3e) throw new XmlSyntaxError(`bad end of <${name}>`);
      return { name, attributes, selfClosing: true, end: i + 2 };
    }
    const eq = s.indexOf('=', i);
    if (eq < 0) return null;
    const key = s.slice(i, eq).trimEnd();
    if (key === '' || /[\s<>/"']/.test(key)) throw new XmlSyntaxError(`bad attribute in <${name}>`);
    let q = eq + 1;
    while (q < n && isSpace(s.charCodeAt(q))) q++;
    if (q >= n) return null;
    const quote = s.charCodeAt(q);
    if (quote !== 0x22 && quote !== 0x27) throw new XmlSyntaxError(`unquoted attribute in <${name}>`);
    const close = s.indexOf(quote === 0x22 ? '"' : "'", q + 1);
    if (close < 0) return null;
    const raw = s.slice(q + 1, close);
    if (raw.indexOf('<') >= 0) throw new XmlSyntaxError(`< in an attribute of <${name}>`);
    attributes[key] = attributeValue(raw);
    i = close + 1;
  }
}
