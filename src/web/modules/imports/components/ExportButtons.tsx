import { useState } from 'react';
import { App, Button, Dropdown } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadExport } from '../imports.api.ts';

type Props = {
  path: '/customers/export' | '/contacts/export' | '/leads/export';
  /** The list's filters and sort, as its own query sends them (limit and cursor are ignored). */
  query: object;
  testId: string;
};

/** "Export" with xlsx and CSV, for the rows the list's filters select, in the UI's language. */
export function ExportButtons({ path, query, testId }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      const { limit: _limit, cursor: _cursor, ...filters } = query as Record<string, unknown>;
      await downloadExport(path, format, filters);
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
        ],
        onClick: ({ key }) => void run(key === 'csv' ? 'csv' : 'xlsx'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} data-testid={testId}>
        {t('exports.button')}
      </Button>
    </Dropdown>
  );
}
