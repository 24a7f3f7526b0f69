import { defineConfig } from 'vitest/config';
import { PG_SET } from './test/pg-set.ts';

/** Tests against PostgreSQL: one server per run, a database per file (test/helpers/global-setup.ts). */
const database = {
  globalSetup: ['test/helpers/global-setup.ts'],
  // Fails a test during which node-postgres warns (a query queued on a busy connection).
  setupFiles: ['test/helpers/fail-on-warnings.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  maxWorkers: 2,
  // A worker runs its files one after the other in one module graph, so the app's modules are
  // imported once per worker instead of once per file: that import was a third of the run's
  // time. Files still share nothing that matters: each has its own database and app (harness),
  // no test mocks a module, and the helpers keep per-process state (spawned processes, warning
  // listener) safe to share.
  isolate: false,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'eslint/**/*.test.ts', 'test/*.test.ts'],
          exclude: ['src/**/*.routes.test.ts', 'src/**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.routes.test.ts', 'src/**/*.int.test.ts', 'test/integration/**/*.test.ts'],
          ...database,
          // Projects with different maxWorkers must run in separate groups (vitest refuses otherwise),
          // so `npm test` runs unit first, then integration.
          sequence: { groupOrder: 1 },
        },
      },
      // `npm run test:pg` (KEHU_TEST_DB=external): the integration tests that can differ between
      // PostgreSQL servers, plus a smoke test per module, on the external server (test/pg-set.ts
      // says why each is there); `npm test` runs them all on the embedded one. Defined only then,
      // so that `vitest run <file>` runs a file once. The whole suite on the external server:
      // KEHU_TEST_DB=external DATABASE_URL=… npx vitest run --project integration.
      ...(process.env.KEHU_TEST_DB === 'external'
        ? [
            {
              test: {
                name: 'pg',
                include: PG_SET.map((e) => e.file),
                ...database,
                sequence: { groupOrder: 1 },
              },
            },
          ]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          // Fails any browser test during which the page broke the Content-Security-Policy.
          setupFiles: ['test/e2e/setup.ts', 'test/helpers/fail-on-warnings.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A browser waits on the server; on a loaded CI machine a first PDF or chart takes seconds.
          expect: { poll: { timeout: 10_000 } },
          // Two files at a time: each starts its own server on its own database and its own
          // browser (test/e2e/server.ts), so files share nothing and may run in any order. The
          // tests inside a file are one user's story, in order, on that file's page.
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
