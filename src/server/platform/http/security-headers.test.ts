import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { allowFraming, frameAncestorSources, registerSecurityHeaders, withFrameAncestors } from './security-headers.ts';

describe('frameAncestorSources', () => {
  it('keeps well-formed http(s) origins, without a trailing slash', () => {
    expect(frameAncestorSources(['https://www.example.com', 'http://shop.example.com:8080/', "'self'"])).toEqual([
      'https://www.example.com',
      'http://shop.example.com:8080',
      "'self'",
    ]);
  });

  it('drops anything that could smuggle in another directive or source', () => {
    expect(frameAncestorSources(['https://a.example.com; script-src *', '*', 'javascript:alert(1)', 'https://b.example.com/form', 'data:', ''])).toEqual(["'none'"]);
  });
});

describe('withFrameAncestors', () => {
  it('replaces the directive and keeps the rest of the policy', () => {
    expect(withFrameAncestors("default-src 'self';frame-ancestors 'none';object-src 'none'", ['https://www.example.com'])).toBe(
      "default-src 'self'; object-src 'none'; frame-ancestors https://www.example.com",
    );
    expect(withFrameAncestors("default-src 'none'; sandbox", ["'self'"])).toBe("default-src 'none'; sandbox; frame-ancestors 'self'");
  });
});

/** A bare Fastify app with just the headers, for the per-route framing hook (the real app's routes are tested through it elsewhere). */
async function appWithFraming() {
  const app = Fastify();
  await registerSecurityHeaders(app);
  app.get('/plain', async () => ({ ok: true }));
  app.get('/embeddable', { config: { frameAncestors: ['https://www.example.com'] } }, async (_req, reply) => reply.type('text/html').send('<p>form</p>'));
  app.get('/per-record', async (_req, reply) => {
    allowFraming(reply, ['https://shop.example.com', 'https://x.example.com; script-src *']);
    return reply.type('text/html').send('<p>form</p>');
  });
  app.get('/inline-file', async (_req, reply) => reply.header('content-disposition', 'inline; filename="a.pdf"').type('application/pdf').send(Buffer.from('%PDF-1.4')));
  app.get('/own-policy', async (_req, reply) => reply.header('content-security-policy', "default-src 'none'; sandbox").type('image/png').send(Buffer.from('png')));
  return app;
}

describe('frame protection per route', () => {
  it('refuses framing by default, and lets a route list the origins that may frame it', async () => {
    const app = await appWithFraming();
    const plain = await app.inject('/plain');
    expect(plain.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(plain.headers['x-frame-options']).toBe('DENY');

    const embeddable = await app.inject('/embeddable');
    expect(embeddable.headers['content-security-policy']).toContain('frame-ancestors https://www.example.com');
    expect(embeddable.headers['content-security-policy']).not.toContain("frame-ancestors 'none'");
    expect(embeddable.headers['x-frame-options']).toBeUndefined();

    const perRecord = await app.inject('/per-record');
    expect(perRecord.headers['content-security-policy']).toMatch(/frame-ancestors https:\/\/shop\.example\.com$/);
    expect(perRecord.headers['x-frame-options']).toBeUndefined();
  });

  it('lets our own pages frame a file shown inline, keeps a route’s own policy', async () => {
    const app = await appWithFraming();
    const inline = await app.inject('/inline-file');
    expect(inline.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(inline.headers['x-frame-options']).toBe('SAMEORIGIN');

    const own = await app.inject('/own-policy');
    expect(own.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(own.headers['x-frame-options']).toBe('DENY');
  });
});
