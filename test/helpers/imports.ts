import { expect } from 'vitest';
import { importRunJob } from '../../src/server/modules/imports/imports.jobs.ts';
import type { Client, Harness, Response } from './harness.ts';

/**
 * Imports through HTTP as a user makes them (upload, mapping, run), with the harness's job queue
 * replaced by a list that `runQueued` runs by calling the import job's handler, as other job
 * tests do. `clear` forgets the queued jobs (between tests).
 */
export function importsOver(h: Harness) {
  const sent: { importId: string }[] = [];
  h.deps.jobs = {
    send: async (_job, data) => {
      sent.push(data as { importId: string });
      return 'job-id';
    },
  };

  const upload = (c: Client, entity: string, content: string | Buffer, fileName = '客户.csv'): Promise<Response> =>
    c.request('POST', `/api/v1/imports?entity=${entity}&fileName=${encodeURIComponent(fileName)}`, Buffer.from(content), { 'content-type': 'application/octet-stream' });

  const runQueued = async (): Promise<void> => {
    for (const data of sent) await importRunJob.handler(h.deps, data, { jobId: 't', runKey: null, attempt: 1, signal: new AbortController().signal });
  };

  /** Upload, map as proposed with a policy, and run; returns the finished import. */
  const importFile = async (c: Client, entity: string, content: string | Buffer, duplicatePolicy: 'skip' | 'update' | 'create' = 'skip', fileName?: string) => {
    const up = await upload(c, entity, content, fileName);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const id = up.body.job.id as string;
    const mapped = await c.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy });
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
    const run = await c.post(`/api/v1/imports/${id}/run`);
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    expect(run.body.status).toBe('queued');
    await runQueued();
    const done = await c.get(`/api/v1/imports/${id}`);
    expect(done.status).toBe(200);
    return done.body;
  };

  return { upload, runQueued, importFile, clear: () => void sent.splice(0), sent };
}
