import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quoteFontPath, woffToSfnt } from './quotes.font.ts';

describe('the quote font', () => {
  it('is unpacked from WOFF into the OpenType font it wraps, every table where its directory says', () => {
    const woff = readFileSync(quoteFontPath());
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
    const count = sfnt.readUInt16BE(4);
    expect(count).toBe(woff.readUInt16BE(12));
    const tags: string[] = [];
    for (let i = 0; i < count; i++) {
      const at = 12 + i * 16;
      const offset = sfnt.readUInt32BE(at + 8);
      const length = sfnt.readUInt32BE(at + 12);
      tags.push(sfnt.toString('latin1', at, at + 4));
      expect(offset % 4).toBe(0);
      expect(offset + length).toBeLessThanOrEqual(sfnt.length);
      // Same length as the WOFF directory gives as the original.
      expect(length).toBe(woff.readUInt32BE(44 + i * 20 + 12));
    }
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'head', 'name']));
    // head.magicNumber sits 12 bytes into the head table.
    const head = tags.indexOf('head');
    expect(sfnt.readUInt32BE(sfnt.readUInt32BE(12 + head * 16 + 8) + 12)).toBe(0x5f0f3cf5);
  });

  it('refuses what is not WOFF', () => {
    expect(() => woffToSfnt(Buffer.from('%PDF-1.7 not a font at all, but long enough to have a header'))).toThrow('not a WOFF');
  });
});
