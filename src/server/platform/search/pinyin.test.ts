import { describe, expect, it } from 'vitest';
import { PINYIN_FULL_MAX, PINYIN_INITIALS_MAX, matchesPinyin, pinyinKeys, pinyinQuery } from './pinyin.ts';

describe('pinyinKeys', () => {
  it('gives full pinyin without tones and the initials', () => {
    expect(pinyinKeys('北京科技有限公司')).toEqual({ full: 'beijingkejiyouxiangongsi', initials: 'bjkjyxgs' });
  });

  it.each([
    ['重庆银行股份有限公司', 'chongqingyinhanggufenyouxiangongsi', 'cqyhgfyxgs'],
    ['长沙银行', 'changshayinhang', 'csyh'],
    ['厦门航空有限公司', 'xiamenhangkongyouxiangongsi', 'xmhkyxgs'],
    ['重庆长安汽车', 'chongqingchanganqiche', 'cqcaqc'],
    ['蚌埠', 'bengbu', 'bb'],
    ['六安', 'luan', 'la'],
    ['北京市朝阳区', 'beijingshichaoyangqu', 'bjscyq'],
  ])('reads polyphones of names by the word they are in: %s', (name, full, initials) => {
    expect(pinyinKeys(name)).toEqual({ full, initials });
  });

  it('reads 长 after a place as cháng, not as 州长 / 市长', () => {
    expect(pinyinKeys('广州长隆集团有限公司').full).toBe('guangzhouchanglongjituanyouxiangongsi');
    expect(pinyinKeys('上海市长宁区').full).toBe('shanghaishichangningqu');
    expect(pinyinKeys('郑州长城铝业').initials).toBe('zzccly');
    expect(pinyinKeys('南京市长江大桥').full).toBe('nanjingshichangjiangdaqiao');
  });

  it('reads bank branches with háng and fixes a few place names', () => {
    expect(pinyinKeys('招商银行重庆分行').full).toBe('zhaoshangyinhangchongqingfenhang');
    expect(pinyinKeys('工商银行朝阳支行').full).toBe('gongshangyinhangchaoyangzhihang');
    expect(pinyinKeys('蔚县').full).toBe('yuxian');
    expect(pinyinKeys('武汉市黄陂区').full).toBe('wuhanshihuangpiqu');
  });

  it('reads surnames in person mode', () => {
    expect(pinyinKeys('单雄信', { person: true })).toEqual({ full: 'shanxiongxin', initials: 'sxx' });
    expect(pinyinKeys('曾国藩', { person: true }).full).toBe('zengguofan');
    expect(pinyinKeys('解晓东', { person: true }).full).toBe('xiexiaodong');
    expect(pinyinKeys('区家明', { person: true }).full).toBe('oujiaming');
    expect(pinyinKeys('尉迟恭', { person: true }).initials).toBe('ycg');
    expect(pinyinKeys('张三', { person: true })).toEqual({ full: 'zhangsan', initials: 'zs' });
    // company mode keeps word readings
    expect(pinyinKeys('单位').full).toBe('danwei');
  });

  it('writes ü as v, as Chinese keyboards do', () => {
    expect(pinyinKeys('绿色').full).toBe('lvse');
    expect(pinyinKeys('郑州铝业').full).toBe('zhengzhoulvye');
    expect(pinyinKeys('女装lüse')).toEqual({ full: 'nvzhuanglvse', initials: 'nzlvse' });
  });

  it('keeps Latin letters and digits whole in both keys, lower-cased and half-width', () => {
    expect(pinyinKeys('IBM中国')).toEqual({ full: 'ibmzhongguo', initials: 'ibmzg' });
    expect(pinyinKeys('3M中国有限公司')).toEqual({ full: '3mzhongguoyouxiangongsi', initials: '3mzgyxgs' });
    expect(pinyinKeys('ＡＢＣ科技')).toEqual({ full: 'abckeji', initials: 'abckj' });
  });

  it('drops punctuation, spaces and characters without a reading', () => {
    expect(pinyinKeys('华信精密机械（上海）有限公司')).toEqual({ full: 'huaxinjingmijixieshanghaiyouxiangongsi', initials: 'hxjmjxshyxgs' });
    expect(pinyinKeys('北京 · 科技')).toEqual({ full: 'beijingkeji', initials: 'bjkj' });
    expect(pinyinKeys('𠮷野家').full).toBe('yejia');
    expect(pinyinKeys('')).toEqual({ full: '', initials: '' });
    expect(pinyinKeys('——')).toEqual({ full: '', initials: '' });
  });

  it('caps the keys so they fit an indexed column', () => {
    const long = '中华人民共和国'.repeat(30);
    const keys = pinyinKeys(long);
    expect(keys.full.length).toBe(PINYIN_FULL_MAX);
    expect(keys.initials.length).toBe(PINYIN_INITIALS_MAX);
    expect(keys.full.startsWith('zhonghuarenmingongheguo')).toBe(true);
    expect(keys.initials.startsWith('zhrmghg')).toBe(true);
  });
});

describe('pinyinQuery', () => {
  it('normalises what people type', () => {
    expect(pinyinQuery(' BeiJing ')).toBe('beijing');
    expect(pinyinQuery("xi'an")).toBe('xian');
    expect(pinyinQuery('bei jing ke ji')).toBe('beijingkeji');
    expect(pinyinQuery('ｂｊｋｊ')).toBe('bjkj');
    expect(pinyinQuery('lüse')).toBe('lvse');
    expect(pinyinQuery('3m')).toBe('3m');
  });

  it('is null for queries that are not pinyin', () => {
    expect(pinyinQuery('北京')).toBeNull();
    expect(pinyinQuery('13912345678')).toBeNull();
    expect(pinyinQuery('2024-MANU-001')).toBeNull();
    expect(pinyinQuery('a@b.com')).toBeNull();
    expect(pinyinQuery('   ')).toBeNull();
  });
});

describe('matchesPinyin', () => {
  const bjkj = pinyinKeys('北京科技有限公司');

  it('matches a prefix of the full pinyin', () => {
    for (const q of ['bei', 'beijing', 'beijingke', 'beijingkejiyouxiangongsi', 'Bei Jing']) expect(matchesPinyin(q, bjkj), q).toBe(true);
  });

  it('matches a prefix or any part of the initials', () => {
    for (const q of ['b', 'bj', 'bjkj', 'bjkjyxgs', 'kj', 'yxgs', 'jk']) expect(matchesPinyin(q, bjkj), q).toBe(true);
  });

  it('does not match the middle of the full pinyin, or what is in neither key', () => {
    for (const q of ['keji', 'jing', 'shanghai', 'bjsh', 'bjkjyxgsx', 'beijingkj']) expect(matchesPinyin(q, bjkj), q).toBe(false);
  });

  it('does not match non-pinyin queries', () => {
    expect(matchesPinyin('北京', bjkj)).toBe(false);
    expect(matchesPinyin('', bjkj)).toBe(false);
    expect(matchesPinyin('1391', bjkj)).toBe(false);
  });

  it('finds realistic company names by their usual abbreviations', () => {
    const names = ['重庆银行股份有限公司', '广州长隆集团有限公司', '华为技术有限公司', '上海华信精密机械有限公司', 'IBM中国'];
    const keys = names.map((n) => pinyinKeys(n));
    const find = (q: string) => names.filter((_, i) => matchesPinyin(q, keys[i] as ReturnType<typeof pinyinKeys>));
    expect(find('cqyh')).toEqual(['重庆银行股份有限公司']);
    expect(find('chongqing')).toEqual(['重庆银行股份有限公司']);
    expect(find('zhongqing')).toEqual([]);
    expect(find('changlong')).toEqual([]); // not a prefix of guangzhou…
    expect(find('gzcl')).toEqual(['广州长隆集团有限公司']);
    expect(find('cl')).toEqual(['广州长隆集团有限公司']);
    expect(find('huawei')).toEqual(['华为技术有限公司']);
    expect(find('hxjm')).toEqual(['上海华信精密机械有限公司']);
    expect(find('ibm')).toEqual(['IBM中国']);
    expect(find('yxgs')).toEqual(names.slice(0, 4));
  });
});
