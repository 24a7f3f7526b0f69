import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createSegmentBody,
  evaluateSegmentBody,
  listRecordsBody,
  listRecordsResult,
  listSegmentsQuery,
  Segment,
  segment,
  segmentCount,
  SegmentPreview,
  snapshotSegmentBody,
  updateSegmentBody,
} from '../../../contracts/segments.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type SegmentListQuery = Partial<z.input<typeof listSegmentsQuery>>;
export type SegmentPage = CursorPage<typeof segment>;
export type CreateSegmentBody = z.input<typeof createSegmentBody>;
export type UpdateSegmentBody = z.input<typeof updateSegmentBody>;
export type EvaluateSegmentBody = z.input<typeof evaluateSegmentBody>;
export type SegmentCount = z.infer<typeof segmentCount>;
export type SnapshotSegmentBody = z.input<typeof snapshotSegmentBody>;
export type ListRecordsBody = z.input<typeof listRecordsBody>;
export type ListRecordsResult = z.infer<typeof listRecordsResult>;

export const segmentsKeys = {
  all: ['segments'] as const,
  list: (query: SegmentListQuery) => ['segments', 'list', query] as const,
  detail: (id: string) => ['segments', 'detail', id] as const,
  records: (id: string, limit: number) => ['segments', 'records', id, limit] as const,
};

const one = (id: string) => `/segments/${encodeURIComponent(id)}`;

export function listSegments(query: SegmentListQuery, signal?: AbortSignal): Promise<SegmentPage> {
  return api('/segments', { query, signal });
}

export function getSegment(id: string, signal?: AbortSignal): Promise<Segment> {
  return api(one(id), { signal });
}

export function createSegment(body: CreateSegmentBody): Promise<Segment> {
  return api('/segments', { method: 'POST', body });
}

export function updateSegment(id: string, body: UpdateSegmentBody): Promise<Segment> {
  return api(one(id), { method: 'PATCH', body });
}

export function deleteSegment(id: string): Promise<unknown> {
  return api(one(id), { method: 'DELETE' });
}

/** The live count of a definition being edited, in my scope, with how long the server took. */
export function countDefinition(body: EvaluateSegmentBody, signal?: AbortSignal): Promise<SegmentCount> {
  return api('/segments/count', { method: 'POST', body, signal });
}

/** The count and the newest records a definition being edited matches. */
export function previewDefinition(body: EvaluateSegmentBody, signal?: AbortSignal): Promise<SegmentPreview> {
  return api('/segments/preview', { method: 'POST', body, signal });
}

/** The count and the newest records of a saved segment or static list (at most 50). */
export function segmentRecords(id: string, limit: number, signal?: AbortSignal): Promise<SegmentPreview> {
  return api(`${one(id)}/preview`, { query: { limit }, signal });
}

export function snapshotSegment(id: string, body: SnapshotSegmentBody): Promise<Segment> {
  return api(`${one(id)}/snapshot`, { method: 'POST', body });
}

export function addListRecords(id: string, body: ListRecordsBody): Promise<ListRecordsResult> {
  return api(`${one(id)}/records`, { method: 'POST', body });
}

export function removeListRecords(id: string, body: ListRecordsBody): Promise<ListRecordsResult> {
  return api(`${one(id)}/records/remove`, { method: 'POST', body });
}

// ---- hooks ----

export function useSegment(id: string | undefined) {
  return useQuery({ queryKey: segmentsKeys.detail(id ?? ''), queryFn: ({ signal }) => getSegment(id ?? '', signal), enabled: !!id });
}

/** The records of a saved segment or static list, as many as the preview gives. */
export function useSegmentRecords(id: string, limit: number, enabled = true) {
  return useQuery({ queryKey: segmentsKeys.records(id, limit), queryFn: ({ signal }) => segmentRecords(id, limit, signal), enabled });
}
