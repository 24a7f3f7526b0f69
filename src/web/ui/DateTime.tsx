import { Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime.js';
import { useTranslation } from 'react-i18next';

dayjs.extend(relativeTime);

export function formatDateTime(value: string | null | undefined, withSeconds = false): string {
  if (!value) return '';
  return dayjs(value).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

/** A timestamp as local date and time, with "3 hours ago" on hover; "—" (or `empty`) when absent. */
export function DateTime({ value, empty, withSeconds }: { value: string | null | undefined; empty?: string; withSeconds?: boolean }) {
  const { i18n } = useTranslation();
  if (!value) return <Typography.Text type="secondary">{empty ?? '—'}</Typography.Text>;
  const d = dayjs(value).locale(i18n.language === 'en' ? 'en' : 'zh-cn');
  return (
    <Tooltip title={d.fromNow()}>
      <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(value, withSeconds)}</span>
    </Tooltip>
  );
}
