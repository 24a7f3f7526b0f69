import { useSyncExternalStore } from 'react';

/** Below antd's `md` breakpoint (768 px): the phone layout (menu drawer, cards, full-screen forms). */
const PHONE_QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * Whether the screen is phone-sized, right from the first render (antd's `useBreakpoint` starts
 * empty, which would first draw the desktop layout on a phone).
 */
export function useIsPhone(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(PHONE_QUERY).matches,
    () => false,
  );
}
