/** XA701 running-differs: valid and invalid cases (messageId and line of every finding). */
import { rule } from '../../../../src/audit/rules/running/running-differs.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'same as running',
      files: {
        'domu1.cfg':
          'name = "domu1"\nmemory = 128\nvcpus = 1\ndisk = [ "phy:/dev/vg0/domu1-disk,xvda,w" ]\nvif = [ "mac=00:16:3e:00:00:01, bridge=xenbr0" ]\n',
      },
      hostInfo: {
        'xl-list-l.json':
          '[\n    {\n        "domid": 1,\n        "config": {\n            "c_info": { "type": "pv", "name": "domu1" },\n            "b_info": { "max_vcpus": 1, "max_memkb": 131072, "target_memkb": 131072 },\n            "disks": [ { "pdev_path": "/dev/vg0/domu1-disk", "vdev": "xvda", "format": "raw", "readwrite": 1 } ],\n            "nics": [ { "devid": 0, "mac": "00:16:3e:00:00:01", "bridge": "xenbr0" } ]\n        }\n    }\n]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'memory differs',
      files: {
        'domu1.cfg':
          'name = "domu1"\nmemory = 256\nvcpus = 1\ndisk = [ "phy:/dev/vg0/domu1-disk,xvda,w" ]\nvif = [ "mac=00:16:3e:00:00:01, bridge=xenbr0" ]\n',
      },
      hostInfo: {
        'xl-list-l.json':
          '[\n    {\n        "domid": 1,\n        "config": {\n            "c_info": { "type": "pv", "name": "domu1" },\n            "b_info": { "max_vcpus": 1, "max_memkb": 131072, "target_memkb": 131072 },\n            "disks": [ { "pdev_path": "/dev/vg0/domu1-disk", "vdev": "xvda", "format": "raw", "readwrite": 1 } ],\n            "nics": [ { "devid": 0, "mac": "00:16:3e:00:00:01", "bridge": "xenbr0" } ]\n        }\n    }\n]\n',
      },
      errors: [
        {
          messageId: 'differs',
          line: 2,
          file: 'domu1.cfg',
        },
      ],
    },
    {
      name: 'disk differs',
      files: {
        'domu1.cfg':
          'name = "domu1"\nmemory = 128\nvcpus = 1\ndisk = [ "phy:/dev/vg0/domu1-new,xvda,w" ]\nvif = [ "mac=00:16:3e:00:00:01, bridge=xenbr0" ]\n',
      },
      hostInfo: {
        'xl-list-l.json':
          '[\n    {\n        "domid": 1,\n        "config": {\n            "c_info": { "type": "pv", "name": "domu1" },\n            "b_info": { "max_vcpus": 1, "max_memkb": 131072, "target_memkb": 131072 },\n            "disks": [ { "pdev_path": "/dev/vg0/domu1-disk", "vdev": "xvda", "format": "raw", "readwrite": 1 } ],\n            "nics": [ { "devid": 0, "mac": "00:16:3e:00:00:01", "bridge": "xenbr0" } ]\n        }\n    }\n]\n',
      },
      errors: [
        {
          messageId: 'differs',
          line: 4,
          file: 'domu1.cfg',
        },
      ],
    },
  ],
});
