import { z } from 'zod';
import { industryCodeSchema } from './vocabulary.ts';

/**
 * Numbering patterns (编号规则) of customers and leads, as admins set them. The placeholders and
 * their rules are checked by the server (`numbering.rules.ts`), which names the field and the
 * reason of a refusal.
 */
export const NUMBERED_ENTITIES = ['customer', 'lead', 'quote', 'order', 'contract'] as const;
export type NumberedEntity = (typeof NUMBERED_ENTITIES)[number];
/** Sales documents: numbered like leads, by date and sequence (no industry). */
export const DOCUMENT_ENTITIES = ['quote', 'order', 'contract'] as const;
export type DocumentEntity = (typeof DOCUMENT_ENTITIES)[number];

/** The placeholders a pattern may use; `{seq:N}` zero-pads the sequence to N digits. */
export const NUMBER_PATTERN_TOKENS = ['{year}', '{yy}', '{month}', '{industryCode}', '{seq:N}'] as const;

const pattern = z.string().trim().max(200).meta({ description: 'e.g. `{year}-{industryCode}-{seq:3}`; placeholders: {year} {yy} {month} {industryCode} (customers only) {seq:N}' });

export const numberingPatterns = z
  .object({
    customer: pattern,
    lead: pattern,
    quote: pattern.optional().meta({ description: '报价单, default BJ{year}{seq:3}; omitted: unchanged' }),
    order: pattern.optional().meta({ description: '订单, default DD{year}{seq:6}; omitted: unchanged' }),
    contract: pattern.optional().meta({ description: '合同, default HT{year}{seq:3}; omitted: unchanged' }),
  })
  .meta({ id: 'NumberingPatterns' });
export type NumberingPatterns = z.infer<typeof numberingPatterns>;

const allPatterns = z.object({ customer: z.string(), lead: z.string(), quote: z.string(), order: z.string(), contract: z.string() });
export const numberingSettings = allPatterns
  .extend({
    defaults: allPatterns,
    preview: allPatterns
      .extend({
        industryCode: z.string().meta({ description: 'The industry the customer preview is rendered with' }),
      })
      .meta({ description: 'The next numbers the patterns would give now (a concurrent create may take one first)' }),
  })
  .meta({ id: 'NumberingSettings' });
export type NumberingSettings = z.infer<typeof numberingSettings>;

const previewIndustry = industryCodeSchema.optional().meta({ description: 'Industry of the customer preview; default: the first active one' });
export const numberingQuery = z.object({ industryCode: previewIndustry });
/** Checks and previews patterns without saving them (the settings page's live preview). */
export const numberingPreviewBody = numberingPatterns.extend({ industryCode: previewIndustry });
