import { Button, Flex, Select, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ListTotal } from './cursorPages.ts';

export const PAGE_SIZES = [20, 50, 100] as const;

type Props = {
  page: number;
  pageSize: number;
  shown: number;
  hasPrev: boolean;
  hasNext: boolean;
  loading?: boolean;
  onPrev: () => void;
  onNext: () => void;
  onPageSizeChange: (size: number) => void;
  /** The list's total (共 N 条, or 约 N 条 for the server's estimate), when the server gave one. */
  total?: ListTotal | null;
};

/**
 * Previous/next paging for keyset-paginated lists, with the list's total: there are no page
 * numbers to jump to, since a keyset page is found from the one before it.
 */
export function CursorPager({ page, pageSize, shown, hasPrev, hasNext, loading, onPrev, onNext, onPageSizeChange, total }: Props) {
  const { t, i18n } = useTranslation();
  const first = (page - 1) * pageSize + (shown > 0 ? 1 : 0);
  const last = (page - 1) * pageSize + shown;
  return (
    <Flex justify="flex-end" align="center" gap={12} wrap className="kehu-pager" data-testid="pager">
      {total ? (
        <Typography.Text data-testid="pager-total" data-estimate={total.isEstimate ? 'true' : undefined}>
          {t(total.isEstimate ? 'pager.totalEstimate' : 'pager.total', { total: total.total.toLocaleString(i18n.language) })}
        </Typography.Text>
      ) : null}
      <Typography.Text type="secondary" data-testid="pager-range">
        {shown > 0 ? t('pager.range', { first, last }) : t('pager.none')}
      </Typography.Text>
      <Select
        size="small"
        value={pageSize}
        onChange={onPageSizeChange}
        options={PAGE_SIZES.map((n) => ({ value: n, label: t('pager.perPage', { count: n }) }))}
        style={{ width: 110 }}
        data-testid="pager-size"
      />
      <Button size="small" icon={<LeftOutlined />} disabled={!hasPrev || loading} onClick={onPrev} data-testid="pager-prev">
        {t('pager.prev')}
      </Button>
      <Typography.Text data-testid="pager-page">{t('pager.page', { page })}</Typography.Text>
      <Button size="small" disabled={!hasNext || loading} onClick={onNext} data-testid="pager-next">
        {t('pager.next')}
        <RightOutlined />
      </Button>
    </Flex>
  );
}
