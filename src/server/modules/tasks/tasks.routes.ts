import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createTaskBody, listTasksQuery, task, taskCounts, updateTaskBody } from '../../../contracts/tasks.ts';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './tasks.service.ts';

const tags = ['tasks'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export function taskRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tasks',
      {
        schema: {
          tags,
          summary: 'Tasks: mine (assigned to me) or my team’s (in my data scope), by bucket or due-time range (calendar)',
          querystring: listTasksQuery,
          response: { 200: page(task), ...errors },
        },
      },
      async (req) => service.listTasks(deps, req.ctx(), req.query),
    );
    app.get('/tasks/counts', { schema: { tags, summary: 'My open tasks: overdue, due today, upcoming', response: { 200: taskCounts, ...errors } } }, async (req) =>
      service.myTaskCounts(deps, req.ctx()),
    );
    app.post(
      '/tasks',
      { schema: { tags, summary: 'Create a task (for someone else: needs task:assign)', body: createTaskBody, response: { 201: task, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.createTask(deps, req.ctx(), req.body)),
    );
    app.get('/tasks/:id', { schema: { tags, summary: 'One task', params: idParams, response: { 200: task, ...errors } } }, async (req) => service.getTask(deps, req.ctx(), req.params.id));
    app.patch(
      '/tasks/:id',
      {
        schema: {
          tags,
          summary: 'Update a task: done, cancelled or reopened, moved (re-arms its reminder), reassigned (needs task:assign)',
          params: idParams,
          body: updateTaskBody,
          response: { 200: task, ...errors },
        },
      },
      async (req) => service.updateTask(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/tasks/:id', { schema: { tags, summary: 'Delete a task', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteTask(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
  };
}
