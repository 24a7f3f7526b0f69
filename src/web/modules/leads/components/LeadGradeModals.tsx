import { useEffect } from 'react';
import { App, Form, Input, Modal, Radio, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LEAD_GRADE_LABELS, LEAD_GRADES, type LeadCriteria, type LeadGrade } from '../../../../contracts/vocabulary.ts';
import { gradeOverride, type Lead } from '../../../../contracts/leads.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { withTestId } from '../../../ui/testId.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { useLabel } from '../../customers/hooks.ts';
import { criteriaChanges } from '../leadForm.ts';
import { leadsKeys, updateLead, type UpdateLeadBody } from '../leads.api.ts';
import { CriteriaFields, GradePreview } from './LeadFormDrawer.tsx';

type Props = { lead: Lead; open: boolean; onClose: () => void };

/** A PATCH of the lead that refreshes it and its history, with the usual error handling. */
function useLeadPatch(lead: Lead, onDone: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  return useMutation({
    mutationFn: (body: UpdateLeadBody) => updateLead(lead.id, body),
    onSuccess: (updated) => {
      client.setQueryData(leadsKeys.detail(lead.id), updated);
      void client.invalidateQueries({ queryKey: leadsKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
      void message.success(t('common.saved'));
      onDone();
    },
    onError: (err) => handleError(err, { conflictKeys: [leadsKeys.all], onConflict: onDone }),
  });
}

/** Re-answer the grading criteria; the grade follows the server's rule, shown live. */
export function CriteriaModal({ lead, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ criteria: LeadCriteria }>();
  const criteria = Form.useWatch('criteria', form);
  const patch = useLeadPatch(lead, onClose);

  useEffect(() => {
    if (open) form.setFieldsValue({ criteria: lead.criteria });
  }, [open, lead, form]);

  const submit = ({ criteria: next }: { criteria: LeadCriteria }) => {
    const changed = criteriaChanges(lead, next);
    if (!changed) {
      void message.info(t('common.noChanges'));
      onClose();
      return;
    }
    patch.mutate({ version: lead.version, criteria: changed });
  };

  return (
    <Modal
      open={open}
      title={t('leads.criteriaTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={withTestId({ loading: patch.isPending }, 'lead-criteria-submit')}
      destroyOnHidden
      data-testid="lead-criteria-dialog"
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ criteria: lead.criteria }}>
        <CriteriaFields testIdPrefix="lead-criteria" />
      </Form>
      <GradePreview criteria={criteria} />
      {lead.gradeOverrideReason ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('leads.grade.overrideStays', { grade: lead.grade })}
        </Typography.Paragraph>
      ) : null}
    </Modal>
  );
}

type OverrideValues = { grade: LeadGrade; reason: string };

/** Set the grade by hand, with a reason that is kept and audited. */
export function GradeOverrideModal({ lead, open, onClose }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const [form] = Form.useForm<OverrideValues>();
  const patch = useLeadPatch(lead, onClose);

  useEffect(() => {
    if (open) form.setFieldsValue({ grade: lead.grade, reason: lead.gradeOverrideReason ?? '' });
  }, [open, lead, form]);

  return (
    <Modal
      open={open}
      title={t('leads.grade.overrideTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={withTestId({ loading: patch.isPending }, 'lead-override-submit')}
      destroyOnHidden
      data-testid="lead-override-dialog"
    >
      <Typography.Paragraph type="secondary">{t('leads.grade.overrideHint', { computed: lead.computedGrade })}</Typography.Paragraph>
      <Form<OverrideValues>
        form={form}
        layout="vertical"
        onFinish={(v) => patch.mutate({ version: lead.version, gradeOverride: { grade: v.grade, reason: v.reason.trim() } })}
      >
        <Form.Item name="grade" label={t('leads.fields.grade')} required>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={LEAD_GRADES.map((g) => ({ value: g, label: label(LEAD_GRADE_LABELS[g]) }))}
            data-testid="lead-override-grade"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('leads.grade.overrideReason')}
          required
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, zodRule(gradeOverride.shape.reason, t)]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} placeholder={t('leads.grade.overrideReasonPlaceholder')} data-testid="lead-override-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Drop the override: the computed grade counts again. */
export function useRemoveOverride(lead: Lead) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const patch = useLeadPatch(lead, () => undefined);
  return () =>
    modal.confirm({
      title: t('leads.grade.removeOverrideTitle'),
      content: t('leads.grade.removeOverrideBody', { grade: lead.computedGrade }),
      okText: t('leads.grade.removeOverride'),
      okButtonProps: withTestId({}, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => patch.mutateAsync({ version: lead.version, gradeOverride: null }).catch(() => undefined),
    });
}
