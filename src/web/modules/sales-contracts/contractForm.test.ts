import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { contractChanges, fenToYuan, fillFromSource, initialContractValues, planSum, toCreateContractBody, toPlanBody, yuanToFen, type PlanRow } from './contractForm.ts';
import type { Contract } from '../../../contracts/sales-contracts.ts';

describe('amounts typed in yuan', () => {
  it('become fen exactly, without float arithmetic', () => {
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('1234.5')).toBe(123450);
    expect(yuanToFen(1.15)).toBe(115);
    expect(yuanToFen('100000.01')).toBe(10_000_001);
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('')).toBeNull();
    expect(fenToYuan(10_000_001)).toBe('100000.01');
    expect(fenToYuan(5)).toBe('0.05');
  });
  it('are summed over the plan rows', () => {
    const rows: PlanRow[] = [
      { key: 'a', dueOn: dayjs('2026-03-01'), amountYuan: '0.1', receivedFen: 0 },
      { key: 'b', dueOn: dayjs('2026-04-01'), amountYuan: '0.2', receivedFen: 0 },
      { key: 'c', dueOn: null, amountYuan: null, receivedFen: 0 },
    ];
    expect(planSum(rows)).toBe(30);
    expect(toPlanBody(rows)).toEqual({ incomplete: 2 });
    expect(toPlanBody(rows.slice(0, 2))).toEqual({
      installments: [
        { dueOn: '2026-03-01', amountFen: 10, notes: null },
        { dueOn: '2026-04-01', amountFen: 20, notes: null },
      ],
    });
  });
});

describe('the contract form', () => {
  const c = {
    id: 'c1',
    title: '年度维保合同',
    customerId: 'cu1',
    contactId: null,
    opportunityId: null,
    orderId: null,
    amountFen: 12_345_67,
    currency: 'CNY',
    signedOn: null,
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    terms: null,
    notes: null,
    ownerId: 'u1',
    version: 3,
  } as unknown as Contract;
  it('sends only what changed', () => {
    const v = initialContractValues({ mode: 'edit', contract: c });
    expect(v.amountYuan).toBe('12345.67');
    expect(contractChanges(c, v)).toBeNull();
    expect(contractChanges(c, { ...v, amountYuan: '12345.68', signedOn: dayjs('2026-01-02') })).toEqual({ version: 3, amountFen: 12_345_68, signedOn: '2026-01-02' });
  });
  it('links an opportunity or order, and unlinks it', () => {
    const v = initialContractValues({ mode: 'edit', contract: c });
    expect(contractChanges(c, { ...v, opportunityId: 'op1' })).toEqual({ version: 3, opportunityId: 'op1' });
    const linked = { ...c, orderId: 'or1' } as Contract;
    expect(contractChanges(linked, { ...initialContractValues({ mode: 'edit', contract: linked }), orderId: null })).toEqual({ version: 3, orderId: null });
  });
  it('takes the amount and title of the picked opportunity or order only where still empty', () => {
    const source = { title: '立德 ERP 项目', amountFen: 1_980_000_50, currency: 'USD' as const };
    expect(fillFromSource({ title: '', amountYuan: null }, source)).toEqual({ title: '立德 ERP 项目', amountYuan: '1980000.50', currency: 'USD' });
    expect(fillFromSource({ title: '年度合同', amountYuan: '5000' }, source)).toEqual({});
  });
  it('creates with the period and amount in fen', () => {
    expect(toCreateContractBody({ title: ' 合同 ', customerId: 'cu1', amountYuan: '99.99', currency: 'CNY', period: [dayjs('2026-01-01'), dayjs('2026-06-30')] })).toMatchObject({
      title: '合同',
      amountFen: 9999,
      startsOn: '2026-01-01',
      endsOn: '2026-06-30',
    });
  });
});
