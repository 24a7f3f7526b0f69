/**
 * The default industry list (所属行业), seeded into the admin-editable industries table.
 *
 * It follows the 20 sections (门类 A–T) of GB/T 4754-2017 《国民经济行业分类》, so reports can
 * be compared with official statistics, with one deliberate split: section F 批发和零售业 is
 * two entries, WHOL 批发业 (division 51) and RETL 零售业 (division 52), because B2B and retail
 * customers are sold to very differently and the requirements name 零售业 on its own.
 *
 * Codes are short upper-case Latin words (MANU, RETL, IT …): they are part of customer numbers
 * (`2024-MANU-001`), so they must stay letters only (see `industryCodeSchema`) and must never
 * change once customers have been numbered with them — admins can rename an industry, the code
 * stays.
 */
export type IndustrySeed = {
  readonly code: string;
  /** GB/T 4754-2017 section letter (门类). */
  readonly section: string;
  /** The two-digit divisions (大类) the entry covers, inclusive: [first, last]. */
  readonly divisions: readonly [number, number];
  readonly nameZh: string;
  /** The full official section title where `nameZh` is shortened for the UI. */
  readonly officialZh: string;
  readonly nameEn: string;
  readonly sortOrder: number;
};

function industry(
  code: string,
  section: string,
  divisions: readonly [number, number],
  nameZh: string,
  officialZh: string,
  nameEn: string,
  sortOrder: number,
): IndustrySeed {
  return { code, section, divisions, nameZh, officialZh, nameEn, sortOrder };
}

export const DEFAULT_INDUSTRIES: readonly IndustrySeed[] = [
  industry('AGRI', 'A', [1, 5], '农林牧渔业', '农、林、牧、渔业', 'Agriculture, forestry, animal husbandry and fishery', 10),
  industry('MINE', 'B', [6, 12], '采矿业', '采矿业', 'Mining', 20),
  industry('MANU', 'C', [13, 43], '制造业', '制造业', 'Manufacturing', 30),
  industry('ENER', 'D', [44, 46], '电力燃气水', '电力、热力、燃气及水生产和供应业', 'Electricity, heat, gas and water supply', 40),
  industry('CONS', 'E', [47, 50], '建筑业', '建筑业', 'Construction', 50),
  industry('WHOL', 'F', [51, 51], '批发业', '批发和零售业', 'Wholesale', 60),
  industry('RETL', 'F', [52, 52], '零售业', '批发和零售业', 'Retail', 70),
  industry('LOGI', 'G', [53, 60], '交通运输仓储邮政', '交通运输、仓储和邮政业', 'Transport, storage and postal services', 80),
  industry('HOSP', 'H', [61, 62], '住宿和餐饮业', '住宿和餐饮业', 'Accommodation and catering', 90),
  industry('IT', 'I', [63, 65], '信息技术', '信息传输、软件和信息技术服务业', 'Information technology and software', 100),
  industry('FIN', 'J', [66, 69], '金融业', '金融业', 'Finance', 110),
  industry('RE', 'K', [70, 70], '房地产业', '房地产业', 'Real estate', 120),
  industry('BIZ', 'L', [71, 72], '租赁和商务服务业', '租赁和商务服务业', 'Leasing and business services', 130),
  industry('SCI', 'M', [73, 75], '科研和技术服务', '科学研究和技术服务业', 'Scientific research and technical services', 140),
  industry('ENV', 'N', [76, 79], '水利环境公共设施', '水利、环境和公共设施管理业', 'Water, environment and public facilities management', 150),
  industry('SERV', 'O', [80, 82], '居民服务和修理', '居民服务、修理和其他服务业', 'Resident services, repair and other services', 160),
  industry('EDU', 'P', [83, 83], '教育', '教育', 'Education', 170),
  industry('HLTH', 'Q', [84, 85], '卫生和社会工作', '卫生和社会工作', 'Health and social work', 180),
  industry('CULT', 'R', [86, 90], '文化体育娱乐', '文化、体育和娱乐业', 'Culture, sports and entertainment', 190),
  industry('PUB', 'S', [91, 96], '公共管理和社会组织', '公共管理、社会保障和社会组织', 'Public administration, social security and social organisations', 200),
  industry('INTL', 'T', [97, 97], '国际组织', '国际组织', 'International organisations', 210),
];

/** The seed entry with this code, or undefined (codes are compared exactly: they are upper case). */
export function findIndustry(code: string): IndustrySeed | undefined {
  return DEFAULT_INDUSTRIES.find((i) => i.code === code);
}

/**
 * The seed entry covering a GB/T 4754 industry code given as a 2–4 digit class code (大类/中类/
 * 小类, e.g. `3911` 计算机整机制造 → MANU), optionally prefixed with its section letter
 * (`C3911`, as found on some registration data). Used to map imported data to our codes.
 */
export function industryForGbCode(gbCode: string): IndustrySeed | undefined {
  const m = /^([A-T])?(\d{2})\d{0,2}$/.exec(gbCode.trim().toUpperCase());
  if (!m?.[2]) return undefined;
  const division = Number(m[2]);
  const found = DEFAULT_INDUSTRIES.find((i) => division >= i.divisions[0] && division <= i.divisions[1]);
  if (found && m[1] && found.section !== m[1]) return undefined; // letter and digits disagree
  return found;
}
