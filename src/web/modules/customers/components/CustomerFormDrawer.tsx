import { useRef, useState } from 'react';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Cascader,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Customer, DuplicateCandidate } from '../../../../contracts/customers.ts';
import { createCustomerBody, duplicateCandidate } from '../../../../contracts/customers.ts';
import { ANNUAL_REVENUE_RANGES, CUSTOMER_KIND_LABELS, CUSTOMER_KINDS, EMPLOYEE_SIZE_RANGES, LEAD_GRADE_LABELS, LEAD_GRADES, LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES, type AnnualRevenueRange, type EmployeeSizeRange, type LeadChannel, type LeadGrade, type LifecycleStage } from '../../../../contracts/vocabulary.ts';
import { isApiError } from '../../../app/http.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { FormDrawer, useFormDrawerSubmission } from '../../../ui/FormDrawer.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { useZodRules } from '../../../ui/zodRule.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { changes, initialValues, toBody, type Values } from '../customerForm.ts';
import { checkDuplicates, createCustomer, customersKeys, updateCustomer, type CreateCustomerBody } from '../customers.api.ts';
import { loadDivisions } from '../divisions.ts';
import { useIndustries, useLabel, useSourceChannels, useTags } from '../hooks.ts';
import { CollaboratorSelect } from './CollaboratorSelect.tsx';
import { DuplicateList } from './DuplicateList.tsx';

type Props = {
  open: boolean;
  /** The customer being edited; absent when creating. */
  customer?: Customer | null;
  onClose: () => void;
  onCreated?: (customer: Customer) => void;
};

/** A credit code looks like 18 characters of GB 32100 (the server checks the checksum). */
const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const DECISION_ROLES = ['decider', 'influencer', 'user', 'purchaser'] as const;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="kehu-form-section">
      <Typography.Title level={5} className="kehu-form-section-title">
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

export function CustomerFormDrawer({ open, customer, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const rules = useZodRules(createCustomerBody.shape);
  const me = useCurrentUser();
  const can = useCan();
  const label = useLabel();
  const channels = useSourceChannels();
  const industries = useIndustries();
  const tags = useTags();
  const editing = !!customer;
  // Without the right the API leaves sensitive fields out; then the form hides them too.
  const showSensitive = me.role.canViewSensitive && (!customer || 'budgetNotes' in customer || 'decisionNotes' in customer);
  const canPickUsers = can('user:read');
  const [forcing, setForcing] = useState<{ candidates: DuplicateCandidate[]; values: Values } | null>(null);
  // The reason of a "create anyway", read by the next save.
  const force = useRef<string | null>(null);

  const divisions = useQuery({ queryKey: ['divisions'], queryFn: loadDivisions, staleTime: Infinity, enabled: open });

  // Live duplicate check as the user types the name or the credit code.
  const name = useDebounced((Form.useWatch('name', form) ?? '').trim(), 400);
  const creditCode = useDebounced((Form.useWatch('creditCode', form) ?? '').trim().toUpperCase(), 400);
  const checkBody = {
    name: name.length >= 2 ? name : undefined,
    creditCode: creditCode.length >= 8 ? creditCode : undefined,
    excludeId: customer?.id,
  };
  const duplicates = useQuery({
    queryKey: customersKeys.duplicates(checkBody),
    queryFn: ({ signal }) => checkDuplicates(checkBody, signal),
    enabled: open && !!(checkBody.name || checkBody.creditCode),
    staleTime: 10_000,
  });
  const candidates = open && (checkBody.name || checkBody.creditCode) ? (duplicates.data?.items ?? []) : [];

  const save = async (values: Values) => {
    const reason = force.current;
    force.current = null;
    if (customer) {
      const body = changes(customer, values, showSensitive);
      if (!body) return { result: 'unchanged' as const };
      return { result: 'updated' as const, customer: await updateCustomer(customer.id, body) };
    }
    const body: CreateCustomerBody = { ...toBody(values, showSensitive) };
    if (can('customer:assign') && values.ownerId !== undefined) body.ownerId = values.ownerId;
    if (reason) {
      body.force = true;
      body.forceReason = reason;
    }
    return { result: 'created' as const, customer: await createCustomer(body) };
  };

  const onSaved = (out: Awaited<ReturnType<typeof save>>) => {
    if (out.result === 'created') {
      void message.success(t('customers.created', { number: out.customer.number }));
      onCreated?.(out.customer);
    } else if (out.result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    setForcing(null);
    void client.invalidateQueries({ queryKey: customersKeys.all });
    // The history tab reads the audit log, which now has one more entry.
    void client.invalidateQueries({ queryKey: auditKeys.all });
  };

  /** A likely duplicate may be created anyway, with a reason; the same credit code never (one legal entity). */
  const offerForce = (err: unknown, values: Values): boolean => {
    if (customer || !isApiError(err, 'DUPLICATE')) return false;
    const found = err.candidates.flatMap((c) => {
      const parsed = duplicateCandidate.safeParse(c);
      return parsed.success ? [parsed.data] : [];
    });
    if (found.length === 0 || found.some((c) => c.reasons.includes('credit_code'))) return false;
    setForcing({ candidates: found, values });
    return true;
  };

  const decisionRoleOptions = DECISION_ROLES.map((r) => ({ value: t(`customers.decisionRoles.${r}`) }));

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      form={form}
      open={open}
      onClose={onClose}
      record={customer}
      initialValues={() => initialValues(customer, me.id)}
      title={editing ? t('customers.editTitle', { name: customer.name }) : t('customers.createTitle')}
      size={780}
      testId="customer-form"
      submitText={editing ? t('common.save') : t('customers.create')}
      onSubmit={save}
      onSaved={onSaved}
      onSubmitError={offerForce}
      errorOptions={{ fieldMap: { provinceCode: 'division', cityCode: 'division', districtCode: 'division' }, conflictKeys: [customersKeys.all] }}
      dialogs={
        <ForceCreateDialog
          forcing={forcing}
          onCancel={() => setForcing(null)}
          onConfirm={(reason) => {
            force.current = reason;
          }}
        />
      }
    >
      <Section title={t('customers.sections.basics')}>
        <Form.Item name="kind" label={t('customers.fields.kind')} required>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={CUSTOMER_KINDS.map((k) => ({ value: k, label: label(CUSTOMER_KIND_LABELS[k]) }))}
            data-testid="customer-form-kind"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('customers.fields.name')}
          required
          extra={t('customers.nameHint')}
          rules={rules('name')}
          style={{ marginBottom: candidates.length > 0 ? 8 : undefined }}
        >
          <Input maxLength={100} autoComplete="off" data-testid="customer-form-name" />
        </Form.Item>
        {candidates.length > 0 ? (
          <Alert
            type={candidates.some((c) => c.strong) ? 'error' : 'warning'}
            showIcon
            icon={<WarningOutlined />}
            style={{ marginBottom: 16 }}
            data-testid="customer-duplicate-warning"
            title={t('customers.duplicates.liveTitle', { count: candidates.length })}
            description={<DuplicateList items={candidates} testId="customer-duplicate-list" />}
          />
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="industryCode" label={t('customers.fields.industry')}>
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={industries.options}
                loading={industries.query.isPending}
                placeholder={t('customers.selectIndustry')}
                data-testid="customer-form-industry"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="stage" label={t('customers.fields.stage')} required>
              <Select<LifecycleStage>
                options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: label(LIFECYCLE_STAGE_LABELS[s]) }))}
                data-testid="customer-form-stage"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="grade" label={t('customers.fields.grade')} extra={t('customers.gradeHint')}>
              <Select<LeadGrade>
                allowClear
                options={LEAD_GRADES.map((g) => ({ value: g, label: label(LEAD_GRADE_LABELS[g]) }))}
                placeholder={t('customers.selectPlaceholder')}
                data-testid="customer-form-grade"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="employeeSize" label={t('customers.fields.employeeSize')}>
              <Select<EmployeeSizeRange>
                allowClear
                options={EMPLOYEE_SIZE_RANGES.map((r) => ({ value: r.key, label: label(r.label) }))}
                placeholder={t('customers.selectPlaceholder')}
                data-testid="customer-form-employeeSize"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="annualRevenue" label={t('customers.fields.annualRevenue')}>
              <Select<AnnualRevenueRange>
                allowClear
                options={ANNUAL_REVENUE_RANGES.map((r) => ({ value: r.key, label: label(r.label) }))}
                placeholder={t('customers.selectPlaceholder')}
                data-testid="customer-form-annualRevenue"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="creditCode"
          label={t('customers.fields.creditCode')}
          extra={t('customers.creditCodeHint')}
          rules={[
            ...rules('creditCode'),
            {
              warningOnly: true,
              validator: async (_r, value: string | undefined) => {
                const v = (value ?? '').trim().toUpperCase();
                if (v && !CREDIT_CODE_SHAPE.test(v)) throw new Error(t('customers.creditCodeShape'));
              },
            },
          ]}
        >
          <Input maxLength={18} autoComplete="off" style={{ textTransform: 'uppercase' }} data-testid="customer-form-creditCode" />
        </Form.Item>
      </Section>

      <Section title={t('customers.sections.address')}>
        <Form.Item name="division" label={t('customers.fields.division')}>
          <Cascader
            options={divisions.data?.options ?? []}
            loading={divisions.isPending}
            changeOnSelect
            showSearch
            allowClear
            placeholder={divisions.isError ? t('errors.loadFailed') : t('customers.selectDivision')}
            status={divisions.isError ? 'error' : undefined}
            data-testid="customer-form-division"
          />
        </Form.Item>
        <Form.Item name="address" label={t('customers.fields.address')} rules={rules('address')}>
          <Input maxLength={200} placeholder={t('customers.addressPlaceholder')} data-testid="customer-form-address" />
        </Form.Item>
      </Section>

      <Section title={t('customers.sections.source')}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="sourceChannel" label={t('customers.fields.sourceChannel')}>
              <Select<LeadChannel>
                allowClear
                options={channels.options(customer?.sourceChannel)}
                placeholder={t('customers.selectPlaceholder')}
                data-testid="customer-form-sourceChannel"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="firstContactDate" label={t('customers.fields.firstContactDate')}>
              <DatePicker
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
                data-testid="customer-form-firstContactDate"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="sourceDetail" label={t('customers.fields.sourceDetail')} rules={rules('sourceDetail')}>
          <Input maxLength={200} placeholder={t('customers.sourceDetailPlaceholder')} data-testid="customer-form-sourceDetail" />
        </Form.Item>
      </Section>

      <Section title={t('customers.sections.needs')}>
        <Form.Item name="needs" label={t('customers.fields.needs')} rules={rules('needs')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} data-testid="customer-form-needs" />
        </Form.Item>
        <Form.Item label={t('customers.fields.decisionChain')}>
          <Form.List name="decisionChain">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8} data-testid="customer-form-decisionChain">
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="flex-start">
                    <Form.Item
                      name={[field.name, 'name']}
                      style={{ flex: 1, marginBottom: 0 }}
                      rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
                    >
                      <Input placeholder={t('customers.decisionMaker.name')} maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title']} style={{ flex: 1, marginBottom: 0 }}>
                      <Input placeholder={t('customers.decisionMaker.title')} maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'role']} style={{ flex: 1, marginBottom: 0 }}>
                      <AutoComplete options={decisionRoleOptions} placeholder={t('customers.decisionMaker.role')} maxLength={50} />
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
                  </Flex>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ name: '', title: '', role: '' })}
                  disabled={fields.length >= 30}
                  data-testid="customer-form-decisionChain-add"
                >
                  {t('customers.decisionMaker.add')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      </Section>

      {showSensitive ? (
        <Section title={t('customers.sections.sensitive')}>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {t('customers.sensitiveHint')}
          </Typography.Paragraph>
          <Form.Item name="budgetNotes" label={t('customers.fields.budgetNotes')} rules={rules('budgetNotes')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="customer-form-budgetNotes" />
          </Form.Item>
          <Form.Item name="decisionNotes" label={t('customers.fields.decisionNotes')} rules={rules('decisionNotes')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="customer-form-decisionNotes" />
          </Form.Item>
        </Section>
      ) : null}

      <Section title={t('customers.sections.tags')}>
        <Form.Item name="tagIds" label={t('customers.fields.tags')}>
          <Select<string[]>
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'title' }}
            loading={tags.query.isPending}
            placeholder={t('customers.selectTags')}
            options={tags.items.map((tag) => ({
              value: tag.id,
              title: tag.name,
              label: (
                <Tag color={tag.color} style={{ marginInlineEnd: 0 }}>
                  {tag.name}
                </Tag>
              ),
            }))}
            tagRender={({ value, closable, onClose }) => {
              const tag = tags.byId.get(String(value));
              return (
                <Tag color={tag?.color} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
                  {tag?.name ?? String(value)}
                </Tag>
              );
            }}
            data-testid="customer-form-tags"
          />
        </Form.Item>
        {canPickUsers ? (
          <Form.Item name="collaboratorIds" label={t('customers.fields.collaborators')} extra={t('customers.collaboratorsHint')}>
            <CollaboratorSelect data-testid="customer-form-collaborators" />
          </Form.Item>
        ) : null}
        {!editing && can('customer:assign') && canPickUsers ? (
          <Form.Item name="ownerId" label={t('customers.fields.owner')} extra={t('customers.ownerHint')}>
            <UserSelect placeholder={t('customers.noOwner')} data-testid="customer-form-owner" />
          </Form.Item>
        ) : null}
      </Section>
    </FormDrawer>
  );
}

/** "Looks like these customers": create anyway, with a reason the audit keeps. */
function ForceCreateDialog({
  forcing,
  onCancel,
  onConfirm,
}: {
  forcing: { candidates: DuplicateCandidate[]; values: Values } | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const { submit, submitting } = useFormDrawerSubmission<Values>();
  const [forceReason, setForceReason] = useState('');
  const [shownFor, setShownFor] = useState(forcing);
  // A new conflict starts with an empty reason.
  if (forcing !== shownFor) {
    setShownFor(forcing);
    if (forcing) setForceReason('');
  }
  return (
    <Modal
      open={!!forcing}
      title={t('customers.duplicates.conflictTitle')}
      onCancel={onCancel}
      okText={t('customers.duplicates.createAnyway')}
      okButtonProps={withTestId({ danger: true, disabled: forceReason.trim().length < 2, loading: submitting }, 'customer-force-submit')}
      cancelText={t('common.cancel')}
      onOk={() => {
        if (!forcing) return;
        onConfirm(forceReason.trim());
        submit(forcing.values);
      }}
      data-testid="customer-force-dialog"
      destroyOnHidden
    >
      <Typography.Paragraph>{t('customers.duplicates.conflictBody')}</Typography.Paragraph>
      {forcing ? <DuplicateList items={forcing.candidates} testId="customer-force-candidates" /> : null}
      <Typography.Paragraph strong style={{ marginTop: 12, marginBottom: 4 }}>
        {t('customers.duplicates.forceReason')}
      </Typography.Paragraph>
      <Input.TextArea
        value={forceReason}
        onChange={(e) => setForceReason(e.target.value)}
        maxLength={200}
        autoSize={{ minRows: 2, maxRows: 4 }}
        placeholder={t('customers.duplicates.forceReasonPlaceholder')}
        data-testid="customer-force-reason"
      />
    </Modal>
  );
}
