import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { errorResponse } from '../contracts/common.ts';
import { decorateCsrf, registerAuthentication } from './platform/access/authenticate.ts';
import type { Config } from './config.ts';
import type { Deps } from './platform/deps.ts';
import { AppError } from './platform/errors.ts';
import { registerLive } from './platform/events/live.ts';
import { registerRequestContext } from './platform/http/context.ts';
import { registerErrorHandler } from './platform/http/errors-handler.ts';
import { installMessages } from './platform/http/messages.ts';
import { registerInputHygiene } from './platform/http/input.ts';
import { registerApiCompression } from './platform/http/compression.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerWebUi, sendIndex, wantsPage } from './platform/http/web-ui.ts';
import { createResponseSerializer } from './platform/http/serializer.ts';
import { validatorCompiler } from './platform/http/validation.ts';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web UI (dist/web); served with an SPA fallback when present. */
  webDir?: string | null;
  /** Whether background jobs run in some process; reported by /readyz. */
  version?: string;
  /**
   * The database's URL: the app then opens its own LISTEN connection for live notifications
   * (Server-Sent Events). Without it the event stream still answers, with no live updates.
   */
  databaseUrl?: string | null;
  /** Heartbeat (and session re-check) interval of event streams (default 25 s; tests shorten it). */
  streamHeartbeatMs?: number;
}

/**
 * TRUST_PROXY as Fastify takes it. A hop count becomes a function: Fastify fails a bare number
 * closed (it trusts no X-Forwarded-* at all), while one hop must mean "the peer is our proxy,
 * so the right-most X-Forwarded-For entry — the address the proxy saw — is the client".
 */
function trustProxyOption(trust: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof trust !== 'number') return trust;
  return (_address: string, hop: number) => hop < trust;
}

/** Builds the HTTP application: platform plugins first, then the modules of `deps.modules`. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  installMessages(deps.modules.messages);
  const serverOptions: FastifyServerOptions = {
    logger: opts.logger ?? false,
    // Without a proxy in front, X-Forwarded-For is the client's own claim: ignore it by default.
    trustProxy: trustProxyOption(deps.config.trustProxy),
    bodyLimit: 2 * 1024 * 1024,
    // Our zod schemas validate; Ajv-style coercion and removal are not wanted.
    ajv: { customOptions: { coerceTypes: false } },
  };
  const app = Fastify(serverOptions).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializer({ check: deps.config.responseCheck }));
  registerRequestContext(app, deps.clock);
  decorateCsrf(app);
  registerErrorHandler(app);
  registerInputHygiene(app);
  await app.register(cookie);
  await registerSecurityHeaders(app);
  registerApiCompression(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kehu CRM API',
        version: opts.version ?? '0.1.0',
        description:
          'REST API of Kehu (客户). JSON in camelCase. Authenticate with the session cookie from POST /api/v1/auth/login ' +
          '(then send X-CSRF-Token on writes) or with a personal API token as `Authorization: Bearer <token>`. ' +
          'Errors: {"error": {"code", "message", "details": [{"path", "message"}]}}; messages follow Accept-Language (zh-CN or en).',
      },
      components: {
        securitySchemes: {
          cookieAuth: { type: 'apiKey', in: 'cookie', name: 'kehu_session' },
          bearerAuth: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ cookieAuth: [] }, { bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  registerAuthentication(app, deps);
  registerLive(app, { databaseUrl: opts.databaseUrl ?? null, heartbeatMs: opts.streamHeartbeatMs });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['health'], summary: 'The process is up', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'The database answers; ready for traffic', response: { 200: z.object({ status: z.literal('ready') }), 503: errorResponse } },
    },
    async () => {
      try {
        await deps.db.execute(sql`select 1`);
      } catch {
        throw new AppError('UNAVAILABLE');
      }
      return { status: 'ready' as const };
    },
  );

  // Routes outside /api/v1 (a calendar feed that other apps fetch with the token in the URL).
  for (const routes of deps.modules.rootRoutes) await app.register(routes(deps));

  await app.register(
    async (api) => {
      for (const routes of deps.modules.apiRoutes) await api.register(routes(deps));
    },
    { prefix: '/api/v1' },
  );

  const hasWeb = await registerWebUi(app, opts.webDir);
  app.setNotFoundHandler(async (req, reply) => {
    if (req.method !== 'GET' || !hasWeb || !wantsPage(req.url)) {
      throw new AppError('NOT_FOUND', { params: { entity: 'route' } });
    }
    // Client-side routes (e.g. /admin/users) all load the single-page app.
    return sendIndex(reply);
  });

  return app;
}
