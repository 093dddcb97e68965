/** XA106 disk-deprecated-syntax: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/disk/disk-deprecated-syntax.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'key=value',
      files: 'name = "a"\ndisk = [ "format=raw, vdev=xvda, access=rw, target=/dev/vg0/a" ]\n',
    },
    {
      name: 'positional without prefix',
      files: 'name = "a"\ndisk = [ "/dev/vg0/a,raw,xvda,rw" ]\n',
    },
  ],
  invalid: [
    {
      name: 'phy: prefix',
      files: 'name = "a"\ndisk = [ "phy:/dev/vg0/a,xvda,w" ]\n',
      errors: [
        {
          messageId: 'prefix',
          line: 2,
        },
      ],
    },
    {
      name: 'hdc:cdrom',
      files: 'name = "a"\ndisk = [ "/srv/a.iso,raw,hdc:cdrom,r" ]\n',
      errors: [
        {
          messageId: 'cdromSuffix',
          line: 2,
        },
      ],
    },
  ],
});
