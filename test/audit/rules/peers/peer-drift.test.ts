/** XA601 peer-drift: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/peers/peer-drift.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'alike',
      files: {
        'web01.cfg': 'name = "web01"\nmemory = 1024\n',
        'web02.cfg': 'name = "web02"\nmemory = 1024\n',
      },
    },
    {
      name: 'grouping by name off',
      files: {
        'web01.cfg': 'name = "web01"\nmemory = 1024\n',
        'web02.cfg': 'name = "web02"\nmemory = 512\n',
      },
      options: {
        groupByName: false,
      },
    },
  ],
  invalid: [
    {
      name: 'one smaller web',
      files: {
        'web01.cfg': 'name = "web01"\nmemory = 1024\n',
        'web02.cfg': 'name = "web02"\nmemory = 1024\n',
        'web03.cfg': 'name = "web03"\nvcpus = 2\nmemory = 512\n',
      },
      errors: [
        {
          messageId: 'drift',
          line: 2,
          file: 'web03.cfg',
        },
        {
          messageId: 'drift',
          line: 3,
          file: 'web03.cfg',
        },
      ],
    },
    {
      name: 'a configured group',
      files: {
        'alpha.cfg': 'name = "alpha"\non_crash = "preserve"\n',
        'beta.cfg': 'name = "beta"\non_crash = "preserve"\n',
        'gamma.cfg': 'name = "gamma"\non_crash = "restart"\n',
      },
      options: {
        groups: {
          db: ['alpha', '/^(beta|gamma)$/'],
        },
      },
      errors: [
        {
          messageId: 'drift',
          line: 2,
          file: 'gamma.cfg',
        },
      ],
    },
  ],
});
