/** XA902 unknown-key: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/syntax/unknown-key.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'known keys',
      files: 'name = "a"\nvcpus = 2\nmaxvcpus = 4\non_crash = "preserve"\n',
    },
  ],
  invalid: [
    {
      name: 'vcpu',
      files: 'name = "a"\nvcpu = 4\n',
      errors: [
        {
          messageId: 'unknown',
          line: 2,
        },
      ],
    },
    {
      name: 'nothing similar',
      files: 'name = "a"\nfrobnicate = 1\n',
      errors: [
        {
          messageId: 'unknownNoSuggestion',
          line: 2,
        },
      ],
    },
    {
      name: 'xm key',
      files: 'name = "a"\ncpu_cap = 50\n',
      errors: [
        {
          messageId: 'xmOnly',
          line: 2,
        },
      ],
    },
  ],
});
