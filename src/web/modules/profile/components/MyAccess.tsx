import { Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../app/session.tsx';
import { usePermissionCatalogue } from '../../roles/hooks.ts';

/** What the signed-in user's role allows: data scope, sensitive fields, and actions per feature. */
export function MyAccess() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const catalogue = usePermissionCatalogue();
  const granted = new Set(user.permissions);
  const rows = (catalogue.data?.resources ?? [])
    .map((resource) => ({
      resource,
      actions: catalogue.data?.actionsOf(resource).filter((a) => granted.has(`${resource}:${a}`)) ?? [],
    }))
    .filter((r) => r.actions.length > 0);

  return (
    <div data-testid="profile-my-access">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'role', label: t('users.fields.role'), children: user.role.name },
          { key: 'scope', label: t('profile.scope'), children: t(`roles.scope.${user.role.dataScope}`) },
          {
            key: 'sensitive',
            label: t('profile.sensitive'),
            children: user.role.canViewSensitive ? t('profile.sensitiveYes') : t('profile.sensitiveNo'),
          },
          ...rows.map((r) => ({
            key: r.resource,
            label: t(`access.resources.${r.resource}`),
            children: (
              <Space size={[4, 4]} wrap>
                {r.actions.map((a) => (
                  <Tag key={a} color="blue" variant="filled">
                    {t(`access.actions.${a}`)}
                  </Tag>
                ))}
              </Space>
            ),
          })),
        ]}
      />
      {catalogue.data && rows.length === 0 ? <Typography.Text type="secondary">{t('profile.noPermissions')}</Typography.Text> : null}
    </div>
  );
}
