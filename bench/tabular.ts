/**
 * Speed of the spreadsheet layer alone (no database): writes ROWS customer-like rows to xlsx and
 * CSV files and reads them back, printing rows per second and the growth of retained memory.
 *
 *   npm run bench -- tabular      BENCH_TABULAR_ROWS (100000)
 *
 * It also checks what the unit tests cannot afford to at this size (it was a test,
 * platform/tabular/large.test.ts, that took seconds of every `npm test`): every row comes back,
 * a sampled row exactly as written, no character damaged (U+FFFD) across chunk boundaries, and
 * retained memory stays flat while streaming (holding the rows would take well over 50 MB). A
 * failed check stops the run with an error.
 */
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openTable } from '../src/server/platform/tabular/read.ts';
import { writeCsv, writeXlsx, type CellValue, type ExportColumn } from '../src/server/platform/tabular/write.ts';

const ROWS = Number(process.env.BENCH_TABULAR_ROWS ?? 100_000);
/** Retained memory is sampled every this many rows. */
const SAMPLE_EVERY = 20_000;
/** Growth of retained memory allowed between the first sample and any later one. */
const FLAT = 24 * 1024 * 1024;
/** The row compared field by field after reading back (or the last one, with fewer rows). */
const SAMPLED = Math.min(54_321, ROWS - 1);

const COLUMNS: ExportColumn[] = [
  { key: 'number', header: '客户编号' },
  { key: 'name', header: '客户名称' },
  { key: 'phone', header: '手机' },
  { key: 'creditCode', header: '统一社会信用代码' },
  { key: 'stage', header: '阶段' },
  { key: 'createdAt', header: '创建时间' },
  { key: 'amount', header: '年营业额' },
  { key: 'address', header: '地址' },
];

const STAGES = ['潜在', '意向', '成交', '流失'];

function row(i: number): Record<string, CellValue> {
  return {
    number: `2024-MANU-${String(i).padStart(6, '0')}`,
    name: `上海华信精密机械有限公司第${i}分公司`,
    phone: `138${String(i).padStart(8, '0')}`,
    creditCode: `91350100M${String(i).padStart(8, '0')}X`,
    stage: STAGES[i % 4] ?? '',
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
    amount: i * 1.5,
    address: '北京市朝阳区建国路88号SOHO现代城',
  };
}

/** The sampled row as the reader gives it back: text, the time in the business time zone. */
function expectedBack(i: number, format: 'xlsx' | 'csv'): Record<string, string> {
  const local = new Date(Date.UTC(2024, 0, 1) + i * 60_000 + 8 * 3_600_000).toISOString().slice(0, 19);
  const r = row(i);
  return {
    客户编号: String(r.number),
    客户名称: String(r.name),
    手机: String(r.phone),
    统一社会信用代码: String(r.creditCode),
    阶段: String(r.stage),
    创建时间: format === 'xlsx' ? local : local.replace('T', ' '),
    年营业额: String(i * 1.5),
    地址: String(r.address),
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
function retained(): number {
  gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}
const growth = (samples: number[]) => Math.max(...samples) - (samples[0] ?? 0);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export async function tabular(): Promise<void> {
  if (!gc) throw new Error('run through `npm run bench` (node --expose-gc): the memory checks need gc()');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kehu-bench-tabular-'));
  const lines = ['| format | write rows/s | read rows/s | file size | memory growth write / read |', '| --- | ---: | ---: | ---: | ---: |'];
  try {
    for (const [format, write] of [
      ['xlsx', writeXlsx],
      ['csv', writeCsv],
    ] as const) {
      const file = path.join(dir, `customers.${format}`);
      const writeSamples: number[] = [];
      const t0 = performance.now();
      const result = await write(
        createWriteStream(file),
        COLUMNS,
        (function* () {
          for (let i = 0; i < ROWS; i++) {
            if (i % SAMPLE_EVERY === SAMPLE_EVERY / 2) writeSamples.push(retained());
            yield row(i);
          }
        })(),
        { timeZone: 'Asia/Shanghai' },
      );
      const t1 = performance.now();
      assert.equal(result.rows, ROWS, `${format}: rows written`);

      const table = await openTable(file, { maxRows: ROWS, maxBytes: 1024 * 1024 * 1024 });
      assert.deepEqual(table.headers, COLUMNS.map((c) => c.header), `${format}: headers`);
      const readSamples: number[] = [];
      let count = 0;
      let damaged = 0;
      for await (const { rowNumber, values } of table.rows) {
        if (count % SAMPLE_EVERY === SAMPLE_EVERY / 2) readSamples.push(retained());
        if (count === SAMPLED) {
          // Row numbers are the sheet's: the header is row 1.
          assert.equal(rowNumber, SAMPLED + 2, `${format}: row number of row ${SAMPLED}`);
          assert.deepEqual({ ...values }, expectedBack(SAMPLED, format), `${format}: row ${SAMPLED} read back`);
        }
        if (values.客户名称?.includes('\ufffd') || values.地址?.includes('\ufffd')) damaged++;
        count++;
      }
      const t2 = performance.now();
      assert.equal(count, ROWS, `${format}: rows read back`);
      assert.equal(damaged, 0, `${format}: rows with a damaged character`);
      const [writeGrowth, readGrowth] = [growth(writeSamples), growth(readSamples)];
      assert.ok(writeGrowth < FLAT, `${format}: retained memory grew ${mb(writeGrowth)} while writing (limit ${mb(FLAT)})`);
      assert.ok(readGrowth < FLAT, `${format}: retained memory grew ${mb(readGrowth)} while reading (limit ${mb(FLAT)})`);

      const { size } = await stat(file);
      const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en');
      lines.push(`| ${format} | ${perSecond(ROWS, t1 - t0)} | ${perSecond(count, t2 - t1)} | ${mb(size)} | ${mb(writeGrowth)} / ${mb(readGrowth)} |`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`\n## tabular: ${ROWS.toLocaleString('en')} rows × ${COLUMNS.length} columns, Node ${process.version}, ${os.cpus().length} CPUs\n`);
  console.log(lines.join('\n'));
  console.log('\nChecked: every row read back, row', SAMPLED, 'field by field, no U+FFFD, retained memory growth under', mb(FLAT));
}
