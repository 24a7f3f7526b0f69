import type { JobDefinition } from './platform/jobs/define.ts';
import { purgeJobRunsJob } from './platform/jobs/runs.jobs.ts';
import { purgeSessionsJob } from './modules/auth/auth.jobs.ts';
import { leadSlaJob } from './modules/leads/leads.jobs.ts';
import { poolReclaimJob } from './modules/pool/pool.jobs.ts';
import { importRunJob } from './modules/imports/imports.jobs.ts';
import { taskRemindersJob } from './modules/tasks/tasks.jobs.ts';
import { dailyDigestJob } from './modules/followups/followups.jobs.ts';
import { mailSendJob } from './platform/mail/mail.jobs.ts';
import { sweepAttachmentsJob } from './modules/attachments/attachments.jobs.ts';
import { contractsDailyJob } from './modules/sales-contracts/sales-contracts.jobs.ts';
import { expireQuotesJob } from './modules/quotes/quotes.jobs.ts';

/** Every background job, as the worker registers them. Modules add theirs here. */
export const allJobs: JobDefinition<unknown>[] = [purgeJobRunsJob, purgeSessionsJob, leadSlaJob, poolReclaimJob, importRunJob, taskRemindersJob, dailyDigestJob, mailSendJob, sweepAttachmentsJob, contractsDailyJob, expireQuotesJob];
