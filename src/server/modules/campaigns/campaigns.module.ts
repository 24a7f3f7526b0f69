import { defineModule, type AuditTypesOf, type PermissionsOf } from '../../platform/modules/manifest.ts';
import { campaignsMessages } from './campaigns.messages.ts';
import { campaignRoutes } from './campaigns.routes.ts';

const permissions = {
  campaign: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { marketing: 'all', manager: ['read'] } },
} as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { campaign: 'entity.campaign', campaign_cost: 'entity.campaignCost' } as const;

/** 营销活动: campaigns, their goal, budget and actual costs. */
export const campaignsModule = defineModule({
  name: 'campaigns',
  routes: campaignRoutes,
  permissions,
  messages: campaignsMessages,
  auditTypes,
});

declare module '../../../contracts/access.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's resources
  interface PermissionRegistry extends PermissionsOf<typeof permissions> {}
}

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
