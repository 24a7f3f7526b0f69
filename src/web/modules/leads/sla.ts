import type { Lead } from '../../../contracts/leads.ts';

/**
 * The assignment SLA as it stands at `now`. The server's answer is a snapshot taken when the
 * page loaded; pending and overdue are recomputed from the deadline so the countdown ticks and
 * turns overdue on its own, without refetching.
 */
export type SlaView =
  | { kind: 'none' }
  | { kind: 'pending'; remainingMs: number }
  | { kind: 'overdue'; overdueMs: number }
  | { kind: 'met' }
  | { kind: 'missed'; lateByMs: number };

export function slaAt(sla: Lead['sla'], now: number): SlaView {
  switch (sla.kind) {
    case 'none':
    case 'met':
      return { kind: sla.kind };
    case 'missed':
      return { kind: 'missed', lateByMs: sla.lateByMs };
    case 'pending':
    case 'overdue': {
      // Same boundary as the server's slaState: at the deadline itself it is still pending.
      const remaining = Date.parse(sla.deadline) - now;
      return remaining >= 0 ? { kind: 'pending', remainingMs: remaining } : { kind: 'overdue', overdueMs: -remaining };
    }
  }
}

/** Whether the SLA still changes with time (so a component showing it needs a ticking clock). */
export function slaTicks(sla: Lead['sla']): boolean {
  return sla.kind === 'pending' || sla.kind === 'overdue';
}

/**
 * A duration as `H:MM:SS`, hours unbounded, seconds rounded down. Language-neutral, so the
 * countdown reads the same in both UI languages and keeps its width while it ticks.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}
