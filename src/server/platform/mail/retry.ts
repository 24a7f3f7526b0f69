/**
 * When a queued mail is (re)tried, as seconds after it was queued: the first attempt at once,
 * then 1 minute, 5 minutes, 30 minutes and 2 hours after queueing. The delays count from the
 * queueing time (the outbox keeps no time of the last attempt), and one run of the mail job tries
 * a mail at most once, so attempts are also at least one run apart.
 */
export const ATTEMPT_AFTER_SECONDS = [0, 60, 5 * 60, 30 * 60, 2 * 3600] as const;

/** After this many failed attempts a mail is `failed` and no longer tried. */
export const MAX_ATTEMPTS = ATTEMPT_AFTER_SECONDS.length;

/** When the next attempt of a mail queued at `queuedAt` with `attempts` made is due; null when none is left. */
export function nextAttemptAt(queuedAt: Date, attempts: number): Date | null {
  const after = ATTEMPT_AFTER_SECONDS[attempts];
  return after === undefined ? null : new Date(queuedAt.getTime() + after * 1000);
}

/** What a failed attempt leaves: the count of attempts, and `failed` once they are spent. */
export function afterFailedAttempt(attemptsBefore: number): { attempts: number; status: 'queued' | 'failed' } {
  const attempts = attemptsBefore + 1;
  return { attempts, status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued' };
}

const MAX_ERROR_LENGTH = 1000;

/**
 * The text kept in `last_error` for an admin to read: the SMTP server's answer when there is one
 * (nodemailer puts it in `response`), on one line, cut to 1000 characters.
 */
export function describeSendError(err: unknown): string {
  let text = err instanceof Error ? err.message : String(err);
  const response = err instanceof Error ? (err as Error & { response?: unknown }).response : undefined;
  if (typeof response === 'string' && response.trim() !== '' && !text.includes(response.trim())) text = `${text}: ${response.trim()}`;
  const oneLine = text.replace(/\s+/g, ' ').trim() || 'unknown error';
  return oneLine.length > MAX_ERROR_LENGTH ? `${oneLine.slice(0, MAX_ERROR_LENGTH - 1)}…` : oneLine;
}
