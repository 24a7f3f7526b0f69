/** Any origin will do: a path is same-origin exactly when it resolves against this one to this one. */
const BASE = 'http://kehu.invalid';

/**
 * Whether one layer of the path keeps to our site: it starts with one slash, and has no
 * backslash (browsers read `/\evil.example` as `//evil.example`) and no control character
 * (they drop tabs and newlines, so `/\t/evil` becomes `//evil`).
 */
function keepsToSite(path: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return path.startsWith('/') && !path.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(path);
}

/**
 * Where to go after sign-in: `next` when it is a path on this site, else the home page. Every
 * percent-decoding of it is checked too (`/%5Cevil`, `/%2F%2Fevil`), and it must resolve to this
 * origin, so no spelling leads the browser elsewhere or makes the router throw.
 */
export function safeNext(next: string | null): string {
  if (!next || next.startsWith('/login')) return '/';
  let layer = next;
  for (let depth = 0; ; depth++) {
    if (!keepsToSite(layer)) return '/';
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return '/';
    }
    if (decoded === layer) break;
    // Encoded more than a few times over is no link the app ever made.
    if (depth === 3) return '/';
    layer = decoded;
  }
  try {
    // new URL rather than URL.parse: the browsers of some teams are a few versions behind.
    return new URL(next, BASE).origin === BASE ? next : '/';
  } catch {
    return '/';
  }
}
