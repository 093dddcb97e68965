/** XA905 invalid-suppression: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/syntax/invalid-suppression.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'well-formed',
      files: '# xenscope: ignore=XA501,disk-file-backed reason="lab"\nname = "a"\n',
    },
  ],
  invalid: [
    {
      name: 'no reason',
      files: '# xenscope: ignore=XA501\nname = "a"\n',
      errors: [
        {
          messageId: 'malformed',
          line: 1,
        },
      ],
    },
    {
      name: 'unknown rule',
      files: 'name = "a"\n# xenscope: ignore=XA999 reason="x"\nmemory = 1\n',
      errors: [
        {
          messageId: 'unknownRule',
          line: 2,
        },
      ],
    },
  ],
});
