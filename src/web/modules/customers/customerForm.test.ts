import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import type { Customer } from '../../../contracts/customers.ts';
import { changes, initialValues, toBody } from './customerForm.ts';

const customer: Customer = {
  id: '00000000-0000-4000-8000-000000000001',
  number: '2026-MANU-001',
  legacyNumber: null,
  kind: 'company',
  name: '上海华信精密机械有限公司',
  industryCode: 'MANU',
  employeeSize: '50-99',
  annualRevenue: null,
  creditCode: '91310000MA1FL2XQ3B',
  provinceCode: '110000',
  cityCode: '110100',
  districtCode: '110105',
  divisionPath: '北京市朝阳区',
  address: '建国路 88 号',
  region: 'north',
  sourceChannel: 'trade_show',
  sourceDetail: null,
  firstContactDate: '2026-03-01',
  stage: 'potential',
  grade: null,
  needs: null,
  decisionChain: [{ name: '李总', title: null, role: '决策人' }],
  budgetNotes: '50 万',
  decisionNotes: null,
  ownerId: null,
  ownerName: null,
  departmentId: null,
  departmentName: null,
  collaboratorIds: ['00000000-0000-4000-8000-000000000002'],
  tags: [
    { id: '00000000-0000-4000-8000-000000000003', name: 'VIP', color: 'gold' },
    { id: '00000000-0000-4000-8000-000000000004', name: '华北', color: 'blue' },
  ],
  lastFollowUpAt: null,
  lifetimeValueFen: 0,
  paidOrderCount: 0,
  repurchase: false,
  lastPaidAt: null,
  rfmClass: 'none',
  campaignId: null,
  campaignName: null,
  mergedIntoId: null,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  version: 3,
};

describe('customer form', () => {
  it('sends nothing when nothing changed', () => {
    expect(changes(customer, initialValues(customer, ''), true)).toBeNull();
  });

  it('sends only the changed fields, with the version', () => {
    const values = { ...initialValues(customer, ''), stage: 'intent' as const, firstContactDate: dayjs('2026-03-02'), tagIds: [customer.tags[1]!.id, customer.tags[0]!.id] };
    expect(changes(customer, values, true)).toEqual({ version: 3, stage: 'intent', firstContactDate: '2026-03-02' });
  });

  it('leaves sensitive fields and an unrendered collaborator field alone', () => {
    const { collaboratorIds: _hidden, ...values } = { ...initialValues(customer, ''), budgetNotes: '' };
    expect(changes(customer, values, false)).toBeNull();
    expect(toBody(values, false)).not.toHaveProperty('budgetNotes');
    expect(toBody(values, false)).not.toHaveProperty('collaboratorIds');
  });

  it('turns the form into the API fields', () => {
    const body = toBody(
      {
        kind: 'company',
        name: '  北京星辰科技有限公司 ',
        stage: 'potential',
        creditCode: ' 91110000ma01abcd2x ',
        division: ['810000'],
        address: '   ',
        decisionChain: [{ name: '王经理', title: '', role: '采购' }, { name: ' ' }],
      },
      true,
    );
    expect(body).toMatchObject({
      name: '北京星辰科技有限公司',
      creditCode: '91110000MA01ABCD2X',
      provinceCode: '810000',
      cityCode: null,
      districtCode: null,
      address: null,
      decisionChain: [{ name: '王经理', title: null, role: '采购' }],
      budgetNotes: null,
    });
  });
});
