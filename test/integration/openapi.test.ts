import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/contracts/audit.ts';
import { CUSTOMER_LIST_FIELDS } from '../../src/contracts/customers.ts';
import { USER_SORTS } from '../../src/contracts/users.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
let doc: any;

beforeAll(async () => {
  h = await createHarness();
  const res = await h.client().get('/api/openapi.json'); // public: no session
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(async () => h.close());

type Operation = { requestBody?: any; parameters?: any[]; responses: Record<string, any>; tags?: string[]; summary?: string };

function op(path: string, method: string): Operation {
  const found = doc.paths?.[path]?.[method] as Operation | undefined;
  if (!found) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  return found;
}

function bodySchema(path: string, method: string): any {
  const o = op(path, method);
  expect(o.requestBody?.required, `${method} ${path} body required`).toBe(true);
  return o.requestBody.content['application/json'].schema;
}

function queryParams(path: string): Record<string, any> {
  return Object.fromEntries((op(path, 'get').parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
}

describe('GET /api/openapi.json', () => {
  it('is OpenAPI 3.1 with both ways to authenticate', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Kehu CRM API');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerAuth', 'cookieAuth']);
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'kehu_session' });
  });

  it('documents the foundation endpoints', () => {
    const expected: Record<string, string[]> = {
      '/api/v1/auth/login': ['post'],
      '/api/v1/users': ['get', 'post'],
      '/api/v1/users/{id}': ['delete', 'get', 'patch'],
      '/api/v1/departments': ['get', 'post'],
      '/api/v1/departments/{id}': ['delete', 'get', 'patch'],
      '/api/v1/roles': ['get', 'post'],
      '/api/v1/roles/{id}': ['delete', 'get', 'patch'],
      '/api/v1/audit-log': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}).filter((m) => m !== 'parameters').sort(), path).toEqual(methods);
    }
    expect(doc.paths['/api/openapi.json']).toBeUndefined(); // hidden
  });

  it('has the login request schema', () => {
    const schema = bodySchema('/api/v1/auth/login', 'post');
    expect(schema.type).toBe('object');
    expect(schema.required.sort()).toEqual(['password', 'username']);
    expect(schema.properties.username).toMatchObject({ type: 'string', minLength: 1 });
  });

  it('has request schemas for every create and update', () => {
    const user = bodySchema('/api/v1/users', 'post');
    expect(user.required.sort()).toEqual(['displayName', 'password', 'roleId', 'username']);
    expect(user.properties.username.pattern).toBe('^[A-Za-z0-9._-]+$');
    expect(user.properties.roleId.format).toBe('uuid');
    const userPatch = bodySchema('/api/v1/users/{id}', 'patch');
    expect(userPatch.required).toEqual(['version']);
    expect(Object.keys(userPatch.properties)).toEqual(expect.arrayContaining(['displayName', 'email', 'phone', 'roleId', 'departmentId', 'status']));

    expect(bodySchema('/api/v1/departments', 'post').required).toEqual(['name']);
    expect(bodySchema('/api/v1/departments/{id}', 'patch').required).toEqual(['version']);

    const role = bodySchema('/api/v1/roles', 'post');
    expect(role.required.sort()).toEqual(['dataScope', 'name', 'permissions']);
    expect(role.properties.dataScope.enum).toEqual(['own', 'department', 'all']);
    expect(role.properties.permissions.type).toBe('array');
    expect(bodySchema('/api/v1/roles/{id}', 'patch').required).toEqual(['version']);
  });

  it('has the list query parameters', () => {
    const users = queryParams('/api/v1/users');
    expect(Object.keys(users).sort()).toEqual(['cursor', 'departmentId', 'limit', 'q', 'roleId', 'sort', 'status']);
    expect(users.limit).toMatchObject({ minimum: 1, maximum: 200, default: 50 });
    expect(users.sort.enum).toEqual([...USER_SORTS]);
    const audit = queryParams('/api/v1/audit-log');
    expect(Object.keys(audit).sort()).toEqual(['action', 'actorId', 'cursor', 'entityId', 'entityType', 'from', 'limit', 'q', 'to']);
    expect(audit.action.enum).toEqual([...AUDIT_ACTIONS]);
  });

  it('documents responses, including the error shape, and tags every operation', () => {
    const list = op('/api/v1/users', 'get').responses;
    const page = list['200'].content['application/json'].schema;
    expect(page.required.sort()).toEqual(['items', 'nextCursor']);
    expect(page.properties.items.items.$ref).toBe('#/components/schemas/User');
    expect(op('/api/v1/users', 'post').responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/User');
    expect(doc.components.schemas.User.properties.phone).toBeDefined();
    expect(doc.components.schemas.User.properties.passwordHash).toBeUndefined();
    expect(doc.components.schemas.Error.required).toEqual(['error']);
    // Customer lists (and the pool) return list rows, the detail the whole record.
    const itemsOf = (path: string) => op(path, 'get').responses['200'].content['application/json'].schema.properties.items.items.$ref;
    expect(itemsOf('/api/v1/customers')).toBe('#/components/schemas/CustomerListRow');
    expect(itemsOf('/api/v1/pool/customers')).toBe('#/components/schemas/CustomerListRow');
    expect(op('/api/v1/customers/{id}', 'get').responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Customer');
    expect(Object.keys(doc.components.schemas.CustomerListRow.properties).sort()).toEqual([...CUSTOMER_LIST_FIELDS].sort());
    expect(doc.components.schemas.Customer.properties.decisionChain).toBeDefined();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, o] of Object.entries(methods)) {
        expect(o.tags?.length, `${method} ${path} tags`).toBeGreaterThan(0);
        expect(o.summary, `${method} ${path} summary`).toEqual(expect.any(String));
        if (path !== '/api/v1/auth/login') expect(Object.keys(o.responses), `${method} ${path}`).toContain('401');
      }
    }
  });
});
