import { z } from 'zod';
import { isoDate, isoDateTime, versioned } from './common.ts';

/** Request and response shapes of the contact API (联系人). */

export const contact = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    name: z.string(),
    title: z.string().nullable(),
    department: z.string().nullable(),
    phones: z.array(z.object({ e164: z.string(), display: z.string() })),
    email: z.string().nullable(),
    wechat: z.string().nullable(),
    isPrimary: z.boolean(),
    birthday: isoDate.nullable(),
    notes: z.string().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contact>;

const contactFields = z.object({
  name: z.string().trim().min(1).max(50),
  title: z.string().trim().max(50).nullable(),
  department: z.string().trim().max(50).nullable(),
  phones: z.array(z.string().trim().min(1).max(40)).max(5).meta({ description: 'As typed; stored as E.164 (China is the default region)' }),
  email: z.string().trim().toLowerCase().pipe(z.email().max(200)).nullable(),
  wechat: z.string().trim().max(50).nullable(),
  isPrimary: z.boolean(),
  birthday: isoDate.nullable(),
  notes: z.string().trim().max(2000).nullable(),
});
export const createContactBody = contactFields.partial().extend({ name: contactFields.shape.name });
export const updateContactBody = contactFields.partial().extend(versioned.shape);
