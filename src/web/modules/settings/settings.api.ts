import type { z } from 'zod';
import type { createIndustryBody, createSourceChannelBody, createTagBody, Industry, SourceChannel, Tag, updateIndustryBody, updateSourceChannelBody, updateTagBody } from '../../../contracts/catalog.ts';
import type { PoolRules } from '../../../contracts/pool.ts';
import type { NumberingPatterns, NumberingSettings, numberingPreviewBody } from '../../../contracts/numbering.ts';
import { api } from '../../app/http.ts';

export type CreateIndustryBody = z.input<typeof createIndustryBody>;
export type UpdateIndustryBody = z.input<typeof updateIndustryBody>;
export type CreateSourceChannelBody = z.input<typeof createSourceChannelBody>;
export type UpdateSourceChannelBody = z.input<typeof updateSourceChannelBody>;
export type CreateTagBody = z.input<typeof createTagBody>;
export type UpdateTagBody = z.input<typeof updateTagBody>;
export type NumberingPreviewBody = z.input<typeof numberingPreviewBody>;

export const settingsKeys = {
  poolRules: ['settings', 'pool-rules'] as const,
  numbering: ['settings', 'numbering'] as const,
  numberingPreview: (body: NumberingPreviewBody) => ['settings', 'numbering', 'preview', body] as const,
};

export function createIndustry(body: CreateIndustryBody): Promise<Industry> {
  return api('/industries', { method: 'POST', body });
}

export function updateIndustry(code: string, body: UpdateIndustryBody): Promise<Industry> {
  return api(`/industries/${encodeURIComponent(code)}`, { method: 'PATCH', body });
}

export function createTag(body: CreateTagBody): Promise<Tag> {
  return api('/tags', { method: 'POST', body });
}

export function updateTag(id: string, body: UpdateTagBody): Promise<Tag> {
  return api(`/tags/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteTag(id: string): Promise<unknown> {
  return api(`/tags/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function getPoolRules(signal?: AbortSignal): Promise<PoolRules> {
  return api('/settings/pool-rules', { signal });
}

export function setPoolRules(body: PoolRules): Promise<PoolRules> {
  return api('/settings/pool-rules', { method: 'PUT', body });
}

export function getNumbering(signal?: AbortSignal): Promise<NumberingSettings> {
  return api('/settings/numbering', { signal });
}

export function setNumbering(body: NumberingPatterns): Promise<NumberingSettings> {
  return api('/settings/numbering', { method: 'PUT', body });
}

export function previewNumbering(body: NumberingPreviewBody, signal?: AbortSignal): Promise<NumberingSettings> {
  return api('/settings/numbering/preview', { method: 'POST', body, signal });
}

export function createSourceChannel(body: CreateSourceChannelBody): Promise<SourceChannel> {
  return api('/source-channels', { method: 'POST', body });
}

export function updateSourceChannel(key: string, body: UpdateSourceChannelBody): Promise<SourceChannel> {
  return api(`/source-channels/${encodeURIComponent(key)}`, { method: 'PATCH', body });
}
