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
export const isoDateTime = z.iso.datetime({ offset: true });

/** Query part shared by every list endpoint: keyset pagination. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Optimistic concurrency: every update names the version it was based on. */
export const versioned = z.object({ version: z.number().int().min(1) });

export const okResponse = z.object({ ok: z.literal(true) });
