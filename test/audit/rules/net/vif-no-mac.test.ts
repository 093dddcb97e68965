/** XA203 vif-no-mac: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/net/vif-no-mac.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'fixed MAC',
      files: 'name = "a"\nvif = [ "mac=00:16:3e:00:00:01" ]\n',
    },
  ],
  invalid: [
    {
      name: 'empty vif',
      files: 'name = "a"\nvif = [ "" ]\n',
      errors: [
        {
          messageId: 'noMac',
          line: 2,
        },
      ],
    },
  ],
});
