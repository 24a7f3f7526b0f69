import dayjs, { type Dayjs } from 'dayjs';
import type { Customer } from '../../../contracts/customers.ts';
import type { AnnualRevenueRange, CustomerKind, EmployeeSizeRange, LeadChannel, LeadGrade, LifecycleStage } from '../../../contracts/vocabulary.ts';
import { emptyToNull } from '../../app/validation.ts';
import type { UpdateCustomerBody } from './customers.api.ts';
import { codesToPath, pathToCodes } from './divisions.ts';

/** The customer form's values, and how they become the API's create and update bodies. */

export type DecisionMakerValue = { name?: string; title?: string; role?: string };

export type Values = {
  kind: CustomerKind;
  name: string;
  industryCode?: string | null;
  employeeSize?: EmployeeSizeRange | null;
  annualRevenue?: AnnualRevenueRange | null;
  creditCode?: string;
  division?: string[];
  address?: string;
  sourceChannel?: LeadChannel | null;
  sourceDetail?: string;
  firstContactDate?: Dayjs | null;
  stage: LifecycleStage;
  grade?: LeadGrade | null;
  needs?: string;
  decisionChain?: DecisionMakerValue[];
  budgetNotes?: string;
  decisionNotes?: string;
  tagIds?: string[];
  collaboratorIds?: string[];
  ownerId?: string | null;
};

export function initialValues(c: Customer | null | undefined, ownerId: string): Values {
  if (!c) return { kind: 'company', name: '', stage: 'potential', decisionChain: [], tagIds: [], collaboratorIds: [], ownerId };
  return {
    kind: c.kind,
    name: c.name,
    industryCode: c.industryCode,
    employeeSize: c.employeeSize,
    annualRevenue: c.annualRevenue,
    creditCode: c.creditCode ?? '',
    division: codesToPath(c),
    address: c.address ?? '',
    sourceChannel: c.sourceChannel,
    sourceDetail: c.sourceDetail ?? '',
    firstContactDate: c.firstContactDate ? dayjs(c.firstContactDate) : null,
    stage: c.stage,
    grade: c.grade,
    needs: c.needs ?? '',
    decisionChain: c.decisionChain.map((d) => ({ name: d.name, title: d.title ?? '', role: d.role ?? '' })),
    budgetNotes: c.budgetNotes ?? '',
    decisionNotes: c.decisionNotes ?? '',
    tagIds: c.tags.map((t) => t.id),
    collaboratorIds: c.collaboratorIds,
  };
}

/** The form's values as the API's fields (without owner and force). */
export function toBody(values: Values, withSensitive: boolean) {
  const body = {
    kind: values.kind,
    name: values.name.trim(),
    industryCode: values.industryCode ?? null,
    employeeSize: values.employeeSize ?? null,
    annualRevenue: values.annualRevenue ?? null,
    creditCode: emptyToNull(values.creditCode)?.toUpperCase() ?? null,
    ...pathToCodes(values.division),
    address: emptyToNull(values.address),
    sourceChannel: values.sourceChannel ?? null,
    sourceDetail: emptyToNull(values.sourceDetail),
    firstContactDate: values.firstContactDate ? values.firstContactDate.format('YYYY-MM-DD') : null,
    stage: values.stage,
    grade: values.grade ?? null,
    needs: emptyToNull(values.needs),
    decisionChain: (values.decisionChain ?? [])
      .filter((d) => d.name?.trim())
      .map((d) => ({ name: (d.name ?? '').trim(), title: emptyToNull(d.title), role: emptyToNull(d.role) })),
    tagIds: values.tagIds ?? [],
    // Only users who may list users get the collaborator field; for the others it stays as it is.
    ...(values.collaboratorIds ? { collaboratorIds: values.collaboratorIds } : {}),
  };
  return withSensitive ? { ...body, budgetNotes: emptyToNull(values.budgetNotes), decisionNotes: emptyToNull(values.decisionNotes) } : body;
}

/** Only what changed goes into the PATCH, with the version the edit started from. */
export function changes(c: Customer, values: Values, withSensitive: boolean): UpdateCustomerBody | null {
  const next: Record<string, unknown> = toBody(values, withSensitive);
  const current: Record<string, unknown> = {
    ...toBody(initialValues(c, ''), withSensitive),
    // Compare with what the server has, not with its round trip through the form.
    creditCode: c.creditCode,
  };
  const body: Record<string, unknown> = { version: c.version };
  let changed = false;
  for (const [key, value] of Object.entries(next)) {
    const before = key === 'tagIds' || key === 'collaboratorIds' ? [...((current[key] as string[] | undefined) ?? [])].sort() : current[key];
    const after = key === 'tagIds' || key === 'collaboratorIds' ? [...(value as string[])].sort() : value;
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      body[key] = value;
      changed = true;
    }
  }
  return changed ? (body as UpdateCustomerBody) : null;
}

