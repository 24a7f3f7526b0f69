import { useMemo, useState } from 'react';
import { App, Button, Card, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import {
  ApartmentOutlined,
  DeleteOutlined,
  DragOutlined,
  EditOutlined,
  NodeCollapseOutlined,
  NodeExpandOutlined,
  PlusOutlined,
  SearchOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../../contracts/departments.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { UserName } from '../../users/components/UserName.tsx';
import { usersKeys } from '../../users/users.api.ts';
import { DepartmentFormModal, type DepartmentFormTarget } from '../components/DepartmentFormModal.tsx';
import { deleteDepartment, departmentsKeys } from '../departments.api.ts';
import type { DepartmentNode } from '../departmentTree.ts';
import { useDepartments } from '../hooks.ts';
import { withTestId } from '../../../ui/testId.ts';

/** Keep the nodes whose name matches, with their ancestors so the tree still reads. */
function filterTree(nodes: DepartmentNode[], text: string): DepartmentNode[] {
  if (!text) return nodes;
  const needle = text.toLowerCase();
  const out: DepartmentNode[] = [];
  for (const n of nodes) {
    const kids = n.children ? filterTree(n.children, text) : [];
    if (n.name.toLowerCase().includes(needle) || kids.length > 0) {
      out.push({ ...n, ...(kids.length > 0 ? { children: kids } : { children: undefined }) });
    }
  }
  return out;
}

function allIds(nodes: DepartmentNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...(n.children ? allIds(n.children) : [])]);
}

export function DepartmentsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.departments'));
  const can = useCan();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const departments = useDepartments();
  const [target, setTarget] = useState<DepartmentFormTarget | null>(null);
  const [search, setSearch] = useState('');
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());

  const tree = useMemo(() => filterTree(departments.tree, search.trim()), [departments.tree, search]);
  const ids = useMemo(() => allIds(tree), [tree]);
  // Expanded unless the user folded it; a search always shows every match.
  const expandedKeys = search ? ids : ids.filter((id) => !collapsed.has(id));

  const deleteMutation = useMutation({
    mutationFn: (d: Department) => deleteDepartment(d.id),
    onSuccess: () => {
      void message.success(t('departments.deleted'));
      void client.invalidateQueries({ queryKey: departmentsKeys.all });
      void client.invalidateQueries({ queryKey: usersKeys.all });
    },
    onError: (err) => handleError(err),
  });

  const confirmDelete = (d: Department) => {
    modal.confirm({
      title: t('departments.deleteConfirmTitle', { name: d.name }),
      content: t('departments.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => deleteMutation.mutateAsync(d).catch(() => undefined),
    });
  };

  const canCreate = can('department:create');
  const canUpdate = can('department:update');
  const canDelete = can('department:delete');
  const canSeeUsers = can('user:read');

  const columns: TableColumnsType<DepartmentNode> = [
    {
      key: 'name',
      title: t('departments.fields.name'),
      render: (_v, d) => (
        <Space size={8}>
          <ApartmentOutlined className="kehu-muted" />
          <Typography.Text strong={d.depth === 0} data-testid={`department-name-${d.name}`}>
            {d.name}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'userCount',
      title: t('departments.fields.userCount'),
      width: 120,
      render: (_v, d) =>
        canSeeUsers && d.userCount > 0 ? (
          <Link to={`/admin/users?departmentId=${encodeURIComponent(d.id)}`} data-testid={`department-users-${d.name}`}>
            <Tag icon={<TeamOutlined />} color="blue" style={{ cursor: 'pointer' }}>
              {d.userCount}
            </Tag>
          </Link>
        ) : (
          <Tag icon={<TeamOutlined />} data-testid={`department-users-${d.name}`}>
            {d.userCount}
          </Tag>
        ),
    },
    {
      key: 'manager',
      title: t('departments.fields.manager'),
      width: 180,
      render: (_v, d) =>
        d.managerId && canSeeUsers ? <UserName id={d.managerId} /> : <span className="kehu-muted">—</span>,
    },
    { key: 'sortOrder', dataIndex: 'sortOrder', title: t('departments.fields.sortOrder'), width: 90 },
  ];

  if (canCreate || canUpdate || canDelete) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 380,
      render: (_v, d) => {
        const blocked = !!d.children?.length || d.userCount > 0;
        return (
          <Space size={0} className="kehu-table-actions">
            {canCreate ? (
              <Button
                type="link"
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setTarget({ mode: 'create', parentId: d.id })}
                data-testid={`department-add-child-${d.name}`}
              >
                {t('departments.addChild')}
              </Button>
            ) : null}
            {canUpdate ? (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setTarget({ mode: 'edit', department: d })}
                data-testid={`department-edit-${d.name}`}
              >
                {t('common.edit')}
              </Button>
            ) : null}
            {canUpdate ? (
              <Button
                type="link"
                size="small"
                icon={<DragOutlined />}
                onClick={() => setTarget({ mode: 'move', department: d })}
                data-testid={`department-move-${d.name}`}
              >
                {t('departments.move')}
              </Button>
            ) : null}
            {canDelete ? (
              <Tooltip title={blocked ? t('departments.deleteBlocked') : undefined}>
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={blocked}
                  onClick={() => confirmDelete(d)}
                  data-testid={`department-delete-${d.name}`}
                >
                  {t('common.delete')}
                </Button>
              </Tooltip>
            ) : null}
          </Space>
        );
      },
    });
  }

  let body: React.ReactNode;
  if (departments.isPending) body = <LoadingState />;
  else if (departments.isError) body = <ErrorState error={departments.error} onRetry={() => void departments.refetch()} />;
  else if (departments.items.length === 0)
    body = (
      <EmptyState
        description={t('departments.empty')}
        action={
          canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', parentId: null })}>
              {t('departments.create')}
            </Button>
          ) : null
        }
      />
    );
  else
    body = (
      <>
        <FilterBar
          extra={
            <>
              <Button icon={<NodeExpandOutlined />} onClick={() => setCollapsed(new Set())} data-testid="departments-expand-all">
                {t('departments.expandAll')}
              </Button>
              <Button icon={<NodeCollapseOutlined />} onClick={() => setCollapsed(new Set(allIds(departments.tree)))} data-testid="departments-collapse-all">
                {t('departments.collapseAll')}
              </Button>
            </>
          }
        >
          <Input
            allowClear
            prefix={<SearchOutlined className="kehu-muted" />}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('departments.searchPlaceholder')}
            style={{ width: 260 }}
            data-testid="departments-filter-q"
          />
        </FilterBar>
        <Table<DepartmentNode>
          rowKey="id"
          columns={columns}
          dataSource={tree}
          pagination={false}
          loading={departments.isFetching && !departments.isPending}
          scroll={{ x: 1000 }}
          data-testid="departments-tree"
          onRow={(d) => ({ 'data-testid': `department-row-${d.name}` }) as React.HTMLAttributes<HTMLElement>}
          expandable={{
            expandedRowKeys: expandedKeys,
            onExpand: (expanded, d) =>
              setCollapsed((prev) => {
                const next = new Set(prev);
                if (expanded) next.delete(d.id);
                else next.add(d.id);
                return next;
              }),
          }}
          locale={{ emptyText: <EmptyState description={t('departments.noMatch')} /> }}
        />
      </>
    );

  return (
    <PageContainer
      title={t('nav.departments')}
      description={t('departments.pageHint')}
      extra={
        canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', parentId: null })} data-testid="departments-create">
            {t('departments.create')}
          </Button>
        ) : null
      }
    >
      <Card>{body}</Card>
      <DepartmentFormModal target={target} onClose={() => setTarget(null)} />
    </PageContainer>
  );
}
