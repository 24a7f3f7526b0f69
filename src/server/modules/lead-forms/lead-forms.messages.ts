import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The lead-forms module's server messages (error details and the texts it writes). */
export const leadFormsMessages = {
  en: {
    'entity.leadForm': 'Lead form',
    'leadForm.nameRequired': 'The form must ask for the name, as a required field',
    'leadForm.contactRequired': 'The form must ask for a phone or an e-mail address as a required field',
    'leadForm.duplicateField': 'This field is on the form twice',
    'leadForm.slugTaken': 'This address is taken by another form',
    'leadForm.slugFormat': '3–60 lower-case letters, digits and hyphens',
    'leadForm.originFormat': 'A site address such as https://www.example.com',
  },
  'zh-CN': {
    'entity.leadForm': '获客表单',
    'leadForm.nameRequired': '表单必须包含“姓名”且为必填',
    'leadForm.contactRequired': '表单必须包含手机号或邮箱，且至少一项必填',
    'leadForm.duplicateField': '该字段重复',
    'leadForm.slugTaken': '该地址已被其他表单使用',
    'leadForm.slugFormat': '3–60 位小写字母、数字或连字符',
    'leadForm.originFormat': '请填写网站地址，如 https://www.example.com',
  },
} as const satisfies MessageCatalogue;
