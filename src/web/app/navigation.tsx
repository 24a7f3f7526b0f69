import type { ReactNode } from 'react';
import { ApartmentOutlined, AppstoreOutlined, ClusterOutlined, CrownOutlined, AuditOutlined, BankOutlined, ContactsOutlined, ControlOutlined, FileDoneOutlined, FileTextOutlined, FormOutlined, FundOutlined, FunnelPlotOutlined, GlobalOutlined, HomeOutlined, MailOutlined, SafetyCertificateOutlined, ScheduleOutlined, ShoppingCartOutlined, StopOutlined, SlidersOutlined, SolutionOutlined, SoundOutlined, TeamOutlined } from '@ant-design/icons';
import type { Permission } from '../../contracts/access.ts';

export type NavEntry = {
  key: string;
  path: string;
  icon: ReactNode;
  /** i18n key of the menu label */
  label: 'nav.home' | 'nav.customers' | 'nav.leads' | 'nav.pool' | 'nav.tasks' | 'nav.feedback' | 'nav.opportunities' | 'nav.quotes' | 'nav.orders' | 'nav.contracts' | 'nav.products' | 'nav.campaigns' | 'nav.segments' | 'nav.leadForms' | 'nav.suppressions' | 'nav.customerValue' | 'nav.users' | 'nav.departments' | 'nav.roles' | 'nav.auditLog' | 'nav.customerSettings' | 'nav.salesSettings' | 'nav.companyProfile' | 'nav.outbox';
  /** i18n key of the one-line description on the home page */
  description?: 'home.links.customers' | 'home.links.leads' | 'home.links.pool' | 'home.links.tasks' | 'home.links.feedback' | 'home.links.opportunities' | 'home.links.quotes' | 'home.links.orders' | 'home.links.contracts' | 'home.links.products' | 'home.links.campaigns' | 'home.links.segments' | 'home.links.leadForms' | 'home.links.suppressions' | 'home.links.customerValue' | 'home.links.users' | 'home.links.departments' | 'home.links.roles' | 'home.links.auditLog' | 'home.links.customerSettings' | 'home.links.salesSettings' | 'home.links.companyProfile' | 'home.links.outbox';
  permission?: Permission;
  testId: string;
  /** A count shown beside the label (the menu renders it). */
  badge?: 'overdueTasks';
};

export const HOME_ENTRY: NavEntry = { key: 'home', path: '/', icon: <HomeOutlined />, label: 'nav.home', testId: 'nav-home' };

/** The business pages (customer management), in menu order, above administration. */
export const BUSINESS_ENTRIES: NavEntry[] = [
  {
    key: 'customers',
    path: '/customers',
    icon: <ContactsOutlined />,
    label: 'nav.customers',
    description: 'home.links.customers',
    permission: 'customer:read',
    testId: 'nav-customers',
  },
  {
    key: 'leads',
    path: '/leads',
    icon: <FunnelPlotOutlined />,
    label: 'nav.leads',
    description: 'home.links.leads',
    permission: 'lead:read',
    testId: 'nav-leads',
  },
  {
    key: 'pool',
    path: '/pool',
    icon: <GlobalOutlined />,
    label: 'nav.pool',
    description: 'home.links.pool',
    permission: 'customer:read',
    testId: 'nav-pool',
  },
  {
    key: 'tasks',
    path: '/tasks',
    icon: <ScheduleOutlined />,
    label: 'nav.tasks',
    description: 'home.links.tasks',
    permission: 'task:read',
    testId: 'nav-tasks',
    badge: 'overdueTasks',
  },
  {
    key: 'feedback',
    path: '/feedback',
    icon: <SolutionOutlined />,
    label: 'nav.feedback',
    description: 'home.links.feedback',
    permission: 'feedback:read',
    testId: 'nav-feedback',
  },
  {
    key: 'opportunities',
    path: '/opportunities',
    icon: <FundOutlined />,
    label: 'nav.opportunities',
    description: 'home.links.opportunities',
    permission: 'opportunity:read',
    testId: 'nav-opportunities',
  },
  {
    key: 'quotes',
    path: '/quotes',
    icon: <FileTextOutlined />,
    label: 'nav.quotes',
    description: 'home.links.quotes',
    permission: 'quote:read',
    testId: 'nav-quotes',
  },
  {
    key: 'orders',
    path: '/orders',
    icon: <ShoppingCartOutlined />,
    label: 'nav.orders',
    description: 'home.links.orders',
    permission: 'order:read',
    testId: 'nav-orders',
  },
  {
    key: 'contracts',
    path: '/contracts',
    icon: <FileDoneOutlined />,
    label: 'nav.contracts',
    description: 'home.links.contracts',
    permission: 'contract:read',
    testId: 'nav-contracts',
  },
  {
    key: 'products',
    path: '/products',
    icon: <AppstoreOutlined />,
    label: 'nav.products',
    description: 'home.links.products',
    permission: 'product:read',
    testId: 'nav-products',
  },
];

export function visibleBusinessEntries(permissions: readonly string[]): NavEntry[] {
  return BUSINESS_ENTRIES.filter((e) => !e.permission || permissions.includes(e.permission));
}

/** The marketing pages (营销), in menu order, between the business pages and administration. */
export const MARKETING_ENTRIES: NavEntry[] = [
  {
    key: 'campaigns',
    path: '/campaigns',
    icon: <SoundOutlined />,
    label: 'nav.campaigns',
    description: 'home.links.campaigns',
    permission: 'campaign:read',
    testId: 'nav-campaigns',
  },
  {
    key: 'segments',
    path: '/segments',
    icon: <ClusterOutlined />,
    label: 'nav.segments',
    description: 'home.links.segments',
    permission: 'segment:read',
    testId: 'nav-segments',
  },
  {
    key: 'leadForms',
    path: '/lead-forms',
    icon: <FormOutlined />,
    label: 'nav.leadForms',
    description: 'home.links.leadForms',
    permission: 'lead_form:read',
    testId: 'nav-lead-forms',
  },
  {
    key: 'suppressions',
    path: '/suppressions',
    icon: <StopOutlined />,
    label: 'nav.suppressions',
    description: 'home.links.suppressions',
    permission: 'suppression:read',
    testId: 'nav-suppressions',
  },
  {
    key: 'customerValue',
    path: '/customer-value',
    icon: <CrownOutlined />,
    label: 'nav.customerValue',
    description: 'home.links.customerValue',
    permission: 'customer:read',
    testId: 'nav-customer-value',
  },
];

export function visibleMarketingEntries(permissions: readonly string[]): NavEntry[] {
  return MARKETING_ENTRIES.filter((e) => !e.permission || permissions.includes(e.permission));
}

/** The administration pages, in menu order. The router guards each with the same permission. */
export const ADMIN_ENTRIES: NavEntry[] = [
  {
    key: 'users',
    path: '/admin/users',
    icon: <TeamOutlined />,
    label: 'nav.users',
    description: 'home.links.users',
    permission: 'user:read',
    testId: 'nav-users',
  },
  {
    key: 'departments',
    path: '/admin/departments',
    icon: <ApartmentOutlined />,
    label: 'nav.departments',
    description: 'home.links.departments',
    // Every role reads departments (pickers, filters); the page is for those who maintain them.
    permission: 'department:update',
    testId: 'nav-departments',
  },
  {
    key: 'roles',
    path: '/admin/roles',
    icon: <SafetyCertificateOutlined />,
    label: 'nav.roles',
    description: 'home.links.roles',
    permission: 'role:read',
    testId: 'nav-roles',
  },
  {
    key: 'customerSettings',
    path: '/admin/customer-settings',
    icon: <ControlOutlined />,
    label: 'nav.customerSettings',
    description: 'home.links.customerSettings',
    permission: 'setting:update',
    testId: 'nav-customer-settings',
  },
  {
    key: 'salesSettings',
    path: '/admin/sales-settings',
    icon: <SlidersOutlined />,
    label: 'nav.salesSettings',
    description: 'home.links.salesSettings',
    permission: 'setting:update',
    testId: 'nav-sales-settings',
  },
  {
    key: 'companyProfile',
    path: '/admin/company',
    icon: <BankOutlined />,
    label: 'nav.companyProfile',
    description: 'home.links.companyProfile',
    permission: 'setting:update',
    testId: 'nav-company-profile',
  },
  {
    key: 'auditLog',
    path: '/admin/audit-log',
    icon: <AuditOutlined />,
    label: 'nav.auditLog',
    description: 'home.links.auditLog',
    permission: 'audit:read',
    testId: 'nav-audit-log',
  },
  {
    key: 'outbox',
    path: '/admin/outbox',
    icon: <MailOutlined />,
    label: 'nav.outbox',
    description: 'home.links.outbox',
    permission: 'setting:update',
    testId: 'nav-outbox',
  },
];

export function visibleAdminEntries(permissions: readonly string[]): NavEntry[] {
  return ADMIN_ENTRIES.filter((e) => !e.permission || permissions.includes(e.permission));
}
