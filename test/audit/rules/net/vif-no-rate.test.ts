/** XA201 vif-no-rate: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/net/vif-no-rate.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'alone on its bridge',
      files: {
        'a.cfg': 'name = "a"\nvif = [ "bridge=br1" ]\n',
        'b.cfg': 'name = "b"\nvif = [ "bridge=br2" ]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'one of two without rate',
      files: {
        'a.cfg': 'name = "a"\nvif = [ "bridge=xenbr0, rate=10Mb/s" ]\n',
        'b.cfg': 'name = "b"\n\nvif = [ "" ]\n',
      },
      errors: [
        {
          messageId: 'noRate',
          line: 3,
          file: 'b.cfg',
        },
      ],
    },
  ],
});
