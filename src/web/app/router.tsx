import { createBrowserRouter, useNavigate, useRouteError } from 'react-router';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadingState } from '../ui/StateViews.tsx';
import { AppLayout } from './AppLayout.tsx';
import { RedirectIfSignedIn, RequirePasswordChange, RequirePermission, RequireSession } from './guards.tsx';

function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  console.error(error);
  return (
    <Result
      status="500"
      title={t('errors.pageCrashed')}
      subTitle={t('errors.pageCrashedHint')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reloadPage')}
        </Button>
      }
    />
  );
}

function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('errors.pageNotFound')}
      subTitle={t('errors.pageNotFoundHint')}
      data-testid="not-found"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <LoadingState height={400} />,
    children: [
      {
        element: <RedirectIfSignedIn />,
        children: [
          {
            path: '/login',
            lazy: () => import('../modules/auth/pages/LoginPage.tsx').then((m) => ({ Component: m.LoginPage })),
          },
        ],
      },
      {
        element: <RequirePasswordChange />,
        children: [
          {
            path: '/change-password',
            lazy: () =>
              import('../modules/auth/pages/ForcedPasswordChangePage.tsx').then((m) => ({
                Component: m.ForcedPasswordChangePage,
              })),
          },
        ],
      },
      {
        element: <RequireSession />,
        children: [
          {
            element: <AppLayout />,
            children: [
              {
                path: '/',
                lazy: () => import('../modules/home/pages/HomePage.tsx').then((m) => ({ Component: m.HomePage })),
              },
              {
                path: '/profile',
                lazy: () => import('../modules/profile/pages/ProfilePage.tsx').then((m) => ({ Component: m.ProfilePage })),
              },
              {
                path: '/account/password',
                lazy: () =>
                  import('../modules/auth/pages/ChangePasswordPage.tsx').then((m) => ({ Component: m.ChangePasswordPage })),
              },
              {
                element: <RequirePermission permission="customer:read" />,
                children: [
                  {
                    path: '/customers',
                    lazy: () =>
                      import('../modules/customers/pages/CustomersPage.tsx').then((m) => ({ Component: m.CustomersPage })),
                  },
                  {
                    path: '/customers/import',
                    lazy: () => import('../modules/imports/pages/ImportPage.tsx').then((m) => ({ Component: m.ImportPage })),
                  },
                  {
                    path: '/customers/merge',
                    lazy: () =>
                      import('../modules/customers/pages/CustomerMergePage.tsx').then((m) => ({
                        Component: m.CustomerMergePage,
                      })),
                  },
                  {
                    path: '/customers/:id',
                    lazy: () =>
                      import('../modules/customers/pages/CustomerDetailPage.tsx').then((m) => ({
                        Component: m.CustomerDetailPage,
                      })),
                  },
                  {
                    path: '/pool',
                    lazy: () => import('../modules/pool/pages/PoolPage.tsx').then((m) => ({ Component: m.PoolPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="lead:assign" />,
                children: [
                  {
                    path: '/leads/assignment-rules',
                    lazy: () => import('../modules/leads/pages/AssignmentRulesPage.tsx').then((m) => ({ Component: m.AssignmentRulesPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="lead:read" />,
                children: [
                  {
                    path: '/leads',
                    lazy: () => import('../modules/leads/pages/LeadsPage.tsx').then((m) => ({ Component: m.LeadsPage })),
                  },
                  {
                    path: '/leads/:id',
                    lazy: () => import('../modules/leads/pages/LeadDetailPage.tsx').then((m) => ({ Component: m.LeadDetailPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="task:read" />,
                children: [
                  {
                    path: '/tasks',
                    lazy: () => import('../modules/tasks/pages/TasksPage.tsx').then((m) => ({ Component: m.TasksPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="feedback:read" />,
                children: [
                  {
                    path: '/feedback',
                    lazy: () => import('../modules/feedback/pages/FeedbackPage.tsx').then((m) => ({ Component: m.FeedbackPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="contract:read" />,
                children: [
                  {
                    path: '/contracts',
                    lazy: () => import('../modules/sales-contracts/pages/ContractsPage.tsx').then((m) => ({ Component: m.ContractsPage })),
                  },
                  {
                    path: '/contracts/:id',
                    lazy: () => import('../modules/sales-contracts/pages/ContractDetailPage.tsx').then((m) => ({ Component: m.ContractDetailPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="campaign:read" />,
                children: [
                  {
                    path: '/campaigns',
                    lazy: () => import('../modules/campaigns/pages/CampaignsPage.tsx').then((m) => ({ Component: m.CampaignsPage })),
                  },
                  {
                    path: '/campaigns/compare',
                    lazy: () => import('../modules/campaigns/pages/CampaignComparePage.tsx').then((m) => ({ Component: m.CampaignComparePage })),
                  },
                  {
                    path: '/campaigns/:id',
                    lazy: () => import('../modules/campaigns/pages/CampaignDetailPage.tsx').then((m) => ({ Component: m.CampaignDetailPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="mailing:read" />,
                children: [
                  {
                    path: '/mailings/:id',
                    lazy: () => import('../modules/mailings/pages/MailingDetailPage.tsx').then((m) => ({ Component: m.MailingDetailPage })),
                  },
                  {
                    path: '/sms-sends/:id',
                    lazy: () => import('../modules/sms/pages/SmsSendDetailPage.tsx').then((m) => ({ Component: m.SmsSendDetailPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="suppression:read" />,
                children: [
                  {
                    path: '/suppressions',
                    lazy: () => import('../modules/mailings/pages/SuppressionsPage.tsx').then((m) => ({ Component: m.SuppressionsPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="segment:read" />,
                children: [
                  {
                    path: '/segments',
                    lazy: () => import('../modules/segments/pages/SegmentsPage.tsx').then((m) => ({ Component: m.SegmentsPage })),
                  },
                  {
                    path: '/segments/new',
                    lazy: () => import('../modules/segments/pages/SegmentEditorPage.tsx').then((m) => ({ Component: m.SegmentEditorPage })),
                  },
                  {
                    path: '/segments/:id',
                    lazy: () => import('../modules/segments/pages/SegmentEditorPage.tsx').then((m) => ({ Component: m.SegmentEditorPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="lead_form:read" />,
                children: [
                  {
                    path: '/lead-forms',
                    lazy: () => import('../modules/lead-forms/pages/LeadFormsPage.tsx').then((m) => ({ Component: m.LeadFormsPage })),
                  },
                  {
                    path: '/lead-forms/new',
                    lazy: () => import('../modules/lead-forms/pages/LeadFormEditorPage.tsx').then((m) => ({ Component: m.LeadFormEditorPage })),
                  },
                  {
                    path: '/lead-forms/:id',
                    lazy: () => import('../modules/lead-forms/pages/LeadFormEditorPage.tsx').then((m) => ({ Component: m.LeadFormEditorPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="customer:read" />,
                children: [
                  {
                    path: '/customer-value',
                    lazy: () => import('../modules/customer-value/pages/CustomerValuePage.tsx').then((m) => ({ Component: m.CustomerValuePage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="opportunity:read" />,
                children: [
                  {
                    path: '/opportunities',
                    lazy: () => import('../modules/opportunities/pages/OpportunitiesPage.tsx').then((m) => ({ Component: m.OpportunitiesPage })),
                  },
                  {
                    path: '/opportunities/funnel',
                    lazy: () => import('../modules/opportunities/pages/FunnelPage.tsx').then((m) => ({ Component: m.FunnelPage })),
                  },
                  {
                    path: '/opportunities/forecast',
                    lazy: () => import('../modules/opportunities/pages/ForecastPage.tsx').then((m) => ({ Component: m.ForecastPage })),
                  },
                  {
                    path: '/opportunities/:id',
                    lazy: () => import('../modules/opportunities/pages/OpportunityDetailPage.tsx').then((m) => ({ Component: m.OpportunityDetailPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="order:read" />,
                children: [
                  {
                    path: '/orders',
                    lazy: () => import('../modules/orders/pages/OrdersPage.tsx').then((m) => ({ Component: m.OrdersPage })),
                  },
                  {
                    path: '/orders/:id',
                    lazy: () => import('../modules/orders/pages/OrderDetailPage.tsx').then((m) => ({ Component: m.OrderDetailPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="quote:read" />,
                children: [
                  {
                    path: '/quotes',
                    lazy: () => import('../modules/quotes/pages/QuotesPage.tsx').then((m) => ({ Component: m.QuotesPage })),
                  },
                  {
                    path: '/quotes/:id',
                    lazy: () => import('../modules/quotes/pages/QuoteDetailPage.tsx').then((m) => ({ Component: m.QuoteDetailPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="product:read" />,
                children: [
                  {
                    path: '/products',
                    lazy: () => import('../modules/products/pages/ProductsPage.tsx').then((m) => ({ Component: m.ProductsPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="user:read" />,
                children: [
                  {
                    path: '/admin/users',
                    lazy: () => import('../modules/users/pages/UsersPage.tsx').then((m) => ({ Component: m.UsersPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="department:update" />,
                children: [
                  {
                    path: '/admin/departments',
                    lazy: () =>
                      import('../modules/departments/pages/DepartmentsPage.tsx').then((m) => ({
                        Component: m.DepartmentsPage,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="role:read" />,
                children: [
                  {
                    path: '/admin/roles',
                    lazy: () => import('../modules/roles/pages/RolesPage.tsx').then((m) => ({ Component: m.RolesPage })),
                  },
                  {
                    path: '/admin/roles/new',
                    lazy: () =>
                      import('../modules/roles/pages/RoleEditorPage.tsx').then((m) => ({ Component: m.RoleEditorPage })),
                  },
                  {
                    path: '/admin/roles/:id',
                    lazy: () =>
                      import('../modules/roles/pages/RoleEditorPage.tsx').then((m) => ({ Component: m.RoleEditorPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="setting:update" />,
                children: [
                  {
                    path: '/admin/customer-settings',
                    lazy: () =>
                      import('../modules/settings/pages/CustomerSettingsPage.tsx').then((m) => ({
                        Component: m.CustomerSettingsPage,
                      })),
                  },
                  {
                    path: '/admin/sales-settings',
                    lazy: () =>
                      import('../modules/settings/pages/SalesSettingsPage.tsx').then((m) => ({ Component: m.SalesSettingsPage })),
                  },
                  {
                    path: '/admin/company',
                    lazy: () =>
                      import('../modules/settings/pages/CompanyProfilePage.tsx').then((m) => ({ Component: m.CompanyProfilePage })),
                  },
                  {
                    path: '/admin/outbox',
                    lazy: () => import('../modules/mail/pages/OutboxPage.tsx').then((m) => ({ Component: m.OutboxPage })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="audit:read" />,
                children: [
                  {
                    path: '/admin/audit-log',
                    lazy: () => import('../modules/audit/pages/AuditLogPage.tsx').then((m) => ({ Component: m.AuditLogPage })),
                  },
                ],
              },
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
]);
