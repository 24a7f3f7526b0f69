import type { Deps } from '../../platform/deps.ts';
import { advanceMembers } from '../campaign-members/index.ts';
import { isProbableBot, verifyToken } from './mailings.rules.ts';
import * as t from './tracking.queries.ts';

/**
 * What recipients' mail clients and people reach without signing in: the open pixel, tracked
 * links and the unsubscribe link, each with a signed per-recipient token. A bad token learns
 * nothing (the pixel is served anyway; a link or unsubscribe answers not found). Probable bots
 * are counted apart and never move a member forward or unsubscribe anyone.
 */

export interface Visit {
  token: string;
  userAgent: string | undefined;
  at: Date;
}

const member = (r: t.TrackedRecipient) => ({ contactIds: r.contactId ? [r.contactId] : [], leadIds: r.leadId ? [r.leadId] : [] });

export async function trackOpen(deps: Deps, v: Visit): Promise<void> {
  const id = verifyToken(deps.appSecret, 'track', v.token);
  if (!id) return;
  const r = await t.trackedRecipient(deps.db, id);
  if (!r || !r.tracking) return;
  const bot = isProbableBot({ kind: 'open', userAgent: v.userAgent, sentAt: r.sentAt, at: v.at });
  await t.recordOpen(deps.db, id, v.at, bot);
  if (!bot && !r.firstOpenedAt) await advanceMembers(deps.db, r.campaignId, member(r), 'opened', v.at);
}

/** The address a tracked link leads to (only one that was in the mail), or null. */
export async function trackClick(deps: Deps, v: Visit & { link: number }): Promise<string | null> {
  const id = verifyToken(deps.appSecret, 'track', v.token);
  if (!id) return null;
  const r = await t.trackedRecipient(deps.db, id);
  const url = r?.links[v.link];
  if (!r || !url) return null;
  if (r.tracking) {
    const bot = isProbableBot({ kind: 'click', userAgent: v.userAgent, sentAt: r.sentAt, at: v.at });
    await t.recordClick(deps.db, id, v.link, v.at, bot);
    if (!bot && !r.firstClickedAt) await advanceMembers(deps.db, r.campaignId, member(r), 'clicked', v.at);
  }
  return url;
}

/** Whom an unsubscribe link is for (the confirmation page shows the address), or null. */
export async function unsubscribeTarget(deps: Deps, token: string): Promise<{ email: string; done: boolean } | null> {
  const id = verifyToken(deps.appSecret, 'unsubscribe', token);
  if (!id) return null;
  const r = await t.trackedRecipient(deps.db, id);
  return r ? { email: r.email, done: r.unsubscribedAt !== null } : null;
}

/** The one-click POST (RFC 8058) or the confirmation page's button: the address is suppressed. */
export async function unsubscribe(deps: Deps, token: string, at: Date): Promise<{ email: string } | null> {
  const id = verifyToken(deps.appSecret, 'unsubscribe', token);
  if (!id) return null;
  const r = await t.trackedRecipient(deps.db, id);
  if (!r) return null;
  await t.recordUnsubscribe(deps.db, r, at);
  return { email: r.email };
}
