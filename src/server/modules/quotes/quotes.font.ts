import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

/**
 * The CJK font of the quote PDF (Noto Sans SC, from the npm package @openfonts/noto-sans-sc_all).
 *
 * The package ships it as WOFF only. fontkit (inside pdfkit) reads WOFF, but inflates a table
 * again each time it is read, and laying out and subsetting the 6 MB CJK font reads the big
 * tables many times: one page took about 18 s. Unpacked once into the plain OpenType font it
 * wraps (WOFF 1.0 is zlib-compressed sfnt tables, nothing more), the same page takes well under
 * 100 ms. The unpacked font (about 10 MB) is kept for the life of the process.
 */

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'

/** The sfnt (OpenType/TrueType) font a WOFF 1.0 file wraps, byte for byte as before packing. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.readUInt32BE(0) !== WOFF_SIGNATURE) throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 44 + i * 20;
    const tag = woff.readUInt32BE(at);
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const checksum = woff.readUInt32BE(at + 16);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('WOFF table of the wrong length');
    tables.push({ tag, checksum, data });
  }
  // The offset table's binary-search fields (OpenType spec, "Table Directory").
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= count) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const padded = (n: number) => (n + 3) & ~3;
  const headerLength = 12 + 16 * count;
  const out = Buffer.alloc(tables.reduce((sum, t) => sum + padded(t.data.length), headerLength));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(count * 16 - searchRange, 10);
  let offset = headerLength;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += padded(t.data.length);
  });
  return out;
}

export function quoteFontPath(): string {
  return createRequire(import.meta.url).resolve('@openfonts/noto-sans-sc_all/files/noto-sans-sc-all-400.woff');
}

let font: Promise<Buffer> | null = null;

/** The unpacked font, read and unpacked on first use. */
export function quoteFont(): Promise<Buffer> {
  font ??= readFile(quoteFontPath())
    .then(woffToSfnt)
    .catch((err: unknown) => {
      font = null;
      throw err;
    });
  return font;
}
