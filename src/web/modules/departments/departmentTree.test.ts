import { describe, expect, it } from 'vitest';
import type { Department } from '../../../contracts/departments.ts';
import { buildDepartmentTree, departmentPath, subtreeIds, toTreeSelect } from './departmentTree.ts';

let n = 0;
function dept(name: string, parentId: string | null, sortOrder = 0): Department {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name,
    parentId,
    managerId: null,
    sortOrder,
    userCount: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  };
}

const hq = dept('总部', null, 0);
const sales = dept('销售部', hq.id, 2);
const east = dept('华东大区', sales.id, 1);
const north = dept('华北大区', sales.id, 0);
const service = dept('客服部', hq.id, 1);
const all = [east, sales, hq, north, service];

describe('buildDepartmentTree', () => {
  it('nests by parentId and orders siblings by sortOrder', () => {
    const tree = buildDepartmentTree(all);
    expect(tree.map((d) => d.name)).toEqual(['总部']);
    expect(tree[0]?.children?.map((d) => d.name)).toEqual(['客服部', '销售部']);
    expect(tree[0]?.children?.[1]?.children?.map((d) => d.name)).toEqual(['华北大区', '华东大区']);
    expect(tree[0]?.children?.[1]?.children?.[0]?.path).toEqual(['总部', '销售部', '华北大区']);
  });

  it('shows a department whose parent is not visible as a root instead of dropping it', () => {
    const tree = buildDepartmentTree([east, north]);
    expect(tree.map((d) => d.name)).toEqual(['华北大区', '华东大区']);
  });

  it('leaves leaves without a children array (no expand icon)', () => {
    const tree = buildDepartmentTree([hq]);
    expect(tree[0]?.children).toBeUndefined();
  });
});

describe('subtreeIds', () => {
  it('is the department and everything below it', () => {
    expect(subtreeIds(all, sales.id)).toEqual(new Set([sales.id, east.id, north.id]));
  });
});

describe('departmentPath', () => {
  it('joins the names from the root', () => {
    expect(departmentPath(all, east.id)).toBe('总部 / 销售部 / 华东大区');
    expect(departmentPath(all, null)).toBe('');
  });
});

describe('toTreeSelect', () => {
  it('disables the excluded nodes', () => {
    const nodes = toTreeSelect(buildDepartmentTree(all), subtreeIds(all, sales.id));
    const salesNode = nodes[0]?.children?.find((c) => c.value === sales.id);
    expect(salesNode?.disabled).toBe(true);
    expect(salesNode?.children?.every((c) => c.disabled)).toBe(true);
    expect(nodes[0]?.disabled).toBeUndefined();
  });
});
