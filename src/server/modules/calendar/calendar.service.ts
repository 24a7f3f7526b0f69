import type { CalendarFeedStatus } from '../../../contracts/calendar.ts';
import { newId } from '../../db/ids.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { randomSecret } from '../../platform/access/secrets.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import * as q from './calendar.queries.ts';
import { FEED_TOKEN_PATTERN, feedTokenHash, taskCalendar, TOUCH_EVERY_MS } from './calendar.rules.ts';

/**
 * 日历订阅: each user's private iCalendar feed of their tasks and follow-up appointments. The
 * feed URL carries a random token (the only credential: calendar apps send no cookie); only its
 * hash is stored, so the URL is shown once and a new one replaces the old.
 */

const DAY_MS = 86_400_000;
/** What the feed holds: due from 90 days ago to 365 days ahead, closed tasks of the last 90 days, at most 2,000. */
export const FEED_WINDOW = { pastDays: 90, futureDays: 365, closedWithinDays: 90, maxEvents: 2000 } as const;

const AUDIT_ENTITY = 'calendarFeed';

export async function feedStatus(deps: Deps, ctx: Ctx): Promise<CalendarFeedStatus> {
  const feed = await q.findActiveFeed(deps.db, ctx.actor.userId);
  return {
    active: !!feed,
    createdAt: feed?.createdAt.toISOString() ?? null,
    lastFetchedAt: feed?.lastFetchedAt?.toISOString() ?? null,
  };
}

/** A new feed token for the caller, revoking the one they had. Answers the token (shown once). */
export async function createFeed(deps: Deps, ctx: Ctx): Promise<{ token: string }> {
  const token = randomSecret(32);
  await deps.db.transaction(async (tx) => {
    await q.lockUserFeeds(tx, ctx.actor.userId);
    for (const id of await q.revokeActiveFeeds(tx, ctx.actor.userId, ctx.now)) {
      await writeAudit(tx, ctx, { action: 'token_revoke', entityType: AUDIT_ENTITY, entityId: id, entityLabel: ctx.actor.username });
    }
    const id = newId();
    await q.insertFeed(tx, { id, userId: ctx.actor.userId, tokenHash: feedTokenHash(token), createdAt: ctx.now });
    await writeAudit(tx, ctx, { action: 'token_create', entityType: AUDIT_ENTITY, entityId: id, entityLabel: ctx.actor.username });
  });
  return { token };
}

/** Revokes the caller's feed; nothing to do (and nothing audited) without one. */
export async function revokeFeed(deps: Deps, ctx: Ctx): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await q.lockUserFeeds(tx, ctx.actor.userId);
    for (const id of await q.revokeActiveFeeds(tx, ctx.actor.userId, ctx.now)) {
      await writeAudit(tx, ctx, { action: 'token_revoke', entityType: AUDIT_ENTITY, entityId: id, entityLabel: ctx.actor.username });
    }
  });
}

/**
 * The iCalendar text of the feed with this token, or null when there is none: a malformed,
 * unknown or revoked token, or a user who was disabled or deleted. The caller cannot tell which.
 */
export async function renderFeed(deps: Deps, token: string): Promise<string | null> {
  if (!FEED_TOKEN_PATTERN.test(token)) return null;
  const feed = await q.findFeedByTokenHash(deps.db, feedTokenHash(token));
  if (!feed) return null;
  const now = deps.clock.now();
  if (!feed.lastFetchedAt || now.getTime() - feed.lastFetchedAt.getTime() >= TOUCH_EVERY_MS) await q.touchFeed(deps.db, feed.id, now);
  const tasks = await q.feedTasks(deps.db, feed.userId, {
    dueFrom: new Date(now.getTime() - FEED_WINDOW.pastDays * DAY_MS),
    dueTo: new Date(now.getTime() + FEED_WINDOW.futureDays * DAY_MS),
    closedSince: new Date(now.getTime() - FEED_WINDOW.closedWithinDays * DAY_MS),
    now,
    limit: FEED_WINDOW.maxEvents,
  });
  return taskCalendar({ userDisplayName: feed.displayName, timeZone: deps.config.timeZone, locale: feed.locale ?? 'zh-CN', tasks });
}
