import type { ReactNode } from 'react';
import { Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { withTestId } from '../../../ui/testId.ts';

type Props = {
  open: boolean;
  /** Names the action and how many records it touches ("转移 12 位客户的负责人"). */
  title: string;
  okText: string;
  okDisabled?: boolean;
  busy: boolean;
  danger?: boolean;
  onOk: () => void;
  onCancel: () => void;
  /** What the action needs (an owner, a tag, a stage), if anything. */
  children?: ReactNode;
};

/** The confirmation of a bulk action: the count in the title, the action's field, and what happens to records it cannot change. */
export function BulkDialog({ open, title, okText, okDisabled, busy, danger, onOk, onCancel, children }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      onOk={onOk}
      onCancel={onCancel}
      destroyOnHidden
      okButtonProps={withTestId({ disabled: okDisabled ?? false, loading: busy, danger: danger ?? false }, 'bulk-dialog-ok')}
      cancelButtonProps={withTestId({}, 'bulk-dialog-cancel')}
    >
      <Flex vertical gap={12} data-testid="bulk-dialog">
        {children}
        <Typography.Text type="secondary">{t('bulk.skipHint')}</Typography.Text>
      </Flex>
    </Modal>
  );
}
