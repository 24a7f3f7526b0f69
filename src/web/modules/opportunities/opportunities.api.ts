import type { z } from 'zod';
import type {
  Board,
  boardQuery,
  createOpportunityBody,
  createStageBody,
  Forecast,
  forecastQuery,
  Funnel,
  funnelQuery,
  listOpportunitiesQuery,
  moveStageBody,
  opportunity,
  OpportunityDetail,
  PipelineStage,
  updateOpportunityBody,
  updateStageBody,
} from '../../../contracts/opportunities.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type OpportunityListQuery = Partial<z.input<typeof listOpportunitiesQuery>>;
export type OpportunityPage = CursorPage<typeof opportunity>;
export type BoardQuery = Partial<z.input<typeof boardQuery>>;
export type FunnelQuery = Partial<z.input<typeof funnelQuery>>;
export type ForecastQuery = Partial<z.input<typeof forecastQuery>>;
export type CreateOpportunityBody = z.input<typeof createOpportunityBody>;
export type UpdateOpportunityBody = z.input<typeof updateOpportunityBody>;
export type MoveStageBody = z.input<typeof moveStageBody>;
export type CreateStageBody = z.input<typeof createStageBody>;
export type UpdateStageBody = z.input<typeof updateStageBody>;

export const opportunitiesKeys = {
  all: ['opportunities'] as const,
  list: (query: OpportunityListQuery) => ['opportunities', 'list', query] as const,
  boards: ['opportunities', 'board'] as const,
  board: (query: BoardQuery) => ['opportunities', 'board', query] as const,
  funnel: (query: FunnelQuery) => ['opportunities', 'funnel', query] as const,
  forecast: (query: ForecastQuery) => ['opportunities', 'forecast', query] as const,
  detail: (id: string) => ['opportunities', 'detail', id] as const,
};

export const stagesKeys = { all: ['pipeline-stages'] as const };

const one = (id: string) => `/opportunities/${encodeURIComponent(id)}`;

export function listOpportunities(query: OpportunityListQuery, signal?: AbortSignal): Promise<OpportunityPage> {
  return api('/opportunities', { query, signal });
}

export function getBoard(query: BoardQuery, signal?: AbortSignal): Promise<Board> {
  return api('/opportunities/board', { query, signal });
}

export function getFunnel(query: FunnelQuery, signal?: AbortSignal): Promise<Funnel> {
  return api('/opportunities/funnel', { query, signal });
}

export function getForecast(query: ForecastQuery, signal?: AbortSignal): Promise<Forecast> {
  return api('/opportunities/forecast', { query, signal });
}

export function getOpportunity(id: string, signal?: AbortSignal): Promise<OpportunityDetail> {
  return api(one(id), { signal });
}

export function createOpportunity(body: CreateOpportunityBody): Promise<OpportunityDetail> {
  return api('/opportunities', { method: 'POST', body });
}

export function updateOpportunity(id: string, body: UpdateOpportunityBody): Promise<OpportunityDetail> {
  return api(one(id), { method: 'PATCH', body });
}

/** A move on the board or from the detail page; 409 when `version` is stale. */
export function moveOpportunity(id: string, body: MoveStageBody): Promise<OpportunityDetail> {
  return api(`${one(id)}/stage`, { method: 'POST', body });
}

export function deleteOpportunity(id: string): Promise<unknown> {
  return api(one(id), { method: 'DELETE' });
}

export function listStages(signal?: AbortSignal): Promise<{ items: PipelineStage[] }> {
  return api('/pipeline-stages', { signal });
}

export function createStage(body: CreateStageBody): Promise<PipelineStage> {
  return api('/pipeline-stages', { method: 'POST', body });
}

export function updateStage(id: string, body: UpdateStageBody): Promise<PipelineStage> {
  return api(`/pipeline-stages/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}
