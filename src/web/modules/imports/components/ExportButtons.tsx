import { useState } from 'react';
import { App, Button, Dropdown } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadExport } from '../imports.api.ts';

type ExportPath = '/customers/export' | '/contacts/export' | '/leads/export';

type Props = {
  path: ExportPath;
  /** The list's filters and sort, as its own query sends them (limit and cursor are ignored). */
  query: object;
  testId: string;
  /** Further exports of the same filters, e.g. the contacts of the listed customers. */
  also?: { path: ExportPath; label: string; key: string }[];
};

/** "Export" with xlsx and CSV, for the rows the list's filters select, in the UI's language. */
export function ExportButtons({ path, query, testId, also = [] }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (target: ExportPath, format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      const { limit: _limit, cursor: _cursor, ...filters } = query as Record<string, unknown>;
      await downloadExport(target, format, filters);
    } catch (err) {
      void message.error(err instanceof Error && err.message ? err.message : t('exports.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'xlsx', label: <span data-testid={`${testId}-xlsx`}>{t('exports.xlsx')}</span> },
          { key: 'csv', label: <span data-testid={`${testId}-csv`}>{t('exports.csv')}</span> },
          ...also.flatMap((a) => [
            { type: 'divider' as const },
            { key: `${a.key}:xlsx`, label: <span data-testid={`${testId}-${a.key}-xlsx`}>{`${a.label} · ${t('exports.xlsx')}`}</span> },
            { key: `${a.key}:csv`, label: <span data-testid={`${testId}-${a.key}-csv`}>{`${a.label} · ${t('exports.csv')}`}</span> },
          ]),
        ],
        onClick: ({ key }) => {
          const [which, format] = key.includes(':') ? (key.split(':') as [string, string]) : [null, key];
          const target = also.find((a) => a.key === which)?.path ?? path;
          void run(target, format === 'csv' ? 'csv' : 'xlsx');
        },
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} data-testid={testId}>
        {t('exports.button')}
      </Button>
    </Dropdown>
  );
}
