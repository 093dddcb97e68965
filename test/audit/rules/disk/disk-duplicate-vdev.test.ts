/** XA107 disk-duplicate-vdev: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/disk/disk-duplicate-vdev.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'xvda and xvdb',
      files: 'name = "a"\ndisk = [ "phy:/dev/vg0/a,xvda,w", "phy:/dev/vg0/b,xvdb,w" ]\n',
    },
  ],
  invalid: [
    {
      name: 'xvda twice',
      files: 'name = "a"\ndisk = [ "phy:/dev/vg0/a,xvda,w",\n  "phy:/dev/vg0/b,xvda,w" ]\n',
      errors: [
        {
          messageId: 'duplicate',
          line: 3,
        },
      ],
    },
  ],
});
