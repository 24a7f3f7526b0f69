import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { compoundFile, minimalPdf, minimalXlsx } from '../../../../test/helpers/office.ts';
import { makeZip, readZip } from '../../../../test/helpers/zip.ts';
import { bufferSource, classifyUpload } from './attachments.rules.ts';
import { decodePdfName, hasOfficeMacros, scanPdf } from './attachments.scan.ts';
import { quoteFont } from '../quotes/index.ts';

const scan = (bytes: Buffer) => scanPdf(bufferSource(bytes));

/** A small PDF whose catalog carries `catalogExtra` and which ends with `objects` (raw PDF syntax). */
function pdf(catalogExtra: string, ...objects: (string | Buffer)[]): Buffer {
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n`, 'latin1'),
    ...objects.map((o) => (typeof o === 'string' ? Buffer.from(o, 'latin1') : o)),
    Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
}

/** An object with a stream: its dictionary (without /Length, which is added) and its data. */
function streamObject(id: number, dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${id} 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
}

/** A FlateDecode object stream holding one object, `body`, as object number 6. */
function objectStream(body: string, filter = '/FlateDecode'): Buffer {
  const header = '6 0 ';
  const data = filter.includes('ASCII85') ? Buffer.from(header + body, 'latin1') : deflateSync(Buffer.from(header + body, 'latin1'));
  return streamObject(5, `/Type /ObjStm /N 1 /First ${header.length} /Filter ${filter}`, data);
}

/** A PDF as pdfkit writes one, with the embedded CJK font of the quote PDFs (binary font data to skip). */
async function pdfkitDocument(pages: number): Promise<Buffer> {
  const doc = new PDFDocument({ compress: true });
  doc.registerFont('cjk', await quoteFont());
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  for (let i = 0; i < pages; i++) {
    if (i) doc.addPage();
    doc.fontSize(14).text(`报价单第 ${i + 1} 页：/JS 与 <html> 只是文字。`);
    doc.link(20, 20, 100, 20, 'https://example.com/quote');
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe('scanPdf', () => {
  it('lets clean PDFs through, made by hand and by pdfkit', async () => {
    expect(await scan(minimalPdf())).toBeNull();
    expect(await scan(pdf('/OpenAction [3 0 R /Fit]'))).toBeNull();
    expect(await scan(await pdfkitDocument(3))).toBeNull();
    expect(await scan(pdf('', objectStream('<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://example.com) >> >>')))).toBeNull();
  });

  it('refuses JavaScript run on open, in additional actions, and launch actions', async () => {
    expect(await scan(pdf('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>'))).toEqual({ reason: 'pdfActiveContent', detail: '/JavaScript' });
    expect(await scan(pdf('/AA << /WC << /JS 9 0 R >> >>'))).toMatchObject({ reason: 'pdfActiveContent', detail: '/JS' });
    expect(await scan(pdf('/OpenAction << /S /Launch /F (cmd.exe) >>'))).toMatchObject({ reason: 'pdfActiveContent', detail: '/Launch' });
    expect(await scan(pdf('/OpenAction << /S /URI /URI (JavaScript:alert(1)) >>'))).toMatchObject({ reason: 'pdfActiveContent' });
    expect(await scan(pdf('/OpenAction << /S /URI /URI <6a6176617363726970743a616c657274283129> >>'))).toMatchObject({ reason: 'pdfActiveContent' });
  });

  it('decodes #xx escapes in names', async () => {
    expect(decodePdfName('J#61vaScript')).toBe('JavaScript');
    expect(await scan(pdf('/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>'))).toMatchObject({ reason: 'pdfActiveContent', detail: '/JavaScript' });
    expect(await scan(pdf('/OpenAction << /S /#4C#61unch /F (calc) >>'))).toMatchObject({ detail: '/Launch' });
  });

  it('finds JavaScript hidden in a Flate object stream, and refuses object streams it cannot read', async () => {
    expect(await scan(pdf('/OpenAction 6 0 R', objectStream('<< /S /JavaScript /JS (app.alert(1)) >>')))).toEqual({ reason: 'pdfActiveContent', detail: '/JavaScript in an object stream' });
    expect(await scan(pdf('', objectStream('<< /S /Launch /F (x) >>', '/Fl#61teDecode')))).toMatchObject({ reason: 'pdfActiveContent' });
    expect(await scan(pdf('', objectStream('<< /S /JavaScript >>', '[/ASCII85Decode /FlateDecode]')))).toMatchObject({ reason: 'pdfUncheckable' });
    expect(await scan(pdf('', streamObject(5, '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', Buffer.from('encrypted bytes, not zlib'))))).toMatchObject({ reason: 'pdfUncheckable' });
  });

  it('does not mistake names in strings or in stream data for actions', async () => {
    expect(await scan(pdf('/Title (see /JS and /Launch in the manual)'))).toBeNull();
    // An image whose bytes happen to contain "/JS ": data is skipped by its /Length.
    const image = Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(' /JS (x) /Launch ', 'latin1'), Buffer.from([0xff, 0x28, 0x29])]);
    expect(await scan(pdf('', streamObject(7, '/Type /XObject /Subtype /Image /Width 1 /Height 1 /Filter /DCTDecode', image)))).toBeNull();
  });

  it('finds a name cut by the boundary of a read window, deep in a large file', async () => {
    const object = '8 0 obj\n<< /S /JavaScript /JS (x) >>\nendobj\n';
    const headerLength = pdf('').length - 'trailer\n<< /Root 1 0 R >>\n%%EOF\n'.length;
    const nameAt = object.indexOf('/JavaScript');
    // The first read window ends inside "/JavaScript", at each of its characters in turn.
    for (let cut = 1; cut < '/JavaScript'.length; cut += 3) {
      const filler = Buffer.alloc((1 << 20) - headerLength - nameAt - cut, 0x20);
      const file = pdf('', filler, object);
      expect(file.toString('latin1', (1 << 20) - cut, (1 << 20) - cut + 11)).toBe('/JavaScript');
      expect(await scan(file)).toMatchObject({ reason: 'pdfActiveContent', detail: '/JavaScript' });
    }
  });

  it('refuses PDF/HTML polyglots: markup near the start or the end, anywhere in a small file', async () => {
    expect(await scan(Buffer.concat([Buffer.from('%PDF-1.4\n<html><body><script>alert(1)</script>', 'latin1'), minimalPdf()]))).toMatchObject({ reason: 'pdfPolyglot' });
    expect(await scan(Buffer.concat([minimalPdf(), Buffer.from('<SVG onload=alert(1)>', 'latin1')]))).toMatchObject({ reason: 'pdfPolyglot' });
    const large = Buffer.concat([minimalPdf(), Buffer.alloc(2 << 20, 0x20), Buffer.from('<iframe src=x>', 'latin1'), Buffer.alloc(1000, 0x20)]);
    expect(await scan(large)).toMatchObject({ reason: 'pdfPolyglot', detail: '<iframe ' });
  });
});

describe('Office macros', () => {
  const withMacros = () => {
    const parts = readZip(minimalXlsx());
    return makeZip([...[...parts].map(([name, content]) => [name, content] as [string, Buffer]), ['xl/vbaProject.bin', Buffer.from([0xd0, 0xcf, 0x11, 0xe0])]]);
  };

  it('are found by the VBA project part, Excel 4 macro sheets and the OLE2 VBA storages', () => {
    expect(hasOfficeMacros(['[Content_Types].xml', 'xl/workbook.xml', 'xl/vbaProject.bin'])).toBe(true);
    expect(hasOfficeMacros(['[Content_Types].xml', 'word/vbaData.xml'])).toBe(true);
    expect(hasOfficeMacros(['[Content_Types].xml', 'xl/macrosheets/sheet1.xml'])).toBe(true);
    expect(hasOfficeMacros(['Workbook', '_VBA_PROJECT_CUR'])).toBe(true);
    expect(hasOfficeMacros(['WordDocument', 'Macros'])).toBe(true);
    expect(hasOfficeMacros(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])).toBe(false);
  });

  it('refuse an xlsx with xl/vbaProject.bin and a .xls with a VBA project unless allowed; a clean xlsx passes', async () => {
    expect(await classifyUpload(bufferSource(withMacros()), '报价.xlsx')).toEqual({ ok: false, reason: 'officeMacros', params: {} });
    expect(await classifyUpload(bufferSource(withMacros()), '报价.xlsx', { allowOfficeMacros: true })).toMatchObject({ ok: true, kind: 'xlsx' });
    expect(await classifyUpload(bufferSource(compoundFile(['Workbook', '_VBA_PROJECT_CUR'])), '旧表.xls')).toMatchObject({ ok: false, reason: 'officeMacros' });
    expect(await classifyUpload(bufferSource(minimalXlsx()), '报价.xlsx')).toMatchObject({ ok: true, kind: 'xlsx' });
  });

  it('a PDF upload goes through the scan', async () => {
    expect(await classifyUpload(bufferSource(pdf('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>')), 'a.pdf')).toEqual({ ok: false, reason: 'pdfActiveContent', params: {} });
    expect(await classifyUpload(bufferSource(minimalPdf()), 'a.pdf')).toMatchObject({ ok: true, kind: 'pdf' });
  });
});
