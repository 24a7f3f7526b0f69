import { afterAll, afterEach } from 'vitest';
import { takeCspViolations } from './csp.ts';

/**
 * Every browser test fails on a Content-Security-Policy violation: the policy the server sends
 * must fit the web app as built (launchBrowser watches every context it opens).
 */
function failOnViolations(when: string) {
  const seen = takeCspViolations();
  if (seen.length) throw new Error(`Content-Security-Policy violations ${when}:\n${seen.join('\n')}`);
}

afterEach(() => failOnViolations('during this test'));
afterAll(() => failOnViolations('after the last test'));
