import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, okResponse } from '../../../contracts/common.ts';
import { createDepartmentBody, department, departmentList, updateDepartmentBody } from '../../../contracts/departments.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './departments.service.ts';

const tags = ['departments'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function departmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/departments',
      { schema: { tags, summary: 'Departments within the caller’s scope, flat with parentId', response: { 200: departmentList, ...errors } } },
      async (req) => ({ items: await service.listDepartments(deps, req.ctx()) }),
    );
    app.get(
      '/departments/:id',
      { schema: { tags, summary: 'One department', params: idParams, response: { 200: department, ...errors } } },
      async (req) => service.getDepartment(deps, req.ctx(), req.params.id),
    );
    app.post(
      '/departments',
      { schema: { tags, summary: 'Create a department', body: createDepartmentBody, response: { 201: department, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.createDepartment(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/departments/:id',
      { schema: { tags, summary: 'Rename or move a department', params: idParams, body: updateDepartmentBody, response: { 200: department, ...errors } } },
      async (req) => service.updateDepartment(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete(
      '/departments/:id',
      { schema: { tags, summary: 'Delete an empty department', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteDepartment(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
