/** XA403 mem-pod: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/mem/mem-pod.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'PV may balloon',
      files: 'name = "a"\ntype = "pv"\nmemory = 512\nmaxmem = 1024\n',
    },
    {
      name: 'HVM without PoD',
      files: 'name = "a"\ntype = "hvm"\nmemory = 1024\nmaxmem = 1024\n',
    },
  ],
  invalid: [
    {
      name: 'HVM pre-ballooned',
      files: 'name = "a"\nbuilder = "hvm"\nmemory = 512\nmaxmem = 1024\n',
      errors: [
        {
          messageId: 'pod',
          line: 4,
        },
      ],
    },
  ],
});
