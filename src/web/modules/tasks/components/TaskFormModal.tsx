import { App, Button, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { createTaskBody, TASK_PRIORITIES, TASK_TYPES, type TaskPriority, type TaskType } from '../../../../contracts/tasks.ts';
import { useCan } from '../../../app/session.tsx';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { CustomerSearchSelect } from '../../customers/components/CustomerSearchSelect.tsx';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import { useReminderOptions } from '../../followups/components/FollowUpFormDrawer.tsx';
import { QUICK_PICKS, quickPickTime } from '../../followups/followUpForm.ts';
import { useActivityInvalidation } from '../../followups/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { createTask, tasksKeys, updateTask } from '../tasks.api.ts';
import { initialTaskValues, taskChanges, toCreateTaskBody, type TaskFormTarget, type TaskValues as Values } from '../taskForm.ts';

export type { TaskFormTarget } from '../taskForm.ts';

/** 新建任务 / 编辑任务. */
export function TaskFormModal({ target, onClose, meId }: { target: TaskFormTarget | null; onClose: () => void; meId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const rules = useZodRules(createTaskBody.shape);
  const invalidate = useActivityInvalidation();
  const reminderOptions = useReminderOptions();
  const mayAssign = can('task:assign') && can('user:read');
  const editing = target?.mode === 'edit' ? target.task : null;
  const customerId = Form.useWatch('customerId', form) ?? null;
  const contacts = useQuery({
    queryKey: customersKeys.contacts(customerId ?? ''),
    queryFn: ({ signal }) => listContacts(customerId ?? '', signal),
    enabled: !!target && !editing && !!customerId && can('contact:read'),
  });

  const save = async (v: Values) => {
    if (!target) return 'unchanged' as const;
    if (target.mode === 'edit') {
      const body = taskChanges(target.task, v, mayAssign);
      if (!body) return 'unchanged' as const;
      await updateTask(target.task.id, body);
      return 'updated' as const;
    }
    await createTask(toCreateTaskBody(v, { mayAssign, meId, leadId: target.leadId }));
    return 'created' as const;
  };

  const onSaved = (result: Awaited<ReturnType<typeof save>>) => {
    if (result === 'created') void message.success(t('tasks.created'));
    else if (result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    invalidate();
  };

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      modal
      form={form}
      open={!!target}
      onClose={onClose}
      record={target}
      initialValues={() => (target ? initialTaskValues(target, meId, dayjs()) : {})}
      title={editing ? t('tasks.editTitle') : t('tasks.createTitle')}
      size={640}
      testId="task-form"
      submitText={editing ? t('common.save') : t('common.create')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ conflictKeys: [tasksKeys.all] }}
    >
      <Form.Item name="title" label={t('tasks.fields.title')} required rules={rules('title')}>
        <Input maxLength={200} placeholder={t('tasks.titlePlaceholder')} data-testid="task-form-title" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="type" label={t('tasks.fields.type')}>
            <Select<TaskType> options={TASK_TYPES.map((ty) => ({ value: ty, label: t(`tasks.types.${ty}`) }))} data-testid="task-form-type" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="priority" label={t('tasks.fields.priority')}>
            <Select<TaskPriority> options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))} data-testid="task-form-priority" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="dueAt" label={t('tasks.fields.dueAt')} required rules={[{ required: true, message: t('validation.required') }]} style={{ marginBottom: 8 }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="task-form-dueAt" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="reminderMinutes" label={t('tasks.fields.reminder')} style={{ marginBottom: 8 }}>
            <Select<number> options={reminderOptions} data-testid="task-form-reminder" />
          </Form.Item>
        </Col>
      </Row>
      <Space size={4} wrap style={{ marginBottom: 16 }}>
        {QUICK_PICKS.map((pick) => (
          <Button key={pick} size="small" onClick={() => form.setFieldValue('dueAt', quickPickTime(pick, dayjs()))} data-testid={`task-form-quick-${pick}`}>
            {t(`followUps.quickPicks.${pick}`)}
          </Button>
        ))}
      </Space>
      {mayAssign ? (
        <Form.Item name="assigneeId" label={t('tasks.fields.assignee')} extra={t('tasks.assigneeHint')}>
          <UserSelect data-testid="task-form-assignee" />
        </Form.Item>
      ) : null}
      {!editing ? (
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item name="customerId" label={t('tasks.fields.customer')}>
              <CustomerSearchSelect
                placeholder={t('tasks.selectCustomer')}
                onChange={(v) => {
                  form.setFieldsValue({ customerId: v, contactId: null });
                }}
                data-testid="task-form-customer"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="contactId" label={t('tasks.fields.contact')}>
              <Select<string>
                allowClear
                disabled={!customerId}
                options={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                placeholder={t('followUps.selectContact')}
                data-testid="task-form-contact"
              />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      <Form.Item name="description" label={t('tasks.fields.description')} rules={rules('description')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="task-form-description" />
      </Form.Item>
    </FormDrawer>
  );
}
