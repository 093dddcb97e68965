/** XA301 cpu-overcommit: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/cpu/cpu-overcommit.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: '8 vCPUs on 2 pCPUs is 4:1',
      files: {
        'a.cfg': 'name = "a"\nvcpus = 4\n',
        'b.cfg': 'name = "b"\nvcpus = 4\n',
      },
      hostInfo: {
        'xl-info.txt':
          'host                   : h1\nrelease                : 6.1.0-56-amd64\nmachine                : x86_64\nnr_cpus                : 2\ntotal_memory           : 3071\nfree_memory            : 2014\nxen_commandline        : dom0_mem=1024M,max:1024M dom0_max_vcpus=2 dom0_vcpus_pin\n',
      },
    },
    {
      name: 'no xl info',
      files: {
        'a.cfg': 'name = "a"\nvcpus = 64\n',
      },
    },
  ],
  invalid: [
    {
      name: '10 vCPUs on 2 pCPUs',
      files: {
        'a.cfg': 'name = "a"\nvcpus = 6\n',
        'b.cfg': 'name = "b"\nvcpus = 4\n',
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
      name: 'a lower ratio from the audit config',
      files: {
        'a.cfg': 'name = "a"\nvcpus = 4\n',
      },
      hostInfo: {
        'xl-info.txt':
          'host                   : h1\nrelease                : 6.1.0-56-amd64\nmachine                : x86_64\nnr_cpus                : 2\ntotal_memory           : 3071\nfree_memory            : 2014\nxen_commandline        : dom0_mem=1024M,max:1024M dom0_max_vcpus=2 dom0_vcpus_pin\n',
      },
      options: {
        thresholds: {
          cpuOvercommitRatio: 1,
          memOvercommitRatio: 1,
        },
      },
      errors: [
        {
          messageId: 'overcommit',
          line: 1,
          file: 'xl-info.txt',
        },
      ],
    },
  ],
});
