import { describe, expect, it } from 'vitest';
import { AutoDecoder, CsvParser, MAX_COLUMNS, MAX_FIELD_LENGTH, sniffDelimiter, type CsvRecord } from './csv.ts';
import { TabularError } from './errors.ts';

/** GBK codes of the characters used here, from the GB 2312 table (not from the decoder under test). */
const GBK: Record<string, string> = {
  公: 'b9ab', 司: 'cbbe', 名: 'c3fb', 称: 'b3c6', 手: 'cad6', 机: 'bbfa', 北: 'b1b1', 京: 'bea9',
  中: 'd6d0', 文: 'cec4', 有: 'd3d0', 限: 'cfde', 上: 'c9cf', 海: 'baa3', 电: 'b5e7', 话: 'bbb0',
  '€': '80', '𠀀': '95328236', // CP936's euro sign; a GB18030 four-byte character (U+20000)
};

function gbk(text: string): Buffer {
  return Buffer.concat(
    [...text].map((ch) => {
      if (ch.charCodeAt(0) < 0x80) return Buffer.from(ch, 'latin1');
      const hex = GBK[ch];
      if (!hex) throw new Error(`no GBK code for ${ch} in the test table`);
      return Buffer.from(hex, 'hex');
    }),
  );
}

function decodeAll(bytes: Buffer, chunkSize = bytes.length || 1): { text: string; encoding: string | null } {
  const decoder = new AutoDecoder();
  let text = '';
  for (let i = 0; i < bytes.length; i += chunkSize) text += decoder.push(bytes.subarray(i, i + chunkSize));
  text += decoder.end();
  return { text, encoding: decoder.encoding };
}

function parse(text: string, pieces: string[] = [text], delimiter?: ',' | ';' | '\t'): string[][] {
  const parser = new CsvParser(delimiter);
  const records: CsvRecord[] = [];
  for (const piece of pieces) records.push(...parser.push(piece));
  records.push(...parser.end());
  return records.map((r) => r.cells);
}

function problemOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof TabularError) return error.problem;
    throw error;
  }
  return undefined;
}

describe('AutoDecoder', () => {
  it('decodes GBK bytes (what Chinese Excel saves as CSV) as GB18030', () => {
    const bytes = gbk('公司名称,手机\r\n北京中文有限公司,13812345678\r\n');
    expect(bytes.toString('hex').startsWith('b9abcbbec3fbb3c6')).toBe(true);
    expect(decodeAll(bytes)).toEqual({ text: '公司名称,手机\r\n北京中文有限公司,13812345678\r\n', encoding: 'gb18030' });
  });

  it('decodes GB18030 four-byte characters and the CP936 euro sign', () => {
    expect(decodeAll(gbk('名称\n𠀀€\n'))).toEqual({ text: '名称\n𠀀€\n', encoding: 'gb18030' });
  });

  it('gives the same text however the bytes are split, even inside a character', () => {
    const gbkBytes = gbk('公司名称,电话\n上海中文有限公司,021\n𠀀\n');
    const utf8Bytes = Buffer.from('公司名称,电话\n上海中文有限公司,021\n𠀀\n', 'utf8');
    for (const size of [1, 2, 3, 5, 7]) {
      expect(decodeAll(gbkBytes, size)).toEqual(decodeAll(gbkBytes));
      expect(decodeAll(utf8Bytes, size)).toEqual({ text: '公司名称,电话\n上海中文有限公司,021\n𠀀\n', encoding: 'utf-8' });
    }
  });

  it('reads UTF-8 with and without BOM, dropping the BOM', () => {
    expect(decodeAll(Buffer.from('\ufeff名称\n客户\n', 'utf8'))).toEqual({ text: '名称\n客户\n', encoding: 'utf-8' });
    expect(decodeAll(Buffer.from('名称\n客户\n', 'utf8'))).toEqual({ text: '名称\n客户\n', encoding: 'utf-8' });
    expect(decodeAll(Buffer.from('\ufeffname\n', 'utf8'), 1)).toEqual({ text: 'name\n', encoding: 'utf-8' });
  });

  it('reads UTF-16 with its BOM (Excel\'s "Unicode text")', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称\t电话\n', 'utf16le')]);
    expect(decodeAll(le, 3)).toEqual({ text: '名称\t电话\n', encoding: 'utf-16le' });
    const be = Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称\n', 'utf16le')]).swap16());
    expect(decodeAll(be)).toEqual({ text: '名称\n', encoding: 'utf-16be' });
  });

  it('calls a pure-ASCII file UTF-8 and passes ASCII through before deciding', () => {
    const decoder = new AutoDecoder();
    expect(decoder.push(Buffer.from('name,phone\n'))).toBe('name,phone\n');
    expect(decoder.encoding).toBeNull();
    expect(decoder.end()).toBe('');
    expect(decoder.encoding).toBe('utf-8');
    expect(decodeAll(Buffer.alloc(0))).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('decides on the bytes after the first non-ASCII one, however late it comes', () => {
    const ascii = 'id,name\n'.repeat(20_000); // 160 KB before the first Chinese character
    expect(decodeAll(Buffer.concat([Buffer.from(ascii), gbk('1,北京\n')]), 4096)).toEqual({ text: `${ascii}1,北京\n`, encoding: 'gb18030' });
    expect(decodeAll(Buffer.from(`${ascii}1,北京\n`, 'utf8'), 4096)).toEqual({ text: `${ascii}1,北京\n`, encoding: 'utf-8' });
  });

  it('refuses a file that turns from UTF-8 into other bytes after the deciding window', () => {
    const utf8 = Buffer.from('名称\n'.repeat(20_000), 'utf8'); // 140 KB of valid UTF-8
    expect(problemOf(() => decodeAll(Buffer.concat([utf8, gbk('北京\n')]), 8192))).toBe('badEncoding');
  });

  it('refuses bytes that are neither UTF-8 nor GB18030', () => {
    // 0xFF is never a GB18030 lead byte, and not UTF-8.
    expect(problemOf(() => decodeAll(Buffer.from([0x61, 0x2c, 0xff, 0xff, 0x0a])))).toBe('badEncoding');
  });

  it('refuses a UTF-8 file cut inside a character', () => {
    const whole = Buffer.from(`${'名'.repeat(30_000)}\n北京`, 'utf8');
    expect(decodeAll(whole, 4096).encoding).toBe('utf-8');
    expect(problemOf(() => decodeAll(whole.subarray(0, whole.length - 1), 4096))).toBe('badEncoding');
  });
});

describe('CsvParser', () => {
  it('parses quoted fields with delimiters, doubled quotes and line breaks', () => {
    const text = 'name,note\r\n"上海华信, 有限公司","他说""你好"""\r\n"多行\r\n备注\n第三行",x\r\n';
    expect(parse(text)).toEqual([
      ['name', 'note'],
      ['上海华信, 有限公司', '他说"你好"'],
      ['多行\r\n备注\n第三行', 'x'],
    ]);
  });

  it('accepts CRLF, LF and lone CR line ends, and a last line without one', () => {
    expect(parse('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps empty fields, trailing delimiters and blank lines (as records of one empty cell)', () => {
    expect(parse('a,,c,\n\n,\n')).toEqual([['a', '', 'c', ''], [''], ['', '']]);
    expect(parse('')).toEqual([]);
    expect(parse('"",""\n')).toEqual([['', '']]);
  });

  it('numbers records as Excel numbers rows, a multi-line record counting once', () => {
    const parser = new CsvParser();
    const records = [...parser.push('h1,h2\n"a\nb",c\n\nd,e\n'), ...parser.end()];
    expect(records.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4]);
    expect(records[3]?.cells).toEqual(['d', 'e']);
  });

  it('is lenient where Excel is: stray quotes in unquoted fields, text after a closing quote', () => {
    expect(parse('a,b\n5" screen,"quoted"tail\n')).toEqual([
      ['a', 'b'],
      ['5" screen', 'quotedtail'],
    ]);
  });

  it('gives the same records however the text is split', () => {
    const text = 'name,note\r\n"a,b","x""y"\r\n"l1\r\nl2",z\r\n\r\nlast,"q"';
    const whole = parse(text);
    for (let i = 0; i <= text.length; i++) expect(parse(text, [text.slice(0, i), text.slice(i)])).toEqual(whole);
    expect(parse(text, [...text])).toEqual(whole);
  });

  it('refuses a quote that never closes, naming its row', () => {
    const parser = new CsvParser();
    parser.push('a,b\n1,"open\n2,3\n');
    try {
      parser.end();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TabularError);
      expect((error as TabularError).problem).toBe('malformedCsv');
      expect((error as TabularError).params).toEqual({ row: 2 });
    }
  });

  it('refuses a field longer than any cell (an unclosed quote swallowing the file)', () => {
    const parser = new CsvParser(',');
    expect(problemOf(() => parser.push(`a\n"${'x'.repeat(MAX_FIELD_LENGTH + 1)}`))).toBe('malformedCsv');
  });

  it('refuses a record with more fields than Excel has columns', () => {
    expect(parse(`${','.repeat(MAX_COLUMNS - 1)}\n`)[0]).toHaveLength(MAX_COLUMNS);
    expect(problemOf(() => parse(`${','.repeat(MAX_COLUMNS)}\n`))).toBe('malformedCsv');
  });

  it('sniffs comma, semicolon or tab from the header line, ignoring quoted text', () => {
    expect(sniffDelimiter('名称,电话,地址')).toBe(',');
    expect(sniffDelimiter('名称;电话;地址')).toBe(';');
    expect(sniffDelimiter('名称\t电话\t"a,b,c"')).toBe('\t');
    expect(sniffDelimiter('"a;b;c",d\n1;2;3;4;5')).toBe(',');
    expect(sniffDelimiter('名称')).toBe(',');
    expect(parse('名称;电话\n"北京;1";2\n')).toEqual([
      ['名称', '电话'],
      ['北京;1', '2'],
    ]);
    expect(parse('a\tb\n1\t2', ['a\t', 'b\n1\t2'])).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('uses a given delimiter without sniffing', () => {
    expect(parse('a;b,c\n', undefined, ',')).toEqual([['a;b', 'c']]);
  });
});
