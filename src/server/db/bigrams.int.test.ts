import { expect, it } from 'vitest';
import { createHarness } from '../../../test/helpers/harness.ts';

it('kehu_bigrams gives every two-character window, lower-cased (the arrays the search indexes hold)', async () => {
  const h = await createHarness();
  try {
    const rows = await h.database.pool.query<{ b: string[] | null }>(
      `select kehu_bigrams(t) as b from unnest(array['上海华信', 'ABc', 'x', '', null]::text[]) with ordinality as u(t, n) order by n`,
    );
    expect(rows.rows.map((r) => r.b)).toEqual([['上海', '海华', '华信'], ['ab', 'bc'], [], [], null]);
  } finally {
    await h.close();
  }
});
