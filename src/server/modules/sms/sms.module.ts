import { defineModule, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { smsSendJob } from './sms.jobs.ts';
import { smsMessages } from './sms.messages.ts';
import { smsPublicRoutes, smsRoutes } from './sms.routes.ts';

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { sms_send: 'entity.smsSend' } as const;

/** 短信营销: SMS sends of campaigns through the provider, with receipts, short links and opt-outs (guarded by the mailing permissions). */
export const smsModule = defineModule({
  name: 'sms',
  routes: smsRoutes,
  rootRoutes: smsPublicRoutes,
  jobs: [smsSendJob],
  messages: smsMessages,
  auditTypes,
});

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
