/** XA101 disk-shared-writable: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/disk/disk-shared-writable.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'own volumes',
      files: {
        'web.cfg': 'name = "web"\ndisk = [ "phy:/dev/vg0/web,xvda,w" ]\n',
        'db.cfg': 'name = "db"\ndisk = [ "phy:/dev/vg0/db,xvda,w" ]\n',
      },
    },
    {
      name: 'one writer, one reader (XA103)',
      files: {
        'web.cfg': 'name = "web"\ndisk = [ "phy:/dev/vg0/data,xvdb,w" ]\n',
        'db.cfg': 'name = "db"\ndisk = [ "phy:/dev/vg0/data,xvdb,r" ]\n',
      },
    },
    {
      name: 'one config using a volume twice is not sharing',
      files: {
        'a.cfg': 'name = "a"\ndisk = [ "phy:/dev/vg0/a,xvda,w", "phy:/dev/vg0/a,xvdb,w" ]\n',
      },
    },
  ],
  invalid: [
    {
      name: '/dev/vg/lv and /dev/mapper/vg-lv are one LV',
      files: {
        'web.cfg': 'name = "web"\ndisk = [ "phy:/dev/vg0/shared,xvda,w" ]\n',
        'db.cfg': 'name = "db"\ndisk = [ "/dev/mapper/vg0-shared,raw,xvdb,rw" ]\n',
      },
      errors: [
        {
          messageId: 'shared',
          line: 2,
          file: 'db.cfg',
        },
        {
          messageId: 'shared',
          line: 2,
          file: 'web.cfg',
        },
      ],
    },
    {
      name: 'one image file written as two paths',
      files: {
        'a.cfg': 'name = "a"\ndisk = [ "file:/srv/xen/../xen/a.img,xvda,w" ]\n',
        'b.cfg': 'name = "b"\n\ndisk = [ "/srv/xen/a.img,raw,xvda,rw" ]\n',
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
      name: 'a symlink from an ls -l capture',
      files: {
        'a.cfg': 'name = "a"\ndisk = [ "phy:/dev/vg0/domu1-disk,xvda,w" ]\n',
        'b.cfg': 'name = "b"\ndisk = [ "phy:/dev/dm-0,xvda,w" ]\n',
      },
      hostInfo: {
        'dev.txt':
          '/dev/mapper/:\ntotal 0\nbrw-rw---- 1 root disk 253,   0 Nov 26 12:26 vg0-domu1--disk\n\n/dev/vg0/:\ntotal 0\nlrwxrwxrwx 1 root root 27 Nov 26 12:26 domu1-disk -> /dev/mapper/vg0-domu1--disk\n',
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
