import type { AssembledModules, ModuleManifest } from '../platform/modules/manifest.ts';
import { assembleModules } from '../platform/modules/manifest.ts';
import { platformModule } from '../platform/platform.module.ts';
import { attachmentsModule } from './attachments/attachments.module.ts';
import { auditModule } from './audit/audit.module.ts';
import { authModule } from './auth/auth.module.ts';
import { bulkModule } from './bulk/bulk.module.ts';
import { campaignReportsModule } from './campaign-reports/campaign-reports.module.ts';
import { campaignMembersModule } from './campaign-members/campaign-members.module.ts';
import { campaignsModule } from './campaigns/campaigns.module.ts';
import { calendarModule } from './calendar/calendar.module.ts';
import { catalogModule } from './catalog/catalog.module.ts';
import { contactsModule } from './contacts/contacts.module.ts';
import { customerValueModule } from './customer-value/customer-value.module.ts';
import { customersModule } from './customers/customers.module.ts';
import { departmentsModule } from './departments/departments.module.ts';
import { exportsModule } from './exports/exports.module.ts';
import { feedbackModule } from './feedback/feedback.module.ts';
import { followupsModule } from './followups/followups.module.ts';
import { homeModule } from './home/home.module.ts';
import { importsModule } from './imports/imports.module.ts';
import { leadFormsModule } from './lead-forms/lead-forms.module.ts';
import { leadsModule } from './leads/leads.module.ts';
import { mailModule } from './mail/mail.module.ts';
import { mailingsModule } from './mailings/mailings.module.ts';
import { notificationsModule } from './notifications/notifications.module.ts';
import { numberingModule } from './numbering/numbering.module.ts';
import { opportunitiesModule } from './opportunities/opportunities.module.ts';
import { ordersModule } from './orders/orders.module.ts';
import { poolModule } from './pool/pool.module.ts';
import { productsModule } from './products/products.module.ts';
import { quotesModule } from './quotes/quotes.module.ts';
import { rolesModule } from './roles/roles.module.ts';
import { salesContractsModule } from './sales-contracts/sales-contracts.module.ts';
import { segmentsModule } from './segments/segments.module.ts';
import { searchModule } from './search/search.module.ts';
import { smsModule } from './sms/sms.module.ts';
import { tasksModule } from './tasks/tasks.module.ts';
import { timelineModule } from './timeline/timeline.module.ts';
import { usersModule } from './users/users.module.ts';
import { viewsModule } from './views/views.module.ts';

/**
 * The one list of modules: a module is registered here and nowhere else. Their manifests give the
 * routes, jobs, permissions, messages and kinds; the order is the role editor's (business records
 * first, then administration).
 */
export const modules: readonly ModuleManifest[] = [
  customersModule,
  contactsModule,
  leadsModule,
  followupsModule,
  tasksModule,
  feedbackModule,
  productsModule,
  opportunitiesModule,
  quotesModule,
  ordersModule,
  salesContractsModule,
  campaignsModule,
  campaignMembersModule,
  campaignReportsModule,
  segmentsModule,
  mailingsModule,
  smsModule,
  leadFormsModule,
  customerValueModule,
  usersModule,
  departmentsModule,
  rolesModule,
  auditModule,
  authModule,
  viewsModule,
  catalogModule,
  poolModule,
  numberingModule,
  importsModule,
  exportsModule,
  bulkModule,
  notificationsModule,
  searchModule,
  homeModule,
  mailModule,
  timelineModule,
  calendarModule,
  attachmentsModule,
];

/** The app's modules (plus `extra`, e.g. a test's) and the platform's own manifest, assembled. */
export function assembleApp(extra: readonly ModuleManifest[] = []): AssembledModules {
  return assembleModules([...modules, ...extra, platformModule]);
}
