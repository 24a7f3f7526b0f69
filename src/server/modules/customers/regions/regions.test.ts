import { describe, expect, it } from 'vitest';
import { SALES_REGIONS } from '../../../../contracts/vocabulary.ts';
import data from '../../../../contracts/divisions.json' with { type: 'json' };
import {
  children,
  findDivision,
  isValidDistrictPath,
  pathOf,
  placeNames,
  provinces,
  regionOf,
  shortPlaceName,
} from './regions.ts';

describe('division data', () => {
  it('has 34 province-level divisions including Taiwan, Hong Kong and Macao', () => {
    const list = provinces();
    expect(list).toHaveLength(34);
    expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['北京市', '广西壮族自治区', '新疆维吾尔自治区', '台湾省', '香港特别行政区', '澳门特别行政区']));
    for (const p of list) expect(p.code).toMatch(/^\d{2}0000$/);
  });

  it('has unique 6-digit codes, each under an existing parent', () => {
    const rows = data.divisions as [string, string][];
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(3000);
    for (const [code] of rows) {
      expect(code).toMatch(/^\d{6}$/);
      const d = findDivision(code);
      if (d?.parentCode) expect(findDivision(d.parentCode), code).toBeDefined();
    }
  });

  it('has every prefecture-level city of a large province', () => {
    const guangdong = children('440000').map((c) => c.name);
    expect(guangdong).toHaveLength(21);
    expect(guangdong).toEqual(expect.arrayContaining(['广州市', '深圳市', '东莞市', '中山市', '潮州市']));
  });
});

describe('findDivision', () => {
  it('finds each level and derives the level and parent from the code', () => {
    expect(findDivision('320000')).toEqual({ code: '320000', name: '江苏省', level: 'province', parentCode: null });
    expect(findDivision('320500')).toEqual({ code: '320500', name: '苏州市', level: 'city', parentCode: '320000' });
    expect(findDivision('320583')).toEqual({ code: '320583', name: '昆山市', level: 'district', parentCode: '320500' });
    expect(findDivision('440305')?.name).toBe('南山区');
  });

  it('returns undefined for unknown or malformed codes', () => {
    expect(findDivision('999999')).toBeUndefined();
    expect(findDivision('32')).toBeUndefined();
    expect(findDivision('')).toBeUndefined();
    expect(findDivision('441900003')).toBeUndefined(); // a township of 东莞, dropped from the data
  });
});

describe('children', () => {
  it('lists provinces for null, cities of a province, districts of a city, in code order', () => {
    expect(children(null)).toBe(provinces());
    const beijing = children('110000');
    expect(beijing.map((c) => c.name)).toEqual(['市辖区']);
    const districts = children('110100').map((d) => d.name);
    expect(districts).toHaveLength(16);
    expect(districts.slice(0, 3)).toEqual(['东城区', '西城区', '朝阳区']);
    const codes = children('320500').map((d) => d.code);
    expect([...codes].sort()).toEqual(codes);
  });

  it('is empty for leaves, cities without districts, regions without sub-levels and unknown codes', () => {
    expect(children('110105')).toEqual([]);
    expect(children('441900')).toEqual([]); // 东莞市
    expect(children('442000')).toEqual([]); // 中山市
    expect(children('810000')).toEqual([]); // 香港
    expect(children('123456')).toEqual([]);
  });
});

describe('pathOf', () => {
  it('gives province, city and district names with display text', () => {
    const p = pathOf('440305');
    expect(p?.province.name).toBe('广东省');
    expect(p?.city?.name).toBe('深圳市');
    expect(p?.district?.name).toBe('南山区');
    expect(p?.text).toBe('广东省深圳市南山区');
  });

  it('leaves placeholder levels out of the display text', () => {
    expect(pathOf('110105')?.text).toBe('北京市朝阳区');
    expect(pathOf('110105')?.city?.name).toBe('市辖区');
    expect(pathOf('500238')?.text).toBe('重庆市巫溪县');
    expect(pathOf('429004')?.text).toBe('湖北省仙桃市');
    expect(pathOf('659001')?.text).toBe('新疆维吾尔自治区石河子市');
  });

  it('stops at the level of the code', () => {
    expect(pathOf('441900')).toMatchObject({ city: { name: '东莞市' }, district: null, text: '广东省东莞市' });
    expect(pathOf('810000')).toMatchObject({ province: { name: '香港特别行政区' }, city: null, district: null, text: '香港特别行政区' });
    expect(pathOf('000000')).toBeUndefined();
  });
});

describe('isValidDistrictPath', () => {
  it('accepts a consistent province / city / district', () => {
    expect(isValidDistrictPath('310000', '310100', '310115')).toBe(true); // 上海市浦东新区
    expect(isValidDistrictPath('320000', '320500', '320583')).toBe(true); // 江苏省苏州市昆山市
  });

  it('rejects a district of another city or a city of another province', () => {
    expect(isValidDistrictPath('320000', '320500', '320102')).toBe(false); // 玄武区 is in 南京
    expect(isValidDistrictPath('330000', '320500', '320583')).toBe(false);
    expect(isValidDistrictPath('320500', '320500', '320583')).toBe(false); // a city is not a province
    expect(isValidDistrictPath('320000', '320583', null)).toBe(false); // a district is not a city
  });

  it('requires every level that exists and forbids those that do not', () => {
    expect(isValidDistrictPath('320000', '320500', null)).toBe(false);
    expect(isValidDistrictPath('320000', null, null)).toBe(false);
    expect(isValidDistrictPath(null, null, null)).toBe(false);
    expect(isValidDistrictPath('440000', '441900', null)).toBe(true); // 东莞 has no districts
    expect(isValidDistrictPath('440000', '441900', '441901')).toBe(false);
    expect(isValidDistrictPath('810000', null, null)).toBe(true); // 香港
    expect(isValidDistrictPath('810000', '810100', null)).toBe(false);
  });

  it('rejects unknown codes', () => {
    expect(isValidDistrictPath('320000', '320500', '320599')).toBe(false);
    expect(isValidDistrictPath('990000', null, null)).toBe(false);
  });
});

describe('regionOf', () => {
  it('groups provinces into the eight sales regions', () => {
    const byRegion = (r: string) =>
      provinces()
        .filter((p) => regionOf(p.code) === r)
        .map((p) => shortPlaceName(p.name));
    expect(byRegion('north')).toEqual(['北京', '天津', '河北', '山西', '内蒙古']);
    expect(byRegion('northeast')).toEqual(['辽宁', '吉林', '黑龙江']);
    expect(byRegion('east')).toEqual(['上海', '江苏', '浙江', '安徽', '福建', '江西', '山东']);
    expect(byRegion('central')).toEqual(['河南', '湖北', '湖南']);
    expect(byRegion('south')).toEqual(['广东', '广西', '海南']);
    expect(byRegion('southwest')).toEqual(['重庆', '四川', '贵州', '云南', '西藏']);
    expect(byRegion('northwest')).toEqual(['陕西', '甘肃', '青海', '宁夏', '新疆']);
    expect(byRegion('hk_mo_tw')).toEqual(['台湾', '香港', '澳门']);
    for (const p of provinces()) expect(SALES_REGIONS).toContain(regionOf(p.code));
  });

  it('gives the region of a city or district through its province, and undefined for unknown codes', () => {
    expect(regionOf('440305')).toBe('south');
    expect(regionOf('510100')).toBe('southwest');
    expect(regionOf('999999')).toBeUndefined();
  });
});

describe('shortPlaceName', () => {
  it('shortens the names people put in front of company names', () => {
    expect(shortPlaceName('上海市')).toBe('上海');
    expect(shortPlaceName('江苏省')).toBe('江苏');
    expect(shortPlaceName('广西壮族自治区')).toBe('广西');
    expect(shortPlaceName('宁夏回族自治区')).toBe('宁夏');
    expect(shortPlaceName('新疆维吾尔自治区')).toBe('新疆');
    expect(shortPlaceName('内蒙古自治区')).toBe('内蒙古');
    expect(shortPlaceName('香港特别行政区')).toBe('香港');
    expect(shortPlaceName('石家庄市')).toBe('石家庄');
    expect(shortPlaceName('锡林郭勒盟')).toBe('锡林郭勒');
    expect(shortPlaceName('延边朝鲜族自治州')).toBe('延边');
    expect(shortPlaceName('恩施土家族苗族自治州')).toBe('恩施');
    expect(shortPlaceName('博尔塔拉蒙古自治州')).toBe('博尔塔拉');
    expect(shortPlaceName('围场满族蒙古族自治县')).toBe('围场');
    expect(shortPlaceName('双江拉祜族佤族布朗族傣族自治县')).toBe('双江');
    expect(shortPlaceName('龙胜各族自治县')).toBe('龙胜');
    expect(shortPlaceName('昆山市')).toBe('昆山');
    expect(shortPlaceName('浦东新区')).toBe('浦东');
  });

  it('keeps a place name whose last character only looks like an ethnic group', () => {
    expect(shortPlaceName('长白朝鲜族自治县')).toBe('长白');
    expect(shortPlaceName('融水苗族自治县')).toBe('融水');
    expect(shortPlaceName('彭水苗族土家族自治县')).toBe('彭水');
  });

  it('keeps names that would become one character, only an ethnic group, or end in 地区', () => {
    expect(shortPlaceName('城区')).toBe('城区');
    expect(shortPlaceName('鄂温克族自治旗')).toBe('鄂温克族自治旗');
    expect(shortPlaceName('阿里地区')).toBe('阿里地区');
    expect(shortPlaceName('华信')).toBe('华信');
  });
});

describe('placeNames', () => {
  it('maps full and short forms of provinces and cities to the short form', () => {
    const { major, all } = placeNames();
    expect(major.get('上海市')).toBe('上海');
    expect(major.get('上海')).toBe('上海');
    expect(major.get('苏州')).toBe('苏州');
    expect(major.get('大理')).toBe('大理');
    expect(major.has('昆山')).toBe(false); // county level only in `all`
    expect(all.get('昆山市')).toBe('昆山');
    expect(all.get('昆山')).toBe('昆山');
  });

  it('leaves out placeholders and short forms of 地区', () => {
    const { all } = placeNames();
    expect(all.has('市辖区')).toBe(false);
    expect(all.has('县')).toBe(false);
    expect(all.has('省直辖县级行政区划')).toBe(false);
    expect(all.has('阿里')).toBe(false);
    expect(all.get('阿里地区')).toBe('阿里地区');
  });

  it('is built once', () => {
    expect(placeNames()).toBe(placeNames());
    expect(placeNames().maxLength).toBeGreaterThanOrEqual('新疆维吾尔自治区'.length);
  });
});
