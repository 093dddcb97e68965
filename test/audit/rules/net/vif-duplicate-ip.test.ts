/** XA204 vif-duplicate-ip: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/net/vif-duplicate-ip.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'one vif naming its address twice',
      files: 'name = "a"\nvif = [ "ip=192.0.2.1 192.0.2.1" ]\n',
    },
  ],
  invalid: [
    {
      name: 'two configs, one address',
      files: {
        'a.cfg': 'name = "a"\nvif = [ "ip=192.0.2.10 ,mac=00:16:3e:00:00:01" ]\n',
        'b.cfg': 'name = "b"\nvif = [ "ip=192.0.2.11 192.0.2.10" ]\n',
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
