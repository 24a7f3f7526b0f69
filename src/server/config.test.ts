import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_HELP, helpText, loadConfig, parseArgs } from './config.ts';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has a default for everything', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      adminPassword: undefined,
      appSecret: undefined,
      timeZone: 'Asia/Shanghai',
      smtpUrl: undefined,
      smsUrl: undefined,
      mailFrom: 'Kehu <noreply@localhost>',
      logLevel: 'info',
      sessionIdleMs: 240 * 60_000,
      sessionMaxMs: 168 * 3_600_000,
      trustProxy: false,
      loginLimitPerIp: 20,
      publicUrl: undefined,
      attachmentMaxBytes: 20 * 1024 * 1024,
      // scrypt N = 2^15: the production cost, unless a test lowers it.
      passwordHashCost: 15,
      // Bulk actions on more records than this run as a job.
      bulkSyncLimit: 500,
      listExactTotal: 10_000,
      responseCheck: false,
    });
  });

  it('reads and converts every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/kehu',
      DATABASE_URL: 'postgresql://kehu@db/kehu',
      ADMIN_PASSWORD: 'Secret2026',
      APP_SECRET: 'x'.repeat(16),
      TZ: 'Europe/Berlin',
      SMTP_URL: 'smtps://mail.example.com:465',
      MAIL_FROM: '客户 CRM <crm@example.com>',
      LOG_LEVEL: 'warn',
      SESSION_IDLE_MINUTES: '30',
      SESSION_MAX_HOURS: '8',
      ATTACHMENT_MAX_MB: '5',
      PASSWORD_HASH_COST: '12',
      BULK_SYNC_LIMIT: '50',
      LIST_EXACT_TOTAL: '500',
      RESPONSE_CHECK: 'on',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/kehu',
      databaseUrl: 'postgresql://kehu@db/kehu',
      adminPassword: 'Secret2026',
      timeZone: 'Europe/Berlin',
      smtpUrl: 'smtps://mail.example.com:465',
      mailFrom: '客户 CRM <crm@example.com>',
      logLevel: 'warn',
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 8 * 3_600_000,
      attachmentMaxBytes: 5 * 1024 * 1024,
      passwordHashCost: 12,
      bulkSyncLimit: 50,
      listExactTotal: 500,
      responseCheck: true,
    });
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', TZ: '', LOG_LEVEL: '', APP_SECRET: '' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.timeZone).toBe('Asia/Shanghai');
    expect(config.logLevel).toBe('info');
    expect(config.appSecret).toBeUndefined();
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ HOME: '/root', PATH: '/bin' }).port).toBe(3000);
  });

  it('lists every bad variable by name, all at once', () => {
    const problems = problemsOf({
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      APP_SECRET: 'short',
      TZ: 'Mars/Olympus',
      SMTP_URL: 'http://mail',
      MAIL_FROM: 'nobody',
      LOG_LEVEL: 'loud',
      SESSION_IDLE_MINUTES: '0',
      SESSION_MAX_HOURS: '1.5',
      ATTACHMENT_MAX_MB: '0',
    });
    const names = problems.map((p) => p.split(':')[0]).sort();
    expect(names).toEqual(['APP_SECRET', 'ATTACHMENT_MAX_MB', 'DATABASE_URL', 'LOG_LEVEL', 'MAIL_FROM', 'PORT', 'SESSION_IDLE_MINUTES', 'SESSION_MAX_HOURS', 'SMTP_URL', 'TZ']);
    expect(problems.find((p) => p.startsWith('TZ'))).toContain('is not a known IANA time zone');
    expect(problems.find((p) => p.startsWith('APP_SECRET'))).toContain('at least 16 characters');
  });

  it('refuses out-of-range numbers', () => {
    expect(problemsOf({ PORT: '70000' }).map((p) => p.split(':')[0])).toEqual(['PORT']);
    expect(problemsOf({ PORT: '-1' }).map((p) => p.split(':')[0])).toEqual(['PORT']);
    // Below 2^10 a hash is no protection; above 2^17 one login takes seconds and 128 MiB.
    expect(problemsOf({ PASSWORD_HASH_COST: '9' }).map((p) => p.split(':')[0])).toEqual(['PASSWORD_HASH_COST']);
    expect(problemsOf({ PASSWORD_HASH_COST: '18' }).map((p) => p.split(':')[0])).toEqual(['PASSWORD_HASH_COST']);
  });

  it('puts every problem into the error message', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/LOG_LEVEL/);
    }
  });
});

describe('TRUST_PROXY and PUBLIC_URL', () => {
  it('reads proxy addresses and CIDRs, the recommended form', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy).toEqual(['127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1,loopback,192.168.1.0/255.255.255.0' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '::1',
      'loopback',
      '192.168.1.0/255.255.255.0',
    ]);
  });

  it('takes true as one proxy hop, never as "trust every address"', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('refuses what is neither an address, a CIDR nor a hop count', () => {
    for (const bad of ['yes', '1.2.3', '10.0.0.0/33', '10.0.0.1,', 'proxy.example.com', '::1/255.0.0.0']) {
      expect(problemsOf({ TRUST_PROXY: bad }).map((p) => p.split(':')[0]), bad).toEqual(['TRUST_PROXY']);
    }
  });

  it('keeps the origin of PUBLIC_URL and refuses paths and other schemes', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://crm.example.com/' }).publicUrl).toBe('https://crm.example.com');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:3000' }).publicUrl).toBe('http://10.0.0.5:3000');
    for (const bad of ['crm.example.com', 'ftp://crm.example.com', 'https://crm.example.com/kehu', 'https://crm.example.com/?a=1', 'https://u:p@crm.example.com']) {
      expect(problemsOf({ PUBLIC_URL: bad }).map((p) => p.split(':')[0]), bad).toEqual(['PUBLIC_URL']);
    }
  });
});

describe('parseArgs', () => {
  it('defaults to role all', () => {
    expect(parseArgs([])).toEqual({ role: 'all', demo: false, help: false });
  });

  it('accepts every role, --demo and --help/-h', () => {
    expect(parseArgs(['--role=api']).role).toBe('api');
    expect(parseArgs(['--role=worker']).role).toBe('worker');
    expect(parseArgs(['--role=all', '--demo'])).toEqual({ role: 'all', demo: true, help: false });
    expect(parseArgs(['-h']).help).toBe(true);
    expect(parseArgs(['--help']).help).toBe(true);
  });

  it('refuses an unknown role, naming the allowed ones', () => {
    expect(() => parseArgs(['--role=web'])).toThrow(ConfigError);
    expect(() => parseArgs(['--role=web'])).toThrow(/all, api, worker.*"web"/);
    expect(() => parseArgs(['--role='])).toThrow(ConfigError);
  });

  it('refuses unknown arguments', () => {
    expect(() => parseArgs(['--rol=api'])).toThrow(/unknown argument "--rol=api"/);
    expect(() => parseArgs(['--role', 'api'])).toThrow(ConfigError);
  });

  it('documents every variable in the help text', () => {
    const text = helpText();
    for (const name of Object.keys(ENV_HELP)) expect(text).toContain(name);
  });
});
