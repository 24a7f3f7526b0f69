import { Link, useNavigate } from 'react-router';
import { App, Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CopyOutlined, DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../contracts/roles.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { usePermissionCatalogue, useRoles } from '../hooks.ts';
import { deleteRole, rolesKeys } from '../roles.api.ts';
import { withTestId } from '../../../ui/testId.ts';

const SCOPE_COLORS = { own: 'default', department: 'blue', all: 'purple' } as const;

export function RolesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.roles'));
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const roles = useRoles();
  const catalogue = usePermissionCatalogue();

  const deleteMutation = useMutation({
    mutationFn: (r: Role) => deleteRole(r.id),
    onSuccess: () => {
      void message.success(t('roles.deleted'));
      void client.invalidateQueries({ queryKey: rolesKeys.all });
    },
    onError: (err) => handleError(err),
  });

  const confirmDelete = (r: Role) => {
    modal.confirm({
      title: t('roles.deleteConfirmTitle', { name: r.name }),
      content: t('roles.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => deleteMutation.mutateAsync(r).catch(() => undefined),
    });
  };

  const canCreate = can('role:create');
  const canUpdate = can('role:update');
  const canDelete = can('role:delete');

  const columns: TableColumnsType<Role> = [
    {
      key: 'name',
      title: t('roles.fields.name'),
      width: 190,
      fixed: 'left',
      render: (_v, r) => (
        <Space size={6}>
          <Link to={`/admin/roles/${r.id}`} data-testid={`role-link-${r.name}`}>
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {r.name}
            </Typography.Text>
          </Link>
          {r.builtin ? <Tag color="gold">{t('roles.builtin')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'description',
      dataIndex: 'description',
      title: t('roles.fields.description'),
      width: 280,
      ellipsis: true,
      render: (v: string | null) => v ?? <span className="kehu-muted">—</span>,
    },
    {
      key: 'dataScope',
      title: t('roles.fields.dataScope'),
      width: 150,
      render: (_v, r) => <Tag color={SCOPE_COLORS[r.dataScope]}>{t(`roles.scope.${r.dataScope}`)}</Tag>,
    },
    {
      key: 'sensitive',
      title: t('roles.fields.sensitiveShort'),
      width: 120,
      render: (_v, r) => (r.canViewSensitive ? <Tag color="orange">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
    {
      key: 'permissions',
      title: t('roles.fields.permissions'),
      width: 120,
      render: (_v, r) =>
        catalogue.data ? t('roles.permissionCount', { count: r.permissions.filter((p) => catalogue.data.has(p)).length, total: catalogue.data.all.length }) : null,
    },
    {
      key: 'userCount',
      title: t('roles.fields.userCount'),
      width: 100,
      render: (_v, r) =>
        can('user:read') && r.userCount > 0 ? (
          <Link to={`/admin/users?roleId=${encodeURIComponent(r.id)}`}>
            <Tag icon={<TeamOutlined />} color="blue" style={{ cursor: 'pointer' }}>
              {r.userCount}
            </Tag>
          </Link>
        ) : (
          <Tag icon={<TeamOutlined />}>{r.userCount}</Tag>
        ),
    },
    {
      key: 'updatedAt',
      dataIndex: 'updatedAt',
      title: t('common.updatedAt'),
      width: 160,
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 230,
      fixed: 'right',
      render: (_v, r) => {
        const deleteBlocked = r.builtin ? t('roles.deleteBuiltin') : r.userCount > 0 ? t('roles.deleteInUse') : null;
        return (
          <Space size={0} className="kehu-table-actions">
            <Button
              type="link"
              size="small"
              icon={canUpdate ? <EditOutlined /> : <EyeOutlined />}
              onClick={() => void navigate(`/admin/roles/${r.id}`)}
              data-testid={`role-edit-${r.name}`}
            >
              {canUpdate ? t('common.edit') : t('common.view')}
            </Button>
            {canCreate ? (
              <Button
                type="link"
                size="small"
                icon={<CopyOutlined />}
                onClick={() => void navigate(`/admin/roles/new?from=${encodeURIComponent(r.id)}`)}
                data-testid={`role-copy-${r.name}`}
              >
                {t('roles.copy')}
              </Button>
            ) : null}
            {canDelete ? (
              <Tooltip title={deleteBlocked}>
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={!!deleteBlocked}
                  onClick={() => confirmDelete(r)}
                  data-testid={`role-delete-${r.name}`}
                >
                  {t('common.delete')}
                </Button>
              </Tooltip>
            ) : null}
          </Space>
        );
      },
    },
  ];

  return (
    <PageContainer
      title={t('nav.roles')}
      description={t('roles.pageHint')}
      extra={
        canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/admin/roles/new')} data-testid="roles-create">
            {t('roles.create')}
          </Button>
        ) : null
      }
    >
      <Card>
        {roles.isError || catalogue.isError ? (
          <ErrorState error={roles.error ?? catalogue.error} onRetry={() => void (roles.isError ? roles.refetch() : catalogue.refetch())} />
        ) : (
          <Table<Role>
            rowKey="id"
            columns={columns}
            // The permission counts need the catalogue: the rows wait for it.
            dataSource={catalogue.data ? (roles.data?.items ?? []) : []}
            loading={roles.isFetching || catalogue.isPending}
            pagination={false}
            scroll={{ x: 1350 }}
            data-testid="roles-table"
            onRow={(r) => ({ 'data-testid': `role-row-${r.name}` }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: roles.isPending || catalogue.isPending ? <div style={{ height: 160 }} /> : <EmptyState description={t('roles.empty')} /> }}
          />
        )}
      </Card>
    </PageContainer>
  );
}
