/** XA502 duplicate-identity: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/lifecycle/duplicate-identity.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'distinct',
      files: {
        'a.cfg': 'name = "a"\n',
        'b.cfg': 'name = "b"\n',
      },
    },
  ],
  invalid: [
    {
      name: 'one name',
      files: {
        'a.cfg': 'name = "web"\n',
        'b.cfg': '# copy\nname = "web"\n',
      },
      errors: [
        {
          messageId: 'name',
          line: 1,
          file: 'a.cfg',
        },
        {
          messageId: 'name',
          line: 2,
          file: 'b.cfg',
        },
      ],
    },
    {
      name: 'one UUID, any case',
      files: {
        'a.cfg': 'name = "a"\nuuid = "2C474D2E-28BA-4730-A5BA-88DE9D25652A"\n',
        'b.cfg': 'name = "b"\nuuid = "2c474d2e-28ba-4730-a5ba-88de9d25652a"\n',
      },
      errors: [
        {
          messageId: 'uuid',
          line: 2,
          file: 'a.cfg',
        },
        {
          messageId: 'uuid',
          line: 2,
          file: 'b.cfg',
        },
      ],
    },
  ],
});
