/** XA104 disk-same-pv: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/disk/disk-same-pv.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'different PVs',
      files: {
        'domu1.cfg': 'name = "domu1"\ndisk = [ "phy:/dev/vg0/domu1-disk,xvda,w" ]\n',
        'domu2.cfg': 'name = "domu2"\ndisk = [ "phy:/dev/vg0/domu2-disk,xvda,w" ]\n',
      },
      hostInfo: {
        'lvs.txt':
          '  LV         VG  Attr       LSize  Pool Origin Data%  Meta%  Move Log Cpy%Sync Convert Devices\n  domu1-disk vg0 -wi-a----- 64.00m                                                     /dev/vdc(0)\n  domu2-disk vg0 -wi-a----- 64.00m                                                     /dev/vdd(0) \n',
      },
    },
    {
      name: 'no lvs output',
      files: {
        'domu1.cfg': 'name = "domu1"\ndisk = [ "phy:/dev/vg0/domu1-disk,xvda,w" ]\n',
        'domu2.cfg': 'name = "domu2"\ndisk = [ "phy:/dev/vg0/domu2-disk,xvda,w" ]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'two LVs on /dev/vdc',
      files: {
        'domu1.cfg': 'name = "domu1"\ndisk = [ "phy:/dev/vg0/domu1-disk,xvda,w" ]\n',
        'domu2.cfg': 'name = "domu2"\n\ndisk = [ "phy:/dev/mapper/vg0-domu2--disk,xvda,w" ]\n',
      },
      hostInfo: {
        'lvs.txt':
          '  LV         VG  Attr       LSize  Pool Origin Data%  Meta%  Move Log Cpy%Sync Convert Devices\n  domu1-disk vg0 -wi-a----- 64.00m                                                     /dev/vdc(0)\n  domu2-disk vg0 -wi-a----- 64.00m                                                     /dev/vdc(16)\n',
      },
      errors: [
        {
          messageId: 'samePv',
          line: 2,
          file: 'domu1.cfg',
        },
        {
          messageId: 'samePv',
          line: 3,
          file: 'domu2.cfg',
        },
      ],
    },
  ],
});
