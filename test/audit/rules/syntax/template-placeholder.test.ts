/** XA904 template-placeholder: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/syntax/template-placeholder.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'commented placeholder',
      files: "name = 'a'\n# memory = '{{ meminmb }}'\n",
    },
  ],
  invalid: [
    {
      name: 'jinja and YOUR_',
      files: "name = 'vm-{{ vm_name }}'\nmemory = 'YOUR_DOMU_MEMORY'\n",
      errors: [
        {
          messageId: 'placeholder',
          line: 1,
        },
        {
          messageId: 'placeholder',
          line: 2,
        },
      ],
    },
    {
      name: 'shell variable',
      files: 'name = "a"\nkernel = "${KERNEL}"\n',
      errors: [
        {
          messageId: 'placeholder',
          line: 2,
        },
      ],
    },
  ],
});
