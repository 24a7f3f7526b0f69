import type { Attachment, AttachmentList, AttachmentOwnerType, AttachmentSettings } from '../../../contracts/attachments.ts';
import { api, API_BASE, uploadWithProgress } from '../../app/http.ts';

export const attachmentsKeys = {
  all: ['attachments'] as const,
  list: (ownerType: AttachmentOwnerType, ownerId: string) => ['attachments', ownerType, ownerId] as const,
};

const ownerPath = (ownerType: AttachmentOwnerType, ownerId: string) => `/attachments/${ownerType}/${encodeURIComponent(ownerId)}`;

export function listAttachments(ownerType: AttachmentOwnerType, ownerId: string, signal?: AbortSignal): Promise<AttachmentList> {
  return api(ownerPath(ownerType, ownerId), { signal });
}

/** Sends the file itself as the body, reporting progress (0–100). */
export function uploadAttachment(
  ownerType: AttachmentOwnerType,
  ownerId: string,
  file: File,
  options: { onProgress?: (percent: number) => void; signal?: AbortSignal } = {},
): Promise<Attachment> {
  return uploadWithProgress(ownerPath(ownerType, ownerId), file, { query: { fileName: file.name }, ...options });
}

export function deleteAttachment(id: string): Promise<{ ok: true }> {
  return api(`/attachments/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/**
 * Where the browser fetches the file itself (with the session cookie): saved under its name, or
 * shown in the page (`inline`, images and PDF) for a preview.
 */
export function attachmentUrl(id: string, inline = false): string {
  return `${API_BASE}/attachments/${encodeURIComponent(id)}/download${inline ? '?inline=1' : ''}`;
}

export const attachmentSettingsKey = ['settings', 'attachments'] as const;

export function getAttachmentSettings(signal?: AbortSignal): Promise<AttachmentSettings> {
  return api('/settings/attachments', { signal });
}

export function setAttachmentSettings(body: AttachmentSettings): Promise<AttachmentSettings> {
  return api('/settings/attachments', { method: 'PUT', body });
}
