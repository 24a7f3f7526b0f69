import type { z } from 'zod';
import type {
  CurrentUser,
  changePasswordBody,
  loginBody,
  loginResponse,
  meResponse,
  updateProfileBody,
} from '../../../contracts/auth.ts';
import { api, setCsrfToken } from '../../app/http.ts';

export type LoginBody = z.infer<typeof loginBody>;
export type LoginResponse = z.infer<typeof loginResponse>;
export type MeResponse = z.infer<typeof meResponse>;
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
export type UpdateProfileBody = z.infer<typeof updateProfileBody>;

export async function login(body: LoginBody): Promise<LoginResponse> {
  const res = await api<LoginResponse>('/auth/login', { method: 'POST', body });
  setCsrfToken(res.csrfToken);
  return res;
}

export async function fetchMe(): Promise<MeResponse> {
  const res = await api<MeResponse>('/auth/me');
  setCsrfToken(res.csrfToken);
  return res;
}

export async function logout(): Promise<void> {
  try {
    await api('/auth/logout', { method: 'POST' });
  } finally {
    setCsrfToken(null);
  }
}

export function changePassword(body: ChangePasswordBody): Promise<{ ok: true }> {
  return api('/auth/password', { method: 'POST', body });
}

export async function updateProfile(body: UpdateProfileBody): Promise<CurrentUser> {
  const res = await api<MeResponse>('/auth/me', { method: 'PATCH', body });
  if (res.csrfToken) setCsrfToken(res.csrfToken);
  return res.user;
}
