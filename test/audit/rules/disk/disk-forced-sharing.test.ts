/** XA102 disk-forced-sharing: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/disk/disk-forced-sharing.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'plain w',
      files: 'name = "a"\ndisk = [ "phy:/dev/vg0/a,xvda,w" ]\n',
    },
  ],
  invalid: [
    {
      name: 'w! in an xm file',
      files: 'import os\nname = "a"\ndisk = [ \'phy:/dev/vg0/a,xvda,w!\' ]\n',
      errors: [
        {
          messageId: 'xm',
          line: 3,
        },
      ],
    },
    {
      name: 'w! in an xl file',
      files: 'name = "a"\ndisk = [ "phy:/dev/vg0/a,xvda,w!" ]\n',
      errors: [
        {
          messageId: 'xl',
          line: 2,
        },
      ],
    },
  ],
});
