import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../../../../test/helpers/zip.ts';
import { hasMessage, translate } from '../http/messages.ts';
import { TabularError } from './errors.ts';
import { columnLetter, headerNames, openTable, readRows, type ReadOptions } from './read.ts';

const LIMITS: ReadOptions = { maxRows: 1000, maxBytes: 10_000_000 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehu-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function bytesStream(bytes: Buffer, chunkSize = 16 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

async function readAll(source: Readable | string | Buffer, options: Partial<ReadOptions> = {}) {
  const table = await openTable(Buffer.isBuffer(source) ? bytesStream(source) : source, { ...LIMITS, ...options });
  const rows: { rowNumber: number; values: Record<string, string> }[] = [];
  for await (const row of table.rows) rows.push({ rowNumber: row.rowNumber, values: { ...row.values } });
  return { type: table.type, encoding: table.encoding, headers: table.headers, headerRowNumber: table.headerRowNumber, rows };
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TabularError) return error.problem;
    throw error;
  }
  return 'none';
}

/** An xlsx as Excel users make them: a merged title, dates, numbers typed as numbers, rich text, formulas. */
async function customerWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(['客户信息表']);
  sheet.mergeCells('A1:H1');
  sheet.addRow(['客户名称', '手机', '首次接触', '登记时间', '邮编', '金额', '备注', '网站']);
  sheet.addRow([
    { richText: [{ text: '上海' }, { font: { bold: true }, text: '华信精密机械' }, { text: '有限公司' }] },
    13812345678,
    new Date(Date.UTC(2024, 2, 5)),
    new Date(Date.UTC(2024, 2, 5, 14, 30)),
    10010,
    0.1 + 0.2,
    { formula: 'CONCATENATE("重点","客户")', result: '重点客户' },
    { text: 'huaxin.example.com', hyperlink: 'https://huaxin.example.com' },
  ]);
  sheet.addRow([]);
  sheet.addRow(['北京中关村科技有限公司', '010-62345678', { formula: 'C3+1', result: 45357 }, null, null, -1234.5, true, { error: '#N/A' }]);
  sheet.mergeCells('G5:H5');
  sheet.getColumn(3).numFmt = 'yyyy-mm-dd';
  sheet.getCell('C3').numFmt = 'yyyy-mm-dd';
  sheet.getCell('C5').numFmt = 'yyyy-mm-dd';
  sheet.getCell('D3').numFmt = 'yyyy-mm-dd hh:mm';
  sheet.getCell('E3').numFmt = '000000';
  workbook.addWorksheet('Sheet2').addRow(['其他', '数据']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('openTable on xlsx', () => {
  it('reads the first sheet as text: rich text, numbers without artefacts, ISO dates, formula results', async () => {
    const table = await readAll(await customerWorkbook());
    expect(table.type).toBe('xlsx');
    expect(table.encoding).toBeNull();
    expect(table.headerRowNumber).toBe(2); // the merged title row above is skipped
    expect(table.headers).toEqual(['客户名称', '手机', '首次接触', '登记时间', '邮编', '金额', '备注', '网站']);
    expect(table.rows).toEqual([
      {
        rowNumber: 3,
        values: {
          客户名称: '上海华信精密机械有限公司',
          手机: '13812345678',
          首次接触: '2024-03-05',
          登记时间: '2024-03-05T14:30:00',
          邮编: '010010',
          金额: '0.3',
          备注: '重点客户',
          网站: 'huaxin.example.com',
        },
      },
      {
        rowNumber: 5,
        values: { 客户名称: '北京中关村科技有限公司', 手机: '010-62345678', 首次接触: '2024-03-06', 登记时间: '', 邮编: '', 金额: '-1234.5', 备注: 'TRUE', 网站: '' },
      },
    ]);
  });

  it('reads the same from a path as from a stream', async () => {
    const path = join(dir, 'customers.xlsx');
    await writeFile(path, await customerWorkbook());
    expect(await readAll(path)).toEqual(await readAll(await customerWorkbook()));
  });

  it('reads a file laid out as Excel writes it: shared strings after the sheets, hidden first sheet, 1904 dates, inline strings', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
    const zip = makeZip([
      ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
      ['_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'],
      [
        'xl/workbook.xml',
        `<?xml version="1.0"?><workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="Lists" sheetId="1" state="hidden" r:id="rId1"/><sheet name="客户" sheetId="2" r:id="rId2"/></sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}" Target="worksheets/sheet2.xml"/></Relationships>`,
      ],
      ['xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet ${ns}><sheetData><row r="1"><c r="A1" t="s"><v>3</v></c></row></sheetData></worksheet>`],
      [
        'xl/worksheets/sheet2.xml',
        `<?xml version="1.0"?><worksheet ${ns}><sheetData>` +
          '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2" t="inlineStr"><is><t>联系人</t></is></c><c r="E2" t="s"><v>0</v></c></row>' +
          '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="1"><v>43894</v></c><c r="C3"><v>1.3812345678E10</v></c><c r="D3" t="inlineStr"><is><t xml:space="preserve"> 张三 </t></is></c><c r="E3" t="str"><f>A3</f><v>x</v></c><c r="F3"><v>99</v></c></row>' +
          '</sheetData></worksheet>',
      ],
      [
        'xl/styles.xml',
        `<?xml version="1.0"?><styleSheet ${ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
      ],
      ['xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${ns}><si><t>客户名称</t></si><si><t>手机</t></si><si><r><t>杭州</t></r><r><rPr><b/></rPr><t>西湖</t></r></si><si><t>隐藏</t></si></sst>`],
    ]);
    const table = await readAll(zip);
    // Column B has no header, E repeats A's; F is beyond the header and not read.
    expect(table.headers).toEqual(['客户名称', '[B]', '手机', '联系人', '客户名称 (2)']);
    expect(table.headerRowNumber).toBe(2);
    expect(table.rows).toEqual([
      { rowNumber: 3, values: { 客户名称: '杭州西湖', '[B]': '2024-03-05', 手机: '13812345678', 联系人: ' 张三 ', '客户名称 (2)': 'x' } },
    ]);
  });

  it('reads a workbook whose entries are stored uncompressed, without styles, sheet named otherwise', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const zip = makeZip(
      [
        ['xl/workbook.xml', `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>`],
        [
          'xl/_rels/workbook.xml.rels',
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="/xl/worksheets/data.xml"/></Relationships>',
        ],
        ['xl/worksheets/data.xml', `<x:worksheet ${ns.replace('xmlns=', 'xmlns:x=')}><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c></x:row><x:row><x:c t="s"><x:v>2</x:v></x:c><x:c><x:v>13812345678</x:v></x:c></x:row></x:sheetData></x:worksheet>`],
        ['xl/sharedStrings.xml', `<sst ${ns}><si><t>名称</t></si><si><t>电话</t></si><si><t>A &amp;lt; B</t></si></sst>`],
      ],
      'store',
    );
    const table = await readAll(zip);
    expect(table.headers).toEqual(['名称', '电话']);
    // Rows and cells without references count on from the previous one; entities are decoded once.
    expect(table.rows).toEqual([{ rowNumber: 2, values: { 名称: 'A &lt; B', 电话: '13812345678' } }]);
  });

  it('refuses a cell beyond the last column Excel has (XFD)', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const zip = makeZip([
      ['xl/workbook.xml', `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>`],
      ['xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'],
      ['xl/worksheets/sheet1.xml', `<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="ZZZZZZ1" t="inlineStr"><is><t>b</t></is></c></row></sheetData></worksheet>`],
    ]);
    expect(await problemOf(readAll(zip))).toBe('unreadableXlsx');
  });

  it('refuses a zip that is not a readable workbook, and a cut one', async () => {
    expect(await problemOf(readAll(makeZip([['xl/workbook.xml', '<workbook/>']])))).toBe('unreadableXlsx');
    const whole = await customerWorkbook();
    expect(await problemOf(readAll(whole.subarray(0, Math.floor(whole.length / 2))))).toBe('unreadableXlsx');
  });
});

describe('openTable on CSV', () => {
  it('reads GBK CSV as Chinese Excel saves it', async () => {
    // 公司名称,手机\r\n北京中文有限公司,13812345678\r\n in GBK (codes from the GB 2312 table)
    const bytes = Buffer.concat([
      Buffer.from('b9abcbbec3fbb3c62ccad6bbfa0d0a', 'hex'),
      Buffer.from('b1b1bea9d6d0cec4d3d0cfdeb9abcbbe2c', 'hex'),
      Buffer.from('13812345678\r\n'),
    ]);
    const table = await readAll(bytes);
    expect(table).toMatchObject({ type: 'csv', encoding: 'gb18030', headers: ['公司名称', '手机'] });
    expect(table.rows).toEqual([{ rowNumber: 2, values: { 公司名称: '北京中文有限公司', 手机: '13812345678' } }]);
  });

  it('reads UTF-8 with BOM, quoted multi-line fields, and numbers rows as Excel does', async () => {
    const csv = '\ufeff客户名称,备注,电话\r\n"上海华信, 有限公司","第一行\r\n第二行",13812345678\r\n\r\n"北京""中关村""",,\r\n';
    const table = await readAll(Buffer.from(csv, 'utf8'));
    expect(table.encoding).toBe('utf-8');
    expect(table.headers).toEqual(['客户名称', '备注', '电话']);
    expect(table.rows).toEqual([
      { rowNumber: 2, values: { 客户名称: '上海华信, 有限公司', 备注: '第一行\r\n第二行', 电话: '13812345678' } },
      { rowNumber: 4, values: { 客户名称: '北京"中关村"', 备注: '', 电话: '' } },
    ]);
  });

  it('skips title lines and blank lines above the header; fills short rows', async () => {
    const csv = '\n客户导入模板\n说明：带*为必填\n*客户名称,手机,,手机\n上海华信\n';
    const table = await readAll(Buffer.from(csv));
    expect(table.headerRowNumber).toBe(4);
    expect(table.headers).toEqual(['*客户名称', '手机', '[C]', '手机 (2)']);
    expect(table.rows).toEqual([{ rowNumber: 5, values: { '*客户名称': '上海华信', 手机: '', '[C]': '', '手机 (2)': '' } }]);
  });

  it('takes a single-column file\'s first line as its header', async () => {
    const table = await readAll(Buffer.from('手机\n13812345678\n13987654321\n'));
    expect(table.headers).toEqual(['手机']);
    expect(table.rows.map((r) => r.values.手机)).toEqual(['13812345678', '13987654321']);
  });

  it('uses the detected type unless one is given', async () => {
    const table = await readAll(Buffer.from('a;b\n1;2\n'), { type: 'csv', delimiter: ';' });
    expect(table.rows).toEqual([{ rowNumber: 2, values: { a: '1', b: '2' } }]);
  });
});

describe('openTable refusals and limits', () => {
  it('refuses an .exe renamed .xlsx and an old .xls, by content', async () => {
    const exe = join(dir, 'customers.xlsx');
    await writeFile(exe, Buffer.concat([Buffer.from('4d5a9000030000000400', 'hex'), Buffer.alloc(70_000)]));
    expect(await problemOf(readAll(exe))).toBe('unsupportedType');
    const xls = join(dir, 'customers.xls');
    await writeFile(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)]));
    expect(await problemOf(readAll(xls))).toBe('xlsNotSupported');
  });

  it('refuses a file with no header', async () => {
    expect(await problemOf(readAll(Buffer.alloc(0)))).toBe('noHeader');
    expect(await problemOf(readAll(Buffer.from('\r\n , \r\n\r\n')))).toBe('noHeader');
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('空');
    expect(await problemOf(readAll(Buffer.from(await empty.xlsx.writeBuffer())))).toBe('noHeader');
  });

  it('counts data rows against maxRows, blank rows not included', async () => {
    const csv = `名称\n${'客户\n\n'.repeat(5)}`;
    expect((await readAll(Buffer.from(csv), { maxRows: 5 })).rows).toHaveLength(5);
    const error = await readAll(Buffer.from(`${csv}客户\n`), { maxRows: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TabularError);
    expect(error).toMatchObject({ problem: 'tooManyRows', params: { maxRows: 5, row: 12 } });
  });

  it('refuses a file over maxBytes: at once from a path, while streaming from a stream', async () => {
    const csv = Buffer.from(`名称,电话\n${'上海华信精密机械有限公司,13812345678\n'.repeat(2000)}`);
    const path = join(dir, 'big.csv');
    await writeFile(path, csv);
    expect(await problemOf(openTable(path, { maxRows: 10, maxBytes: csv.length - 1 }))).toBe('fileTooLarge');
    expect(await problemOf(readAll(csv, { maxBytes: csv.length - 1, maxRows: 100_000 }))).toBe('fileTooLarge');
    expect((await readAll(csv, { maxBytes: csv.length, maxRows: 100_000 })).rows).toHaveLength(2000);
    const xlsx = await customerWorkbook();
    expect(await problemOf(readAll(xlsx, { maxBytes: xlsx.length - 1 }))).toBe('fileTooLarge');
  });

  it('passes on an error of the source stream instead of hanging', async () => {
    for (const head of [Buffer.from('名称,电话\n上海,1\n'), (await customerWorkbook()).subarray(0, 2000)]) {
      const failing = Readable.from(
        (async function* () {
          yield head;
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw new Error('connection reset');
        })(),
        { objectMode: false },
      );
      await expect(readAll(failing)).rejects.toThrow('connection reset');
    }
  });
});

describe('stopping early', () => {
  it('releases the source when the reader stops after a few rows', async () => {
    for (const bytes of [Buffer.from(`名称\n${'客户\n'.repeat(10_000)}`), await customerWorkbook()]) {
      const source = bytesStream(bytes, 1024);
      let seen = 0;
      for await (const _row of readRows(source, LIMITS)) {
        seen++;
        break;
      }
      expect(seen).toBe(1);
      expect(source.destroyed).toBe(true);
    }
  });

  it('close() releases the source when only the headers were wanted', async () => {
    const source = bytesStream(Buffer.from(`名称,电话\n${'客户,1\n'.repeat(10_000)}`), 1024);
    const table = await openTable(source, LIMITS);
    expect(table.headers).toEqual(['名称', '电话']);
    await table.close();
    expect(source.destroyed).toBe(true);
  });
});

describe('headerNames', () => {
  it('trims, names blanks by column letter, numbers repeats, drops trailing blanks', () => {
    expect(headerNames([' 名称 ', '', '电话', '电话', '客户\n名称', '\ufeff备注', '', ' '])).toEqual(['名称', '[B]', '电话', '电话 (2)', '客户 名称', '备注']);
    expect(headerNames(['a', 'a (2)', 'a'])).toEqual(['a', 'a (2)', 'a (3)']);
  });

  it('letters columns as Excel does', () => {
    expect([1, 26, 27, 52, 53, 702, 703, 16384].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
});

describe('messages', () => {
  it('has a message in both languages for every problem', () => {
    const problems = ['unsupportedType', 'xlsNotSupported', 'fileTooLarge', 'tooManyRows', 'badEncoding', 'malformedCsv', 'unreadableXlsx', 'noHeader'] as const;
    for (const problem of problems) {
      const error = new TabularError(problem, { maxMegabytes: 20, maxRows: 50_000, row: 7 });
      expect(hasMessage(error.key)).toBe(true);
      expect(translate('zh-CN', error.key, error.params)).not.toMatch(/[{}]|tabular\./);
      expect(translate('en', error.key, error.params)).not.toMatch(/[{}]|tabular\./);
    }
  });
});
