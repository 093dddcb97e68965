/** XA903 xm-unevaluated: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/syntax/xm-unevaluated.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'evaluable xm',
      files: 'import os\nname = "a"\nmemory = 512 * 2\n',
    },
  ],
  invalid: [
    {
      name: 'environment',
      files: 'import os\nname = "a"\nmemory = int(os.environ["MEM"])\n',
      errors: [
        {
          messageId: 'unevaluated',
          line: 3,
        },
      ],
    },
  ],
});
