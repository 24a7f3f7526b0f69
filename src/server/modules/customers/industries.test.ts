import { describe, expect, it } from 'vitest';
import { industryCodeSchema } from '../../../contracts/vocabulary.ts';
import { DEFAULT_INDUSTRIES, findIndustry, industryForGbCode } from './industries.ts';

describe('DEFAULT_INDUSTRIES', () => {
  it('covers all 20 sections A–T of GB/T 4754-2017, with F split into wholesale and retail', () => {
    const sections = new Set(DEFAULT_INDUSTRIES.map((i) => i.section));
    expect([...sections].sort().join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(DEFAULT_INDUSTRIES).toHaveLength(21);
    expect(DEFAULT_INDUSTRIES.filter((i) => i.section === 'F').map((i) => i.code)).toEqual(['WHOL', 'RETL']);
  });

  it('covers divisions 01–97 exactly once, in order', () => {
    let next = 1;
    for (const i of DEFAULT_INDUSTRIES) {
      expect(i.divisions[0], i.code).toBe(next);
      expect(i.divisions[1]).toBeGreaterThanOrEqual(i.divisions[0]);
      next = i.divisions[1] + 1;
    }
    expect(next).toBe(98);
  });

  it('has unique codes that are valid industry codes (letters only, they go into customer numbers)', () => {
    const codes = DEFAULT_INDUSTRIES.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(industryCodeSchema.safeParse(code).success, code).toBe(true);
  });

  it('has Chinese and English names and increasing sort orders', () => {
    let last = 0;
    for (const i of DEFAULT_INDUSTRIES) {
      expect(i.nameZh).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(i.officialZh).toMatch(/^[\u4e00-\u9fff、]+$/);
      expect(i.nameEn).toMatch(/^[A-Z][a-z ,]+$/);
      expect(i.sortOrder).toBeGreaterThan(last);
      last = i.sortOrder;
    }
  });

  it('names the industries the requirements use', () => {
    expect(findIndustry('MANU')?.nameZh).toBe('制造业');
    expect(findIndustry('RETL')?.nameZh).toBe('零售业');
    expect(findIndustry('IT')?.officialZh).toBe('信息传输、软件和信息技术服务业');
    expect(findIndustry('FIN')?.section).toBe('J');
    expect(findIndustry('EDU')?.section).toBe('P');
    expect(findIndustry('HLTH')?.officialZh).toBe('卫生和社会工作');
    expect(findIndustry('CONS')?.section).toBe('E');
    expect(findIndustry('RE')?.officialZh).toBe('房地产业');
    expect(findIndustry('LOGI')?.officialZh).toBe('交通运输、仓储和邮政业');
    expect(findIndustry('AGRI')?.officialZh).toBe('农、林、牧、渔业');
    expect(findIndustry('ENER')?.officialZh).toBe('电力、热力、燃气及水生产和供应业');
    expect(findIndustry('WHOL')?.nameZh).toBe('批发业');
    expect(findIndustry('manu')).toBeUndefined();
  });
});

describe('industryForGbCode', () => {
  it('maps a GB/T 4754 division, group or class code to our code', () => {
    expect(industryForGbCode('3911')?.code).toBe('MANU'); // 计算机整机制造
    expect(industryForGbCode('C3911')?.code).toBe('MANU');
    expect(industryForGbCode('51')?.code).toBe('WHOL');
    expect(industryForGbCode('5211')?.code).toBe('RETL'); // 百货零售
    expect(industryForGbCode('f52')?.code).toBe('RETL');
    expect(industryForGbCode('6513')?.code).toBe('IT'); // 应用软件开发
    expect(industryForGbCode('01')?.code).toBe('AGRI');
    expect(industryForGbCode('97')?.code).toBe('INTL');
  });

  it('rejects unknown divisions, bad shapes and a section letter that contradicts the digits', () => {
    expect(industryForGbCode('98')).toBeUndefined();
    expect(industryForGbCode('00')).toBeUndefined();
    expect(industryForGbCode('3')).toBeUndefined();
    expect(industryForGbCode('39111')).toBeUndefined();
    expect(industryForGbCode('A3911')).toBeUndefined();
    expect(industryForGbCode('制造业')).toBeUndefined();
  });
});
