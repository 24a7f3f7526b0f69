/**
 * A sender process for test/integration/mailings-crash.test.ts: runs the campaign sender
 * (runMailing over a pooled SMTP transport) for one mailing until it returns, so the test can
 * kill it with SIGKILL at any moment and start another.
 *
 * Environment: DATABASE_URL, SMTP_URL, APP_SECRET (the harness's, so tokens match), MAILING_ID
 * (all required), CONCURRENCY (5), RATE (10000 a second). Prints "outcome <outcome>" when
 * runMailing returns, then exits 0.
 */
import { loadConfig } from '../../src/server/config.ts';
import { connect } from '../../src/server/db/client.ts';
import { pooledSmtpTransport, runMailing } from '../../src/server/modules/mailings/mailings.sender.ts';
import { assembleModules } from '../../src/server/platform/modules/manifest.ts';
import { systemClock } from '../../src/server/platform/clock.ts';
import type { Deps } from '../../src/server/platform/deps.ts';

const { DATABASE_URL: url, SMTP_URL: smtpUrl, APP_SECRET: appSecret, MAILING_ID: mailingId } = process.env;
if (!url || !smtpUrl || !appSecret || !mailingId) {
  process.stderr.write('DATABASE_URL, SMTP_URL, APP_SECRET and MAILING_ID are required\n');
  process.exit(2);
}
const concurrency = Number(process.env.CONCURRENCY ?? 5);
const ratePerSecond = Number(process.env.RATE ?? 10_000);

const database = connect(url, { max: 4, applicationName: `kehu-test-sender-${process.pid}` });
const config = loadConfig({ DATABASE_URL: url, SMTP_URL: smtpUrl, MAIL_FROM: 'Kehu <crm@example.com>', LOG_LEVEL: 'silent' });
// The sender reads no manifest (permissions, messages): none are assembled, so the process starts faster.
const deps: Deps = { db: database.db, clock: systemClock, config, appSecret, modules: assembleModules([]) };
const transport = pooledSmtpTransport(smtpUrl, concurrency);
try {
  const outcome = await runMailing(deps, mailingId, transport, { settings: { ratePerSecond, concurrency } });
  process.stdout.write(`outcome ${outcome}\n`);
} finally {
  transport.close();
  await database.close();
}
