import { z } from 'zod';

/** Every error the API returns has this shape (see docs/api.md). */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      candidates: z
        .array(z.unknown())
        .optional()
        .meta({ description: '409 DUPLICATE on create: the existing records that look the same (see DuplicateCheck)' }),
      mergedIntoId: z.uuid().optional().meta({ description: '404 of a merged-away customer: the customer it was merged into' }),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorResponse = z.infer<typeof errorResponse>;

export const uuid = z.uuid();
export const idParams = z.object({ id: z.uuid() });
/**
 * Dates a CRM can mean: 1900 to 2200. Year 0001 or 9999 is a typo, and some of them cannot be
 * represented on the way to PostgreSQL and back (a 500 instead of a 400).
 */
export const DATE_YEARS = { min: 1900, max: 2200 } as const;
function yearInRange(text: string): boolean {
  const year = Number(text.slice(0, 4));
  return year >= DATE_YEARS.min && year <= DATE_YEARS.max;
}
const dateRange = { message: 'validation.dateRange' };
// `abort`: a malformed date is one error, not a format error and a range error.
export const isoDateTime = z.iso.datetime({ offset: true, abort: true }).refine(yearInRange, dateRange);
/** A calendar day, YYYY-MM-DD. */
export const isoDate = z.iso.date({ abort: true }).refine(yearInRange, dateRange);
/** A month, YYYY-MM. */
export const isoMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.month', abort: true })
  .refine(yearInRange, dateRange);

/** Query part shared by every list endpoint: keyset pagination. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/**
 * A page of a list. The first page (no `cursor`) also says how many rows match the list's scope
 * and filters: exact when counting is cheap and finds at most 10,000 (the server's
 * LIST_EXACT_TOTAL), else the planner's estimate with `totalIsEstimate`. Later pages leave both
 * out: keep the first page's.
 */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Rows matching the scope and filters, on the first page only (no cursor): exact when counting is cheap and finds at most 10,000, else an estimate (totalIsEstimate)' }),
    totalIsEstimate: z.boolean().optional().meta({ description: 'With total: true when it is the database planner’s estimate (more than 10,000 rows, or a count that would read the whole table; shown as 约 N 条)' }),
  });
}

/** Optimistic concurrency: every update names the version it was based on. */
export const versioned = z.object({ version: z.number().int().min(1) });

export const okResponse = z.object({ ok: z.literal(true) });
