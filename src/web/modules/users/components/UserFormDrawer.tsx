import { useEffect } from 'react';
import { App, Button, Drawer, Flex, Form, Input, Space, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../../contracts/users.ts';
import { createUserBody, updateUserBody } from '../../../../contracts/users.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { emptyToNull, zodRule } from '../../../app/validation.ts';
import { generatePassword, passwordAcceptable } from '../../auth/passwordPolicy.ts';
import { PasswordPolicyHint } from '../../auth/components/PasswordPolicyHint.tsx';
import { DepartmentTreeSelect } from '../../departments/components/DepartmentTreeSelect.tsx';
import { departmentsKeys } from '../../departments/departments.api.ts';
import { RoleSelect } from '../../roles/components/RoleSelect.tsx';
import { rolesKeys } from '../../roles/roles.api.ts';
import { createUser, updateUser, usersKeys, type UpdateUserBody } from '../users.api.ts';

type Values = {
  username: string;
  displayName: string;
  email?: string;
  phone?: string;
  password?: string;
  roleId?: string;
  departmentId?: string | null;
};

type Props = {
  open: boolean;
  /** The user being edited; absent when creating. */
  user?: User | null;
  onClose: () => void;
};

function initialValues(user: User | null | undefined): Partial<Values> {
  if (!user) return {};
  return {
    username: user.username,
    displayName: user.displayName,
    email: user.email ?? '',
    phone: user.phone ?? '',
    roleId: user.roleId,
    departmentId: user.departmentId,
  };
}

/**
 * Only the fields that changed go into the PATCH, with the version the edit started from. The
 * phone is sensitive: without the right to see it, it is neither shown nor sent (the server answers
 * 403 to a sensitive field from such a caller).
 */
function changes(user: User, values: Values, withPhone: boolean): UpdateUserBody | null {
  const body: UpdateUserBody = { version: user.version };
  let changed = false;
  const displayName = values.displayName.trim();
  if (displayName !== user.displayName) {
    body.displayName = displayName;
    changed = true;
  }
  const email = emptyToNull(values.email);
  if (email !== user.email) {
    body.email = email;
    changed = true;
  }
  const phone = emptyToNull(values.phone);
  if (withPhone && phone !== user.phone) {
    body.phone = phone;
    changed = true;
  }
  if (values.roleId && values.roleId !== user.roleId) {
    body.roleId = values.roleId;
    changed = true;
  }
  const departmentId = values.departmentId ?? null;
  if (departmentId !== user.departmentId) {
    body.departmentId = departmentId;
    changed = true;
  }
  return changed ? body : null;
}

export function UserFormDrawer({ open, user, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const editing = !!user;
  const showPhone = useCurrentUser().role.canViewSensitive;
  const username = Form.useWatch('username', form);
  const password = Form.useWatch('password', form) ?? '';

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initialValues(user));
    }
  }, [open, user, form]);

  const afterSave = () => {
    void client.invalidateQueries({ queryKey: usersKeys.all });
    void client.invalidateQueries({ queryKey: departmentsKeys.all });
    void client.invalidateQueries({ queryKey: rolesKeys.all });
  };

  const mutation = useMutation({
    mutationFn: async (values: Values) => {
      if (user) {
        const body = changes(user, values, showPhone);
        if (!body) return 'unchanged' as const;
        await updateUser(user.id, body);
        return 'updated' as const;
      }
      await createUser({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        email: emptyToNull(values.email),
        ...(showPhone ? { phone: emptyToNull(values.phone) } : {}),
        password: values.password ?? '',
        roleId: values.roleId ?? '',
        departmentId: values.departmentId ?? null,
      });
      return 'created' as const;
    },
    onSuccess: (result) => {
      if (result === 'created') void message.success(t('users.created'));
      else if (result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      afterSave();
      onClose();
    },
    onError: (err) =>
      handleError(err, {
        form,
        conflictKeys: [usersKeys.all],
        onConflict: onClose,
      }),
  });

  const schema = editing ? updateUserBody.shape : createUserBody.shape;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={editing ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      size={520}
      destroyOnHidden
      data-testid="user-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose} data-testid="user-form-cancel">
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid="user-form-submit">
            {editing ? t('common.save') : t('users.create')}
          </Button>
        </Flex>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} scrollToFirstError>
        <Form.Item
          name="username"
          label={t('users.fields.username')}
          required
          tooltip={editing ? t('users.usernameFixed') : undefined}
          extra={editing ? undefined : t('users.usernameHint')}
          rules={editing ? [] : [zodRule(createUserBody.shape.username, t, { regex: t('users.usernameFormat') })]}
        >
          <Input disabled={editing} autoComplete="off" maxLength={50} data-testid="user-form-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.fields.displayName')} required rules={[zodRule(schema.displayName, t)]}>
          <Input maxLength={100} data-testid="user-form-displayName" />
        </Form.Item>
        <Form.Item name="email" label={t('users.fields.email')} rules={[zodRule(schema.email, t)]}>
          <Input type="email" autoComplete="off" maxLength={200} data-testid="user-form-email" />
        </Form.Item>
        {showPhone ? (
          <Form.Item name="phone" label={t('users.fields.phone')} rules={[zodRule(schema.phone, t)]}>
            <Input autoComplete="off" maxLength={30} data-testid="user-form-phone" />
          </Form.Item>
        ) : null}
        {editing ? null : (
          <>
            <Form.Item label={t('users.fields.initialPassword')} required style={{ marginBottom: 8 }}>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="password"
                  noStyle
                  rules={[
                    zodRule(createUserBody.shape.password, t),
                    {
                      validator: async (_rule, value: string | undefined) => {
                        if (value && !passwordAcceptable(value, username)) throw new Error(t('password.policyFailed'));
                      },
                    },
                  ]}
                >
                  <Input.Password autoComplete="new-password" data-testid="user-form-password" />
                </Form.Item>
                <Button
                  icon={<ThunderboltOutlined />}
                  onClick={() => {
                    form.setFieldValue('password', generatePassword());
                    void form.validateFields(['password']);
                  }}
                  data-testid="user-form-generate-password"
                >
                  {t('users.generatePassword')}
                </Button>
              </Space.Compact>
            </Form.Item>
            <PasswordPolicyHint password={password} username={username} />
            <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: -8 }}>
              {t('users.initialPasswordHint')}
            </Typography.Paragraph>
          </>
        )}
        <Form.Item name="roleId" label={t('users.fields.role')} required rules={[zodRule(createUserBody.shape.roleId, t)]}>
          <RoleSelect data-testid="user-form-role" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('users.fields.department')}>
          <DepartmentTreeSelect data-testid="user-form-department" placeholder={t('users.noDepartment')} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
