import { useEffect, useRef, useState } from 'react';
import { useBlocker, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Switch, Tag } from 'antd';
import { ArrowLeftOutlined, LockOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DataScope } from '../../../../contracts/access.ts';
import type { Role } from '../../../../contracts/roles.ts';
import { createRoleBody } from '../../../../contracts/roles.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { ME_KEY, useCan } from '../../../app/session.tsx';
import { emptyToNull, zodRule } from '../../../app/validation.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { DataScopeField } from '../components/DataScopeField.tsx';
import { PermissionMatrix } from '../components/PermissionMatrix.tsx';
import type { CatalogueIndex } from '../catalogue.ts';
import { usePermissionCatalogue } from '../hooks.ts';
import { createRole, getRole, rolesKeys, updateRole, type UpdateRoleBody } from '../roles.api.ts';
import { withTestId } from '../../../ui/testId.ts';

type Values = {
  name: string;
  description?: string | null;
  dataScope: DataScope;
  canViewSensitive: boolean;
  permissions: string[];
};

const EMPTY: Values = { name: '', description: '', dataScope: 'own', canViewSensitive: false, permissions: [] };

function fromRole(role: Role, copy: boolean, copySuffix: string): Values {
  return {
    name: copy ? `${role.name}${copySuffix}` : role.name,
    description: role.description ?? '',
    dataScope: role.dataScope,
    canViewSensitive: role.canViewSensitive,
    permissions: role.permissions,
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** `rightsLocked`: permissions, data scope and the sensitive-field right are not sent (admin role). */
function changes(role: Role, v: Values, rightsLocked: boolean, catalogue: CatalogueIndex): UpdateRoleBody | null {
  const body: UpdateRoleBody = { version: role.version };
  let changed = false;
  if (v.name.trim() !== role.name) {
    body.name = v.name.trim();
    changed = true;
  }
  const description = emptyToNull(v.description);
  if (description !== role.description) {
    body.description = description;
    changed = true;
  }
  if (!rightsLocked && v.dataScope !== role.dataScope) {
    body.dataScope = v.dataScope;
    changed = true;
  }
  if (!rightsLocked && v.canViewSensitive !== role.canViewSensitive) {
    body.canViewSensitive = v.canViewSensitive;
    changed = true;
  }
  if (!rightsLocked && !sameSet(v.permissions, role.permissions)) {
    body.permissions = v.permissions.filter(catalogue.has);
    changed = true;
  }
  return changed ? body : null;
}

/** Create (/admin/roles/new, optionally ?from=<id> to copy) or edit (/admin/roles/:id) a role. */
export function RoleEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const fromId = params.get('from');
  const isNew = !id;
  const sourceId = id ?? fromId;
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const [dirty, setDirty] = useState(false);
  const leaving = useRef(false);

  const source = useQuery({
    queryKey: rolesKeys.detail(sourceId ?? ''),
    queryFn: ({ signal }) => getRole(sourceId ?? '', signal),
    enabled: !!sourceId,
  });
  const catalogue = usePermissionCatalogue();
  const role = isNew ? null : (source.data ?? null);
  const isAdminRole = role?.key === 'admin';
  const readOnly = isNew ? !can('role:create') : !can('role:update');
  // The admin role's rights are fixed (the server refuses changes): only name and description edit.
  const rightsLocked = readOnly || isAdminRole;

  const title = isNew ? t('roles.createTitle') : role ? role.name : t('nav.roles');
  useDocumentTitle(title);

  const loaded = !sourceId || !!source.data;
  useEffect(() => {
    if (!loaded) return;
    form.resetFields();
    form.setFieldsValue(source.data ? fromRole(source.data, isNew, t('roles.copySuffix')) : EMPTY);
    setDirty(false);
    // Only when the loaded role changes, not on every language switch (t is left out on purpose).
  }, [loaded, source.data, isNew, form]);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('common.unsavedTitle'),
      content: t('common.unsavedBody'),
      okText: t('common.leave'),
      cancelText: t('common.stay'),
      okButtonProps: withTestId({}, 'confirm-ok'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);

  const goBack = () => {
    void navigate('/admin/roles');
  };

  const mutation = useMutation({
    mutationFn: async (v: Values) => {
      // The form shows only once the catalogue is loaded.
      const index = catalogue.data;
      if (!index) throw new Error('permission catalogue not loaded');
      if (isNew || !role) {
        await createRole({
          name: v.name.trim(),
          description: emptyToNull(v.description),
          dataScope: v.dataScope,
          canViewSensitive: v.canViewSensitive,
          permissions: v.permissions.filter(index.has),
        });
        return 'created' as const;
      }
      const body = changes(role, v, rightsLocked, index);
      if (!body) return 'unchanged' as const;
      await updateRole(role.id, body);
      return 'updated' as const;
    },
    onSuccess: (result) => {
      if (result === 'created') void message.success(t('roles.created'));
      else if (result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      void client.invalidateQueries({ queryKey: rolesKeys.all });
      // The signed-in user's own role may have changed: refresh their permissions.
      void client.invalidateQueries({ queryKey: ME_KEY });
      leaving.current = true;
      goBack();
    },
    onError: (err) =>
      handleError(err, {
        form,
        conflictKeys: [rolesKeys.all],
        onConflict: () => void source.refetch(),
      }),
  });

  if ((sourceId && source.isPending) || catalogue.isPending) return <LoadingState />;
  if (sourceId && source.isError) return <ErrorState error={source.error} onRetry={() => void source.refetch()} />;
  if (catalogue.isError) return <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  const permissionCatalogue = catalogue.data;

  return (
    <PageContainer
      title={
        <Flex align="center" gap={8}>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={goBack} aria-label={t('common.back')} data-testid="role-form-back" />
          {title}
          {role?.builtin ? <Tag color="gold">{t('roles.builtin')}</Tag> : null}
        </Flex>
      }
      description={isNew ? t('roles.createHint') : (role?.description ?? undefined)}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={readOnly}
        onFinish={(v) => mutation.mutate(v)}
        onValuesChange={() => setDirty(true)}
        initialValues={EMPTY}
        scrollToFirstError
      >
        {readOnly ? <Alert type="info" showIcon title={t('roles.readOnly')} style={{ marginBottom: 16 }} /> : null}
        {isAdminRole && !readOnly ? (
          <Alert type="warning" showIcon title={t('roles.adminLocked')} style={{ marginBottom: 16 }} data-testid="role-admin-locked" />
        ) : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={9}>
            <Card title={t('roles.basics')} style={{ height: '100%' }}>
              <Form.Item name="name" label={t('roles.fields.name')} required rules={[zodRule(createRoleBody.shape.name, t)]}>
                <Input maxLength={50} data-testid="role-form-name" />
              </Form.Item>
              <Form.Item
                name="description"
                label={t('roles.fields.description')}
                rules={[zodRule(createRoleBody.shape.description, t)]}
                style={{ marginBottom: 0 }}
              >
                <Input.TextArea rows={4} maxLength={500} showCount data-testid="role-form-description" />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={15}>
            <Card
              title={t('roles.dataAccess')}
              style={{ height: '100%' }}
              extra={isAdminRole ? <Tag icon={<LockOutlined />}>{t('roles.locked')}</Tag> : null}
            >
              <Form.Item name="dataScope" label={t('roles.fields.dataScope')} extra={t('roles.dataScopeHint')}>
                <DataScopeField disabled={rightsLocked} />
              </Form.Item>
              <Form.Item
                name="canViewSensitive"
                label={t('roles.fields.canViewSensitive')}
                valuePropName="checked"
                extra={t('roles.sensitiveHint')}
                style={{ marginBottom: 0 }}
              >
                <Switch disabled={rightsLocked} data-testid="role-form-canViewSensitive" />
              </Form.Item>
            </Card>
          </Col>
          <Col span={24}>
            <Card
              title={t('roles.fields.permissions')}
              extra={isAdminRole ? <Tag icon={<LockOutlined />}>{t('roles.locked')}</Tag> : null}
            >
              <Form.Item name="permissions" style={{ marginBottom: 0 }}>
                <PermissionMatrix catalogue={permissionCatalogue} disabled={rightsLocked} />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        {readOnly ? null : (
          <Flex className="kehu-sticky-actions" justify="flex-end" gap={8}>
            <Button onClick={goBack} disabled={false} data-testid="role-form-cancel">
              {t('common.cancel')}
            </Button>
            <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="role-form-submit">
              {isNew ? t('roles.create') : t('common.save')}
            </Button>
          </Flex>
        )}
      </Form>
    </PageContainer>
  );
}
