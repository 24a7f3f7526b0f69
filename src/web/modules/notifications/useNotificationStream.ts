import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Notification } from '../../../contracts/notifications.ts';
import { API_BASE } from '../../app/http.ts';
import { ME_KEY } from '../../app/session.tsx';
import { notificationsKeys } from './notifications.api.ts';
import { feedbackKeys } from '../feedback/feedback.api.ts';
import { followUpSummaryKey } from '../followups/followups.api.ts';
import { tasksKeys } from '../tasks/tasks.api.ts';

/** After the server refused the stream (not a dropped connection, which EventSource retries itself). */
const REOPEN_AFTER_MS = 60_000;

function parse<T>(event: Event): T | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}

/**
 * Subscribes to GET /notifications/stream (Server-Sent Events): keeps the unread count in the
 * query cache, refreshes the bell's list and calls `onNew` for each new notification. Returns
 * whether the stream is open (the bell polls only while it is not).
 *
 * EventSource reconnects by itself when the connection drops. When the server answers with an
 * error instead (401 after a logout or an expired session), it stops for good: the session is
 * then checked again — if it is gone the app signs out and this component unmounts; if it is not
 * (a restart, a proxy error) the stream is opened again after a minute, never in a tight loop.
 */
export function useNotificationStream(onNew: (n: Notification) => void): boolean {
  const client = useQueryClient();
  const [live, setLive] = useState(false);
  const [generation, setGeneration] = useState(0);
  const onNewRef = useRef(onNew);
  useEffect(() => {
    onNewRef.current = onNew;
  }, [onNew]);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_BASE}/notifications/stream`, { withCredentials: true });
    let reopen: ReturnType<typeof setTimeout> | null = null;
    source.addEventListener('open', () => setLive(true));
    source.addEventListener('unread', (event) => {
      const data = parse<{ unread: number }>(event);
      if (data && typeof data.unread === 'number') client.setQueryData(notificationsKeys.unread, { unread: data.unread });
    });
    source.addEventListener('notification', (event) => {
      const n = parse<Notification>(event);
      if (!n) return;
      void client.invalidateQueries({ queryKey: notificationsKeys.latest });
      // A task given to me or feedback handed to me: the lists and counters that show them are stale.
      if (n.entityType === 'task') {
        void client.invalidateQueries({ queryKey: tasksKeys.all });
        void client.invalidateQueries({ queryKey: followUpSummaryKey });
      } else if (n.entityType === 'feedback') void client.invalidateQueries({ queryKey: feedbackKeys.all });
      onNewRef.current(n);
    });
    source.addEventListener('error', () => {
      setLive(false);
      if (source.readyState !== EventSource.CLOSED) return; // reconnecting by itself
      void client.invalidateQueries({ queryKey: ME_KEY });
      reopen = setTimeout(() => setGeneration((g) => g + 1), REOPEN_AFTER_MS);
    });
    return () => {
      if (reopen) clearTimeout(reopen);
      source.close();
      setLive(false);
    };
  }, [client, generation]);

  return live;
}
