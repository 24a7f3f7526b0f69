import type { z } from 'zod';
import type { DryRunResponse, ImportEntity, ImportJob, ImportValuesResponse, setImportMappingBody, UploadImportResponse, ValueMappingBody } from '../../../contracts/imports.ts';
import { api, downloadFile } from '../../app/http.ts';

export type SetImportMappingBody = z.input<typeof setImportMappingBody>;

export const importsKeys = {
  job: (id: string) => ['imports', id] as const,
};

export function uploadImport(entity: ImportEntity, file: File): Promise<UploadImportResponse> {
  return api('/imports', { method: 'POST', file, query: { entity, fileName: file.name } });
}

export function setImportMapping(id: string, body: SetImportMappingBody): Promise<ImportJob> {
  return api(`/imports/${encodeURIComponent(id)}/mapping`, { method: 'PUT', body });
}

export function getImportValues(id: string): Promise<ImportValuesResponse> {
  return api(`/imports/${encodeURIComponent(id)}/values`);
}

export function setImportValues(id: string, valueMapping: ValueMappingBody): Promise<ImportValuesResponse> {
  return api(`/imports/${encodeURIComponent(id)}/values`, { method: 'PUT', body: { valueMapping } });
}

export function dryRunImport(id: string): Promise<DryRunResponse> {
  return api(`/imports/${encodeURIComponent(id)}/dry-run`, { method: 'POST', body: {} });
}

export function runImport(id: string, validOnly = false): Promise<ImportJob> {
  return api(`/imports/${encodeURIComponent(id)}/run`, { method: 'POST', body: { validOnly } });
}

/** 下载模板: the entity's columns, a sample row and drop-down lists. */
export function downloadTemplate(entity: ImportEntity): Promise<void> {
  return downloadFile('/imports/template.xlsx', { entity });
}

export function getImport(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return api(`/imports/${encodeURIComponent(id)}`, { signal });
}

export function downloadErrorReport(id: string): Promise<void> {
  return downloadFile(`/imports/${encodeURIComponent(id)}/errors.xlsx`);
}

/** The list's current filters and sort as an xlsx or CSV file (GET /customers/export etc.). */
export function downloadExport(path: '/customers/export' | '/contacts/export' | '/leads/export', format: 'xlsx' | 'csv', query: object): Promise<void> {
  return downloadFile(path, { ...query, format });
}
