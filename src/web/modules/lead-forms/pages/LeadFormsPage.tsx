import { Link, useNavigate } from 'react-router';
import { Button, Select, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FORM_STATUS_LABELS, FORM_STATUSES, type FormStatus, type LeadForm } from '../../../../contracts/lead-forms.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { CampaignSelect } from '../../campaigns/components/CampaignSelect.tsx';
import { useLabel, useSourceChannels } from '../../customers/hooks.ts';
import { LeadFormStatusTag } from '../components/leadFormBits.tsx';
import { publicUrl } from '../formBuilder.ts';
import { leadFormsKeys, listLeadForms } from '../leadForms.api.ts';

const FILTER_KEYS = ['status', 'campaignId'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 获客表单: the web-to-lead forms I see, with what they brought in. */
export function LeadFormsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('leadForms.title'));
  const can = useCan();
  const label = useLabel();
  const channels = useSourceChannels();
  const navigate = useNavigate();
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({ status: oneOf(FORM_STATUSES, values.status), campaignId: values.campaignId && UUID.test(values.campaignId) ? values.campaignId : undefined }),
    queryKey: leadFormsKeys.list,
    fetch: listLeadForms,
  });
  const { filter, setFilters } = state;
  const origin = window.location.origin;

  const columns: TableColumnsType<LeadForm> = [
    {
      key: 'name',
      title: t('leadForms.fields.name'),
      width: 220,
      ellipsis: true,
      render: (_v, f) => (
        <Link to={`/lead-forms/${f.id}`} data-testid="lead-form-link">
          <Typography.Text strong style={{ color: 'inherit' }}>
            {f.name}
          </Typography.Text>
        </Link>
      ),
    },
    { key: 'status', title: t('leadForms.fields.status'), width: 100, render: (_v, f) => <LeadFormStatusTag status={f.status} testId="lead-form-row-status" /> },
    {
      key: 'campaign',
      title: t('leadForms.fields.campaign'),
      width: 180,
      ellipsis: true,
      render: (_v, f) =>
        f.campaignId ? (
          can('campaign:read') ? (
            <Link to={`/campaigns/${f.campaignId}`} data-testid="lead-form-row-campaign">
              {f.campaignName ?? '—'}
            </Link>
          ) : (
            <span data-testid="lead-form-row-campaign">{f.campaignName ?? '—'}</span>
          )
        ) : (
          <span className="kehu-muted">—</span>
        ),
    },
    { key: 'channel', title: t('leadForms.fields.channel'), width: 110, render: (_v, f) => channels.nameOf(f.channel) ?? '—' },
    { key: 'submissions', title: t('leadForms.fields.submissions'), width: 90, align: 'right', render: (_v, f) => <span data-testid="lead-form-row-submissions">{f.submissions}</span> },
    { key: 'leadsCreated', title: t('leadForms.fields.leadsCreated'), width: 100, align: 'right', render: (_v, f) => <span data-testid="lead-form-row-leads">{f.leadsCreated}</span> },
    { key: 'lastSubmittedAt', title: t('leadForms.fields.lastSubmittedAt'), width: 150, render: (_v, f) => (f.lastSubmittedAt ? <DateTime value={f.lastSubmittedAt} /> : <span className="kehu-muted">—</span>) },
    {
      key: 'link',
      title: t('leadForms.fields.link'),
      width: 240,
      ellipsis: true,
      render: (_v, f) =>
        f.status === 'published' ? (
          <a href={publicUrl(origin, f.slug)} target="_blank" rel="noopener" data-testid="lead-form-row-link">
            {`/f/${f.slug}`}
          </a>
        ) : (
          <Typography.Text type="secondary" data-testid="lead-form-row-link">{`/f/${f.slug}`}</Typography.Text>
        ),
    },
  ];

  const create = can('lead_form:create') ? () => void navigate('/lead-forms/new') : null;

  return (
    <ListPage<LeadForm>
      state={state}
      testId="lead-forms"
      title={t('leadForms.title')}
      description={t('leadForms.pageHint')}
      actions={
        create ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="lead-forms-create">
            {t('leadForms.create')}
          </Button>
        ) : null
      }
      filters={
        <>
          <Select<FormStatus>
            value={filter.status}
            onChange={(v) => setFilters({ status: v })}
            placeholder={t('leadForms.filterStatus')}
            allowClear
            style={{ width: 120 }}
            options={FORM_STATUSES.map((s) => ({ value: s, label: label(FORM_STATUS_LABELS[s]) }))}
            data-testid="lead-forms-filter-status"
          />
          <CampaignSelect value={filter.campaignId} onChange={(v) => setFilters({ campaignId: v })} includeEnded placeholder={t('leadForms.filterCampaign')} style={{ width: 200 }} data-testid="lead-forms-filter-campaign" />
        </>
      }
      columns={columns}
      table={{ scroll: { x: 1190 }, rowTestId: (f) => `lead-form-row-${f.id}` }}
      empty={{
        description: t('leadForms.empty'),
        filteredDescription: t('leadForms.emptyFiltered'),
        action: create ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={create}>
            {t('leadForms.create')}
          </Button>
        ) : null,
      }}
    />
  );
}
