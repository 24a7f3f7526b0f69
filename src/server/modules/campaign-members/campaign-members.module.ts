import { defineModule, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { campaignMembersMessages } from './campaign-members.messages.ts';
import { campaignMemberRoutes } from './campaign-members.routes.ts';

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { campaign_member: 'entity.campaignMember' } as const;

/** 活动成员: the contacts and leads of a campaign and their responses (guarded by the campaign's permissions). */
export const campaignMembersModule = defineModule({
  name: 'campaign-members',
  routes: campaignMemberRoutes,
  messages: campaignMembersMessages,
  auditTypes,
});

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
