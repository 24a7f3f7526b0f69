import { createContext, useContext, useEffect, useRef } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CurrentUser } from '../../contracts/auth.ts';
import type { Permission } from '../../contracts/access.ts';
import { fetchMe, logout, updateProfile } from '../modules/auth/auth.api.ts';
import { ApiError, onAuthEvent } from './http.ts';
import { consumeLanguageChoice, currentLocale, i18n } from './i18n.ts';

/** The signed-in user lives in the query cache under this key; `null` means signed out. */
export const ME_KEY = ['auth', 'me'] as const;

async function loadSession(): Promise<CurrentUser | null> {
  try {
    return (await fetchMe()).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: ME_KEY, queryFn: loadSession, staleTime: 5 * 60_000 });
}

/**
 * The signed-in user, provided by the route guards. Children read it from here rather than
 * from the query cache, so while signing out (cache cleared, redirect pending) no page below
 * the guard ever renders without a user.
 */
export const CurrentUserContext = createContext<CurrentUser | null>(null);

/** Only for components rendered below RequireSession or RequirePasswordChange. */
export function useCurrentUser(): CurrentUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser() used outside a signed-in route');
  return user;
}

export function hasPermission(user: CurrentUser | null | undefined, permission: Permission): boolean {
  return !!user && user.permissions.includes(permission);
}

export function useCan(): (permission: Permission) => boolean {
  const user = useContext(CurrentUserContext);
  return (permission) => hasPermission(user, permission);
}

export function setSessionUser(client: QueryClient, user: CurrentUser | null): void {
  client.setQueryData<CurrentUser | null>(ME_KEY, user);
}

export async function signOut(client: QueryClient): Promise<void> {
  try {
    await logout();
  } finally {
    // Drop every cached answer so the next person on this browser sees nothing of this one.
    client.clear();
    setSessionUser(client, null);
  }
}

/**
 * Mounted once: reacts to an expired session or a forced password change reported by any
 * request, and reconciles the UI language with the user's saved preference.
 */
export function SessionEffects() {
  const client = useQueryClient();
  const { data: user } = useSession();
  const reconciledFor = useRef<string | null>(null);

  useEffect(
    () =>
      onAuthEvent((event) => {
        switch (event) {
          case 'unauthorized':
            client.removeQueries({ predicate: (q) => !(q.queryKey[0] === ME_KEY[0] && q.queryKey[1] === ME_KEY[1]) });
            setSessionUser(client, null);
            break;
          case 'passwordChangeRequired': {
            const current = client.getQueryData<CurrentUser | null>(ME_KEY);
            if (current) setSessionUser(client, { ...current, mustChangePassword: true });
            break;
          }
        }
      }),
    [client],
  );

  useEffect(() => {
    if (!user) {
      reconciledFor.current = null;
      return;
    }
    if (reconciledFor.current === user.id) return;
    reconciledFor.current = user.id;
    const lng = currentLocale();
    if (consumeLanguageChoice()) {
      // The language picked on the sign-in page is the latest wish: remember it on the profile.
      if (user.locale !== lng) {
        updateProfile({ locale: lng }).then(
          (updated) => setSessionUser(client, updated),
          () => undefined,
        );
      }
    } else if (user.locale && user.locale !== lng) {
      void i18n.changeLanguage(user.locale);
    }
  }, [user, client]);

  return null;
}
