import type { BrowserContext } from 'playwright-core';

/**
 * Content-Security-Policy violations seen by any page of any browser context of this test file.
 * Chromium reports each one twice over: as a console message ("… violates the following Content
 * Security Policy directive …") and as a `securitypolicyviolation` event in the page; both are
 * collected, so a violation is caught whichever way the browser reports it. test/e2e/setup.ts
 * fails the test during which one was seen.
 */
const violations: string[] = [];

declare global {
  interface Window {
    __kehuCspViolation?: (report: string) => void;
  }
}

export async function watchCsp(context: BrowserContext): Promise<void> {
  context.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(`console: ${message.text()} (${message.location().url})`);
  });
  await context.exposeBinding('__kehuCspViolation', (_source, report: string) => {
    violations.push(`event: ${report}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__kehuCspViolation?.(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} on ${e.documentURI}`);
    });
  });
}

/** The violations seen since the last call, which it clears. */
export function takeCspViolations(): string[] {
  return violations.splice(0);
}
