import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { attachmentRoutes } from './attachments/attachments.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { calendarRoutes } from './calendar/calendar.routes.ts';
import { catalogRoutes } from './catalog/catalog.routes.ts';
import { contactRoutes } from './contacts/contacts.routes.ts';
import { customerRoutes } from './customers/customers.routes.ts';
import { exportRoutes } from './exports/exports.routes.ts';
import { feedbackRoutes } from './feedback/feedback.routes.ts';
import { followUpRoutes } from './followups/followups.routes.ts';
import { importRoutes } from './imports/imports.routes.ts';
import { leadRoutes } from './leads/leads.routes.ts';
import { mailRoutes } from './mail/mail.routes.ts';
import { notificationRoutes } from './notifications/notifications.routes.ts';
import { numberingRoutes } from './numbering/numbering.routes.ts';
import { poolRoutes } from './pool/pool.routes.ts';
import { productRoutes } from './products/products.routes.ts';
import { quoteRoutes } from './quotes/quotes.routes.ts';
import { departmentRoutes } from './departments/departments.routes.ts';
import { roleRoutes } from './roles/roles.routes.ts';
import { taskRoutes } from './tasks/tasks.routes.ts';
import { timelineRoutes } from './timeline/timeline.routes.ts';
import { userRoutes } from './users/users.routes.ts';
import { viewRoutes } from './views/views.routes.ts';

/** The one list of modules whose routes are mounted under /api/v1. */
export const apiModules: ((deps: Deps) => FastifyPluginAsyncZod)[] = [authRoutes, userRoutes, departmentRoutes, roleRoutes, auditRoutes, viewRoutes, catalogRoutes, customerRoutes, contactRoutes, leadRoutes, poolRoutes, numberingRoutes, importRoutes, exportRoutes, notificationRoutes, mailRoutes, followUpRoutes, taskRoutes, timelineRoutes, feedbackRoutes, calendarRoutes, attachmentRoutes, productRoutes, quoteRoutes];
