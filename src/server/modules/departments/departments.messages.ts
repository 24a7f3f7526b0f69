import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The departments module's server messages (error details and the texts it writes). */
export const departmentsMessages = {
  en: {
    'entity.department': 'Department',
    'duplicate.departmentName': 'A department with this name already exists at this level',
    'department.hasChildren': 'The department has sub-departments; move or delete them first',
    'department.hasUsers': 'The department still has {count} users; move them first',
    'department.cycle': 'A department cannot be placed under itself or one of its sub-departments',
  },
  'zh-CN': {
    'entity.department': '部门',
    'duplicate.departmentName': '同一层级下已有同名部门',
    'department.hasChildren': '该部门下还有子部门，请先移动或删除子部门',
    'department.hasUsers': '该部门下还有 {count} 名用户，请先调整他们的部门',
    'department.cycle': '部门不能移动到自身或其下级部门之下',
  },
} satisfies MessageCatalogue;
