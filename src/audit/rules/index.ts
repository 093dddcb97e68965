/** Every audit rule, sorted by id (checked by test/audit/rules.test.ts). Ids are never reused. */
import type { Rule } from '../rule.js';
import { rule as cpuDom0Overlap } from './cpu/cpu-dom0-overlap.js';
import { rule as cpuOvercommit } from './cpu/cpu-overcommit.js';
import { rule as diskDeprecatedSyntax } from './disk/disk-deprecated-syntax.js';
import { rule as diskDuplicateVdev } from './disk/disk-duplicate-vdev.js';
import { rule as diskFileBacked } from './disk/disk-file-backed.js';
import { rule as diskForcedSharing } from './disk/disk-forced-sharing.js';
import { rule as diskSamePv } from './disk/disk-same-pv.js';
import { rule as diskSharedAcrossHosts } from './disk/disk-shared-across-hosts.js';
import { rule as diskSharedReadonly } from './disk/disk-shared-readonly.js';
import { rule as diskSharedWritable } from './disk/disk-shared-writable.js';
import { rule as crashEvidenceLost } from './lifecycle/crash-evidence-lost.js';
import { rule as duplicateIdentity } from './lifecycle/duplicate-identity.js';
import { rule as memMaxmemBelowMemory } from './mem/mem-maxmem-below-memory.js';
import { rule as memOvercommit } from './mem/mem-overcommit.js';
import { rule as memPod } from './mem/mem-pod.js';
import { rule as vifDuplicateIp } from './net/vif-duplicate-ip.js';
import { rule as vifDuplicateMac } from './net/vif-duplicate-mac.js';
import { rule as vifNoMac } from './net/vif-no-mac.js';
import { rule as vifNoRate } from './net/vif-no-rate.js';
import { rule as peerDrift } from './peers/peer-drift.js';
import { rule as runningDiffers } from './running/running-differs.js';
import { rule as invalidSuppression } from './syntax/invalid-suppression.js';
import { rule as parseError } from './syntax/parse-error.js';
import { rule as templatePlaceholder } from './syntax/template-placeholder.js';
import { rule as unknownKey } from './syntax/unknown-key.js';
import { rule as xmUnevaluated } from './syntax/xm-unevaluated.js';

export const ALL_RULES: readonly Rule[] = [
  diskSharedWritable, // XA101
  diskForcedSharing, // XA102
  diskSharedReadonly, // XA103
  diskSamePv, // XA104
  diskFileBacked, // XA105
  diskDeprecatedSyntax, // XA106
  diskDuplicateVdev, // XA107
  diskSharedAcrossHosts, // XA110
  vifNoRate, // XA201
  vifDuplicateMac, // XA202
  vifNoMac, // XA203
  vifDuplicateIp, // XA204
  cpuOvercommit, // XA301
  cpuDom0Overlap, // XA302
  memOvercommit, // XA401
  memMaxmemBelowMemory, // XA402
  memPod, // XA403
  crashEvidenceLost, // XA501
  duplicateIdentity, // XA502
  peerDrift, // XA601
  runningDiffers, // XA701
  parseError, // XA901
  unknownKey, // XA902
  xmUnevaluated, // XA903
  templatePlaceholder, // XA904
  invalidSuppression, // XA905
];

/** A rule by id (`XA101`, any case) or slug (`disk-shared-writable`). */
export function findRule(idOrSlug: string): Rule | undefined {
  const up = idOrSlug.toUpperCase();
  return ALL_RULES.find((r) => r.id === up || r.name === idOrSlug);
}
