# METADATA
# title: EBS volumes are encrypted
# description: >-
#   Every EBS volume must be encrypted at rest with KMS, which also encrypts its snapshots and the
#   data moving between the volume and its instance. The verdict reports the KMS key so volumes
#   under the AWS managed key can be told apart from those under customer-managed keys.
# custom:
#   id: ec2.ebs-volume-encrypted
#   severity: medium
#   resource_type: AWS::EC2::Volume
#   sections: [ec2.volumes]
#   remediation: >-
#     Snapshot the unencrypted volume, copy the snapshot with encryption on, create a volume from
#     the copy and swap it in; turn on EBS encryption by default so new volumes are encrypted.
#   references:
#     - AWS Security Hub EC2.3
package caliper.checks.ec2.ebs_volume_encrypted

import data.caliper.lib
import rego.v1

arn(region, v) := sprintf("arn:aws:ec2:%s:%s:volume/%s", [region, input.account.account_id, v.VolumeId])

attachments(v) := object.get(v, "Attachments", [])

label(v) := sprintf("%s (attached to %s)", [v.VolumeId, concat(", ", attachments(v))]) if count(attachments(v)) > 0

label(v) := sprintf("%s (not attached)", [v.VolumeId]) if count(attachments(v)) == 0

key(v) := v.KmsKeyId if is_string(v.KmsKeyId)

key(v) := null if not is_string(v.KmsKeyId)

key_text(v) := sprintf("with KMS key %s", [v.KmsKeyId]) if is_string(v.KmsKeyId)

key_text(v) := "(KMS key not reported)" if not is_string(v.KmsKeyId)

values(v) := {"Encrypted": v.Encrypted, "KmsKeyId": key(v), "State": object.get(v, "State", null), "Attachments": attachments(v)}

results contains lib.pass(arn(region, v), region, msg, values(v)) if {
	some [region, v] in lib.regional_items(["ec2", "volumes"])
	v.Encrypted == true
	msg := sprintf("volume %s is encrypted %s", [label(v), key_text(v)])
}

results contains lib.fail(arn(region, v), region, msg, values(v)) if {
	some [region, v] in lib.regional_items(["ec2", "volumes"])
	v.Encrypted == false
	msg := sprintf("volume %s is not encrypted", [label(v)])
}
