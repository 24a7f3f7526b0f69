import {
  ATTACHMENT_FAMILY_EXTENSIONS,
  ATTACHMENT_KIND_INFO,
  type AttachmentFamily,
  type AttachmentKind,
} from '../../../contracts/attachments.ts';
import { hasOfficeMacros, scanPdf } from './attachments.scan.ts';

/**
 * What an uploaded file is, told from its bytes, and what it may be called. Pure: the bytes
 * come through a `ByteSource`, so the same rules read a file on disk or a buffer in a test.
 */

/** Random access to the bytes of an upload. `read` returns fewer bytes at the end of the file. */
export interface ByteSource {
  size: number;
  read(position: number, length: number): Promise<Uint8Array>;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (position, length) => bytes.subarray(position, Math.min(bytes.length, position + length)) };
}

/** Why a file is refused. */
export type RefusalReason =
  | 'empty'
  | 'executable'
  | 'archive'
  | 'unsupportedType'
  | 'extensionMismatch'
  /** A PDF that runs JavaScript or launches programs, or whose object streams cannot be checked for that. */
  | 'pdfActiveContent'
  | 'pdfUncheckable'
  /** A PDF that is also an HTML page. */
  | 'pdfPolyglot'
  /** A Word, Excel or PowerPoint file with macros, while the installation does not allow them. */
  | 'officeMacros';

/**
 * What the content is: a kind, or an encrypted (password-protected) Word, Excel or PowerPoint
 * file, which is an OLE2 container whose family only the name tells.
 */
export type Detected =
  | { ok: true; kind: AttachmentKind | 'encryptedOffice'; /** An Office file with macros (see `hasOfficeMacros`). */ macros?: boolean }
  | { ok: false; reason: 'empty' | 'executable' | 'archive' | 'unsupportedType' };

const SNIFF_BYTES = 512;

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = [0x47, 0x49, 0x46, 0x38, 0x37, 0x61];
const GIF89 = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Windows (MZ), Linux (ELF), macOS (Mach-O 32/64 both byte orders, universal) programs, and scripts (#!). */
const EXECUTABLES = [
  [0x4d, 0x5a],
  [0x7f, 0x45, 0x4c, 0x46],
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  [0xca, 0xfe, 0xba, 0xbe],
  [0x23, 0x21],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return at + prefix.length <= bytes.length && prefix.every((b, i) => bytes[at + i] === b);
}

function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The kind of a file from its content:
 * - PDF (`%PDF-`), PNG, JPEG, GIF and WebP by their signatures;
 * - Word, Excel and PowerPoint (.docx/.xlsx/.pptx) as a ZIP whose central directory lists
 *   `[Content_Types].xml` and entries under `word/`, `xl/` or `ppt/`; any other ZIP is an archive;
 * - old Office files (.doc/.xls/.ppt) as an OLE2 container holding a `WordDocument`,
 *   `Workbook`/`Book` or `PowerPoint Document` stream; other OLE2 files (installers, Outlook
 *   messages) are refused; password-protected new Office files (`EncryptedPackage`) are accepted
 *   for their family, which only their name can tell;
 * - programs and scripts are refused as such, everything else (HTML, SVG, text, …) as unsupported.
 */
export async function detectContent(source: ByteSource): Promise<Detected> {
  if (source.size === 0) return { ok: false, reason: 'empty' };
  const head = await source.read(0, Math.min(source.size, SNIFF_BYTES));
  if (startsWith(head, PDF)) return { ok: true, kind: 'pdf' };
  if (startsWith(head, PNG)) return { ok: true, kind: 'png' };
  if (startsWith(head, JPEG)) return { ok: true, kind: 'jpeg' };
  if (startsWith(head, GIF87) || startsWith(head, GIF89)) return { ok: true, kind: 'gif' };
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return { ok: true, kind: 'webp' };
  if (startsWith(head, ZIP_LOCAL) || startsWith(head, ZIP_EMPTY)) {
    const names = await zipEntryNames(source);
    if (!names) return { ok: false, reason: 'unsupportedType' };
    const kind = officeOpenXmlKind(names);
    return kind ? { ok: true, kind, ...(hasOfficeMacros(names) && { macros: true }) } : { ok: false, reason: 'archive' };
  }
  if (startsWith(head, OLE2)) {
    const names = await compoundFileEntryNames(source);
    const kind = names ? legacyOfficeKind(names) : null;
    return kind && names ? { ok: true, kind, ...(hasOfficeMacros(names) && { macros: true }) } : { ok: false, reason: 'unsupportedType' };
  }
  if (EXECUTABLES.some((signature) => startsWith(head, signature))) return { ok: false, reason: 'executable' };
  return { ok: false, reason: 'unsupportedType' };
}

/** docx, xlsx or pptx from the entry names of a ZIP, or null for any other ZIP. */
export function officeOpenXmlKind(names: readonly string[]): 'docx' | 'xlsx' | 'pptx' | null {
  const lower = names.map((n) => n.toLowerCase());
  if (!lower.includes('[content_types].xml')) return null;
  if (lower.some((n) => n.startsWith('word/'))) return 'docx';
  if (lower.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (lower.some((n) => n.startsWith('ppt/'))) return 'pptx';
  return null;
}

/** doc, xls or ppt from the stream names of an OLE2 file (or an encrypted new Office file). */
export function legacyOfficeKind(names: readonly string[]): 'doc' | 'xls' | 'ppt' | 'encryptedOffice' | null {
  const set = new Set(names);
  if (set.has('WordDocument')) return 'doc';
  if (set.has('Workbook') || set.has('Book')) return 'xls';
  if (set.has('PowerPoint Document')) return 'ppt';
  if (set.has('EncryptedPackage') && set.has('EncryptionInfo')) return 'encryptedOffice';
  return null;
}

const ZIP_END = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const ZIP_CENTRAL = 0x02014b50;
/** A central directory larger than this is not an office document we would take (20 MB files have a few hundred entries). */
const MAX_DIRECTORY_BYTES = 8 * 1024 * 1024;

/** The entry names of a ZIP from its central directory (ZIP64 included), or null when it has none readable. */
export async function zipEntryNames(source: ByteSource): Promise<string[] | null> {
  const tailLength = Math.min(source.size, 22 + 65_535);
  const tail = view(await source.read(source.size - tailLength, tailLength));
  let end = tail.length - 22;
  while (end >= 0 && tail.readUInt32LE(end) !== ZIP_END) end--;
  if (end < 0) return null;
  let count = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locatorAt = end - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== ZIP64_LOCATOR) return null;
    const record = view(await source.read(Number(tail.readBigUInt64LE(locatorAt + 8)), 56));
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_END) return null;
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > source.size) return null;
  const directory = view(await source.read(directoryOffset, directorySize));
  const names: string[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== ZIP_CENTRAL) return null;
    const utf8 = (directory.readUInt16LE(at + 8) & 0x0800) !== 0;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    if (at + 46 + nameLength > directory.length) return null;
    names.push(directory.toString(utf8 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const FREE_SECTOR_MIN = 0xfffffffa; // MAXREGSECT + 1: ids from here on end a chain or mark special sectors
/** Bounds on what is read of a compound file: loops in a damaged file end here. */
const MAX_FAT_SECTORS = 4096;
const MAX_DIRECTORY_SECTORS = 4096;

/**
 * The names of the storages and streams of an OLE2 compound file (MS-CFB): the header, the FAT
 * sectors it needs and the directory chain; null when the file is not a readable compound file.
 */
export async function compoundFileEntryNames(source: ByteSource): Promise<string[] | null> {
  const header = view(await source.read(0, 512));
  if (header.length < 512 || !startsWith(header, OLE2)) return null;
  const sectorShift = header.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) return null;
  const sectorSize = 1 << sectorShift;
  const idsPerSector = sectorSize / 4;
  const fatSectorCount = header.readUInt32LE(0x2c);
  if (fatSectorCount > MAX_FAT_SECTORS) return null;
  const readSector = async (id: number) => {
    const bytes = view(await source.read((id + 1) * sectorSize, sectorSize));
    return bytes.length === sectorSize ? bytes : null;
  };

  // Where the FAT sectors are: 109 in the header, the rest in the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < fatSectorCount; i++) fatSectors.push(header.readUInt32LE(0x4c + i * 4));
  let difat = header.readUInt32LE(0x44);
  const seenDifat = new Set<number>();
  while (fatSectors.length < fatSectorCount && difat < FREE_SECTOR_MIN && !seenDifat.has(difat)) {
    seenDifat.add(difat);
    const sector = await readSector(difat);
    if (!sector) return null;
    for (let i = 0; i < idsPerSector - 1 && fatSectors.length < fatSectorCount; i++) fatSectors.push(sector.readUInt32LE(i * 4));
    difat = sector.readUInt32LE((idsPerSector - 1) * 4);
  }

  const fatCache = new Map<number, Buffer | null>();
  const next = async (id: number): Promise<number | null> => {
    const index = Math.floor(id / idsPerSector);
    const fatSector = fatSectors[index];
    if (fatSector === undefined || fatSector >= FREE_SECTOR_MIN) return null;
    if (!fatCache.has(index)) fatCache.set(index, await readSector(fatSector));
    const sector = fatCache.get(index);
    return sector ? sector.readUInt32LE((id % idsPerSector) * 4) : null;
  };

  const names: string[] = [];
  const seen = new Set<number>();
  let id: number | null = header.readUInt32LE(0x30);
  while (id !== null && id < FREE_SECTOR_MIN) {
    if (seen.has(id) || seen.size >= MAX_DIRECTORY_SECTORS) return null;
    seen.add(id);
    const sector = await readSector(id);
    if (!sector) return null;
    for (let at = 0; at + 128 <= sector.length; at += 128) {
      const type = sector[at + 0x42];
      const nameLength = sector.readUInt16LE(at + 0x40);
      // 1 storage, 2 stream, 5 root; 0 is an unused entry. The length counts the final NUL.
      if (type === 0 || nameLength < 2 || nameLength > 64) continue;
      names.push(sector.toString('utf16le', at, at + nameLength - 2));
    }
    id = await next(id);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Names

/** Longest name kept, in UTF-8 bytes: what file systems allow (255) less room for " (2)" and the like. */
export const MAX_FILE_NAME_BYTES = 200;
/** The name of a file whose name has nothing left after sanitising. */
export const DEFAULT_FILE_NAME = '附件';

// Control characters, the C1 block, zero-width and direction marks/overrides (which can make
// "gpj.exe" look like "exe.jpg"), line/paragraph separators and the byte order mark.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const WINDOWS_RESERVED = /[<>:"|?*]/g;
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
// An extension has a letter: "v1.2" has none, "scan.jpg" has one.
const EXTENSION = /\.(?=[0-9]*[A-Za-z])([A-Za-z0-9]{1,10})$/;

/** The extension of a name, lower case without the dot ('' when it has none). */
export function extensionOf(name: string): string {
  return EXTENSION.exec(name)?.[1]?.toLowerCase() ?? '';
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * A file name safe to store and to offer in a download on any system: only the last path part,
 * without control, invisible and direction characters, with characters Windows forbids replaced
 * by `_`, without leading or trailing dots and spaces, not a Windows device name, and at most
 * MAX_FILE_NAME_BYTES long with its extension kept. Chinese and other letters stay as they are.
 * Nothing left → DEFAULT_FILE_NAME (a bare extension such as ".pdf" keeps it: "附件.pdf").
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base.replace(INVISIBLE, '').replace(WINDOWS_RESERVED, '_').replace(/\s+/g, ' ');
  const onlyExtension = /^[\s.]*\.[A-Za-z0-9]{1,10}$/.test(name);
  name = name.replace(/^[\s.]+|[\s.]+$/g, '');
  if (onlyExtension) name = `${DEFAULT_FILE_NAME}.${name}`;
  if (!name) return DEFAULT_FILE_NAME;
  if (DEVICE_NAME.test(name)) name = `_${name}`;
  return capLength(name, MAX_FILE_NAME_BYTES);
}

/** Cuts the part before the extension (on whole characters) until the name fits in `maxBytes`. */
function capLength(name: string, maxBytes: number): string {
  if (utf8Length(name) <= maxBytes) return name;
  const ext = EXTENSION.exec(name)?.[0] ?? '';
  const chars = Array.from(name.slice(0, name.length - ext.length));
  let stem = '';
  let bytes = utf8Length(ext);
  for (const ch of chars) {
    const size = utf8Length(ch);
    if (bytes + size > maxBytes) break;
    stem += ch;
    bytes += size;
  }
  stem = stem.replace(/[\s.]+$/, '');
  return `${stem || DEFAULT_FILE_NAME}${ext}`;
}

const FAMILY_OF_EXTENSION = new Map<string, AttachmentFamily>(
  (Object.entries(ATTACHMENT_FAMILY_EXTENSIONS) as [AttachmentFamily, readonly string[]][]).flatMap(([family, exts]) => exts.map((e) => [e, family] as const)),
);
const ENCRYPTED_KIND: Partial<Record<AttachmentFamily, AttachmentKind>> = { word: 'docx', excel: 'xlsx', powerpoint: 'pptx' };

export type NameCheck =
  | { ok: true; kind: AttachmentKind; fileName: string }
  | { ok: false; reason: 'extensionMismatch'; params: { extension: string; detected: string } }
  | { ok: false; reason: 'unsupportedType' };

/**
 * Whether a (sanitised) name fits the detected content: its extension must belong to the
 * content's family (a PNG may be called .jpg, not .pdf; a program renamed .pdf never gets here, it
 * is refused by its content). A name without an extension gets the kind's own.
 */
export function checkName(fileName: string, detected: AttachmentKind | 'encryptedOffice'): NameCheck {
  const ext = extensionOf(fileName);
  if (detected === 'encryptedOffice') {
    const kind = ENCRYPTED_KIND[FAMILY_OF_EXTENSION.get(ext) ?? 'pdf'];
    return kind ? { ok: true, kind, fileName } : { ok: false, reason: 'unsupportedType' };
  }
  const info = ATTACHMENT_KIND_INFO[detected];
  if (ext === '') return { ok: true, kind: detected, fileName: capLength(`${fileName}.${info.extension}`, MAX_FILE_NAME_BYTES) };
  if (ATTACHMENT_FAMILY_EXTENSIONS[info.family].includes(ext)) return { ok: true, kind: detected, fileName };
  return { ok: false, reason: 'extensionMismatch', params: { extension: ext, detected: info.label } };
}

export type Verdict =
  | { ok: true; kind: AttachmentKind; contentType: string; fileName: string }
  | { ok: false; reason: RefusalReason; params: Record<string, string> };

/** What the installation allows beyond the defaults (the attachment settings). */
export interface ContentPolicy {
  allowOfficeMacros: boolean;
}

/**
 * The whole check of an upload: its name sanitised, its content detected, the two agreeing, and
 * no active content: a PDF must pass `scanPdf`, an Office file must have no macros unless the
 * policy allows them.
 */
export async function classifyUpload(source: ByteSource, rawName: string, policy: ContentPolicy = { allowOfficeMacros: false }): Promise<Verdict> {
  const fileName = sanitizeFileName(rawName);
  const detected = await detectContent(source);
  if (!detected.ok) return { ok: false, reason: detected.reason, params: {} };
  const named = checkName(fileName, detected.kind);
  if (!named.ok) return { ok: false, reason: named.reason, params: named.reason === 'extensionMismatch' ? named.params : {} };
  if (detected.macros && !policy.allowOfficeMacros) return { ok: false, reason: 'officeMacros', params: {} };
  if (named.kind === 'pdf') {
    const finding = await scanPdf(source);
    if (finding) return { ok: false, reason: finding.reason, params: {} };
  }
  return { ok: true, kind: named.kind, contentType: ATTACHMENT_KIND_INFO[named.kind].contentType, fileName: named.fileName };
}
