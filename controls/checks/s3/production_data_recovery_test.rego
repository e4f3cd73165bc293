package caliper.checks.s3.production_data_recovery_test

import data.caliper.checks.s3.production_data_recovery as check
import data.caliper.testing
import rego.v1

bucket(name, versioning, replication) := {
	"Name": name, "Region": "eu-west-1",
	"versioning": testing.section(versioning),
	"replication": testing.section(replication),
}

run(buckets) := r if {
	inp := testing.production_input({"s3": {"buckets": testing.section(buckets)}})
	r := check.results with input as object.union(inp, {"scan": {"trail_buckets": {"org-trail": ["arn:trail"]}}})
}

test_pass_with_versioning_and_say_whether_replicated if {
	r := run([bucket("data", {"Status": "Enabled"}, {"Rules": [{"Status": "Enabled", "DestinationBucket": "arn:aws:s3:::data-dr"}]})])
	testing.statuses(r) == {"pass"}
	r[0].message == "bucket data keeps every version of its objects; replicated to arn:aws:s3:::data-dr"
	r2 := run([bucket("data", {"Status": "Enabled"}, null)])
	endswith(r2[0].message, "not replicated to another bucket")
}

test_fail_when_versioning_is_suspended_or_never_enabled if {
	r := run([bucket("data", {"Status": "Suspended"}, null), bucket("raw", {}, null)])
	testing.statuses(r) == {"fail"}
	count(r) == 2
	r[1].message == "bucket raw has versioning never enabled: a deleted or overwritten object cannot be restored; not replicated to another bucket"
}

test_trail_buckets_are_left_to_their_own_check if {
	count(run([bucket("org-trail", {}, null)])) == 0
}

test_not_applicable_outside_production if {
	r := check.results with input as testing.workload_input({"s3": {"buckets": testing.section([bucket("data", {}, null)])}})
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_versioning_is_missing if {
	b := {"Name": "data", "Region": "eu-west-1", "versioning": testing.denied, "replication": testing.section(null)}
	count(run([b])) == 0
}
