import { Link } from 'react-router';
import { Button, Card, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FormSubmission } from '../../../../contracts/lead-forms.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { useSubmissions } from '../leadForms.api.ts';
import { OutcomeTag, RejectReason } from './leadFormBits.tsx';

const LIMIT = 50;

/** 提交记录: the latest submissions of a form, what came of each and the lead. */
export function SubmissionsCard({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const query = useSubmissions(formId, LIMIT);
  const columns: TableColumnsType<FormSubmission> = [
    { key: 'at', title: t('leadForms.submissions.at'), width: 170, render: (_v, s) => <DateTime value={s.at} /> },
    { key: 'outcome', title: t('leadForms.submissions.outcome'), width: 100, render: (_v, s) => <OutcomeTag outcome={s.outcome} /> },
    { key: 'reason', title: t('leadForms.submissions.reason'), width: 140, render: (_v, s) => <RejectReason submission={s} /> },
    { key: 'contact', title: t('leadForms.submissions.contact'), width: 140, ellipsis: true, render: (_v, s) => s.contactName ?? <span className="kehu-muted">—</span> },
    {
      key: 'lead',
      title: t('leadForms.submissions.lead'),
      width: 160,
      render: (_v, s) =>
        s.leadId && s.leadNumber ? (
          can('lead:read') ? (
            <Link to={`/leads/${s.leadId}`} data-testid="lead-form-submission-lead">
              {s.leadNumber}
            </Link>
          ) : (
            <span data-testid="lead-form-submission-lead">{s.leadNumber}</span>
          )
        ) : (
          <span className="kehu-muted">—</span>
        ),
    },
  ];
  return (
    <Card
      title={t('leadForms.submissions.title', { count: LIMIT })}
      data-testid="lead-form-submissions"
      extra={
        <Button size="small" icon={<ReloadOutlined />} loading={query.isFetching} onClick={() => void query.refetch()} data-testid="lead-form-submissions-refresh">
          {t('leadForms.submissions.refresh')}
        </Button>
      }
    >
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<FormSubmission>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={query.data?.items ?? []}
          loading={query.isPending}
          pagination={false}
          scroll={{ x: 710 }}
          locale={{ emptyText: t('leadForms.submissions.empty') }}
          onRow={(s) => ({ 'data-testid': `lead-form-submission-${s.id}` }) as React.HTMLAttributes<HTMLElement>}
          data-testid="lead-form-submissions-table"
        />
      )}
    </Card>
  );
}
