import { z } from 'zod';
import { isoDateTime } from './common.ts';

/** Records files can be attached to (later issues add opportunities and contracts). */
export const ATTACHMENT_OWNER_TYPES = ['customer', 'contact', 'lead', 'follow_up'] as const;
export type AttachmentOwnerType = (typeof ATTACHMENT_OWNER_TYPES)[number];

export const attachment = z
  .object({
    id: z.uuid(),
    ownerType: z.enum(ATTACHMENT_OWNER_TYPES),
    ownerId: z.uuid(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    uploadedBy: z.uuid().nullable(),
    uploadedByName: z.string().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof attachment>;

export const attachmentOwnerParams = z.object({ ownerType: z.enum(ATTACHMENT_OWNER_TYPES), ownerId: z.uuid() });
