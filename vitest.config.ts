import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'eslint/**/*.test.ts'],
          exclude: ['src/**/*.routes.test.ts', 'src/**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.routes.test.ts', 'src/**/*.int.test.ts', 'test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          // Projects with different maxWorkers must run in separate groups (vitest refuses otherwise),
          // so `npm test` runs unit first, then integration.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          // Fails any browser test during which the page broke the Content-Security-Policy.
          setupFiles: ['test/e2e/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A browser waits on the server; on a loaded CI machine a first PDF or chart takes seconds.
          expect: { poll: { timeout: 10_000 } },
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
