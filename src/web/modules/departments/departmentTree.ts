import type { Department } from '../../../contracts/departments.ts';

export type DepartmentNode = Department & { children?: DepartmentNode[]; depth: number; path: string[] };

function byOrder(a: Department, b: Department): number {
  return a.sortOrder - b.sortOrder || a.name.localeCompare(b.name);
}

/**
 * The API returns departments flat with parentId; this builds the tree. A department whose
 * parent is missing (not visible to this user) becomes a root rather than disappearing.
 */
export function buildDepartmentTree(items: readonly Department[]): DepartmentNode[] {
  const ids = new Set(items.map((d) => d.id));
  const children = new Map<string | null, Department[]>();
  for (const d of items) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const seen = new Set<string>();
  const build = (parent: string | null, depth: number, path: string[]): DepartmentNode[] =>
    (children.get(parent) ?? [])
      .slice()
      .sort(byOrder)
      .filter((d) => !seen.has(d.id))
      .map((d) => {
        seen.add(d.id);
        const nodePath = [...path, d.name];
        const kids = build(d.id, depth + 1, nodePath);
        return { ...d, depth, path: nodePath, ...(kids.length > 0 ? { children: kids } : {}) };
      });
  return build(null, 0, []);
}

/** The department and everything below it: these cannot become its new parent. */
export function subtreeIds(items: readonly Department[], rootId: string): Set<string> {
  const result = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of items) {
      if (d.parentId && result.has(d.parentId) && !result.has(d.id)) {
        result.add(d.id);
        grew = true;
      }
    }
  }
  return result;
}

/** "总部 / 销售部 / 华东区" for a department id. */
export function departmentPath(items: readonly Department[], id: string | null | undefined): string {
  if (!id) return '';
  const byId = new Map(items.map((d) => [d.id, d]));
  const names: string[] = [];
  let current = byId.get(id);
  const guard = new Set<string>();
  while (current && !guard.has(current.id)) {
    guard.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.join(' / ');
}

export type TreeSelectNode = { value: string; title: string; disabled?: boolean; children?: TreeSelectNode[] };

export function toTreeSelect(nodes: readonly DepartmentNode[], disabled?: Set<string>): TreeSelectNode[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.name,
    ...(disabled?.has(n.id) ? { disabled: true } : {}),
    ...(n.children ? { children: toTreeSelect(n.children, disabled) } : {}),
  }));
}
