import { z } from 'zod';
import { isoDateTime } from './common.ts';

/** Records files can be attached to (a contract: its scanned copy; an opportunity: also the PDFs of its quotes as sent). */
export const ATTACHMENT_OWNER_TYPES = ['customer', 'contact', 'lead', 'follow_up', 'opportunity', 'contract'] as const;
export type AttachmentOwnerType = (typeof ATTACHMENT_OWNER_TYPES)[number];

/**
 * The kinds of file that may be attached, as told from their content (never from the name).
 * Each belongs to a family; a file's name must end in an extension of its family (or in none).
 */
export const ATTACHMENT_KINDS = ['pdf', 'png', 'jpeg', 'gif', 'webp', 'docx', 'doc', 'xlsx', 'xls', 'pptx', 'ppt'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_FAMILIES = ['pdf', 'image', 'word', 'excel', 'powerpoint'] as const;
export type AttachmentFamily = (typeof ATTACHMENT_FAMILIES)[number];

export interface AttachmentKindInfo {
  contentType: string;
  family: AttachmentFamily;
  /** Added to a name that has no extension. */
  extension: string;
  /** How the kind is named in messages (the same in every language). */
  label: string;
}

export const ATTACHMENT_KIND_INFO: Record<AttachmentKind, AttachmentKindInfo> = {
  pdf: { contentType: 'application/pdf', family: 'pdf', extension: 'pdf', label: 'PDF' },
  png: { contentType: 'image/png', family: 'image', extension: 'png', label: 'PNG' },
  jpeg: { contentType: 'image/jpeg', family: 'image', extension: 'jpg', label: 'JPEG' },
  gif: { contentType: 'image/gif', family: 'image', extension: 'gif', label: 'GIF' },
  webp: { contentType: 'image/webp', family: 'image', extension: 'webp', label: 'WebP' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', family: 'word', extension: 'docx', label: 'Word (.docx)' },
  doc: { contentType: 'application/msword', family: 'word', extension: 'doc', label: 'Word (.doc)' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', family: 'excel', extension: 'xlsx', label: 'Excel (.xlsx)' },
  xls: { contentType: 'application/vnd.ms-excel', family: 'excel', extension: 'xls', label: 'Excel (.xls)' },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', family: 'powerpoint', extension: 'pptx', label: 'PowerPoint (.pptx)' },
  ppt: { contentType: 'application/vnd.ms-powerpoint', family: 'powerpoint', extension: 'ppt', label: 'PowerPoint (.ppt)' },
};

/** The extensions a name may end in, per family (lower case, without the dot). */
export const ATTACHMENT_FAMILY_EXTENSIONS: Record<AttachmentFamily, readonly string[]> = {
  pdf: ['pdf'],
  image: ['png', 'jpg', 'jpeg', 'gif', 'webp'],
  word: ['docx', 'doc'],
  excel: ['xlsx', 'xls'],
  powerpoint: ['pptx', 'ppt'],
};

/** For a file picker's `accept`: every extension an attachment may have. */
export const ATTACHMENT_ACCEPT = Object.values(ATTACHMENT_FAMILY_EXTENSIONS)
  .flat()
  .map((e) => `.${e}`)
  .join(',');

/** Content types shown in the browser (`?inline=1`): images and PDF; everything else is downloaded. */
export function isPreviewable(contentType: string): boolean {
  return contentType === 'application/pdf' || contentType.startsWith('image/');
}

/** Default largest upload (ATTACHMENT_MAX_MB); the server's value comes with every list. */
export const ATTACHMENT_DEFAULT_MAX_MB = 20;

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

export const attachmentList = z
  .object({
    items: z.array(attachment),
    maxBytes: z.number().int().meta({ description: 'Largest file an upload may have (ATTACHMENT_MAX_MB), so a client can refuse a larger one before sending it' }),
  })
  .meta({ id: 'AttachmentList' });
export type AttachmentList = z.infer<typeof attachmentList>;

export const uploadAttachmentQuery = z.object({
  fileName: z.string().min(1).max(1000).meta({ description: 'The file’s name as the user had it; it is sanitised (path parts, control and reserved characters removed, length capped)' }),
});

export const downloadAttachmentQuery = z.object({
  inline: z
    .enum(['0', '1'])
    .optional()
    .meta({ description: '1 = Content-Disposition inline, for showing an image or a PDF in the browser; other types are always downloaded' }),
});

/** What an admin may allow beyond the safe defaults (系统设置 › 附件). */
export const attachmentSettings = z
  .object({
    allowOfficeMacros: z.boolean().meta({ description: 'Accept Word, Excel and PowerPoint files with macros (VBA projects, Excel 4.0 macro sheets); off by default' }),
  })
  .strict()
  .meta({ id: 'AttachmentSettings' });
export type AttachmentSettings = z.infer<typeof attachmentSettings>;
export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = { allowOfficeMacros: false };
