import PDFDocument from 'pdfkit';
import { formatFen } from '../../../contracts/money.ts';
import type { CompanyProfile } from '../../../contracts/quotes.ts';
import type { DocumentTotals, LineItem } from '../../../contracts/sales.ts';
import { quoteFont } from './quotes.font.ts';
import { chineseCapitalAmount } from './quotes.rules.ts';

/**
 * The quote as a PDF (A4, Chinese): company header, title 报价单, the quote's facts, a table of
 * the lines that continues over as many pages as it needs (its header repeated on each), the
 * totals with the total in capital numerals, the terms and the salesperson. Text is set in Noto
 * Sans SC, subset by pdfkit to the characters used, so a quote is a few tens of kilobytes.
 */
export interface QuotePdfData {
  company: CompanyProfile;
  number: string;
  title: string;
  quoteDate: string;
  validUntil: string;
  customerName: string;
  contactName: string | null;
  contactTitle: string | null;
  /** Printed as given (the caller formats phones nationally). */
  contactPhone: string | null;
  contactEmail: string | null;
  ownerName: string | null;
  ownerPhone: string | null;
  ownerEmail: string | null;
  currency: string;
  terms: string | null;
  notes: string | null;
  items: readonly LineItem[];
  totals: DocumentTotals;
  /** Stamped as the document's creation time. */
  renderedAt: Date;
}

const MARGIN = 40;
const FOOTER = 24;
const GREY = '#666666';
const LINE = '#bbbbbb';
const HEAD_FILL = '#f0f2f5';

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right' | 'center';
}

const COLUMNS: Column[] = [
  { title: '序号', width: 30, align: 'center' },
  { title: '产品/SKU', width: 163, align: 'left' },
  { title: '数量', width: 52, align: 'right' },
  { title: '单位', width: 34, align: 'center' },
  { title: '单价', width: 70, align: 'right' },
  { title: '折扣', width: 40, align: 'right' },
  { title: '税率', width: 40, align: 'right' },
  { title: '金额', width: 86, align: 'right' },
];

const quantity = (q: number) => String(Number(q.toFixed(3)));
const percent = (p: number) => `${Number(p.toFixed(2))}%`;

export async function renderQuotePdf(data: QuotePdfData): Promise<Buffer> {
  const font = await quoteFont();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `报价单 ${data.number}`, Author: data.company.name, Subject: data.title, CreationDate: data.renderedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('cjk', font);
  doc.font('cjk');
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - FOOTER;

  // Company header
  doc.fontSize(16).fillColor('black').text(data.company.name, left, MARGIN, { width });
  const contact = [data.company.address, data.company.phone && `电话：${data.company.phone}`, data.company.email && `邮箱：${data.company.email}`].filter(Boolean).join('    ');
  if (contact) doc.fontSize(9).fillColor(GREY).text(contact, { width });
  let y = doc.y + 6;
  doc.moveTo(left, y).lineTo(left + width, y).lineWidth(1).strokeColor('#333333').stroke();

  // Title and facts
  doc.fontSize(22).fillColor('black').text('报价单', left, y + 12, { width, align: 'center', characterSpacing: 6 });
  y = doc.y + 10;
  const half = width / 2;
  // The quote's facts on the left, the customer's side on the right.
  const ours: [string, string][] = [
    ['报价单号', data.number],
    ['报价日期', data.quoteDate],
    ['有效期至', data.validUntil],
    ['主题', data.title],
  ];
  const theirs: [string, string][] = [
    ['客户', data.customerName],
    ['联系人', data.contactName ? `${data.contactName}${data.contactTitle ? `（${data.contactTitle}）` : ''}` : '—'],
    ...(data.contactPhone ? [['电话', data.contactPhone] as [string, string]] : []),
    ...(data.contactEmail ? [['邮箱', data.contactEmail] as [string, string]] : []),
  ];
  const facts = Array.from({ length: Math.max(ours.length, theirs.length) }, (_, i) => [ours[i], theirs[i]]);
  doc.fontSize(10);
  for (const row of facts) {
    let rowHeight = 0;
    row.forEach((cell, i) => {
      if (!cell) return;
      const [label, value] = cell;
      const text = `${label}：${value}`;
      doc.fillColor('black').text(text, left + i * half, y, { width: half - 8 });
      rowHeight = Math.max(rowHeight, doc.heightOfString(text, { width: half - 8 }));
    });
    y += rowHeight + 4;
  }
  y += 8;

  // Line table
  const drawHead = () => {
    const h = 20;
    doc.rect(left, y, width, h).fill(HEAD_FILL);
    let x = left;
    doc.fontSize(9).fillColor('black');
    for (const c of COLUMNS) {
      doc.text(c.title, x + 3, y + 5, { width: c.width - 6, align: c.align, lineBreak: false });
      x += c.width;
    }
    y += h;
  };
  const continuation = () => {
    doc.addPage();
    doc.font('cjk').fontSize(9).fillColor(GREY).text(`报价单 ${data.number}（续）`, left, MARGIN, { width });
    y = doc.y + 6;
  };
  drawHead();
  data.items.forEach((item, i) => {
    const nameWidth = (COLUMNS[1]?.width ?? 0) - 6;
    doc.fontSize(9);
    const nameHeight = doc.heightOfString(item.name, { width: nameWidth });
    doc.fontSize(7.5);
    const skuHeight = item.sku ? doc.heightOfString(item.sku, { width: nameWidth }) : 0;
    const rowHeight = Math.max(nameHeight + skuHeight, 11) + 8;
    if (y + rowHeight > bottom()) {
      continuation();
      drawHead();
    }
    const cells = [String(i + 1), '', quantity(item.quantity), item.unit ?? '', formatFen(item.unitPriceFen), percent(item.discountPercent), percent(item.taxRatePercent), formatFen(item.totalFen)];
    let x = left;
    COLUMNS.forEach((c, ci) => {
      if (ci === 1) {
        doc.fontSize(9).fillColor('black').text(item.name, x + 3, y + 4, { width: c.width - 6 });
        if (item.sku) doc.fontSize(7.5).fillColor(GREY).text(item.sku, x + 3, y + 4 + nameHeight, { width: c.width - 6 });
      } else {
        doc.fontSize(9).fillColor('black').text(cells[ci] ?? '', x + 3, y + 4, { width: c.width - 6, align: c.align, lineBreak: false });
      }
      x += c.width;
    });
    y += rowHeight;
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).strokeColor(LINE).stroke();
  });

  // Totals (kept together on one page)
  const totals: [string, string][] = [
    ['小计', formatFen(data.totals.subtotalFen, data.currency)],
    ['折扣', `-${formatFen(data.totals.discountFen, data.currency)}`],
    ['税额', formatFen(data.totals.taxFen, data.currency)],
    ['合计', formatFen(data.totals.totalFen, data.currency)],
  ];
  const capital = data.currency === 'CNY' ? `大写金额：人民币${chineseCapitalAmount(data.totals.totalFen)}` : null;
  if (y + 16 * totals.length + 40 > bottom()) continuation();
  y += 8;
  const labelX = left + width - 230;
  for (const [label, value] of totals) {
    const strong = label === '合计';
    doc.fontSize(strong ? 11 : 9.5).fillColor('black');
    doc.text(label, labelX, y, { width: 80, align: 'right', lineBreak: false });
    doc.text(value, labelX + 90, y, { width: 140, align: 'right', lineBreak: false });
    y += strong ? 18 : 15;
  }
  if (capital) {
    doc.fontSize(10).text(capital, left, y + 2, { width, align: 'right' });
    y = doc.y;
  }

  // Terms, notes, salesperson: flowing text, onto further pages when long.
  const section = (title: string, body: string) => {
    if (y + 40 > bottom()) continuation();
    doc.fontSize(10.5).fillColor('black').text(title, left, y + 12, { width });
    doc.fontSize(9.5).fillColor('#333333').text(body, { width, lineGap: 2 });
    y = doc.y;
  };
  if (data.terms) section('条款', data.terms);
  if (data.notes) section('备注', data.notes);
  const seller = [data.ownerName ?? '—', data.ownerPhone && `电话：${data.ownerPhone}`, data.ownerEmail && `邮箱：${data.ownerEmail}`].filter(Boolean).join('    ');
  section('销售代表', seller);

  // Page numbers, written into the finished pages (below the bottom margin, so no new page starts).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('cjk')
      .fontSize(8)
      .fillColor(GREY)
      .text(`${data.number}    第 ${i + 1} 页 / 共 ${range.count} 页`, left, doc.page.height - MARGIN - 10, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return finished;
}
