import { describe, expect, it } from 'vitest';
import { buildDivisionIndex, codesToPath, divisionText, pathToCodes } from './divisions.ts';

const rows: [string, string][] = [
  ['110000', '北京市'],
  ['110100', '市辖区'],
  ['110105', '朝阳区'],
  ['440000', '广东省'],
  ['441900', '东莞市'],
  ['810000', '香港特别行政区'],
];

describe('division cascader data', () => {
  const index = buildDivisionIndex(rows);

  it('nests districts under cities under provinces, ending early where a level is missing', () => {
    expect(index.options.map((o) => o.value)).toEqual(['110000', '440000', '810000']);
    expect(index.options[0]?.children?.[0]?.children?.[0]?.label).toBe('朝阳区');
    expect(index.options[1]?.children?.[0]?.children).toBeUndefined();
    expect(index.options[2]?.children).toBeUndefined();
  });

  it('maps a path to the three codes and back', () => {
    expect(pathToCodes(['110000', '110100', '110105'])).toEqual({ provinceCode: '110000', cityCode: '110100', districtCode: '110105' });
    expect(pathToCodes(['810000'])).toEqual({ provinceCode: '810000', cityCode: null, districtCode: null });
    expect(codesToPath({ provinceCode: '440000', cityCode: '441900', districtCode: null })).toEqual(['440000', '441900']);
  });

  it('leaves placeholder levels out of the display text', () => {
    expect(divisionText(['110000', '110100', '110105'], index.names)).toBe('北京市朝阳区');
  });
});
