/** XA501 crash-evidence-lost: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/lifecycle/crash-evidence-lost.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'coredump-restart',
      files: 'name = "a"\non_crash = "coredump-restart"\n',
    },
    {
      name: 'preserve',
      files: 'name = "a"\non_crash = "preserve"\n',
    },
  ],
  invalid: [
    {
      name: 'absent',
      files: '# web\nname = "a"\n',
      errors: [
        {
          messageId: 'absent',
          line: 2,
        },
      ],
    },
    {
      name: 'restart',
      files: 'name = "a"\n\non_crash = "restart"\n',
      errors: [
        {
          messageId: 'losing',
          line: 3,
        },
      ],
    },
  ],
});
