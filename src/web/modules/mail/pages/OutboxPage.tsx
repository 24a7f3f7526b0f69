import { useState } from 'react';
import { Select, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAIL_STATUSES, type MailStatus, type OutboxMail } from '../../../../contracts/mail.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { MailStatusTag } from '../components/MailStatusTag.tsx';
import { OutboxMailDrawer } from '../components/OutboxMailDrawer.tsx';
import { listOutbox, mailKeys } from '../mail.api.ts';

const FILTER_KEYS = ['status'] as const;

/** 发件箱: every mail Kehu wrote, newest first, with its state; a row opens the mail's text. */
export function OutboxPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.outbox'));
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({ status: oneOf(MAIL_STATUSES, values.status) }),
    // 50 a page, as the outbox has always shown (the other lists show 20).
    defaultSize: 50,
    queryKey: mailKeys.list,
    fetch: listOutbox,
  });
  const [openId, setOpenId] = useState<string | null>(null);

  const columns: TableColumnsType<OutboxMail> = [
    { key: 'createdAt', title: t('outbox.columns.createdAt'), width: 170, render: (_v, m) => <DateTime value={m.createdAt} /> },
    { key: 'to', title: t('outbox.columns.to'), width: 220, ellipsis: true, render: (_v, m) => m.to },
    {
      key: 'subject',
      title: t('outbox.columns.subject'),
      ellipsis: true,
      render: (_v, m) => (
        <Typography.Link
          onClick={(ev) => {
            ev.stopPropagation();
            setOpenId(m.id);
          }}
          data-testid="outbox-open"
        >
          {m.subject}
        </Typography.Link>
      ),
    },
    { key: 'status', title: t('outbox.columns.status'), width: 110, render: (_v, m) => <MailStatusTag status={m.status} /> },
    { key: 'sentAt', title: t('outbox.columns.sentAt'), width: 170, render: (_v, m) => <DateTime value={m.sentAt} /> },
    {
      key: 'error',
      title: t('outbox.columns.error'),
      width: 240,
      ellipsis: { showTitle: false },
      render: (_v, m) =>
        m.lastError ? (
          <Tooltip title={`${m.lastError} · ${t('outbox.attempts', { n: m.attempts })}`}>
            <Typography.Text type="danger">{m.lastError}</Typography.Text>
          </Tooltip>
        ) : (
          <span className="kehu-muted">—</span>
        ),
    },
  ];

  return (
    <ListPage<OutboxMail>
      state={state}
      testId="outbox"
      title={t('nav.outbox')}
      description={t('outbox.pageHint')}
      filters={
        <Select<MailStatus>
          value={state.filter.status}
          onChange={(v) => state.setFilters({ status: v })}
          placeholder={t('outbox.filterStatus')}
          allowClear
          style={{ width: 160 }}
          options={MAIL_STATUSES.map((s) => ({ value: s, label: t(`outbox.statuses.${s}`) }))}
          data-testid="outbox-filter-status"
        />
      }
      columns={columns}
      table={{ size: 'middle', scroll: { x: 1100 }, rowTestId: (m) => `outbox-row-${m.id}` }}
      empty={{ description: t('outbox.empty'), filteredDescription: t('outbox.emptyFiltered') }}
    >
      <OutboxMailDrawer id={openId} onClose={() => setOpenId(null)} />
    </ListPage>
  );
}
