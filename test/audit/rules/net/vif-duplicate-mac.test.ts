/** XA202 vif-duplicate-mac: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/net/vif-duplicate-mac.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'different MACs',
      files: {
        'a.cfg': 'name = "a"\nvif = [ "mac=00:16:3e:00:00:01" ]\n',
        'b.cfg': 'name = "b"\nvif = [ "mac=00:16:3e:00:00:02" ]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'same MAC, different case',
      files: {
        'a.cfg': 'name = "a"\nvif = [ "mac=00:16:3E:76:47:D3" ]\n',
        'b.cfg': 'name = "b"\nvif = [ "mac=00:16:3e:76:47:d3" ]\n',
      },
      errors: [
        {
          messageId: 'duplicate',
          line: 2,
          file: 'a.cfg',
        },
        {
          messageId: 'duplicate',
          line: 2,
          file: 'b.cfg',
        },
      ],
    },
  ],
});
