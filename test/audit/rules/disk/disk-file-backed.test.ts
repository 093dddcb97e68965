/** XA105 disk-file-backed: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/disk/disk-file-backed.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'LV and ISO',
      files: 'name = "a"\ndisk = [ "phy:/dev/vg0/a,xvda,w", "/srv/a.iso,raw,hdc,ro,devtype=cdrom" ]\n',
    },
  ],
  invalid: [
    {
      name: 'file: image',
      files: 'name = "a"\ndisk = [ "file:/srv/xen/a.img,xvda,w" ]\n',
      errors: [
        {
          messageId: 'file',
          line: 2,
        },
      ],
    },
  ],
});
