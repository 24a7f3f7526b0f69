import { setTimeout as sleep } from 'node:timers/promises';
import type { Deps } from '../../platform/deps.ts';
import { advanceMembers } from '../campaign-members/index.ts';
import type { SmsProvider } from './sms.provider.ts';
import * as q from './sms.queries.ts';
import { templateParams } from './sms.rules.ts';

/**
 * The SMS sender, the mail sender's rules: groups claimed (`sending`) and committed before they go
 * to the provider, answers recorded after; a crash leaves `unknown`, never a second message.
 * Providers limit rates per account: a few messages at once, paced.
 */
export const SMS_RATE = { perSecond: 20, concurrency: 4 };

export type SmsRunOutcome = 'busy' | 'gone' | 'not-sending' | 'stopped' | 'sent';

export async function runSmsSend(deps: Deps, sendId: string, provider: SmsProvider, opts: { signal?: AbortSignal; rate?: typeof SMS_RATE } = {}): Promise<SmsRunOutcome> {
  const rate = opts.rate ?? SMS_RATE;
  const outcome = await q.withSendLock(deps.db, sendId, async (): Promise<SmsRunOutcome> => {
    const state = await q.sendState(deps.db, sendId);
    if (!state || state.deletedAt) return 'gone';
    await q.recoverInterrupted(deps.db, sendId);
    if (state.status !== 'sending') return 'not-sending';
    const baseUrl = state.baseUrl ?? deps.config.publicUrl ?? 'http://localhost';
    const campaignName = await campaignNameOf(deps, state.campaignId);
    let lastCheck = Date.now();
    for (;;) {
      if (opts.signal?.aborted) return 'stopped';
      if (Date.now() - lastCheck > 1000) {
        lastCheck = Date.now();
        const now = await q.sendState(deps.db, sendId);
        if (!now || now.status !== 'sending') return 'stopped';
      }
      const started = Date.now();
      const claimed = await q.claimNext(deps.db, sendId, rate.concurrency, deps.clock.now());
      if (claimed.length === 0) {
        await q.moveSend(deps.db, sendId, ['sending'], { status: 'sent', finishedAt: deps.clock.now(), updatedAt: deps.clock.now() });
        return 'sent';
      }
      const results = await Promise.all(
        claimed.map(async (r): Promise<q.SmsResult> => {
          const values = { ...r.data, 'campaign.name': campaignName, short_link: `${baseUrl}/s/${r.shortCode}` };
          try {
            const { bizId } = await provider.send({ phone: r.phone, signName: state.signName, templateCode: state.templateCode, params: templateParams(state.params, values), outId: r.id });
            return { id: r.id, status: 'sent', bizId, error: null, at: deps.clock.now() };
          } catch (err) {
            return { id: r.id, status: 'failed', bizId: null, error: (err instanceof Error ? err.message : String(err)).slice(0, 500), at: deps.clock.now() };
          }
        }),
      );
      await deps.db.transaction(async (tx) => {
        await q.recordResults(tx, results);
        const sent = new Set(results.filter((r) => r.status === 'sent').map((r) => r.id));
        const ok = claimed.filter((c) => sent.has(c.id));
        await advanceMembers(tx, state.campaignId, { contactIds: ok.flatMap((c) => (c.contactId ? [c.contactId] : [])), leadIds: ok.flatMap((c) => (c.leadId ? [c.leadId] : [])) }, 'sent', deps.clock.now());
      });
      const wait = (claimed.length / rate.perSecond) * 1000 - (Date.now() - started);
      if (wait > 1) await sleep(wait, undefined, opts.signal ? { signal: opts.signal } : undefined).catch(() => undefined);
    }
  });
  return outcome ?? 'busy';
}

async function campaignNameOf(deps: Deps, campaignId: string): Promise<string> {
  return (await q.campaignName(deps.db, campaignId)) ?? '';
}
