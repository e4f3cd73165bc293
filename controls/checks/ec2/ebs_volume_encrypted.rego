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

label(id, attached) := sprintf("%s (attached to %s)", [id, concat(", ", attached)]) if {
	count(attached) > 0
} else := sprintf("%s (not attached)", [id])

key_text(v) := sprintf("with KMS key %s", [v.KmsKeyId]) if {
	is_string(v.KmsKeyId)
} else := "(KMS key not reported)"

# One verdict per volume, its values computed inline once (docs/writing-checks.md, Performance).
results := [verdict(resource, region, v, label(v.VolumeId, attached), values) |
	some region, r in input.account.regions
	some v in r.ec2.volumes.data
	attached := object.get(v, "Attachments", [])
	resource := sprintf("arn:aws:ec2:%s:%s:volume/%s", [region, input.account.account_id, v.VolumeId])
	values := {"Encrypted": v.Encrypted, "KmsKeyId": object.get(v, "KmsKeyId", null), "State": object.get(v, "State", null), "Attachments": attached}
]

verdict(resource, region, v, label, values) := lib.pass(resource, region, msg, values) if {
	v.Encrypted == true
	msg := sprintf("volume %s is encrypted %s", [label, key_text(v)])
} else := lib.fail(resource, region, sprintf("volume %s is not encrypted", [label]), values) if {
	v.Encrypted == false
}
