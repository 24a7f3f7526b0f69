// @ts-check
/**
 * Kehu's architecture boundaries as ESLint rules (docs/boundaries.md).
 *
 * Every import is resolved against the importing file's path (relative and absolute
 * specifiers; bare specifiers are packages) and the rules compare repository paths, not raw
 * strings, so `../customers/x.ts` and `../../modules/customers/x.ts` are the same import.
 * The rules read no file: a result depends only on the linted file's text and path, which
 * keeps `eslint --cache` sound.
 *
 * Known violations are listed in eslint/boundaries-baseline.json and passed to each rule as
 * its `baseline` option (so a changed baseline invalidates the cache). A baseline entry
 * suppresses exactly one `file → specifier` pair; an entry that no longer occurs is itself
 * an error, so the list can only shrink.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file lives in <root>/eslint/. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const BASELINE_FILE = 'eslint/boundaries-baseline.json';

/**
 * @typedef {{ kind: 'file', path: string } | { kind: 'package', name: string }} Target
 *   `path` is relative to the repository root, with `/` separators; it may start with `..`
 *   when the import leaves the repository.
 * @typedef {{ file: string, spec: string, target: Target }} ImportFact
 * @typedef {{ message: string } | null} Verdict
 */

const MODULE_FILE = /^src\/server\/modules\/([^/]+)\/(.+)$/;
const TEST_FILE = /\.(test|e2e)\.tsx?$/;

/** @param {string} p */
const posix = (p) => p.split(path.sep).join('/');

/**
 * Where an import specifier points.
 * @param {string} spec the specifier as written
 * @param {string} fromFile the importing file, relative to root (`/` separators)
 * @param {string} root the repository root, for absolute specifiers
 * @returns {Target}
 */
export function resolveImport(spec, fromFile, root = REPO_ROOT) {
  if (spec.startsWith('/')) return { kind: 'file', path: posix(path.relative(root, spec)) };
  if (spec.startsWith('.')) return { kind: 'file', path: path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec)) };
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
  return { kind: 'package', name };
}

/** @param {string} file */
export const isTestFile = (file) => TEST_FILE.test(file);

/**
 * The server module a file belongs to, or null (src/server/modules/index.ts, the list of
 * modules, belongs to none).
 * @param {string} file
 */
export function moduleOf(file) {
  const m = MODULE_FILE.exec(file);
  return m ? { name: /** @type {string} */ (m[1]), rest: /** @type {string} */ (m[2]) } : null;
}

/** The one list of modules (src/server/modules/index.ts), the only importer of manifests. */
const MODULE_LIST = 'src/server/modules/index.ts';

/**
 * A module's manifest, `<name>/<name>.module.ts`.
 * @param {{ name: string, rest: string }} m
 */
const isManifest = (m) => m.rest === `${m.name}.module.ts`;

/** `index.ts`, or the same written without or with another script extension. */
const isEntry = (/** @type {string} */ rest) => /^index(\.[cm]?[jt]sx?)?$/.test(rest);

/**
 * A path to write in an import from `fromFile` to `toFile`.
 * @param {string} fromFile @param {string} toFile
 */
function relativeSpec(fromFile, toFile) {
  const rel = path.posix.relative(path.posix.dirname(fromFile), toFile);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** @type {Record<string, { description: string, check: (fact: ImportFact) => Verdict }>} */
export const RULES = {
  'module-entry': {
    description:
      'Code outside a server module uses it only through its public entry, src/server/modules/<name>/index.ts (and the list of modules through its manifest, <name>.module.ts).',
    check({ file, spec, target }) {
      if (target.kind !== 'file') return null;
      const to = moduleOf(target.path);
      if (!to || isEntry(to.rest)) return null;
      // Benchmarks and the cross-module test suites under test/ drive modules from the
      // outside on purpose, and nothing in the product imports them. Web, contracts and
      // platform may not import a module at all: their own rules say so, once.
      if (!file.startsWith('src/server/') || file.startsWith('src/server/platform/')) return null;
      const from = moduleOf(file);
      if (from?.name === to.name) return null;
      // The one list of modules registers each module by its manifest.
      if (file === MODULE_LIST && isManifest(to)) return null;
      const entry = relativeSpec(file, `src/server/modules/${to.name}/index.ts`);
      const who = from ? `module '${from.name}'` : file;
      return {
        message:
          `[boundaries/module-entry] ${who} imports '${spec}', a private file of module '${to.name}'. ` +
          `Import it from ${entry} (export it there if other modules may use it), ` +
          `or move the shared concept down (to src/server/platform if it knows no business entity, else into the lower module).`,
      };
    },
  },
  'platform-no-modules': {
    description: 'src/server/platform knows no business module.',
    check({ file, spec, target }) {
      if (!file.startsWith('src/server/platform/')) return null;
      if (target.kind !== 'file' || !target.path.startsWith('src/server/modules/')) return null;
      return {
        message:
          `[boundaries/platform-no-modules] platform file imports '${spec}' from src/server/modules. ` +
          `The platform knows no business module: move the code it needs into src/server/platform, ` +
          `or let the module hand it in (a parameter, a registration in the module's manifest).`,
      };
    },
  },
  'contracts-standalone': {
    description: 'src/contracts (schemas shared by server and web) imports nothing from src/server or src/web.',
    check({ file, spec, target }) {
      if (!file.startsWith('src/contracts/')) return null;
      if (target.kind !== 'file') return null;
      const side = target.path.startsWith('src/server/') ? 'src/server' : target.path.startsWith('src/web/') ? 'src/web' : null;
      if (!side) return null;
      return {
        message:
          `[boundaries/contracts-standalone] src/contracts imports '${spec}' from ${side}. ` +
          `Contracts are shared by server and web and depend on neither: move what they need into src/contracts.`,
      };
    },
  },
  'web-no-server': {
    description: 'src/web never imports server code.',
    check({ file, spec, target }) {
      if (!file.startsWith('src/web/')) return null;
      if (target.kind !== 'file' || !target.path.startsWith('src/server/')) return null;
      return {
        message:
          `[boundaries/web-no-server] web code imports '${spec}' from src/server. ` +
          `The browser bundle must not pull in server code: share it through src/contracts (schemas, types, json data).`,
      };
    },
  },
  'ui-no-app': {
    description: 'src/web/ui (the generic UI kit) imports nothing from src/web/app or src/web/modules.',
    check({ file, spec, target }) {
      if (!file.startsWith('src/web/ui/')) return null;
      if (target.kind !== 'file') return null;
      const layer = target.path.startsWith('src/web/app/') ? 'src/web/app' : target.path.startsWith('src/web/modules/') ? 'src/web/modules' : null;
      if (!layer) return null;
      return {
        message:
          `[boundaries/ui-no-app] src/web/ui imports '${spec}' from ${layer}. ` +
          `The UI kit knows no app or page: take what it needs as a prop or from a React context the app provides, ` +
          `or move the component up into ${layer}.`,
      };
    },
  },
  'data-access-in-queries': {
    description:
      'In a server module only *.queries.ts (and tests) import drizzle-orm or src/server/db/schema; services, routes, rules and jobs call the queries.',
    check({ file, spec, target }) {
      const from = moduleOf(file);
      if (!from || isTestFile(file) || file.endsWith('.queries.ts')) return null;
      const drizzle = target.kind === 'package' && target.name === 'drizzle-orm';
      const schema = target.kind === 'file' && target.path.startsWith('src/server/db/schema/');
      if (!drizzle && !schema) return null;
      return {
        message:
          `[boundaries/data-access-in-queries] ${path.posix.basename(file)} imports '${spec}'. ` +
          `Data access lives in *.queries.ts: move the query into ${from.name}.queries.ts (or another *.queries.ts of module '${from.name}') ` +
          `and call it; pass the actor, not an SQL fragment.`,
      };
    },
  },
};

/**
 * The specifier of an import-like node, if it is a literal string.
 * @param {any} source
 * @returns {string | null}
 */
function literalOf(source) {
  if (!source) return null;
  if (source.type === 'Literal' && typeof source.value === 'string') return source.value;
  if (source.type === 'TemplateLiteral' && source.expressions.length === 0) return source.quasis[0]?.value.cooked ?? null;
  // `typeof import('x')` in a type position: TSImportType.argument is a TSLiteralType.
  if (source.type === 'TSLiteralType') return literalOf(source.literal);
  return null;
}

/**
 * @param {string} ruleName
 * @returns {import('eslint').Rule.RuleModule}
 */
function makeRule(ruleName) {
  const rule = /** @type {NonNullable<typeof RULES[string]>} */ (RULES[ruleName]);
  return {
    meta: {
      type: 'problem',
      docs: { description: rule.description, url: 'docs/boundaries.md' },
      schema: [
        {
          type: 'object',
          properties: {
            baseline: {
              type: 'object',
              additionalProperties: { type: 'array', items: { type: 'string' } },
            },
          },
          additionalProperties: false,
        },
      ],
    },
    create(context) {
      const settings = /** @type {{ boundaries?: { root?: string } }} */ (context.settings);
      const root = settings.boundaries?.root ?? REPO_ROOT;
      const file = posix(path.relative(root, context.filename));
      if (file.startsWith('..') || path.isAbsolute(file)) return {};
      const options = /** @type {{ baseline?: Record<string, string[]> }} */ (context.options[0] ?? {});
      const known = new Set(options.baseline?.[file] ?? []);
      const seen = new Set();

      /** @param {any} node @param {any} source */
      const check = (node, source) => {
        const spec = literalOf(source);
        if (spec === null) return;
        const verdict = rule.check({ file, spec, target: resolveImport(spec, file, root) });
        if (!verdict) return;
        if (known.has(spec)) {
          seen.add(spec);
          return;
        }
        context.report({ node: source ?? node, message: verdict.message });
      };

      return {
        ImportDeclaration: (node) => check(node, node.source),
        ExportNamedDeclaration: (node) => check(node, node.source),
        ExportAllDeclaration: (node) => check(node, node.source),
        ImportExpression: (node) => check(node, node.source),
        /** @param {any} node */
        TSImportType: (node) => check(node, node.argument),
        'Program:exit'(node) {
          for (const spec of known) {
            if (seen.has(spec)) continue;
            context.report({
              node,
              loc: { line: 1, column: 0 },
              message:
                `[boundaries/${ruleName}] the baseline lists '${spec}' for this file but the violation is gone: ` +
                `remove it from ${BASELINE_FILE} (npm run lint:baseline).`,
            });
          }
        },
      };
    },
  };
}

/** @type {import('eslint').ESLint.Plugin} */
export const plugin = {
  meta: { name: 'kehu-boundaries' },
  rules: Object.fromEntries(Object.keys(RULES).map((name) => [name, makeRule(name)])),
};

/**
 * @typedef {Record<string, Record<string, string[]>>} Baseline  rule → file → specifiers
 */

/**
 * The config block that turns every rule on, each with its part of the baseline.
 * @param {Baseline} baseline
 * @returns {import('eslint').Linter.Config}
 */
export function boundariesConfig(baseline) {
  return {
    name: 'kehu/boundaries',
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { boundaries: plugin },
    rules: Object.fromEntries(
      Object.keys(RULES).map((name) => [`boundaries/${name}`, ['error', { baseline: baseline[name] ?? {} }]]),
    ),
  };
}
