import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../../../../test/helpers/zip.ts';
import { detectFileType, detectFileTypeOfFile } from './detect.ts';
import { TabularError } from './errors.ts';

function problemOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof TabularError) return error.problem;
    throw error;
  }
  return undefined;
}

/** The first bytes of a Windows executable (DOS header with its NULs, PE stub message). */
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000', 'hex'), Buffer.from('This program cannot be run in DOS mode.\r\r\n$')]);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehu-detect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('detectFileType', () => {
  it('recognises xlsx written by a spreadsheet library', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('客户').addRow(['名称']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(detectFileType(bytes)).toBe('xlsx');
    expect(detectFileType(bytes.subarray(0, 4096))).toBe('xlsx');
  });

  it('recognises xlsx laid out as Excel does, content types and package parts first', () => {
    const zip = makeZip([
      ['[Content_Types].xml', '<Types/>'],
      ['_rels/.rels', '<Relationships/>'],
      ['docProps/app.xml', `<Properties>${' '.repeat(20_000)}</Properties>`],
      ['xl/workbook.xml', '<workbook/>'],
    ]);
    expect(detectFileType(zip)).toBe('xlsx');
  });

  it('refuses other zips: a Word document, an OpenDocument spreadsheet, an empty zip', () => {
    expect(problemOf(() => detectFileType(makeZip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w:document/>']])))).toBe('unsupportedType');
    expect(problemOf(() => detectFileType(makeZip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '<office/>']])))).toBe(
      'unsupportedType',
    );
    expect(problemOf(() => detectFileType(makeZip([])))).toBe('unsupportedType');
  });

  it('refuses the old binary .xls (and password-protected workbooks) with its own reason', () => {
    const ole2 = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
    expect(problemOf(() => detectFileType(ole2))).toBe('xlsNotSupported');
  });

  it('refuses binaries, PDF and HTML posing as spreadsheets', () => {
    expect(problemOf(() => detectFileType(EXE))).toBe('unsupportedType');
    expect(problemOf(() => detectFileType(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1')))).toBe('unsupportedType');
    expect(problemOf(() => detectFileType(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')))).toBe('unsupportedType');
    expect(problemOf(() => detectFileType(Buffer.from('\ufeff<html><table><tr><td>客户</td></tr></table></html>')))).toBe('unsupportedType');
    expect(problemOf(() => detectFileType(Buffer.from('<?xml version="1.0"?><Workbook/>')))).toBe('unsupportedType');
  });

  it('takes text for CSV: UTF-8, GBK, UTF-16 with BOM, tab-separated, empty', () => {
    expect(detectFileType(Buffer.from('\ufeff名称,电话\r\n上海,021\r\n'))).toBe('csv');
    expect(detectFileType(Buffer.from('b9abcbbec3fbb3c60d0a', 'hex'))).toBe('csv');
    expect(detectFileType(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称\t电话\r\n', 'utf16le')]))).toBe('csv');
    expect(detectFileType(Buffer.from('name\tphone\n'))).toBe('csv');
    expect(detectFileType(Buffer.alloc(0))).toBe('csv');
  });
});

describe('detectFileTypeOfFile', () => {
  it('goes by content, not by name: an .exe renamed .xlsx is refused, a CSV named .xlsx is CSV', async () => {
    const exe = join(dir, '客户名单.xlsx');
    await writeFile(exe, Buffer.concat([EXE, Buffer.alloc(100_000)]));
    await expect(detectFileTypeOfFile(exe)).rejects.toMatchObject({ problem: 'unsupportedType' });
    const csv = join(dir, 'export.xlsx');
    await writeFile(csv, '名称,电话\n上海华信,13812345678\n');
    await expect(detectFileTypeOfFile(csv)).resolves.toBe('csv');
  });
});
