import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_FILE, boundariesConfig, REPO_ROOT, resolveImport } from './boundaries.js';

/** A fake repository: the rules see only paths, so the files need not exist. */
const ROOT = '/fake-repo';

function lint(file: string, code: string, baseline: Record<string, Record<string, string[]>> = {}) {
  const linter = new Linter({ cwd: ROOT });
  const config: Linter.Config[] = [
    { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } },
    { settings: { boundaries: { root: ROOT } } },
    boundariesConfig(baseline),
  ];
  return linter.verify(code, config, path.posix.join(ROOT, file)).map((m) => {
    if (m.fatal) throw new Error(m.message);
    return { rule: m.ruleId, message: m.message };
  });
}

const rulesOf = (messages: { rule: string | null }[]) => messages.map((m) => m.rule);

describe('boundaries: each rule reports a deliberate violation', () => {
  const violations: [rule: string, file: string, code: string][] = [
    ['module-entry', 'src/server/modules/leads/leads.service.ts', `import { x } from '../customers/customers.service.ts';`],
    ['module-entry', 'src/server/modules/leads/leads.service.ts', `import type { X } from '../customers/customers.queries.ts';`],
    ['module-entry', 'src/server/modules/leads/leads.service.ts', `export { x } from '../customers/customers.rules.ts';`],
    ['module-entry', 'src/server/modules/leads/leads.service.ts', `export * from '../customers/regions/regions.ts';`],
    ['module-entry', 'src/server/modules/leads/leads.service.ts', `const m = await import('../customers/customers.jobs.ts');`],
    ['module-entry', 'src/server/modules/leads/leads.service.ts', 'const m = await import(`../customers/customers.jobs.ts`);'],
    ['module-entry', 'src/server/modules/leads/leads.service.ts', `type J = typeof import('../customers/customers.jobs.ts');`],
    // The same file by another way round, and by an absolute path.
    ['module-entry', 'src/server/modules/leads/leads.service.ts', `import { x } from '../../modules/customers/customers.service.ts';`],
    ['module-entry', 'src/server/modules/leads/leads.service.ts', `import { x } from '${ROOT}/src/server/modules/customers/customers.service.ts';`],
    ['module-entry', 'src/server/modules/leads/leads.routes.test.ts', `import { x } from '../customers/customers.rules.ts';`],
    ['module-entry', 'src/server/app.ts', `import { x } from './modules/customers/customers.routes.ts';`],
    ['module-entry', 'src/server/modules/index.ts', `import { x } from './customers/customers.routes.ts';`],
    // Only the list of modules registers a module by its manifest.
    ['module-entry', 'src/server/app.ts', `import { customersModule } from './modules/customers/customers.module.ts';`],
    ['module-entry', 'src/server/modules/leads/leads.module.ts', `import { customersModule } from '../customers/customers.module.ts';`],
    ['platform-no-modules', 'src/server/platform/http/messages.ts', `import { x } from '../../modules/customers/index.ts';`],
    ['platform-no-modules', 'src/server/platform/jobs/runner.ts', `import type { X } from '../../modules/leads/leads.jobs.ts';`],
    ['contracts-standalone', 'src/contracts/customers.ts', `import { x } from '../server/modules/customers/index.ts';`],
    ['contracts-standalone', 'src/contracts/customers.ts', `import type { Db } from '../server/db/client.ts';`],
    ['contracts-standalone', 'src/contracts/customers.ts', `import { x } from '../web/ui/format.ts';`],
    ['web-no-server', 'src/web/modules/customers/api.ts', `import divisions from '../../../server/modules/customers/divisions.json';`],
    ['web-no-server', 'src/web/app/App.tsx', `import type { Config } from '../../server/config.ts';`],
    ['ui-no-app', 'src/web/ui/StateViews.tsx', `import { http } from '../app/http.ts';`],
    ['ui-no-app', 'src/web/ui/Table.tsx', `import { useCustomers } from '../modules/customers/api.ts';`],
    ['data-access-in-queries', 'src/server/modules/leads/leads.service.ts', `import { eq } from 'drizzle-orm';`],
    ['data-access-in-queries', 'src/server/modules/leads/leads.service.ts', `import type { PgTransaction } from 'drizzle-orm/pg-core';`],
    ['data-access-in-queries', 'src/server/modules/leads/leads.service.ts', `import type { leads } from '../../db/schema/index.ts';`],
    ['data-access-in-queries', 'src/server/modules/leads/leads.jobs.ts', `import { leads } from '../../db/schema/leads.table.ts';`],
    ['data-access-in-queries', 'src/server/modules/leads/leads.rules.ts', `import { sql } from 'drizzle-orm';`],
    ['data-access-in-queries', 'src/server/modules/leads/leads.routes.ts', `import { sql } from 'drizzle-orm';`],
  ];

  it.each(violations)('%s: %s imports %s', (rule, file, code) => {
    const messages = lint(file, code);
    expect(rulesOf(messages)).toEqual([`boundaries/${rule}`]);
    // The message names the rule and says what to do.
    expect(messages[0]!.message).toContain(`[boundaries/${rule}]`);
  });

  it('names the entry to import from, relative to the importing file', () => {
    const [m] = lint('src/server/modules/leads/assign/assign.ts', `import { x } from '../../customers/customers.service.ts';`);
    expect(m!.message).toContain("Import it from ../../customers/index.ts");
    expect(m!.message).toContain('move the shared concept down');
  });
});

describe('boundaries: allowed imports are not reported', () => {
  const clean: [file: string, code: string][] = [
    ['src/server/modules/leads/leads.service.ts', `import { x } from '../customers/index.ts';`],
    ['src/server/modules/leads/leads.service.ts', `export { x } from '../customers/index.ts';`],
    ['src/server/modules/leads/leads.service.ts', `import { x } from './leads.queries.ts';`],
    ['src/server/modules/leads/leads.service.ts', `import { x } from './assign/assign.rules.ts';`],
    ['src/server/modules/leads/leads.service.ts', `import { AppError } from '../../platform/errors.ts';`],
    ['src/server/modules/leads/leads.service.ts', `import type { Db } from '../../db/client.ts';`],
    ['src/server/modules/leads/leads.service.ts', `import { z } from 'zod';`],
    ['src/server/modules/leads/leads.service.ts', `import { LeadInput } from '../../../contracts/leads.ts';`],
    ['src/server/modules/leads/leads.routes.test.ts', `import { x } from './leads.queries.ts'; import { sql } from 'drizzle-orm';`],
    ['src/server/modules/leads/leads.queries.ts', `import { eq } from 'drizzle-orm'; import { leads } from '../../db/schema/index.ts';`],
    ['src/server/modules/index.ts', `import { customersModule } from './customers/index.ts';`],
    ['src/server/modules/index.ts', `import { customersModule } from './customers/customers.module.ts';`],
    ['src/server/app.ts', `import { apiModules } from './modules/index.ts';`],
    ['src/server/platform/jobs/runner.ts', `import { x } from '../http/errors.ts'; import { sql } from 'drizzle-orm';`],
    ['src/server/db/schema/index.ts', `export * from './leads.table.ts';`],
    ['src/contracts/customers.ts', `import divisions from './divisions.json' with { type: 'json' }; import { z } from 'zod';`],
    ['src/web/modules/customers/api.ts', `import type { Customer } from '../../../contracts/customers.ts';`],
    ['src/web/modules/customers/CustomersPage.tsx', `import { StateViews } from '../../ui/StateViews.tsx'; import { http } from '../../app/http.ts';`],
    ['src/web/ui/StateViews.tsx', `import { Empty } from './Empty.tsx'; import { Button } from 'antd';`],
    // Benchmarks and the cross-module suites under test/ drive modules from the outside.
    ['test/e2e/reminders.e2e.ts', `import { deliverDueReminders } from '../../src/server/modules/tasks/tasks.jobs.ts';`],
    ['bench/customers.ts', `import { importRunJob } from '../src/server/modules/imports/imports.jobs.ts';`],
  ];

  it.each(clean)('%s: %s', (file, code) => {
    expect(lint(file, code)).toEqual([]);
  });
});

describe('boundaries: the baseline', () => {
  const file = 'src/server/modules/leads/leads.service.ts';
  const code = `import { x } from '../customers/customers.service.ts';\nimport { y } from '../customers/customers.queries.ts';`;

  it('suppresses exactly the listed file → specifier pairs', () => {
    const messages = lint(file, code, { 'module-entry': { [file]: ['../customers/customers.service.ts'] } });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toContain("'../customers/customers.queries.ts'");
  });

  it('is per rule', () => {
    const messages = lint(file, `import { eq } from 'drizzle-orm';`, { 'module-entry': { [file]: ['drizzle-orm'] } });
    expect(rulesOf(messages)).toContain('boundaries/data-access-in-queries');
  });

  it('reports an entry that no longer occurs, so the list only shrinks', () => {
    const messages = lint(file, `import { x } from '../customers/customers.service.ts';`, {
      'module-entry': { [file]: ['../customers/customers.service.ts', '../customers/customers.queries.ts'] },
    });
    expect(messages).toEqual([
      {
        rule: 'boundaries/module-entry',
        message: expect.stringContaining("the baseline lists '../customers/customers.queries.ts' for this file but the violation is gone") as string,
      },
    ]);
  });
});

describe('resolveImport', () => {
  it('resolves relative and absolute paths and names packages', () => {
    expect(resolveImport('../b/c.ts', 'src/a/x.ts')).toEqual({ kind: 'file', path: 'src/b/c.ts' });
    expect(resolveImport('./c.ts', 'src/a/x.ts')).toEqual({ kind: 'file', path: 'src/a/c.ts' });
    expect(resolveImport('drizzle-orm/pg-core', 'src/a/x.ts')).toEqual({ kind: 'package', name: 'drizzle-orm' });
    expect(resolveImport('@fastify/cookie', 'src/a/x.ts')).toEqual({ kind: 'package', name: '@fastify/cookie' });
    expect(resolveImport('/repo/src/b/c.ts', 'src/a/x.ts', '/repo')).toEqual({ kind: 'file', path: 'src/b/c.ts' });
  });
});

describe("boundaries: the project's eslint.config.js", () => {
  // The real config on real paths, without type information (which the rules do not use),
  // so renaming a folder or dropping the config block cannot switch the rules off unnoticed.
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfig: tseslint.configs.disableTypeChecked,
    ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
  });
  // Loading the config imports typescript-eslint: seconds on a busy machine.
  beforeAll(() => eslint.calculateConfigForFile(path.join(REPO_ROOT, 'src/server/app.ts')), 60_000);

  const cases: [rule: string, file: string, code: string][] = [
    ['module-entry', 'src/server/modules/leads/x.ts', `import { x } from '../customers/customers.service.ts';`],
    ['platform-no-modules', 'src/server/platform/x.ts', `import { x } from '../modules/customers/index.ts';`],
    ['contracts-standalone', 'src/contracts/x.ts', `import { x } from '../server/config.ts';`],
    ['web-no-server', 'src/web/modules/customers/x.ts', `import { x } from '../../../server/config.ts';`],
    ['ui-no-app', 'src/web/ui/x.tsx', `import { x } from '../app/http.ts';`],
    ['data-access-in-queries', 'src/server/modules/leads/x.service.ts', `import { eq } from 'drizzle-orm';`],
  ];

  it.each(cases)('enables %s for %s', async (rule, file, code) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
    expect(result!.messages.map((m) => m.ruleId)).toEqual([`boundaries/${rule}`]);
  });

  it('lists only files that exist in the baseline', () => {
    const baseline = JSON.parse(readFileSync(path.join(REPO_ROOT, BASELINE_FILE), 'utf8')) as Record<string, Record<string, string[]>>;
    const missing = Object.values(baseline)
      .flatMap((files) => Object.keys(files))
      .filter((file) => !existsSync(path.join(REPO_ROOT, file)));
    expect(missing, `remove these files from ${BASELINE_FILE} (npm run lint:baseline)`).toEqual([]);
  });

  it('is empty: a boundary violation is fixed, never listed', () => {
    // Issue 14 emptied the baseline it was made for; it stays empty so `lint:baseline --add`
    // cannot quietly re-open a boundary.
    const baseline = JSON.parse(readFileSync(path.join(REPO_ROOT, BASELINE_FILE), 'utf8')) as Record<string, Record<string, string[]>>;
    expect(baseline).toEqual({});
  });
});
