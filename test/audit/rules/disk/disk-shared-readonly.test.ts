/** XA103 disk-shared-readonly: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/disk/disk-shared-readonly.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'shared installation ISO',
      files: {
        'a.cfg': 'name = "a"\ndisk = [ "/srv/a.iso,raw,hdc,ro,devtype=cdrom" ]\n',
        'b.cfg': 'name = "b"\ndisk = [ "/srv/a.iso,raw,hdc,ro,devtype=cdrom" ]\n',
      },
    },
    {
      name: 'two writers are XA101',
      files: {
        'a.cfg': 'name = "a"\ndisk = [ "phy:/dev/vg0/x,xvda,w" ]\n',
        'b.cfg': 'name = "b"\ndisk = [ "phy:/dev/vg0/x,xvda,w" ]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'one writer, one reader',
      files: {
        'a.cfg': 'name = "a"\ndisk = [ "phy:/dev/vg0/x,xvdb,w" ]\n',
        'b.cfg': 'name = "b"\ndisk = [ "phy:/dev/vg0/x,xvdb,r" ]\n',
      },
      errors: [
        {
          messageId: 'oneWriter',
          line: 2,
          file: 'a.cfg',
        },
        {
          messageId: 'oneWriter',
          line: 2,
          file: 'b.cfg',
        },
      ],
    },
    {
      name: 'readers only',
      files: {
        'a.cfg': 'name = "a"\ndisk = [ "phy:/dev/vg0/x,xvdb,r" ]\n',
        'b.cfg': 'name = "b"\ndisk = [ "phy:/dev/vg0/x,xvdb,r" ]\n',
      },
      errors: [
        {
          messageId: 'readersOnly',
          line: 2,
          file: 'a.cfg',
        },
        {
          messageId: 'readersOnly',
          line: 2,
          file: 'b.cfg',
        },
      ],
    },
  ],
});
