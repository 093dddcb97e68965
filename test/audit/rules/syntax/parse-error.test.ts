/** XA901 parse-error: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/syntax/parse-error.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'clean',
      files: 'name = "a"\nmemory = 512\n',
    },
  ],
  invalid: [
    {
      name: 'positional spec without a format',
      files: 'name = "a"\ndisk = [ "/dev/vg0/a,xvda,w" ]\n',
      errors: [
        {
          messageId: 'rejected',
          line: 2,
        },
      ],
    },
    {
      name: 'no name',
      files: 'memory = 512\n',
      errors: [
        {
          messageId: 'rejected',
          line: 1,
        },
      ],
    },
  ],
});
