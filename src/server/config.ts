import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable Kehu reads, validated once at start. This is the only module
 * that touches process.env; everything else receives a Config.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * scrypt's cost as log2 of N: 2^15 costs about 50 ms and 32 MiB per hash on a 2-core server,
 * which is what makes a stolen hash expensive to crack. Tests lower it (a login per test would
 * otherwise dominate the suite); hashes record their parameters, so either kind verifies.
 */
export const PRODUCTION_PASSWORD_HASH_COST = 15;

/** An entry proxy-addr understands: an address, a CIDR, an address/netmask, or one of its named ranges. */
function isProxyAddress(entry: string): boolean {
  if (entry === 'loopback' || entry === 'linklocal' || entry === 'uniquelocal') return true;
  const [address = '', range, ...rest] = entry.split('/');
  if (rest.length || !isIP(address)) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (isIP(address) === 4 ? 32 : 128);
  return isIP(range) === 4 && isIP(address) === 4;
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional(),
  ADMIN_PASSWORD: z.string().min(1).optional(),
  APP_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  TZ: z
    .string()
    .default('Asia/Shanghai')
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'is not a known IANA time zone' },
    ),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must start with smtp:// or smtps://' })
    .optional(),
  SMS_URL: z
    .string()
    .regex(/^aliyun(\+http)?:\/\/[^:@/]+:[^@/]+@[^/]+\/?(\?.*)?$/, { message: 'must be aliyun://AccessKeyId:AccessKeySecret@dysmsapi.aliyuncs.com' })
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^\r\n]*@[^\r\n]*$/, { message: 'must contain an e-mail address, e.g. Kehu <noreply@example.com>' })
    .default('Kehu <noreply@localhost>'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  TRUST_PROXY: z
    .string()
    .refine((v) => v === 'true' || v === 'false' || /^\d+$/.test(v) || v.split(',').every((a) => isProxyAddress(a.trim())), {
      message: 'must be a comma-separated list of proxy addresses/CIDRs (or loopback, linklocal, uniquelocal), a number of proxy hops, true (one hop) or false',
    })
    .default('false'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://crm.example.com' })
    .refine((u) => {
      const url = URL.parse(u);
      return !url || (url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password);
    }, { message: 'must be only the scheme and host (and port), e.g. https://crm.example.com, without a path' })
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(240),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24 * 7),
  ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(1024).default(20),
  LOGIN_LIMIT_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(17).default(PRODUCTION_PASSWORD_HASH_COST),
  BULK_SYNC_LIMIT: z.coerce.number().int().min(1).max(10_000).default(500),
  LIST_EXACT_TOTAL: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  RESPONSE_CHECK: z.enum(['on', 'off']).default('off'),
});

export const ENV_HELP: Record<keyof z.infer<typeof envSchema>, string> = {
  PORT: 'HTTP port (default 3000)',
  HOST: 'address to listen on (default 0.0.0.0)',
  DATA_DIR: 'where the embedded database and files live (default ./data)',
  DATABASE_URL: 'postgres://… of an external PostgreSQL 15+; unset = embedded PostgreSQL under DATA_DIR',
  ADMIN_PASSWORD: 'password of the admin account created at first start (default: generated and printed once)',
  APP_SECRET: 'secret for signing (at least 16 characters; default: generated and kept under DATA_DIR)',
  TZ: 'time zone for dates and schedules (default Asia/Shanghai)',
  SMTP_URL: 'smtp://user:pass@host:port (or smtps://) for outgoing mail; unset = mails stay in the outbox for admins to read',
  SMS_URL: 'aliyun://AccessKeyId:AccessKeySecret@dysmsapi.aliyuncs.com for SMS campaigns (阿里云短信; the secret URL-encoded); unset = SMS are only logged, not sent',
  MAIL_FROM: 'sender of outgoing mail (default "Kehu <noreply@localhost>")',
  LOG_LEVEL: 'fatal, error, warn, info, debug, trace or silent (default info)',
  TRUST_PROXY:
    'behind a reverse proxy: the proxies\' addresses/CIDRs (recommended, e.g. 10.0.0.5 or 10.0.0.0/8,loopback), or the number of proxy hops (true = 1); client IPs are then read from the right of X-Forwarded-For (default false)',
  PUBLIC_URL: 'the address users reach Kehu at, e.g. https://crm.example.com, for links Kehu builds (calendar feed); unset = the Host header of each request',
  SESSION_IDLE_MINUTES: 'a session ends after this many minutes without a request (default 240)',
  SESSION_MAX_HOURS: 'a session ends this many hours after login whatever happens (default 168)',
  ATTACHMENT_MAX_MB: 'largest attachment a user may upload, in MB (1 to 1024, default 20)',
  LOGIN_LIMIT_PER_IP: 'login attempts (and wrong current passwords) one IP address may make per minute before 429 (default 20)',
  BULK_SYNC_LIMIT: 'bulk actions on at most this many records run in the request; larger ones run as a background job with progress (1 to 10000, default 500)',
  LIST_EXACT_TOTAL: 'lists count their matching rows exactly up to this many (共 N 条), above it they give the database\'s estimate (约 N 条) (0 to 1000000, default 10000)',
  RESPONSE_CHECK: 'on: every API answer is also checked against its schema by zod (500 on a mismatch); the test suites turn it on, it costs a fifth of a large list\'s time in Node (default off)',
  PASSWORD_HASH_COST: `scrypt cost of new password hashes as log2 N (10 to 17, default ${PRODUCTION_PASSWORD_HASH_COST}); only tests lower it, a lower cost makes stolen hashes cheaper to crack`,
};

export const ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof ROLES)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  appSecret: string | undefined;
  timeZone: string;
  smtpUrl: string | undefined;
  /** The SMS provider (aliyun://id:secret@host); unset: the log-only provider. */
  smsUrl: string | undefined;
  /** From header of outgoing mail, e.g. `Kehu <noreply@example.com>`. */
  mailFrom: string;
  logLevel: (typeof LOG_LEVELS)[number];
  sessionIdleMs: number;
  sessionMaxMs: number;
  /**
   * Which X-Forwarded-* headers to believe (the audit log records client IPs): false, the number
   * of proxy hops in front of us, or the proxies' addresses/CIDRs.
   */
  trustProxy: false | number | string[];
  /** Origin of absolute URLs Kehu builds (e.g. `https://crm.example.com`, no trailing slash); undefined = the request's Host. */
  publicUrl: string | undefined;
  /** Largest attachment upload in bytes (ATTACHMENT_MAX_MB). */
  attachmentMaxBytes: number;
  /** Login attempts per IP address and minute (LOGIN_LIMIT_PER_IP), across all accounts. */
  loginLimitPerIp: number;
  /** scrypt cost (log2 N) of new password hashes (PASSWORD_HASH_COST); lowered only in tests. */
  passwordHashCost: number;
  /** Bulk actions on more records than this run as a job (BULK_SYNC_LIMIT). */
  bulkSyncLimit: number;
  /** Lists count matches exactly up to this many, then estimate (LIST_EXACT_TOTAL). */
  listExactTotal: number;
  /** Answers are also checked against their schemas by zod (RESPONSE_CHECK; the test suites). */
  responseCheck: boolean;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Empty strings count as unset, so `PORT= npm start` behaves like no PORT at all. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminPassword: e.ADMIN_PASSWORD,
    appSecret: e.APP_SECRET,
    timeZone: e.TZ,
    smtpUrl: e.SMTP_URL,
    smsUrl: e.SMS_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    publicUrl: e.PUBLIC_URL === undefined ? undefined : new URL(e.PUBLIC_URL).origin,
    attachmentMaxBytes: e.ATTACHMENT_MAX_MB * 1024 * 1024,
    loginLimitPerIp: e.LOGIN_LIMIT_PER_IP,
    passwordHashCost: e.PASSWORD_HASH_COST,
    bulkSyncLimit: e.BULK_SYNC_LIMIT,
    listExactTotal: e.LIST_EXACT_TOTAL,
    responseCheck: e.RESPONSE_CHECK === 'on',
  };
}

/**
 * `true` means one proxy hop, not "trust every address": trusting all would take the left-most
 * X-Forwarded-For entry, which the client writes itself. With one hop the right-most entry —
 * the address our proxy saw — is the client.
 */
function parseTrustProxy(value: string): false | number | string[] {
  if (value === 'true') return 1;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value) || false;
  return value.split(',').map((a) => a.trim());
}

export interface CliOptions {
  role: ProcessRole;
  demo: boolean;
  help: boolean;
}

export function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { role: 'all', demo: false, help: false };
  for (const arg of argv) {
    if (arg === '--demo') opts.demo = true;
    else if (arg === '--help' || arg === '-h') opts.help = true;
    else if (arg.startsWith('--role=')) {
      const role = arg.slice('--role='.length);
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new ConfigError([`--role: must be one of ${ROLES.join(', ')}, got "${role}"`]);
      }
      opts.role = role as ProcessRole;
    } else throw new ConfigError([`unknown argument "${arg}" (see --help)`]);
  }
  return opts;
}

export function helpText(): string {
  const vars = Object.entries(ENV_HELP)
    .map(([k, v]) => `  ${k.padEnd(22)} ${v}`)
    .join('\n');
  return `Kehu (客户) CRM server

Usage: npm start -- [--role=all|api|worker] [--demo] [--help]

  --role=all     API, web UI and background jobs in one process (default)
  --role=api     HTTP API and web UI only
  --role=worker  background jobs only
  --demo         load Chinese demo data (departments, users in several roles)

Environment variables:
${vars}
`;
}
