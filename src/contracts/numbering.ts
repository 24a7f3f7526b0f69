import { z } from 'zod';
import { industryCodeSchema } from './customers.ts';

/**
 * Numbering patterns (编号规则) of customers and leads, as admins set them. The placeholders and
 * their rules are checked by the server (`numbering.rules.ts`), which names the field and the
 * reason of a refusal.
 */
export const NUMBERED_ENTITIES = ['customer', 'lead'] as const;
export type NumberedEntity = (typeof NUMBERED_ENTITIES)[number];

/** The placeholders a pattern may use; `{seq:N}` zero-pads the sequence to N digits. */
export const NUMBER_PATTERN_TOKENS = ['{year}', '{yy}', '{month}', '{industryCode}', '{seq:N}'] as const;

const pattern = z.string().trim().max(200).meta({ description: 'e.g. `{year}-{industryCode}-{seq:3}`; placeholders: {year} {yy} {month} {industryCode} (customers only) {seq:N}' });

export const numberingPatterns = z
  .object({
    customer: pattern,
    lead: pattern,
  })
  .meta({ id: 'NumberingPatterns' });
export type NumberingPatterns = z.infer<typeof numberingPatterns>;

export const numberingSettings = numberingPatterns
  .extend({
    defaults: z.object({ customer: z.string(), lead: z.string() }),
    preview: z
      .object({
        customer: z.string(),
        lead: z.string(),
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
