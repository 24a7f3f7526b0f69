/** Reordering the follow-up methods: the new sort orders after moving one up or down. */

export type Ordered = { code: string; sortOrder: number };

/**
 * Moves `code` one place (`-1` up, `+1` down) and numbers the list 10, 20, 30…; returns only the
 * methods whose sort order changes (so a move is two or a few small updates, never a rewrite).
 */
export function moveMethod<T extends Ordered>(items: readonly T[], code: string, delta: -1 | 1): { item: T; sortOrder: number }[] {
  const list = [...items];
  const from = list.findIndex((m) => m.code === code);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= list.length) return [];
  const [moved] = list.splice(from, 1);
  if (!moved) return [];
  list.splice(to, 0, moved);
  return list.flatMap((item, i) => ((i + 1) * 10 === item.sortOrder ? [] : [{ item, sortOrder: (i + 1) * 10 }]));
}
