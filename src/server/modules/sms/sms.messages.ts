import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The SMS module's server messages (error details and the texts it writes). */
export const smsMessages = {
  en: {
    'entity.smsSend': 'SMS send',
    'sms.unmappedVariable': 'Say what fills these template variables: {names}',
    'sms.unknownVariable': 'The template has no variable ${{name}}',
    'sms.linkRequired': 'Enter the address the short link leads to',
    'sms.paramName': 'A variable name: letters, digits and _',
    'sms.templateCode': 'The template code as the provider gives it, e.g. SMS_123456789',
  },
  'zh-CN': {
    'entity.smsSend': '短信群发',
    'sms.unmappedVariable': '请为这些模板变量选择取值：{names}',
    'sms.unknownVariable': '模板中没有变量 ${{name}}',
    'sms.linkRequired': '请填写短链接指向的地址',
    'sms.paramName': '变量名只能包含字母、数字和下划线',
    'sms.templateCode': '请填写服务商提供的模板 CODE，如 SMS_123456789',
  },
} as const satisfies MessageCatalogue;
