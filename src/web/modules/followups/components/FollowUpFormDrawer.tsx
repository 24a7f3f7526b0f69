import { Alert, App, Button, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { createFollowUpBody, type FollowUp } from '../../../../contracts/followups.ts';
import { isApiError } from '../../../app/http.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { AttachmentPanel } from '../../attachments/components/AttachmentPanel.tsx';
import { formatDateTime } from '../../../ui/DateTime.tsx';
import { FormDrawer, KEEP_OPEN } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import { getTask } from '../../tasks/tasks.api.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import {
  initialFollowUpValues,
  QUICK_PICKS,
  quickPickTime,
  REMINDER_CHOICES,
  reminderLabel,
  toCreateBody,
  toUpdateBody,
  type FollowUpValues,
} from '../followUpForm.ts';
import { createFollowUp, followUpsKeys, updateFollowUp } from '../followups.api.ts';
import { useActivityInvalidation, useFollowUpMethods } from '../hooks.ts';

/** Who or what a new follow-up is about: a customer (optionally one of its contacts) or a lead. */
export type FollowUpFormTarget =
  | { mode: 'create'; customerId?: string; leadId?: string; contactId?: string | null; subjectName: string }
  | { mode: 'edit'; followUp: FollowUp };

/** The reminder choices as a select's options. */
export function useReminderOptions() {
  const { t } = useTranslation();
  return REMINDER_CHOICES.map((m) => {
    const l = reminderLabel(m);
    return { value: m, label: t(`followUps.reminders.${l.key}`, { count: l.count }) };
  });
}

/**
 * Files of a follow-up (AttachmentPanel, ownerType "follow_up"). A new follow-up has no id yet:
 * it gets its files once saved ("save and add files" reopens it for that).
 */
function AttachmentsSlot({ followUp, canUpload }: { followUp: FollowUp | null; canUpload: boolean }) {
  const { t } = useTranslation();
  if (!followUp) {
    return (
      <div data-testid="follow-up-attachments-slot">
        <Typography.Text type="secondary">
          <PaperClipOutlined /> {t('followUps.attachmentsSlot')}
        </Typography.Text>
      </div>
    );
  }
  return (
    <section className="kehu-form-section" data-testid="follow-up-attachments">
      <Typography.Title level={5} className="kehu-form-section-title">
        <PaperClipOutlined /> {t('followUps.attachmentsTitle')}
      </Typography.Title>
      <AttachmentPanel ownerType="follow_up" ownerId={followUp.id} canUpload={canUpload} />
    </section>
  );
}

/** The extra submit that saves and reopens the follow-up for its files. */
const ATTACH = 'attach';

type Props = {
  target: FollowUpFormTarget | null;
  onClose: () => void;
  /** After "save and add files": the saved follow-up, to reopen for its attachments. */
  onAttach?: (followUp: FollowUp) => void;
  mayUpload?: (followUp: FollowUp) => boolean;
};

/** 写跟进: log a follow-up on a customer or lead, or edit one; one drawer for every place that opens it. */
export function FollowUpFormDrawer({ target, onClose, onAttach, mayUpload }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const me = useCurrentUser();
  const [form] = Form.useForm<FollowUpValues>();
  const rules = useZodRules(createFollowUpBody.shape);
  const invalidate = useActivityInvalidation();
  const methods = useFollowUpMethods(!!target);
  const reminderOptions = useReminderOptions();
  const editing = target?.mode === 'edit' ? target.followUp : null;
  const customerId = target?.mode === 'create' ? (target.customerId ?? null) : (editing?.customerId ?? null);
  const open = !!target;

  const contacts = useQuery({
    queryKey: customersKeys.contacts(customerId ?? ''),
    queryFn: ({ signal }) => listContacts(customerId ?? '', signal),
    enabled: open && !!customerId && can('contact:read'),
  });

  const firstMethod = methods.options()[0]?.value;
  const initialValues = (): Partial<FollowUpValues> =>
    target
      ? {
          ...initialFollowUpValues(dayjs(), target.mode === 'edit' ? target.followUp : null, target.mode === 'create' ? target.contactId : undefined, target.mode === 'create' ? firstMethod : undefined),
          ...(target.mode === 'create' ? { ownerId: me.id } : {}),
        }
      : {};
  // A new follow-up starts on the first method, so the form is filled once the methods are in
  // (set later, it would count as a change and closing would ask to discard it).
  const ready = target?.mode !== 'create' || !methods.query.isPending;

  const nextAt = Form.useWatch('nextFollowUpAt', form);

  const save = async (values: FollowUpValues) => {
    if (!target) return { result: 'unchanged' as const };
    if (target.mode === 'edit') {
      const body = toUpdateBody(target.followUp, values);
      if (!body) return { result: 'unchanged' as const };
      return { result: 'updated' as const, followUp: await updateFollowUp(target.followUp.id, body) };
    }
    const created = await createFollowUp(toCreateBody(values, { customerId: target.customerId, leadId: target.leadId, meId: me.id }));
    // Name the task it created, so the user knows where the next step went.
    const task = created.taskId ? await getTask(created.taskId).catch(() => null) : null;
    return { result: 'created' as const, followUp: created, task };
  };

  const onSaved = (out: Awaited<ReturnType<typeof save>>, action?: string) => {
    if (out.result === 'created') {
      if (out.task) void message.success(t('followUps.savedWithTask', { title: out.task.title, due: formatDateTime(out.task.dueAt) }));
      else void message.success(t('followUps.saved'));
    } else if (out.result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    invalidate();
    // "Save and add files": the same drawer reopens on the saved follow-up.
    if (action === ATTACH && out.result === 'created' && onAttach) {
      onAttach(out.followUp);
      return KEEP_OPEN;
    }
  };

  // Someone else's follow-up this user may read but not change.
  const notAllowed = (err: unknown): boolean => {
    if (target?.mode !== 'edit' || !isApiError(err) || err.status !== 403) return false;
    void message.error(t('followUps.notAllowed'));
    return true;
  };

  const title = editing ? t('followUps.editTitle') : target?.mode === 'create' ? t('followUps.logTitleFor', { name: target.subjectName }) : t('followUps.logTitle');
  const contactOptions = (contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.title ? t('followUps.contactWithTitle', { name: c.name, title: c.title }) : c.name }));

  return (
    <FormDrawer<FollowUpValues, Awaited<ReturnType<typeof save>>>
      form={form}
      open={open}
      onClose={onClose}
      record={target}
      initialValues={initialValues}
      ready={ready}
      title={title}
      size={640}
      testId="follow-up-form"
      submitText={t('common.save')}
      extraSubmits={!editing && onAttach ? [{ key: ATTACH, text: t('followUps.saveAndAttach'), icon: <PaperClipOutlined />, testId: 'follow-up-form-save-attach' }] : undefined}
      onSubmit={save}
      onSaved={onSaved}
      onSubmitError={notAllowed}
      errorOptions={{ conflictKeys: [followUpsKeys.all] }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="method" label={t('followUps.fields.method')} required rules={rules('method')}>
            <Select<string>
              options={methods.options(editing?.method)}
              loading={methods.query.isPending}
              status={methods.query.isError ? 'error' : undefined}
              placeholder={methods.query.isError ? t('errors.loadFailed') : t('followUps.selectMethod')}
              data-testid="follow-up-form-method"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="happenedAt" label={t('followUps.fields.happenedAt')} required rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
              data-testid="follow-up-form-happenedAt"
            />
          </Form.Item>
        </Col>
      </Row>
      {customerId ? (
        <Form.Item name="contactId" label={t('followUps.fields.contact')}>
          <Select<string>
            allowClear
            options={contactOptions}
            loading={contacts.isPending && contacts.fetchStatus !== 'idle'}
            placeholder={t('followUps.selectContact')}
            notFoundContent={t('followUps.noContacts')}
            data-testid="follow-up-form-contact"
          />
        </Form.Item>
      ) : null}
      <Form.Item name="content" label={t('followUps.fields.content')} required rules={rules('content')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} placeholder={t('followUps.contentPlaceholder')} data-testid="follow-up-form-content" />
      </Form.Item>
      <Form.Item name="feedback" label={t('followUps.fields.feedback')} rules={rules('feedback')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="follow-up-form-feedback" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="agreements" label={t('followUps.fields.agreements')} rules={rules('agreements')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="follow-up-form-agreements" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="openQuestions" label={t('followUps.fields.openQuestions')} rules={rules('openQuestions')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="follow-up-form-openQuestions" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="nextAction" label={t('followUps.fields.nextAction')} rules={rules('nextAction')}>
        <Input maxLength={500} placeholder={t('followUps.nextActionPlaceholder')} data-testid="follow-up-form-nextAction" />
      </Form.Item>
      {editing ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('followUps.nextOnlyOnCreate')} />
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={24} sm={14}>
              <Form.Item
                name="nextFollowUpAt"
                label={t('followUps.fields.nextFollowUpAt')}
                extra={t('followUps.nextHint')}
                dependencies={['happenedAt']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_r, value: dayjs.Dayjs | null | undefined) => {
                      const happened = getFieldValue('happenedAt') as dayjs.Dayjs | null | undefined;
                      if (value && happened && !value.isAfter(happened)) throw new Error(t('followUps.nextAfterHappened'));
                    },
                  }),
                ]}
                style={{ marginBottom: 8 }}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
                  data-testid="follow-up-form-nextFollowUpAt"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item name="reminderMinutes" label={t('followUps.fields.reminder')} style={{ marginBottom: 8 }}>
                <Select<number> options={reminderOptions} disabled={!nextAt} data-testid="follow-up-form-reminder" />
              </Form.Item>
            </Col>
          </Row>
          <Space size={4} wrap style={{ display: 'flex', marginBottom: 20 }} data-testid="follow-up-form-quick-picks">
            {QUICK_PICKS.map((pick) => (
              <Button
                key={pick}
                size="small"
                onClick={() => {
                  form.setFieldValue('nextFollowUpAt', quickPickTime(pick, dayjs()));
                  void form.validateFields(['nextFollowUpAt']).catch(() => undefined);
                }}
                data-testid={`follow-up-form-quick-${pick}`}
              >
                {t(`followUps.quickPicks.${pick}`)}
              </Button>
            ))}
          </Space>
        </>
      )}
      {/* A manager may log a visit made with a salesperson on that salesperson (who gets the task). */}
      {!editing && me.role.dataScope !== 'own' && can('user:read') ? (
        <Form.Item name="ownerId" label={t('followUps.fields.owner')} extra={t('followUps.ownerHint')}>
          <UserSelect data-testid="follow-up-form-owner" />
        </Form.Item>
      ) : null}
      <AttachmentsSlot followUp={editing} canUpload={!!editing && (mayUpload?.(editing) ?? false)} />
    </FormDrawer>
  );
}
