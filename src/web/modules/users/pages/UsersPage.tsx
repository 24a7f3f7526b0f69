import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Dropdown, Select, Space, Tooltip, Typography } from 'antd';
import type { MenuProps, TableColumnsType } from 'antd';
import {
  AuditOutlined,
  DeleteOutlined,
  EditOutlined,
  KeyOutlined,
  MoreOutlined,
  PlusOutlined,
  StopOutlined,
  CheckCircleOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { USER_SORTS, USER_STATUSES, type User } from '../../../../contracts/users.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { DepartmentTreeSelect } from '../../departments/components/DepartmentTreeSelect.tsx';
import { departmentsKeys } from '../../departments/departments.api.ts';
import { useDepartments } from '../../departments/hooks.ts';
import { departmentPath } from '../../departments/departmentTree.ts';
import { RoleSelect } from '../../roles/components/RoleSelect.tsx';
import { rolesKeys } from '../../roles/roles.api.ts';
import { ResetPasswordModal } from '../components/ResetPasswordModal.tsx';
import { UserFormDrawer } from '../components/UserFormDrawer.tsx';
import { UserStatusTags } from '../userStatus.tsx';
import { deleteUser, listUsers, unlockUser, updateUser, usersKeys } from '../users.api.ts';

const FILTER_KEYS = ['q', 'departmentId', 'roleId', 'status'] as const;
type Status = (typeof USER_STATUSES)[number];

export function UsersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.users'));
  const me = useCurrentUser();
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { items: departments } = useDepartments(can('department:read'));
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({
      q: values.q || undefined,
      departmentId: values.departmentId,
      roleId: values.roleId,
      status: oneOf(USER_STATUSES, values.status),
    }),
    sort: { sorts: USER_SORTS, default: '-createdAt' },
    queryKey: usersKeys.list,
    fetch: listUsers,
  });
  const { values, setFilters } = state;

  const [formState, setFormState] = useState<{ open: boolean; user: User | null }>({ open: false, user: null });
  const [resetting, setResetting] = useState<User | null>(null);

  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: usersKeys.all });
    void client.invalidateQueries({ queryKey: departmentsKeys.all });
    void client.invalidateQueries({ queryKey: rolesKeys.all });
  }, [client]);

  const statusMutation = useMutation({
    mutationFn: (u: User) => updateUser(u.id, { version: u.version, status: u.status === 'active' ? 'disabled' : 'active' }),
    onSuccess: (updated) => {
      void message.success(updated.status === 'active' ? t('users.enabled') : t('users.disabled'));
      refresh();
    },
    onError: (err) => handleError(err, { conflictKeys: [usersKeys.all] }),
  });

  const unlockMutation = useMutation({
    mutationFn: (u: User) => unlockUser(u.id),
    onSuccess: () => {
      void message.success(t('users.unlocked'));
      refresh();
    },
    onError: (err) => handleError(err),
  });

  const deleteMutation = useMutation({
    mutationFn: (u: User) => deleteUser(u.id),
    onSuccess: () => {
      void message.success(t('users.deleted'));
      refresh();
    },
    onError: (err) => handleError(err),
  });

  const confirmToggle = (u: User) => {
    if (u.status !== 'active') {
      statusMutation.mutate(u);
      return;
    }
    modal.confirm({
      title: t('users.disableConfirmTitle', { name: u.displayName }),
      content: t('users.disableConfirmBody'),
      okText: t('users.disable'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => statusMutation.mutateAsync(u).catch(() => undefined),
    });
  };

  const confirmDelete = (u: User) => {
    modal.confirm({
      title: t('users.deleteConfirmTitle', { name: u.displayName }),
      content: t('users.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => deleteMutation.mutateAsync(u).catch(() => undefined),
    });
  };

  const canUpdate = can('user:update');
  const canDelete = can('user:delete');
  const canAudit = can('audit:read');

  const rowMenu = (u: User): MenuProps['items'] => {
    const self = u.id === me.id;
    const items: MenuProps['items'] = [];
    if (canUpdate && !self) {
      items.push({
        key: 'toggle',
        icon: u.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined />,
        label: <span data-testid="user-action-toggle-status">{u.status === 'active' ? t('users.disable') : t('users.enable')}</span>,
        onClick: () => confirmToggle(u),
      });
    }
    if (canUpdate) {
      items.push({
        key: 'reset',
        icon: <KeyOutlined />,
        label: <span data-testid="user-action-reset-password">{t('users.resetPassword')}</span>,
        onClick: () => setResetting(u),
      });
    }
    if (canUpdate && u.locked) {
      items.push({
        key: 'unlock',
        icon: <UnlockOutlined />,
        label: <span data-testid="user-action-unlock">{t('users.unlock')}</span>,
        onClick: () => unlockMutation.mutate(u),
      });
    }
    if (canAudit) {
      items.push({
        key: 'audit',
        icon: <AuditOutlined />,
        label: <span data-testid="user-action-audit">{t('users.viewAudit')}</span>,
        onClick: () => void navigate(`/admin/audit-log?entityType=user&entityId=${encodeURIComponent(u.id)}`),
      });
    }
    if (canDelete && !self) {
      if (items.length > 0) items.push({ type: 'divider' });
      items.push({
        key: 'delete',
        icon: <DeleteOutlined />,
        danger: true,
        label: <span data-testid="user-action-delete">{t('common.delete')}</span>,
        onClick: () => confirmDelete(u),
      });
    }
    return items;
  };

  const columns: TableColumnsType<User> = [
    {
      key: 'username',
      width: 150,
      dataIndex: 'username',
      title: t('users.fields.username'),
      sorter: true,
      render: (_v, u) => (
        <Typography.Text strong data-testid="user-username">
          {u.username}
          {u.id === me.id ? <Typography.Text type="secondary"> {t('users.you')}</Typography.Text> : null}
        </Typography.Text>
      ),
    },
    {
      key: 'displayName',
      width: 130,
      dataIndex: 'displayName',
      title: t('users.fields.displayName'),
      sorter: true,
    },
    {
      key: 'email',
      width: 220,
      dataIndex: 'email',
      title: t('users.fields.email'),
      ellipsis: true,
      render: (v: string | null) => v ?? <span className="kehu-muted">—</span>,
    },
    { key: 'role', width: 120, dataIndex: 'roleName', title: t('users.fields.role') },
    {
      key: 'department',
      width: 130,
      dataIndex: 'departmentName',
      title: t('users.fields.department'),
      render: (v: string | null, u) =>
        v ? (
          <Tooltip title={departmentPath(departments, u.departmentId) || v}>
            <span>{v}</span>
          </Tooltip>
        ) : (
          <span className="kehu-muted">{t('users.noDepartment')}</span>
        ),
    },
    { key: 'status', width: 170, title: t('users.fields.status'), render: (_v, u) => <UserStatusTags user={u} /> },
    {
      key: 'lastLoginAt',
      width: 170,
      dataIndex: 'lastLoginAt',
      title: t('users.fields.lastLoginAt'),
      render: (v: string | null) => <DateTime value={v} empty={t('users.neverLoggedIn')} />,
    },
  ];

  if (canUpdate || canDelete || canAudit) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: 120,
      render: (_v, u) => {
        const menu = rowMenu(u);
        return (
          <Space size={0} className="kehu-table-actions">
            {canUpdate ? (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setFormState({ open: true, user: u })}
                data-testid={`user-edit-${u.username}`}
              >
                {t('common.edit')}
              </Button>
            ) : null}
            {menu && menu.length > 0 ? (
              <Dropdown menu={{ items: menu }} trigger={['click']}>
                <Button type="link" size="small" icon={<MoreOutlined />} aria-label={t('common.more')} data-testid={`user-actions-${u.username}`} />
              </Dropdown>
            ) : null}
          </Space>
        );
      },
    });
  }

  return (
    <ListPage<User>
      state={state}
      testId="users"
      title={t('nav.users')}
      description={t('users.pageHint')}
      actions={
        can('user:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormState({ open: true, user: null })} data-testid="users-create">
            {t('users.create')}
          </Button>
        ) : null
      }
      search={{ placeholder: t('users.searchPlaceholder'), width: 260 }}
      filters={
        <>
          {can('department:read') ? (
            <DepartmentTreeSelect
              value={values.departmentId ?? null}
              onChange={(v) => setFilters({ departmentId: v })}
              placeholder={t('users.filterDepartment')}
              style={{ width: 200 }}
              data-testid="users-filter-department"
            />
          ) : null}
          {can('role:read') ? (
            <RoleSelect
              value={values.roleId ?? null}
              onChange={(v) => setFilters({ roleId: v })}
              placeholder={t('users.filterRole')}
              allowClear
              style={{ width: 160 }}
              data-testid="users-filter-role"
            />
          ) : null}
          <Select<Status>
            value={state.filter.status}
            onChange={(v) => setFilters({ status: v })}
            placeholder={t('users.filterStatus')}
            allowClear
            style={{ width: 130 }}
            options={USER_STATUSES.map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
            data-testid="users-filter-status"
          />
        </>
      }
      columns={columns}
      table={{ scroll: { x: 1150 }, rowTestId: (u) => `user-row-${u.username}` }}
      empty={{ description: t('users.empty'), filteredDescription: t('users.emptyFiltered') }}
    >
      <UserFormDrawer open={formState.open} user={formState.user} onClose={() => setFormState({ open: false, user: null })} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </ListPage>
  );
}
