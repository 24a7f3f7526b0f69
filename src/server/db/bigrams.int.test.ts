import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

it('kehu_bigrams gives every two-character window, lower-cased (the arrays the search indexes hold)', async () => {
  const rows = await h.database.pool.query<{ b: string[] | null }>(
    `select kehu_bigrams(t) as b from unnest(array['上海华信', 'ABc', 'x', '', null]::text[]) with ordinality as u(t, n) order by n`,
  );
  expect(rows.rows.map((r) => r.b)).toEqual([['上海', '海华', '华信'], ['ab', 'bc'], [], [], null]);
});

it('kehu_name_grams gives the name’s bigrams and the initials’ bigrams and trigrams marked with ^ (the customers’ search index)', async () => {
  const rows = await h.database.pool.query<{ g: string[] | null }>(
    `select kehu_name_grams(n, i) as g from (values (1, '上海AB', 'shab'), (2, '华信', 'hx'), (3, '华', 'h'), (4, '', '')) as v(k, n, i) order by k`,
  );
  expect(rows.rows.map((r) => r.g)).toEqual([['上海', '海a', 'ab', '^sh', '^ha', '^ab', '^sha', '^hab'], ['华信', '^hx'], [], []]);
});
