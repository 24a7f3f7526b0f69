import type { z } from 'zod';
import type { createTaskBody, listTasksQuery, Task, task, taskCounts, updateTaskBody } from '../../../contracts/tasks.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type TaskListQuery = Partial<z.input<typeof listTasksQuery>>;
export type TaskPage = CursorPage<typeof task>;
export type TaskCounts = z.infer<typeof taskCounts>;
export type CreateTaskBody = z.input<typeof createTaskBody>;
export type UpdateTaskBody = z.input<typeof updateTaskBody>;

export const tasksKeys = {
  all: ['tasks'] as const,
  list: (query: TaskListQuery) => ['tasks', 'list', query] as const,
  range: (query: TaskListQuery) => ['tasks', 'range', query] as const,
  counts: ['tasks', 'counts'] as const,
  detail: (id: string) => ['tasks', 'detail', id] as const,
};

export function listTasks(query: TaskListQuery, signal?: AbortSignal): Promise<TaskPage> {
  return api('/tasks', { query, signal });
}

/** Every task of a due-time range (a calendar's visible days), following the pages up to a bound. */
export async function listTasksInRange(query: TaskListQuery, signal?: AbortSignal, maxPages = 10): Promise<{ items: Task[]; truncated: boolean }> {
  const items: Task[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await listTasks({ ...query, limit: 200, cursor }, signal);
    items.push(...page.items);
    if (!page.nextCursor) return { items, truncated: false };
    cursor = page.nextCursor;
  }
  return { items, truncated: true };
}

export function taskCountsOfMine(signal?: AbortSignal): Promise<TaskCounts> {
  return api('/tasks/counts', { signal });
}

export function getTask(id: string, signal?: AbortSignal): Promise<Task> {
  return api(`/tasks/${encodeURIComponent(id)}`, { signal });
}

export function createTask(body: CreateTaskBody): Promise<Task> {
  return api('/tasks', { method: 'POST', body });
}

export function updateTask(id: string, body: UpdateTaskBody): Promise<Task> {
  return api(`/tasks/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteTask(id: string): Promise<unknown> {
  return api(`/tasks/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
