/** XA302 cpu-dom0-overlap: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/cpu/cpu-dom0-overlap.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'outside dom0',
      files: 'name = "a"\ncpus = "2-7"\n',
      hostInfo: {
        'xl-info.txt':
          'host                   : h1\nrelease                : 6.1.0-56-amd64\nmachine                : x86_64\nnr_cpus                : 8\ntotal_memory           : 3071\nfree_memory            : 2014\nxen_commandline        : dom0_mem=1024M,max:1024M dom0_max_vcpus=2 dom0_vcpus_pin\n',
      },
    },
    {
      name: 'dom0 not pinned',
      files: 'name = "a"\ncpus = "0-1"\n',
      hostInfo: {
        'xl-info.txt':
          'host                   : h1\nrelease                : 6.1.0-56-amd64\nmachine                : x86_64\nnr_cpus                : 8\ntotal_memory           : 3071\nfree_memory            : 2014\nxen_commandline        : dom0_mem=1024M,max:1024M dom0_max_vcpus=2\n',
      },
    },
  ],
  invalid: [
    {
      name: 'shares pCPU 1',
      files: 'name = "a"\nmemory = 512\ncpus = "1-3"\n',
      hostInfo: {
        'xl-info.txt':
          'host                   : h1\nrelease                : 6.1.0-56-amd64\nmachine                : x86_64\nnr_cpus                : 8\ntotal_memory           : 3071\nfree_memory            : 2014\nxen_commandline        : dom0_mem=1024M,max:1024M dom0_max_vcpus=2 dom0_vcpus_pin\n',
      },
      errors: [
        {
          messageId: 'overlap',
          line: 3,
        },
      ],
    },
  ],
});
