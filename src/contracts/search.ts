import { z } from 'zod';

/**
 * 全局搜索 (global search): one box in the header that looks across the records a user may see —
 * customers, contacts, leads, opportunities, quotes, orders and contracts — by name, number (or a
 * fragment of one, such as `MANU-006`), phone digits and pinyin. Each kind is searched within the
 * user's data scope, exactly as its own list would; kinds the user may not read are left out.
 */

export const SEARCH_KINDS = ['customer', 'contact', 'lead', 'opportunity', 'quote', 'order', 'contract'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const globalSearchQuery = z.object({
  q: z.string().trim().min(1).max(100).meta({ description: 'A name part, a number or a fragment of one, 4+ phone digits, or pinyin' }),
  limit: z.coerce.number().int().min(1).max(20).default(5).meta({ description: 'Hits per kind' }),
});

export const searchHit = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.uuid(),
  title: z.string().meta({ description: 'The name or title shown first' }),
  number: z.string().nullable(),
  subtitle: z.string().nullable().meta({ description: 'What tells two similar hits apart: the customer, the status, a contact’s title…' }),
  /** The customer the record belongs to (a contact is opened on its customer's page). */
  customerId: z.uuid().nullable(),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchGroup = z.object({
  kind: z.enum(SEARCH_KINDS),
  hits: z.array(searchHit),
  more: z.boolean().meta({ description: 'More matches than `limit`: the kind’s own list shows them all' }),
});
export type SearchGroup = z.infer<typeof searchGroup>;

export const globalSearchResponse = z.object({
  q: z.string(),
  /** Only kinds with hits, in the order of SEARCH_KINDS. */
  groups: z.array(searchGroup),
});
export type GlobalSearchResponse = z.infer<typeof globalSearchResponse>;
