import type { FastifyInstance } from 'fastify';

/**
 * Every route the app serves, as `METHOD path` with each parameter written `{}` (Fastify names
 * a shared parameter `:id|:customerId`, the document `{id}` or `{customerId}`). Read from
 * `printRoutes`, the one listing Fastify offers once the app is built; HEAD (Fastify's
 * automatic twin of GET) is left out.
 */
export function servedRoutes(app: FastifyInstance): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(m[2] ?? '');
    const methods = (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD');
    for (const method of methods) out.add(`${method} ${normalisePath(stack.join(''))}`);
  }
  return out;
}

/** `{id}` and `:id|:customerId` alike become `{}`. */
export function normalisePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z]+(?:\|:[A-Za-z]+)*/g, '{}');
}
