import { afterAll, afterEach } from 'vitest';

/**
 * Fails the test during which node-postgres warns that it will stop working in pg@9 — above all
 * "Calling client.query() when the client is already executing a query": one connection (a
 * transaction, the LISTEN client) was given a second query before the first answered, e.g. a
 * Promise.all over one transaction. pg queues it today and will throw in pg@9. Node prints a
 * deprecation once per process (a worker runs many files), which is easy to miss in a long run;
 * this makes the first one a failure with the stack of the call, so it cannot come back unnoticed.
 * (The import pipeline's Promise.all of writes, which printed it, was made sequential in bb753e8.)
 */
const FATAL = /pg@9\.0/;

// One listener per process, even when a worker runs several files in one module graph and this
// setup file runs again for each.
const KEY = Symbol.for('kehu.test.pgWarnings');
const holder = globalThis as { [KEY]?: Error[] };
const seen: Error[] = holder[KEY] ?? [];
if (!holder[KEY]) {
  holder[KEY] = seen;
  process.on('warning', (warning) => {
    if (FATAL.test(warning.message)) seen.push(warning);
  });
}

function failOnWarnings(when: string): void {
  if (seen.length === 0) return;
  const found = seen.splice(0);
  throw new Error(`node-postgres warned ${when}:\n${found.map((w) => w.stack ?? w.message).join('\n\n')}`);
}

afterEach(() => failOnWarnings('during this test'));
afterAll(() => failOnWarnings('after the last test'));
