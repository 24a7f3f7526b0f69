import { useEffect } from 'react';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../../contracts/departments.ts';
import { createDepartmentBody } from '../../../../contracts/departments.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { zodRule } from '../../../app/validation.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { usersKeys } from '../../users/users.api.ts';
import { createDepartment, departmentsKeys, updateDepartment, type UpdateDepartmentBody } from '../departments.api.ts';
import { DepartmentTreeSelect } from './DepartmentTreeSelect.tsx';
import { withTestId } from '../../../ui/testId.ts';

export type DepartmentFormTarget =
  | { mode: 'create'; parentId: string | null }
  | { mode: 'edit'; department: Department }
  | { mode: 'move'; department: Department };

type Values = { name: string; parentId: string | null; managerId: string | null; sortOrder: number | null };

function initial(target: DepartmentFormTarget): Values {
  if (target.mode === 'create') return { name: '', parentId: target.parentId, managerId: null, sortOrder: 0 };
  const d = target.department;
  return { name: d.name, parentId: d.parentId, managerId: d.managerId, sortOrder: d.sortOrder };
}

function changes(d: Department, v: Values): UpdateDepartmentBody | null {
  const body: UpdateDepartmentBody = { version: d.version };
  let changed = false;
  if (v.name.trim() !== d.name) {
    body.name = v.name.trim();
    changed = true;
  }
  if ((v.parentId ?? null) !== d.parentId) {
    body.parentId = v.parentId ?? null;
    changed = true;
  }
  if ((v.managerId ?? null) !== d.managerId) {
    body.managerId = v.managerId ?? null;
    changed = true;
  }
  if ((v.sortOrder ?? 0) !== d.sortOrder) {
    body.sortOrder = v.sortOrder ?? 0;
    changed = true;
  }
  return changed ? body : null;
}

export function DepartmentFormModal({ target, onClose }: { target: DepartmentFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const can = useCan();
  const canPickManager = can('user:read');

  useEffect(() => {
    if (target) {
      form.resetFields();
      form.setFieldsValue(initial(target));
    }
  }, [target, form]);

  const mutation = useMutation({
    mutationFn: async (values: Values) => {
      if (!target) return 'unchanged' as const;
      if (target.mode === 'create') {
        await createDepartment({
          name: values.name.trim(),
          parentId: values.parentId ?? null,
          managerId: values.managerId ?? null,
          sortOrder: values.sortOrder ?? 0,
        });
        return 'created' as const;
      }
      const body = changes(target.department, { ...initial(target), ...values });
      if (!body) return 'unchanged' as const;
      await updateDepartment(target.department.id, body);
      return 'updated' as const;
    },
    onSuccess: (result) => {
      if (result === 'created') void message.success(t('departments.created'));
      else if (result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      void client.invalidateQueries({ queryKey: departmentsKeys.all });
      void client.invalidateQueries({ queryKey: usersKeys.all });
      onClose();
    },
    onError: (err) => handleError(err, { form, conflictKeys: [departmentsKeys.all], onConflict: onClose }),
  });

  const title = !target
    ? ''
    : target.mode === 'create'
      ? target.parentId
        ? t('departments.addChildTitle')
        : t('departments.createTitle')
      : target.mode === 'move'
        ? t('departments.moveTitle', { name: target.department.name })
        : t('departments.editTitle', { name: target.department.name });

  const editingId = target && target.mode !== 'create' ? target.department.id : undefined;
  const moveOnly = target?.mode === 'move';

  return (
    <Modal
      open={!!target}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={target?.mode === 'create' ? t('common.create') : t('common.save')}
      okButtonProps={withTestId({ loading: mutation.isPending }, 'department-form-submit')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      data-testid="department-form"
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} style={{ marginTop: 16 }}>
        <Form.Item
          name="name"
          label={t('departments.fields.name')}
          required
          rules={[zodRule(createDepartmentBody.shape.name, t)]}
          hidden={moveOnly}
        >
          <Input maxLength={100} autoFocus data-testid="department-form-name" />
        </Form.Item>
        <Form.Item name="parentId" label={t('departments.fields.parent')} extra={t('departments.parentHint')}>
          <DepartmentTreeSelect
            excludeSubtreeOf={editingId}
            placeholder={t('departments.topLevel')}
            data-testid="department-form-parent"
          />
        </Form.Item>
        {canPickManager ? (
          <Form.Item name="managerId" label={t('departments.fields.manager')} hidden={moveOnly}>
            <UserSelect placeholder={t('departments.noManager')} data-testid="department-form-manager" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="sortOrder"
          label={t('departments.fields.sortOrder')}
          extra={t('departments.sortOrderHint')}
          rules={[zodRule(createDepartmentBody.shape.sortOrder, t)]}
          hidden={moveOnly}
        >
          <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} data-testid="department-form-sortOrder" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
