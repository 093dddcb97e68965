/** XA401 mem-overcommit: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/mem/mem-overcommit.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'fits',
      files: {
        'a.cfg': 'name = "a"\nmemory = 1024\n',
        'b.cfg': 'name = "b"\nmemory = 1023\n',
      },
      hostInfo: {
        'xl-info.txt':
          'host                   : h1\nrelease                : 6.1.0-56-amd64\nmachine                : x86_64\nnr_cpus                : 2\ntotal_memory           : 3071\nfree_memory            : 2014\nxen_commandline        : dom0_mem=1024M,max:1024M dom0_max_vcpus=2 dom0_vcpus_pin\n',
      },
    },
  ],
  invalid: [
    {
      name: 'over what dom0 leaves',
      files: {
        'a.cfg': 'name = "a"\nmemory = 1024\n',
        'b.cfg': 'name = "b"\nmemory = 1536\n',
      },
      hostInfo: {
        'xl-info.txt':
          'host                   : h1\nrelease                : 6.1.0-56-amd64\nmachine                : x86_64\nnr_cpus                : 2\ntotal_memory           : 3071\nfree_memory            : 2014\nxen_commandline        : dom0_mem=1024M,max:1024M dom0_max_vcpus=2 dom0_vcpus_pin\n',
      },
      errors: [
        {
          messageId: 'overcommit',
          line: 1,
          file: 'xl-info.txt',
        },
      ],
    },
    {
      name: 'no dom0_mem',
      files: {
        'a.cfg': 'name = "a"\nmemory = 4096\n',
      },
      hostInfo: {
        'xl-info.txt':
          'host                   : h1\nrelease                : 6.1.0-56-amd64\nmachine                : x86_64\nnr_cpus                : 2\ntotal_memory           : 3071\nfree_memory            : 2014\nxen_commandline        : dom0_max_vcpus=2 dom0_vcpus_pin\n',
      },
      errors: [
        {
          messageId: 'noDom0Mem',
          line: 1,
          file: 'xl-info.txt',
        },
      ],
    },
  ],
});
