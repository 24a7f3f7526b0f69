import { open } from 'node:fs/promises';
import { TabularError } from './errors.ts';

export type TabularType = 'xlsx' | 'csv';

/** How many leading bytes `detectFileType` wants to see (it works with fewer, e.g. a tiny file). */
export const SNIFF_BYTES = 64 * 1024;

const ZIP_LOCAL = 0x04034b50; // "PK\x03\x04", little-endian
const ZIP_CENTRAL = 0x02014b50; // "PK\x01\x02"
const ZIP_EMPTY = 0x06054b50; // "PK\x05\x06": end of central directory with no entries
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * Names of the zip entries whose headers lie within `head`. Writers put `[Content_Types].xml`,
 * `_rels/` and `xl/workbook.xml` (all small) first, so 64 KB always reaches an `xl/` entry; a
 * small file is read whole, central directory included.
 */
function zipEntryNames(head: Uint8Array): string[] {
  const view = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const names: string[] = [];
  for (let i = view.indexOf('PK'); i >= 0 && i + 4 <= view.length; i = view.indexOf('PK', i + 1)) {
    const signature = view.readUInt32LE(i);
    const [lengthAt, nameAt] = signature === ZIP_LOCAL ? [26, 30] : signature === ZIP_CENTRAL ? [28, 46] : [-1, -1];
    if (lengthAt < 0 || i + nameAt > view.length) continue;
    const nameLength = view.readUInt16LE(i + lengthAt);
    if (i + nameAt + nameLength > view.length) continue;
    names.push(view.toString('latin1', i + nameAt, i + nameAt + nameLength));
  }
  return names;
}

/** Control characters that never occur in a text file (tab, LF, FF, CR and SUB — DOS end of file — do). */
function isBinaryByte(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1a;
}

const MARKUP = /^\s*<(\?xml|html|!doctype|table)/i;

/**
 * The type of an uploaded spreadsheet from its first bytes, never from its name: a renamed
 * executable is refused, a CSV saved as "客户.xlsx" is still read as CSV.
 * - xlsx: a zip (`PK\x03\x04`) with entries under `xl/`; other zips (.docx, .ods) are refused;
 * - .xls: the OLE2 container (`D0 CF 11 E0`), also used by password-protected workbooks: refused
 *   with its own message ("save as .xlsx");
 * - CSV: anything else that looks like text — no NUL or other control bytes (UTF-16 only with its
 *   BOM), not PDF, not HTML/XML (what some systems export under an .xls name).
 */
export function detectFileType(head: Uint8Array): TabularType {
  if (head.length >= 4) {
    const signature = Buffer.from(head.buffer, head.byteOffset, 4).readUInt32LE(0);
    if (signature === ZIP_LOCAL || signature === ZIP_EMPTY) {
      if (zipEntryNames(head).some((name) => name.toLowerCase().startsWith('xl/'))) return 'xlsx';
      throw new TabularError('unsupportedType');
    }
  }
  if (startsWith(head, OLE2)) throw new TabularError('xlsNotSupported');
  // UTF-16 text (Excel's "Unicode text") is told by its byte order mark and has NULs by nature.
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return 'csv';
  if (head.some(isBinaryByte)) throw new TabularError('unsupportedType');
  const start = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 256)).toString('latin1');
  if (start.startsWith('%PDF') || MARKUP.test(start.replace(/^\u00ef\u00bb\u00bf/, ''))) throw new TabularError('unsupportedType');
  return 'csv';
}

/** `detectFileType` on the first bytes of a file on disk. */
export async function detectFileTypeOfFile(path: string): Promise<TabularType> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(head, 0, SNIFF_BYTES, 0);
    return detectFileType(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}
