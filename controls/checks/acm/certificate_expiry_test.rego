package caliper.checks.acm.certificate_expiry_test

import data.caliper.checks.acm.certificate_expiry as check
import data.caliper.testing
import rego.v1

cert(not_after) := {"CertificateArn": "arn:aws:acm:eu-west-1:111111111111:certificate/c1", "DomainName": "shop.example.com", "Status": "ISSUED", "Type": "IMPORTED", "NotAfter": not_after, "InUse": true}

run(certs) := r if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"acm": {"certificates": testing.section(certs)}}}})
}

# The snapshot was collected 2026-11-20T10:00:00Z.
test_fail_within_30_days if {
	r := run([cert("2026-12-01T12:00:00Z")])
	testing.statuses(r) == {"fail"}
	r[0].message == "certificate for shop.example.com (imported, in use) expires on 2026-12-01T12:00:00Z, in 11 days (limit 30)"
}

test_fail_when_expired if {
	r := run([cert("2026-11-01T00:00:00Z")])
	testing.statuses(r) == {"fail"}
	contains(r[0].message, "expired on")
}

test_pass_beyond_the_limit if {
	testing.statuses(run([cert("2027-06-01T00:00:00Z")])) == {"pass"}
}

test_no_verdict_without_an_expiry_date if {
	count(run([object.remove(cert("x"), ["NotAfter"])])) == 0
}

test_no_verdict_when_certificates_are_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"acm": {"certificates": testing.denied}}}})
	count(r) == 0
}

test_an_unused_expiring_certificate_is_not_applicable if {
	r := run([object.union(cert("2026-12-01T12:00:00Z"), {"InUse": false})])
	testing.statuses(r) == {"not_applicable"}
}

test_a_revoked_certificate_in_use_fails if {
	r := run([object.union(cert("2027-06-01T00:00:00Z"), {"Status": "REVOKED"})])
	testing.statuses(r) == {"fail"}
}
