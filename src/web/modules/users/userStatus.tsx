import { Space, Tag, Tooltip } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../contracts/users.ts';

/** Status, lock and pending-password tags for a user row. */
export function UserStatusTags({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={user.status === 'active' ? 'success' : 'default'} data-testid="user-status">
        {t(`users.status.${user.status}`)}
      </Tag>
      {user.locked ? (
        <Tooltip title={t('users.lockedHint')}>
          <Tag color="error" icon={<LockOutlined />} data-testid="user-locked">
            {t('users.locked')}
          </Tag>
        </Tooltip>
      ) : null}
      {user.mustChangePassword ? (
        <Tooltip title={t('users.pendingPasswordHint')}>
          <Tag color="warning">{t('users.pendingPassword')}</Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}
