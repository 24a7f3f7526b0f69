import { Param, SQL, StringChunk } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

// As the database handle renders (db/client.ts: casing snake_case).
const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * A fragment rendered to text once, its parameters kept: drizzle walks every fragment of a
 * statement each time it renders it (every column, condition and nested fragment, 0.1–0.25 ms for
 * a list page's select or a search's conditions), the rendered one is flat text and parameters.
 * For what a request renders more than once (a list's conditions in its plan, count and page) and
 * for fixed fragments (a module constant: rendered once per process). Written with drizzle's
 * column objects as usual, so renames are still caught by the compiler.
 */
export function renderedOnce(fragment: SQL): SQL {
  const { sql: text, params } = dialect.sqlToQuery(fragment);
  if (params.length === 0) return new SQL([new StringChunk(text)]);
  // drizzle numbers the parameters $1, $2… in the order they occur, each once.
  const pieces = text.split(/\$(\d+)\b/);
  if (pieces.length !== 2 * params.length + 1) throw new Error(`renderedOnce: ${params.length} parameters, ${(pieces.length - 1) / 2} placeholders in ${text.slice(0, 200)}`);
  const chunks: (StringChunk | Param<unknown>)[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) chunks.push(new StringChunk(pieces[i] as string));
    else if (Number(pieces[i]) === (i + 1) / 2) chunks.push(new Param(params[(i - 1) / 2]));
    else throw new Error(`renderedOnce: placeholder $${pieces[i]} out of order in ${text.slice(0, 200)}`);
  }
  return new SQL(chunks);
}
