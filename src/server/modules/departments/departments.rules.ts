/**
 * Moving a department under `newParentId` is refused when the new parent is the department
 * itself or lies below it: that would cut the branch off the tree.
 */
export function wouldCreateCycle(
  departmentId: string,
  newParentId: string | null,
  parentOf: ReadonlyMap<string, string | null>,
): boolean {
  let current = newParentId;
  const seen = new Set<string>();
  while (current !== null) {
    if (current === departmentId) return true;
    if (seen.has(current)) return true; // already broken data: refuse rather than loop
    seen.add(current);
    current = parentOf.get(current) ?? null;
  }
  return false;
}
