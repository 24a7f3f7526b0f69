import { platformMessages } from './http/messages.ts';
import { purgeJobRunsJob } from './jobs/runs.jobs.ts';
import { mailSendJob } from './mail/mail.jobs.ts';
import { defineModule, type AuditTypesOf, type PermissionsOf } from './modules/manifest.ts';

const permissions = {
  // Shared lists and rules (industries, tags, numbering patterns, public-pool rules): every module's
  // settings go through platform/settings, so the resource is the platform's.
  setting: { actions: ['read', 'update'], defaults: { manager: ['read'], sales: ['read'], service: ['read'], marketing: ['read'] } },
} as const;
/** Settings are written through platform/settings (and numbering patterns), audited as `setting`. */
const auditTypes = { setting: 'entity.setting' } as const;

/**
 * What the platform itself brings, assembled after the modules: the settings permission, the
 * job history purge, mail delivery and the generic messages (error codes, shared validation).
 */
export const platformModule = defineModule({
  name: 'platform',
  jobs: [purgeJobRunsJob, mailSendJob],
  permissions,
  messages: platformMessages,
  auditTypes,
});

declare module '../../contracts/access.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the platform's resources
  interface PermissionRegistry extends PermissionsOf<typeof permissions> {}
}

declare module '../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the platform's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
