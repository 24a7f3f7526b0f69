import { z } from 'zod';
import type { Resource } from './access.ts';
import { isoDateTime, versioned } from './common.ts';

/**
 * A saved view of a list: its filters (the list's own query parameters), visible columns and
 * sort, kept per user and optionally shared with everyone who may read that list.
 */
export const viewConfig = z.object({
  filters: z.record(z.string().max(50), z.union([z.string().max(500), z.array(z.string().max(200)).max(50), z.number(), z.boolean()])).default({}),
  columns: z.array(z.string().max(50)).max(60).default([]),
  sort: z.string().max(50).nullable().default(null),
});
export type ViewConfig = z.infer<typeof viewConfig>;

/**
 * The list a view belongs to, named by its resource (`customer`, `lead`…). The resources come from
 * the server's module manifests: its routes narrow this to an enum of its catalogue.
 */
export const viewResourceSchema = z.string().regex(/^[a-z][a-z_]*$/).max(40) as z.ZodType<Resource, string>;

export const savedView = z
  .object({
    id: z.uuid(),
    resource: viewResourceSchema,
    name: z.string(),
    shared: z.boolean(),
    config: viewConfig,
    ownerId: z.uuid(),
    ownerName: z.string(),
    mine: z.boolean(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof savedView>;

export const listViewsQuery = z.object({ resource: viewResourceSchema });

export const createViewBody = z.object({
  resource: viewResourceSchema,
  name: z.string().trim().min(1).max(50),
  shared: z.boolean().default(false),
  config: viewConfig,
});

export const updateViewBody = versioned.extend({
  name: z.string().trim().min(1).max(50).optional(),
  shared: z.boolean().optional(),
  config: viewConfig.optional(),
});
