import { describe, expect, it } from 'vitest';
import {
  compoundFile,
  fakeExe,
  minimalDocx,
  minimalGif,
  minimalJpeg,
  minimalPdf,
  minimalPng,
  minimalPptx,
  minimalWebp,
  minimalXlsx,
} from '../../../../test/helpers/office.ts';
import { makeZip } from '../../../../test/helpers/zip.ts';
import {
  bufferSource,
  checkName,
  classifyUpload,
  compoundFileEntryNames,
  DEFAULT_FILE_NAME,
  detectContent,
  extensionOf,
  MAX_FILE_NAME_BYTES,
  sanitizeFileName,
  zipEntryNames,
} from './attachments.rules.ts';

const detect = (bytes: Uint8Array) => detectContent(bufferSource(bytes));
const classify = (bytes: Uint8Array, name: string) => classifyUpload(bufferSource(bytes), name);

describe('detectContent', () => {
  it('tells PDF and images from their signatures', async () => {
    expect(await detect(minimalPdf())).toEqual({ ok: true, kind: 'pdf' });
    expect(await detect(minimalPng())).toEqual({ ok: true, kind: 'png' });
    expect(await detect(minimalJpeg())).toEqual({ ok: true, kind: 'jpeg' });
    expect(await detect(minimalGif())).toEqual({ ok: true, kind: 'gif' });
    expect(await detect(minimalWebp())).toEqual({ ok: true, kind: 'webp' });
  });

  it('tells Word, Excel and PowerPoint from the entries of their ZIP', async () => {
    expect(await detect(minimalDocx())).toEqual({ ok: true, kind: 'docx' });
    expect(await detect(minimalXlsx())).toEqual({ ok: true, kind: 'xlsx' });
    expect(await detect(minimalPptx())).toEqual({ ok: true, kind: 'pptx' });
    // Stored instead of deflated, and with a big part first, as long as the directory says so.
    const big = makeZip([['word/media/image1.png', Buffer.alloc(200_000, 7)], ['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w:document/>']], 'store');
    expect(await detect(big)).toEqual({ ok: true, kind: 'docx' });
  });

  it('refuses other ZIPs as archives: a plain ZIP, one without [Content_Types].xml, OpenDocument', async () => {
    expect(await detect(makeZip([['readme.txt', 'hello']]))).toEqual({ ok: false, reason: 'archive' });
    expect(await detect(makeZip([['word/document.xml', '<w:document/>']]))).toEqual({ ok: false, reason: 'archive' });
    expect(await detect(makeZip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<x/>']]))).toEqual({ ok: false, reason: 'archive' });
    // A ZIP signature without a readable directory is not an office file either.
    expect(await detect(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100)]))).toEqual({ ok: false, reason: 'unsupportedType' });
  });

  it('tells old Word, Excel and PowerPoint files from the streams of their OLE2 container', async () => {
    expect(await detect(compoundFile(['WordDocument', '1Table', '\u0005SummaryInformation']))).toEqual({ ok: true, kind: 'doc' });
    expect(await detect(compoundFile(['Workbook']))).toEqual({ ok: true, kind: 'xls' });
    expect(await detect(compoundFile(['Book']))).toEqual({ ok: true, kind: 'xls' });
    expect(await detect(compoundFile(['Current User', 'PowerPoint Document', 'Pictures']))).toEqual({ ok: true, kind: 'ppt' });
    expect(await detect(compoundFile(['EncryptionInfo', 'EncryptedPackage']))).toEqual({ ok: true, kind: 'encryptedOffice' });
  });

  it('reads an OLE2 directory spread over several sectors', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'WordDocument'];
    expect(await compoundFileEntryNames(bufferSource(compoundFile(names)))).toEqual(['Root Entry', ...names]);
  });

  it('refuses other OLE2 files (installers, Outlook messages) and damaged ones', async () => {
    expect(await detect(compoundFile(['\u0005SummaryInformation', '䡀㼿䕃䑥䕨䈸䕦䍬䗤䒲䈱']))).toEqual({ ok: false, reason: 'unsupportedType' });
    expect(await detect(compoundFile(['__substg1.0_0037001F']))).toEqual({ ok: false, reason: 'unsupportedType' });
    const truncated = compoundFile(['WordDocument']).subarray(0, 700);
    expect(await detect(truncated)).toEqual({ ok: false, reason: 'unsupportedType' });
    // A directory chain that points back at itself ends instead of looping.
    const looping = compoundFile(['x']);
    looping.writeUInt32LE(1, 512 + 4);
    expect(await compoundFileEntryNames(bufferSource(looping))).toBeNull();
  });

  it('refuses programs and scripts as such, and everything else as unsupported', async () => {
    expect(await detect(fakeExe())).toEqual({ ok: false, reason: 'executable' });
    expect(await detect(Buffer.from('\x7fELF\x02\x01\x01', 'latin1'))).toEqual({ ok: false, reason: 'executable' });
    expect(await detect(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]))).toEqual({ ok: false, reason: 'executable' });
    expect(await detect(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toEqual({ ok: false, reason: 'executable' });
    for (const text of ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', '<!DOCTYPE html><html></html>', '名称,电话\n华信,13800000000\n', '{"a":1}']) {
      expect(await detect(Buffer.from(text)), text).toEqual({ ok: false, reason: 'unsupportedType' });
    }
    expect(await detect(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty' });
    // A PDF signature somewhere later does not make a PDF.
    expect(await detect(Buffer.from('<html>%PDF-1.4</html>'))).toEqual({ ok: false, reason: 'unsupportedType' });
  });

  it('reads ZIP entry names from the central directory only', async () => {
    expect(await zipEntryNames(bufferSource(minimalXlsx()))).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    expect(await zipEntryNames(bufferSource(Buffer.from('PK\x03\x04 not really', 'latin1')))).toBeNull();
  });
});

describe('sanitizeFileName', () => {
  it('keeps ordinary names, Chinese included', () => {
    expect(sanitizeFileName('报价单 2026.pdf')).toBe('报价单 2026.pdf');
    expect(sanitizeFileName('Quote (final).docx')).toBe('Quote (final).docx');
    expect(sanitizeFileName('上海华信-合同_v2.xlsx')).toBe('上海华信-合同_v2.xlsx');
  });

  it('keeps only the last path part, from either kind of path', () => {
    expect(sanitizeFileName('C:\\Users\\张伟\\Desktop\\合同.pdf')).toBe('合同.pdf');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('/var/tmp/扫描件.jpg')).toBe('扫描件.jpg');
  });

  it('removes control, invisible and direction characters', () => {
    expect(sanitizeFileName('a\u0000b\u0007c\n.pdf')).toBe('abc.pdf');
    // U+202E would show "invoice\u202Efdp.exe" as "invoiceexe.pdf".
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('\ufeff\u200b合同.pdf')).toBe('合同.pdf');
  });

  it('replaces characters Windows forbids and trims dots and spaces', () => {
    expect(sanitizeFileName('a<b>c:d"e|f?g*.pdf')).toBe('a_b_c_d_e_f_g_.pdf');
    expect(sanitizeFileName('  . 报价单.pdf . ')).toBe('报价单.pdf');
    expect(sanitizeFileName('a    b\t c.pdf')).toBe('a b c.pdf');
    expect(sanitizeFileName('CON.pdf')).toBe('_CON.pdf');
    expect(sanitizeFileName('lpt1')).toBe('_lpt1');
    expect(sanitizeFileName('console.pdf')).toBe('console.pdf');
  });

  it('gives a default name when nothing is left, keeping a bare extension', () => {
    expect(sanitizeFileName('')).toBe(DEFAULT_FILE_NAME);
    expect(sanitizeFileName('...')).toBe(DEFAULT_FILE_NAME);
    expect(sanitizeFileName('\u0000\u0001')).toBe(DEFAULT_FILE_NAME);
    expect(sanitizeFileName('C:\\dir\\')).toBe(DEFAULT_FILE_NAME);
    expect(sanitizeFileName('.pdf')).toBe(`${DEFAULT_FILE_NAME}.pdf`);
  });

  it('caps the length in bytes, on whole characters, keeping the extension', () => {
    const long = `${'合同'.repeat(100)}.docx`;
    const capped = sanitizeFileName(long);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(capped.endsWith('.docx')).toBe(true);
    expect(capped).toMatch(/^(合同)+合?\.docx$/);
    expect(sanitizeFileName(`${'a'.repeat(300)}.pdf`)).toBe(`${'a'.repeat(MAX_FILE_NAME_BYTES - 4)}.pdf`);
    // Emoji are not cut in half.
    expect(sanitizeFileName(`${'😀'.repeat(80)}.png`)).toBe(`${'😀'.repeat(49)}.png`);
  });
});

describe('names and content agree', () => {
  it('finds the extension, which has a letter', () => {
    expect(extensionOf('a.PDF')).toBe('pdf');
    expect(extensionOf('report v1.2')).toBe('');
    expect(extensionOf('archive.7z')).toBe('7z');
    expect(extensionOf('noext')).toBe('');
  });

  it('accepts an extension of the family and adds one to a name without', () => {
    expect(checkName('照片.JPG', 'png')).toEqual({ ok: true, kind: 'png', fileName: '照片.JPG' });
    expect(checkName('旧合同.docx', 'doc')).toEqual({ ok: true, kind: 'doc', fileName: '旧合同.docx' });
    expect(checkName('报价单', 'pdf')).toEqual({ ok: true, kind: 'pdf', fileName: '报价单.pdf' });
    expect(checkName('report v1.2', 'xlsx')).toEqual({ ok: true, kind: 'xlsx', fileName: 'report v1.2.xlsx' });
  });

  it('refuses a name of another family', () => {
    expect(checkName('截图.pdf', 'png')).toEqual({ ok: false, reason: 'extensionMismatch', params: { extension: 'pdf', detected: 'PNG' } });
    expect(checkName('合同.xlsx', 'docx')).toEqual({ ok: false, reason: 'extensionMismatch', params: { extension: 'xlsx', detected: 'Word (.docx)' } });
    expect(checkName('合同.exe', 'pdf')).toMatchObject({ ok: false, reason: 'extensionMismatch' });
  });

  it('takes an encrypted Office file for the family its name says', () => {
    expect(checkName('工资表.xlsx', 'encryptedOffice')).toEqual({ ok: true, kind: 'xlsx', fileName: '工资表.xlsx' });
    expect(checkName('合同.doc', 'encryptedOffice')).toEqual({ ok: true, kind: 'docx', fileName: '合同.doc' });
    expect(checkName('合同.pdf', 'encryptedOffice')).toEqual({ ok: false, reason: 'unsupportedType' });
    expect(checkName('合同', 'encryptedOffice')).toEqual({ ok: false, reason: 'unsupportedType' });
  });

  it('classifies an upload as a whole: an .exe renamed .pdf and a PNG named .pdf are refused', async () => {
    expect(await classify(minimalPdf(), 'C:\\scans\\报价单.pdf')).toEqual({ ok: true, kind: 'pdf', contentType: 'application/pdf', fileName: '报价单.pdf' });
    expect(await classify(minimalDocx(), '方案.docx')).toMatchObject({ ok: true, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(await classify(fakeExe(), '报价单.pdf')).toEqual({ ok: false, reason: 'executable', params: {} });
    expect(await classify(minimalPng(), '报价单.pdf')).toEqual({ ok: false, reason: 'extensionMismatch', params: { extension: 'pdf', detected: 'PNG' } });
  });
});
