import type { Deps } from '../../platform/deps.ts';
import type { PgListener } from '../../platform/events/pg-listener.ts';
import { sseEvent } from '../../platform/http/sse.ts';
import { unreadState, type UnreadState } from './notifications.service.ts';

/** Migration 0019's trigger NOTIFYs this channel with the user's id whenever their notifications change. */
export const NOTIFICATIONS_CHANNEL = 'kehu_notifications';

/** One open event stream of one user (a browser tab). */
export interface LiveStream {
  userId: string;
  /** Writes a chunk of the event stream. */
  write(chunk: string): void;
  /** Ends the stream (the app is closing). */
  end(): void;
}

interface Open {
  stream: LiveStream;
  /** Id of the newest notification this stream has shown; undefined before its first state. */
  seen: string | null | undefined;
}

export interface NotificationHub {
  /** Adds a stream and sends it the current unread count. Returns its removal. */
  add(stream: LiveStream): () => void;
  /** How many streams are open in this process. */
  readonly size: number;
  /** Ends every stream and stops listening (app close). */
  close(): void;
}

interface Log {
  warn(obj: object, msg?: string): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Fans the database's notification events out to the event streams open in this process. A NOTIFY
 * names only the user; the hub reads that user's unread count and newest unread notification once
 * (not once per tab) and writes `unread` to each of their streams, and `notification` to those that
 * have not shown that notification yet — so marking one read pushes the lower count without
 * announcing an older notification again. Reads for one user run one at a time: events arriving
 * meanwhile cause one more read, so the last state written is never older than the last event.
 * After the LISTEN connection (re)connects every open stream is refreshed, since notifications made
 * while it was down were not announced.
 */
export function createNotificationHub(deps: Pick<Deps, 'db'>, listener: PgListener | null, log: Log): NotificationHub {
  const byUser = new Map<string, Set<Open>>();
  /** Users whose state is being read; `again`: another event came meanwhile. */
  const reading = new Map<string, { again: boolean }>();

  function deliver(open: Open, state: UnreadState): void {
    open.stream.write(sseEvent('unread', { unread: state.unread }));
    const newest = state.newest;
    if (open.seen === undefined) {
      // What is unread when the stream opens is in the list already: only later ones are announced.
      open.seen = newest?.id ?? null;
      return;
    }
    // Ids are time-ordered (UUIDv7): a greater id is a newer notification.
    if (newest && (open.seen === null || newest.id > open.seen)) {
      open.stream.write(sseEvent('notification', newest));
      open.seen = newest.id;
    }
  }

  async function refresh(userId: string): Promise<void> {
    const current = reading.get(userId);
    if (current) {
      current.again = true;
      return;
    }
    const mine = { again: false };
    reading.set(userId, mine);
    try {
      do {
        mine.again = false;
        if (!byUser.get(userId)?.size) break;
        let state: UnreadState;
        try {
          state = await unreadState(deps.db, userId);
        } catch (err) {
          log.warn({ err, userId }, 'could not read notifications for a live stream');
          break;
        }
        for (const open of byUser.get(userId) ?? []) deliver(open, state);
      } while (mine.again);
    } finally {
      reading.delete(userId);
    }
  }

  const unsubscribe = [
    listener?.on(NOTIFICATIONS_CHANNEL, (payload) => {
      if (UUID.test(payload) && byUser.has(payload)) void refresh(payload);
    }),
    listener?.onConnect(() => {
      for (const userId of byUser.keys()) void refresh(userId);
    }),
  ];

  return {
    add(stream) {
      const open: Open = { stream, seen: undefined };
      let set = byUser.get(stream.userId);
      if (!set) {
        set = new Set();
        byUser.set(stream.userId, set);
      }
      set.add(open);
      void refresh(stream.userId);
      return () => {
        const s = byUser.get(stream.userId);
        if (!s) return;
        s.delete(open);
        if (s.size === 0) byUser.delete(stream.userId);
      };
    },
    get size() {
      let n = 0;
      for (const set of byUser.values()) n += set.size;
      return n;
    },
    close() {
      for (const fn of unsubscribe) fn?.();
      const all = [...byUser.values()].flatMap((set) => [...set]);
      byUser.clear();
      for (const open of all) open.stream.end();
    },
  };
}
