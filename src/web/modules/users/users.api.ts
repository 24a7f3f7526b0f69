import type { z } from 'zod';
import type { createUserBody, listUsersQuery, resetPasswordBody, resetPasswordResponse, updateUserBody, User, user } from '../../../contracts/users.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type UserListQuery = Partial<z.input<typeof listUsersQuery>>;
export type UserPage = CursorPage<typeof user>;
export type CreateUserBody = z.input<typeof createUserBody>;
export type UpdateUserBody = z.input<typeof updateUserBody>;
export type ResetPasswordBody = z.input<typeof resetPasswordBody>;
export type ResetPasswordResponse = z.infer<typeof resetPasswordResponse>;

export const usersKeys = {
  all: ['users'] as const,
  list: (query: UserListQuery) => ['users', 'list', query] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export function listUsers(query: UserListQuery, signal?: AbortSignal): Promise<UserPage> {
  return api('/users', { query, signal });
}

export function getUser(id: string, signal?: AbortSignal): Promise<User> {
  return api(`/users/${encodeURIComponent(id)}`, { signal });
}

export function createUser(body: CreateUserBody): Promise<User> {
  return api('/users', { method: 'POST', body });
}

export function updateUser(id: string, body: UpdateUserBody): Promise<User> {
  return api(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function resetUserPassword(id: string, body: ResetPasswordBody): Promise<ResetPasswordResponse> {
  return api(`/users/${encodeURIComponent(id)}/reset-password`, { method: 'POST', body });
}

export function unlockUser(id: string): Promise<{ ok: true }> {
  return api(`/users/${encodeURIComponent(id)}/unlock`, { method: 'POST' });
}

export function deleteUser(id: string): Promise<unknown> {
  return api(`/users/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
