import { z } from 'zod';
import { isoDateTime, versioned } from './common.ts';
import { CHANNEL_KEY_PATTERN, industryCodeSchema } from './vocabulary.ts';

/** 所属行业, as admins maintain it. */
export const industry = z
  .object({
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    section: z.string().nullable(),
    sortOrder: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'Industry' });
export type Industry = z.infer<typeof industry>;

/** GB/T 4754-2017 section letter (门类 A–T), so reports can be compared with official statistics. */
const industrySection = z.string().trim().regex(/^[A-Z]$/).nullable();

export const createIndustryBody = z.object({
  code: industryCodeSchema,
  section: industrySection.optional(),
  nameZh: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().min(1).max(100),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});

/** The code is part of customer numbers, so it cannot be changed; an industry is retired instead. */
export const updateIndustryBody = versioned.extend({
  nameZh: z.string().trim().min(1).max(50).optional(),
  nameEn: z.string().trim().min(1).max(100).optional(),
  section: industrySection.optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  active: z.boolean().optional(),
});

export const industryParams = z.object({ code: industryCodeSchema });

/** Ant Design's preset colours, so a tag looks right in both themes. */
export const TAG_COLORS = ['magenta', 'red', 'volcano', 'orange', 'gold', 'lime', 'green', 'cyan', 'blue', 'geekblue', 'purple'] as const;
export const tagColorSchema = z.enum(TAG_COLORS);

export const tag = z
  .object({
    id: z.uuid(),
    name: z.string(),
    color: tagColorSchema,
    customerCount: z.number().int(),
    createdAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Tag' });
export type Tag = z.infer<typeof tag>;

export const createTagBody = z.object({ name: z.string().trim().min(1).max(30), color: tagColorSchema.default('blue') });
export const updateTagBody = versioned.extend({ name: z.string().trim().min(1).max(30).optional(), color: tagColorSchema.optional() });
export type TagColor = (typeof TAG_COLORS)[number];

/** 来源渠道, as admins maintain it: names in both languages and the other names teams use for it. */
export const sourceChannel = z
  .object({
    key: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    synonyms: z.array(z.string()),
    sortOrder: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'SourceChannel' });
export type SourceChannel = z.infer<typeof sourceChannel>;

const channelSynonyms = z.array(z.string().trim().min(1).max(50)).max(30);

export const createSourceChannelBody = z.object({
  key: z.string().trim().regex(CHANNEL_KEY_PATTERN).optional().meta({ description: 'Permanent; made from the English name when left out' }),
  nameZh: z.string().trim().min(1).max(30),
  nameEn: z.string().trim().min(1).max(60),
  synonyms: channelSynonyms.optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});

/** The key is stored on customers and leads, so it cannot be changed; a channel is retired instead. */
export const updateSourceChannelBody = versioned.extend({
  nameZh: z.string().trim().min(1).max(30).optional(),
  nameEn: z.string().trim().min(1).max(60).optional(),
  synonyms: channelSynonyms.optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  active: z.boolean().optional(),
});

export const sourceChannelParams = z.object({ key: z.string().regex(CHANNEL_KEY_PATTERN) });
