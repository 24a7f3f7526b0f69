import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable } from './read.ts';
import { writeCsv, writeXlsx, type CellValue, type ExportColumn } from './write.ts';

/**
 * 100,000 rows written to a file and read back, with the retained heap measured along the way:
 * holding the rows would take well over 50 MB, streaming keeps it to a few.
 */

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function retained(): number {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const ROWS = 100_000;
const SAMPLE_EVERY = 20_000;
/** Growth of retained memory allowed between the first sample and any later one. */
const FLAT = 24 * 1024 * 1024;

const COLUMNS: ExportColumn[] = [
  { key: 'number', header: '客户编号' },
  { key: 'name', header: '客户名称' },
  { key: 'phone', header: '手机' },
  { key: 'creditCode', header: '统一社会信用代码' },
  { key: 'createdAt', header: '创建时间' },
  { key: 'amount', header: '金额' },
  { key: 'address', header: '地址' },
];

function row(i: number): Record<string, CellValue> {
  return {
    number: `2024-MANU-${String(i).padStart(6, '0')}`,
    name: `上海华信精密机械有限公司第${i}分公司`,
    phone: `138${String(i).padStart(8, '0')}`,
    creditCode: `91350100M${String(i).padStart(8, '0')}X`,
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
    amount: i * 1.5,
    address: '北京市朝阳区建国路88号SOHO现代城',
  };
}

/** The rows, generated as they are asked for, sampling retained memory as they go. */
function* generated(samples: number[]): Generator<Record<string, CellValue>> {
  for (let i = 0; i < ROWS; i++) {
    if (i % SAMPLE_EVERY === SAMPLE_EVERY / 2) samples.push(retained());
    yield row(i);
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehu-large-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const growth = (samples: number[]) => Math.max(...samples) - (samples[0] ?? 0);

describe.each([
  ['xlsx', writeXlsx],
  ['csv', writeCsv],
] as const)('100,000 rows of %s', (format, write) => {
  it('are written and read back streaming, with flat memory, in a few seconds', { timeout: 60_000 }, async () => {
    const path = join(dir, `customers.${format}`);
    const writeSamples: number[] = [];
    const started = performance.now();
    const result = await write(createWriteStream(path), COLUMNS, generated(writeSamples), { timeZone: 'Asia/Shanghai' });
    const written = performance.now();
    expect(result.rows).toBe(ROWS);
    expect(writeSamples).toHaveLength(ROWS / SAMPLE_EVERY);
    expect(growth(writeSamples)).toBeLessThan(FLAT);

    const readSamples: number[] = [];
    const table = await openTable(path, { maxRows: ROWS, maxBytes: 100 * 1024 * 1024 });
    expect(table.headers).toEqual(COLUMNS.map((c) => c.header));
    let count = 0;
    let damaged = 0;
    for await (const { rowNumber, values } of table.rows) {
      if (count % SAMPLE_EVERY === SAMPLE_EVERY / 2) readSamples.push(retained());
      if (count === 54_321) {
        expect(rowNumber).toBe(54_323);
        expect(values).toEqual({
          客户编号: '2024-MANU-054321',
          客户名称: '上海华信精密机械有限公司第54321分公司',
          手机: '13800054321',
          统一社会信用代码: '91350100M00054321X',
          创建时间: format === 'xlsx' ? '2024-02-08T01:21:00' : '2024-02-08 01:21:00',
          金额: '81481.5',
          地址: '北京市朝阳区建国路88号SOHO现代城',
        });
      }
      if (values.客户名称?.includes('\ufffd') || values.地址?.includes('\ufffd')) damaged++;
      count++;
    }
    const read = performance.now();
    expect(count).toBe(ROWS);
    expect(damaged).toBe(0);
    expect(growth(readSamples)).toBeLessThan(FLAT);
    // Generous bounds for a loaded CI machine; measured figures are in docs/decisions/0004-spreadsheets.md.
    expect(written - started).toBeLessThan(20_000);
    expect(read - written).toBeLessThan(20_000);
  });
});
