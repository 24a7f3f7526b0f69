import { describe, expect, it } from 'vitest';
import { cleanInput } from './input.ts';

describe('cleanInput', () => {
  it('names the field of a NUL character, at any depth, also in object keys', () => {
    expect(cleanInput({ name: 'a\u0000b' }).problems).toEqual([{ path: 'name', key: 'validation.nulCharacter' }]);
    expect(cleanInput({ contacts: [{ phone: 'ok' }, { phone: '1\u00002' }] }).problems).toEqual([{ path: 'contacts.1.phone', key: 'validation.nulCharacter' }]);
    expect(cleanInput({ ['k\u0000']: 1 }).problems).toEqual([{ path: '(key)', key: 'validation.nulCharacter' }]);
    expect(cleanInput('x\u0000').problems).toEqual([{ path: 'body', key: 'validation.nulCharacter' }]);
  });

  it('refuses lone surrogates but keeps paired ones (emoji, rare CJK)', () => {
    expect(cleanInput({ q: '\ud800' }).problems).toEqual([{ path: 'q', key: 'validation.malformedUnicode' }]);
    expect(cleanInput({ q: 'a\udc00b' }).problems).toEqual([{ path: 'q', key: 'validation.malformedUnicode' }]);
    const fine = { q: '𠮷野家 👍' };
    expect(cleanInput(fine)).toEqual({ value: fine, problems: [] });
  });

  it('removes bidirectional controls and leaves everything else, returning the same object when nothing changed', () => {
    const input = { name: '华信\u202Egnp.exe', tags: ['\u2066A\u2069', 'B'], n: 3, ok: true, none: null };
    const { value, problems } = cleanInput(input);
    expect(problems).toEqual([]);
    expect(value).toEqual({ name: '华信gnp.exe', tags: ['A', 'B'], n: 3, ok: true, none: null });
    const untouched = { name: '上海华信精密机械有限公司', list: [1, 'x'] };
    expect(cleanInput(untouched).value).toBe(untouched);
    // Left-to-right/right-to-left marks are not controls of embedding and stay.
    expect(cleanInput({ t: 'a\u200Fb' }).value).toEqual({ t: 'a\u200Fb' });
  });
});

describe('cleanInput on what is not parsed text', () => {
  it('leaves streams, buffers and other objects alone (a raw upload is not walked)', async () => {
    const { Readable } = await import('node:stream');
    const stream = Readable.from(['a\u0000b']);
    expect(cleanInput(stream)).toEqual({ value: stream, problems: [] });
    const bytes = Buffer.from('a\u0000b');
    expect(cleanInput({ file: bytes }).value).toEqual({ file: bytes });
    expect(cleanInput(new Date(0)).problems).toEqual([]);
  });
});
