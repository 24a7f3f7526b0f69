/**
 * China's administrative divisions for the address cascader. The data file (~100 KB) lives with
 * the server's regions module; the web loads it on demand with a dynamic import, so it becomes
 * a chunk of its own that only the customer form fetches.
 *
 * Parents follow the same rule as the server (regions.ts): `xx0000` province, `xxxx00` city,
 * anything else a district under its city (or under the province when that city is absent).
 * Hong Kong, Macao, Taiwan and cities without districts (东莞, 中山…) simply end early.
 */

export type DivisionOption = { value: string; label: string; children?: DivisionOption[] };
export type DivisionLevel = 'province' | 'city' | 'district';

export function levelOf(code: string): DivisionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'district';
}

/** Placeholder city-level entries (市辖区, 县…) that are left out of display text. */
const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export type DivisionIndex = {
  options: DivisionOption[];
  names: Map<string, string>;
};

export function buildDivisionIndex(rows: readonly (readonly [string, string])[]): DivisionIndex {
  const names = new Map<string, string>();
  const nodes = new Map<string, DivisionOption>();
  const options: DivisionOption[] = [];
  for (const [code, name] of rows) {
    names.set(code, name);
    const node: DivisionOption = { value: code, label: name };
    nodes.set(code, node);
    const level = levelOf(code);
    if (level === 'province') {
      options.push(node);
      continue;
    }
    const provinceCode = `${code.slice(0, 2)}0000`;
    const cityCode = `${code.slice(0, 4)}00`;
    const parent = level === 'city' ? nodes.get(provinceCode) : (nodes.get(cityCode) ?? nodes.get(provinceCode));
    if (!parent) continue;
    (parent.children ??= []).push(node);
  }
  return { options, names };
}

/** The form value (a cascader path) as the API's three codes. */
export function pathToCodes(path: readonly string[] | null | undefined): {
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
} {
  const codes = { provinceCode: null as string | null, cityCode: null as string | null, districtCode: null as string | null };
  for (const code of path ?? []) {
    const level = levelOf(code);
    if (level === 'province') codes.provinceCode = code;
    else if (level === 'city') codes.cityCode = code;
    else codes.districtCode = code;
  }
  return codes;
}

export function codesToPath(c: { provinceCode: string | null; cityCode: string | null; districtCode: string | null }): string[] {
  return [c.provinceCode, c.cityCode, c.districtCode].filter((v): v is string => !!v);
}

/** Display text of a path without placeholder levels: 北京市朝阳区. */
export function divisionText(path: readonly string[], names: ReadonlyMap<string, string>): string {
  return path
    .map((code) => names.get(code) ?? '')
    .filter((n) => n && !PLACEHOLDER_NAMES.has(n))
    .join('');
}

let loading: Promise<DivisionIndex> | null = null;

export function loadDivisions(): Promise<DivisionIndex> {
  loading ??= import('../../../contracts/divisions.json').then(
    (m) => buildDivisionIndex(m.default.divisions as [string, string][]),
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}
