import { App, Button, Form, Input, Space, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../../contracts/users.ts';
import { createUserBody, updateUserBody } from '../../../../contracts/users.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { emptyToNull } from '../../../app/validation.ts';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
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
  const editing = !!user;
  const showPhone = useCurrentUser().role.canViewSensitive;
  const username = Form.useWatch('username', form);
  const password = Form.useWatch('password', form) ?? '';
  const createRules = useZodRules(createUserBody.shape);
  const editRules = useZodRules(updateUserBody.shape);
  const rules = editing ? editRules : createRules;

  const save = async (values: Values) => {
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
  };

  const onSaved = (result: Awaited<ReturnType<typeof save>>) => {
    if (result === 'created') void message.success(t('users.created'));
    else if (result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    void client.invalidateQueries({ queryKey: usersKeys.all });
    void client.invalidateQueries({ queryKey: departmentsKeys.all });
    void client.invalidateQueries({ queryKey: rolesKeys.all });
  };

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      form={form}
      open={open}
      onClose={onClose}
      record={user}
      initialValues={() => initialValues(user)}
      title={editing ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      size={520}
      testId="user-form"
      submitText={editing ? t('common.save') : t('users.create')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ conflictKeys: [usersKeys.all] }}
    >
      <Form.Item
        name="username"
        label={t('users.fields.username')}
        required
        tooltip={editing ? t('users.usernameFixed') : undefined}
        extra={editing ? undefined : t('users.usernameHint')}
        rules={editing ? [] : createRules('username', { regex: t('users.usernameFormat') })}
      >
        <Input disabled={editing} autoComplete="off" maxLength={50} data-testid="user-form-username" />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.fields.displayName')} required rules={rules('displayName')}>
        <Input maxLength={100} data-testid="user-form-displayName" />
      </Form.Item>
      <Form.Item name="email" label={t('users.fields.email')} rules={rules('email')}>
        <Input type="email" autoComplete="off" maxLength={200} data-testid="user-form-email" />
      </Form.Item>
      {showPhone ? (
        <Form.Item name="phone" label={t('users.fields.phone')} rules={rules('phone')}>
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
                  ...createRules('password'),
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
      <Form.Item name="roleId" label={t('users.fields.role')} required rules={createRules('roleId')}>
        <RoleSelect data-testid="user-form-role" />
      </Form.Item>
      <Form.Item name="departmentId" label={t('users.fields.department')}>
        <DepartmentTreeSelect data-testid="user-form-department" placeholder={t('users.noDepartment')} />
      </Form.Item>
    </FormDrawer>
  );
}
