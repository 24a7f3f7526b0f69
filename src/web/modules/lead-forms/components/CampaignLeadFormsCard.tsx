import { Link, useNavigate } from 'react-router';
import { Button, Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LeadForm } from '../../../../contracts/lead-forms.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { useCampaignLeadForms } from '../leadForms.api.ts';
import { LeadFormStatusTag } from './leadFormBits.tsx';

/** 获客表单 on a campaign's page: the forms that bring it leads, and 新建表单 preset with the campaign. */
export function CampaignLeadFormsCard({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const query = useCampaignLeadForms(campaignId);
  const columns: TableColumnsType<LeadForm> = [
    {
      key: 'name',
      title: t('leadForms.fields.name'),
      ellipsis: true,
      render: (_v, f) => (
        <Link to={`/lead-forms/${f.id}`} data-testid="campaign-lead-form-link">
          <Typography.Text strong style={{ color: 'inherit' }}>
            {f.name}
          </Typography.Text>
        </Link>
      ),
    },
    { key: 'status', title: t('leadForms.fields.status'), width: 100, render: (_v, f) => <LeadFormStatusTag status={f.status} testId="campaign-lead-form-status" /> },
    { key: 'submissions', title: t('leadForms.fields.submissions'), width: 90, align: 'right', render: (_v, f) => f.submissions },
    { key: 'leadsCreated', title: t('leadForms.fields.leadsCreated'), width: 100, align: 'right', render: (_v, f) => <span data-testid="campaign-lead-form-leads">{f.leadsCreated}</span> },
    { key: 'lastSubmittedAt', title: t('leadForms.fields.lastSubmittedAt'), width: 150, render: (_v, f) => (f.lastSubmittedAt ? <DateTime value={f.lastSubmittedAt} /> : <span className="kehu-muted">—</span>) },
  ];
  return (
    <Card
      title={t('leadForms.title')}
      data-testid="campaign-lead-forms"
      extra={
        can('lead_form:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(`/lead-forms/new?campaignId=${encodeURIComponent(campaignId)}`)} data-testid="campaign-lead-forms-create">
            {t('leadForms.create')}
          </Button>
        ) : null
      }
    >
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<LeadForm>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={query.data?.items ?? []}
          loading={query.isPending}
          pagination={false}
          scroll={{ x: 640 }}
          locale={{ emptyText: t('leadForms.campaignEmpty') }}
          data-testid="campaign-lead-forms-table"
        />
      )}
    </Card>
  );
}
