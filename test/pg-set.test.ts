import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PG_SET } from './pg-set.ts';

/** The external-PostgreSQL set (test/pg-set.ts) keeps covering every module as modules come and go. */

const ROOT = path.resolve(import.meta.dirname, '..');
const MODULES = path.join(ROOT, 'src/server/modules');
/** What the integration project runs (vitest.config.ts); the pg set is a subset of it. */
const INTEGRATION = [/^src\/.*\.routes\.test\.ts$/, /^src\/.*\.int\.test\.ts$/, /^test\/integration\/.*\.test\.ts$/];

describe('the tests run on the external PostgreSQL', () => {
  it('name integration tests that exist (a renamed or moved test must be renamed here too)', () => {
    for (const { file, why } of PG_SET) {
      expect(fs.existsSync(path.join(ROOT, file)), `${file} does not exist`).toBe(true);
      expect(INTEGRATION.some((re) => re.test(file)), `${file} is not an integration test`).toBe(true);
      expect(why.trim(), `${file} needs a reason`).not.toBe('');
    }
    const files = PG_SET.map((e) => e.file);
    expect(files.filter((f, i) => files.indexOf(f) !== i)).toEqual([]);
  });

  it('hold at least one test of every module', () => {
    const modules = fs.readdirSync(MODULES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(modules.length).toBeGreaterThan(20);
    const covered = new Set(PG_SET.flatMap((e) => [/^src\/server\/modules\/([^/]+)\//.exec(e.file)?.[1], ...(e.covers ?? [])]).filter(Boolean));
    expect(modules.filter((m) => !covered.has(m)), 'modules without a test in test/pg-set.ts').toEqual([]);
  });
});
