/** XA110 disk-shared-across-hosts: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/disk/disk-shared-across-hosts.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'same local LV path on two hosts',
      hosts: {
        hostA: {
          files: {
            'a.cfg': 'name = "a"\ndisk = [ "phy:/dev/vg0/x,xvda,w" ]\n',
          },
        },
        hostB: {
          files: {
            'b.cfg': 'name = "b"\ndisk = [ "phy:/dev/vg0/x,xvda,w" ]\n',
          },
        },
      },
    },
    {
      name: 'the other host reads only',
      hosts: {
        hostA: {
          files: {
            'a.cfg': 'name = "a"\ndisk = [ "iscsi:iqn.x:d1,xvda,w" ]\n',
          },
        },
        hostB: {
          files: {
            'b.cfg': 'name = "b"\ndisk = [ "iscsi:iqn.x:d1,xvda,r" ]\n',
          },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'one iSCSI target on two hosts',
      hosts: {
        hostA: {
          files: {
            'a.cfg': 'name = "a"\ndisk = [ "iscsi:iqn.x:d1,xvda,w" ]\n',
          },
        },
        hostB: {
          files: {
            'b.cfg': 'name = "b"\n\ndisk = [ "iscsi:iqn.x:d1,xvdb,w" ]\n',
          },
        },
      },
      errors: [
        {
          messageId: 'shared',
          line: 2,
          file: 'a.cfg',
        },
        {
          messageId: 'shared',
          line: 3,
          file: 'b.cfg',
        },
      ],
    },
    {
      name: 'one RBD image on two hosts',
      hosts: {
        hostA: {
          files: {
            'a.cfg': 'name = "a"\ndisk = [ "vdev=xvda, access=rw, target=rbd:pool/img" ]\n',
          },
        },
        hostB: {
          files: {
            'b.cfg': 'name = "b"\ndisk = [ "vdev=xvda, access=rw, target=rbd:pool/img:id=admin" ]\n',
          },
        },
      },
      errors: [
        {
          messageId: 'shared',
          line: 2,
          file: 'a.cfg',
        },
        {
          messageId: 'shared',
          line: 2,
          file: 'b.cfg',
        },
      ],
    },
  ],
});
