import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Flex, Select, Space, Statistic, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MEMBER_KINDS, MEMBER_STATUS_LABELS, MEMBER_STATUSES, type CampaignMember, type MemberKind, type MemberStatus } from '../../../../contracts/campaigns.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useLabel } from '../../customers/hooks.ts';
import { campaignsKeys, listMembers, removeMember, updateMember, useMemberSummary } from '../campaigns.api.ts';
import { AddMembersModal } from './AddMembersModal.tsx';
import { MEMBER_STATUS_COLORS, MemberStatusTag } from './campaignBits.tsx';

/** The contact or lead behind a member: the test id of its row and its status select. */
const personOf = (m: CampaignMember) => m.leadId ?? m.contactId ?? m.id;

/** 活动成员: counts per response, the members I see with their response (set by hand), adding and removing them. */
export function CampaignMembersCard({ campaignId, canEdit }: { campaignId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [status, setStatus] = useState<MemberStatus | undefined>(undefined);
  const [kind, setKind] = useState<MemberKind | undefined>(undefined);
  const [q, setQ] = useState('');
  const [pageSize, setPageSize] = useState(20);
  const [adding, setAdding] = useState(false);
  const filter = { status, kind, q: q || undefined };
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query = { ...filter, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({ queryKey: campaignsKeys.memberList(campaignId, query), queryFn: ({ signal }) => listMembers(campaignId, query, signal), placeholderData: keepPreviousData });
  const summary = useMemberSummary(campaignId);
  const filtered = !!(status || kind || q);

  const setMemberStatus = useMutation({
    mutationFn: ({ m, to }: { m: CampaignMember; to: MemberStatus }) => updateMember(campaignId, m.id, { status: to }),
    onSuccess: (m) => {
      void client.invalidateQueries({ queryKey: campaignsKeys.members(campaignId) });
      void client.invalidateQueries({ queryKey: campaignsKeys.report(campaignId) });
      void message.success(t('campaigns.members.statusChanged', { name: m.name, status: label(MEMBER_STATUS_LABELS[m.status]) }));
    },
    onError: (err) => handleError(err),
  });
  const remove = useMutation({
    mutationFn: (m: CampaignMember) => removeMember(campaignId, m.id),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: campaignsKeys.members(campaignId) });
      void client.invalidateQueries({ queryKey: campaignsKeys.report(campaignId) });
      void message.success(t('campaigns.members.removed'));
    },
    onError: (err) => handleError(err),
  });

  const columns: TableColumnsType<CampaignMember> = [
    {
      key: 'name',
      title: t('campaigns.members.name'),
      width: 160,
      render: (_v, m) => {
        const to = m.leadId ? `/leads/${m.leadId}` : m.customerId ? `/customers/${m.customerId}?tab=contacts` : null;
        const name = (
          <>
            {m.name}
            {m.title ? <Typography.Text type="secondary"> · {m.title}</Typography.Text> : null}
          </>
        );
        return to ? (
          <Link to={to} data-testid="campaign-member-link">
            {name}
          </Link>
        ) : (
          name
        );
      },
    },
    { key: 'company', title: t('campaigns.members.company'), width: 200, ellipsis: true, render: (_v, m) => m.companyName ?? <span className="kehu-muted">—</span> },
    { key: 'kind', title: t('campaigns.members.kind'), width: 90, render: (_v, m) => <Tag data-testid="campaign-member-kind">{t(`campaigns.members.kinds.${m.kind}`)}</Tag> },
    {
      key: 'status',
      title: t('campaigns.members.status'),
      width: 140,
      render: (_v, m) =>
        canEdit ? (
          <Select<MemberStatus>
            size="small"
            value={m.status}
            onChange={(to) => setMemberStatus.mutate({ m, to })}
            options={MEMBER_STATUSES.map((s) => ({ value: s, label: label(MEMBER_STATUS_LABELS[s]) }))}
            style={{ width: 110 }}
            popupMatchSelectWidth={false}
            data-testid={`campaign-member-status-${personOf(m)}`}
          />
        ) : (
          <MemberStatusTag status={m.status} />
        ),
    },
    { key: 'source', title: t('campaigns.members.source'), width: 100, render: (_v, m) => t(`campaigns.members.sources.${m.source}`) },
    {
      key: 'addedAt',
      title: t('campaigns.members.addedAt'),
      width: 190,
      render: (_v, m) => (
        <>
          <DateTime value={m.addedAt} />
          {m.addedByName ? <Typography.Text type="secondary"> · {m.addedByName}</Typography.Text> : null}
        </>
      ),
    },
    ...(canEdit
      ? [
          {
            key: 'actions',
            width: 90,
            render: (_v: unknown, m: CampaignMember) => (
              <Button
                type="link"
                size="small"
                danger
                icon={<DeleteOutlined />}
                onClick={() =>
                  modal.confirm({
                    title: t('campaigns.members.removeConfirmTitle', { name: m.name }),
                    content: t('campaigns.members.removeConfirmBody'),
                    okText: t('campaigns.members.remove'),
                    okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                    cancelText: t('common.cancel'),
                    onOk: () => remove.mutateAsync(m).catch(() => undefined),
                  })
                }
                data-testid="campaign-member-remove"
              >
                {t('campaigns.members.remove')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const s = summary.data;
  return (
    <Card
      title={t('campaigns.members.title')}
      extra={
        canEdit ? (
          <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="campaign-add-members">
            {t('campaigns.members.add')}
          </Button>
        ) : null
      }
      data-testid="campaign-members"
    >
      <Flex vertical gap={12}>
        <Flex gap={32} wrap align="center" data-testid="campaign-members-summary">
          <Statistic title={t('campaigns.members.total')} value={s?.total ?? 0} loading={summary.isPending} data-testid="campaign-members-total" />
          <Statistic title={t('campaigns.members.kinds.contact')} value={s?.contacts ?? 0} loading={summary.isPending} />
          <Statistic title={t('campaigns.members.kinds.lead')} value={s?.leads ?? 0} loading={summary.isPending} />
          <Space size={[4, 8]} wrap>
            {MEMBER_STATUSES.map((st) => (
              <Tag.CheckableTag
                key={st}
                checked={status === st}
                onChange={(on) => setStatus(on ? st : undefined)}
                data-testid={`campaign-summary-${st}`}
                data-count={s?.byStatus[st] ?? 0}
              >
                <Tag color={MEMBER_STATUS_COLORS[st]} bordered={false} style={{ marginInlineEnd: 4 }}>
                  {label(MEMBER_STATUS_LABELS[st])}
                </Tag>
                {s?.byStatus[st] ?? 0}
              </Tag.CheckableTag>
            ))}
          </Space>
        </Flex>
        <Flex gap={8} wrap>
          <SearchInput value={q} onCommit={setQ} placeholder={t('campaigns.members.search')} style={{ width: 200 }} data-testid="campaign-members-search" />
          <Select<MemberStatus>
            value={status}
            onChange={setStatus}
            allowClear
            placeholder={t('campaigns.members.filterStatus')}
            options={MEMBER_STATUSES.map((st) => ({ value: st, label: label(MEMBER_STATUS_LABELS[st]) }))}
            style={{ width: 130 }}
            data-testid="campaign-members-filter-status"
          />
          <Select<MemberKind>
            value={kind}
            onChange={setKind}
            allowClear
            placeholder={t('campaigns.members.filterKind')}
            options={MEMBER_KINDS.map((k) => ({ value: k, label: t(`campaigns.members.kinds.${k}`) }))}
            style={{ width: 120 }}
            data-testid="campaign-members-filter-kind"
          />
        </Flex>
        <PagedTable<CampaignMember>
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={setPageSize}
          columns={columns}
          size="small"
          scroll={{ x: 1000 }}
          data-testid="campaign-members-table"
          rowTestId={(m) => `campaign-member-row-${personOf(m)}`}
          empty={<EmptyState description={filtered ? t('campaigns.members.emptyFiltered') : t('campaigns.members.empty')} />}
        />
      </Flex>
      {canEdit ? <AddMembersModal campaignId={campaignId} open={adding} onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}
