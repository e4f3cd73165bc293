# METADATA
# title: Production buckets can be recovered after a delete or overwrite
# description: >-
#   In a production account, every bucket that is not a CloudTrail log bucket (judged by
#   cloudtrail.trail-bucket-protected) should have versioning enabled, so that a deleted or
#   overwritten object can be restored. A bucket fails with versioning off or suspended and passes
#   with it enabled; the message says whether it is also replicated to another bucket (a copy that
#   survives the loss of the bucket or of its region), which the recovery objectives decide.
#   Buckets outside production accounts are not judged.
# custom:
#   id: s3.production-data-recovery
#   severity: medium
#   resource_type: AWS::S3::Bucket
#   sections: [s3.buckets, s3.buckets.versioning, s3.buckets.replication]
#   remediation: >-
#     Turn on versioning (put-bucket-versioning Status=Enabled) with a lifecycle rule that expires
#     old versions; add a replication rule to a bucket in another region or account where the
#     recovery objectives need it.
#   references:
#     - AWS Security Hub S3.14 (versioning), S3.7 (cross-region replication)
#     - AWS Partner calibration guide, REL-002
package caliper.checks.s3.production_data_recovery

import data.caliper.lib
import rego.v1

trail_buckets := input.scan.trail_buckets

results := lib.production_gate([verdict(b) |
	some b in input.account.s3.buckets.data
	not trail_buckets[b.Name]
	is_object(b.versioning.data)
	r := b.replication.data
	type_name(r) in {"null", "object"}
])

replicated(b) := sort({x.DestinationBucket | some x in b.replication.data.Rules; x.Status == "Enabled"}) if {
	is_object(b.replication.data)
} else := []

copy_text(b) := sprintf("replicated to %s", [concat(", ", replicated(b))]) if {
	count(replicated(b)) > 0
} else := "not replicated to another bucket"

verdict(b) := lib.pass(arn, b.Region, msg, values) if {
	arn := sprintf("arn:aws:s3:::%s", [b.Name])
	b.versioning.data.Status == "Enabled"
	values := {"versioning": "Enabled", "replicated_to": replicated(b)}
	msg := sprintf("bucket %s keeps every version of its objects; %s", [b.Name, copy_text(b)])
} else := lib.fail(arn, b.Region, msg, values) if {
	arn := sprintf("arn:aws:s3:::%s", [b.Name])
	status := object.get(b.versioning.data, "Status", "never enabled")
	values := {"versioning": status, "replicated_to": replicated(b)}
	msg := sprintf("bucket %s has versioning %s: a deleted or overwritten object cannot be restored; %s", [b.Name, lower(status), copy_text(b)])
}
