/** XA402 mem-maxmem-below-memory: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/mem/mem-maxmem-below-memory.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'maxmem above',
      files: 'name = "a"\nmemory = 512\nmaxmem = 1024\n',
    },
  ],
  invalid: [
    {
      name: 'maxmem below',
      files: 'name = "a"\nmemory = 1024\nmaxmem = 512\n',
      errors: [
        {
          messageId: 'below',
          line: 3,
        },
      ],
    },
  ],
});
