/**
 * Speed of the spreadsheet layer alone (no database): writes ROWS customer-like rows to xlsx and
 * CSV files and reads them back, printing rows per second and the growth of retained memory.
 *
 *   node_modules/.bin/node --expose-gc bench/tabular.ts      BENCH_TABULAR_ROWS (100000)
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openTable } from '../src/server/platform/tabular/read.ts';
import { writeCsv, writeXlsx, type CellValue, type ExportColumn } from '../src/server/platform/tabular/write.ts';

const ROWS = Number(process.env.BENCH_TABULAR_ROWS ?? 100_000);

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

function* rows(): Generator<Record<string, CellValue>> {
  for (let i = 0; i < ROWS; i++) {
    yield {
      number: `2024-MANU-${String(i).padStart(6, '0')}`,
      name: `上海华信精密机械有限公司第${i}分公司`,
      phone: `138${String(i).padStart(8, '0')}`,
      creditCode: `91350100M${String(i).padStart(8, '0')}X`,
      stage: ['潜在', '意向', '成交', '流失'][i % 4] ?? '',
      createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
      amount: i * 1.5,
      address: '北京市朝阳区建国路88号SOHO现代城',
    };
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
function retained(): number {
  gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kehu-bench-tabular-'));
  const lines = ['| format | write rows/s | read rows/s | file size | memory growth write / read |', '| --- | ---: | ---: | ---: | ---: |'];
  try {
    for (const [format, write] of [
      ['xlsx', writeXlsx],
      ['csv', writeCsv],
    ] as const) {
      const file = path.join(dir, `customers.${format}`);
      const base = retained();
      let peakWrite = base;
      const t0 = performance.now();
      await write(
        createWriteStream(file),
        COLUMNS,
        (function* () {
          let i = 0;
          for (const row of rows()) {
            if (++i % 25_000 === 0) peakWrite = Math.max(peakWrite, retained());
            yield row;
          }
        })(),
        { timeZone: 'Asia/Shanghai' },
      );
      const t1 = performance.now();
      const table = await openTable(file, { maxRows: ROWS, maxBytes: 1024 * 1024 * 1024 });
      let count = 0;
      let peakRead = base;
      for await (const _row of table.rows) if (++count % 25_000 === 0) peakRead = Math.max(peakRead, retained());
      const t2 = performance.now();
      const { size } = await stat(file);
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      lines.push(
        `| ${format} | ${Math.round(ROWS / ((t1 - t0) / 1000)).toLocaleString('en')} | ${Math.round(count / ((t2 - t1) / 1000)).toLocaleString('en')} | ${mb(size)} | ${gc ? `${mb(peakWrite - base)} / ${mb(peakRead - base)}` : 'run with --expose-gc'} |`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`${ROWS.toLocaleString('en')} rows × ${COLUMNS.length} columns, Node ${process.version}, ${os.cpus().length} CPUs\n`);
  console.log(lines.join('\n'));
}

await main();
