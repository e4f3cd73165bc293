package caliper.checks.cloudfront.viewer_tls_test

import data.caliper.checks.cloudfront.viewer_tls as check
import data.caliper.testing
import rego.v1

dist(policies, version, default_cert) := {
	"Id": "E1", "ARN": "arn:aws:cloudfront::111111111111:distribution/E1", "DomainName": "d1.cloudfront.net",
	"Aliases": ["shop.example.com"], "Enabled": true,
	"ViewerProtocolPolicies": [{"PathPattern": p, "Policy": x} | some p, x in policies],
	"MinimumProtocolVersion": version, "CloudfrontDefaultCertificate": default_cert,
}

run(d) := r if {
	r := check.results with input as testing.input_for({"cloudfront_distributions": testing.section([d])})
}

test_pass_https_only_with_tls12 if {
	r := run(dist({"*": "redirect-to-https", "/api/*": "https-only"}, "TLSv1.2_2021", false))
	testing.statuses(r) == {"pass"}
	r[0].message == "distribution E1 (d1.cloudfront.net, shop.example.com) serves viewers over HTTPS only, with minimum protocol version TLSv1.2_2021"
	r[0].region == "global"
}

test_fail_names_each_problem if {
	r := run(dist({"*": "allow-all"}, "TLSv1", true))
	testing.statuses(r) == {"fail"}
	r[0].message == "distribution E1 (d1.cloudfront.net, shop.example.com): behavior * allows plain HTTP; it serves the default *.cloudfront.net certificate, which accepts TLS 1.0"
}

test_fail_for_an_old_security_policy if {
	r := run(dist({"*": "https-only"}, "TLSv1.1_2016", false))
	testing.statuses(r) == {"fail"}
	contains(r[0].message, "TLSv1.1_2016 accepts TLS before 1.2")
}

test_no_verdict_when_distributions_are_missing if {
	r := check.results with input as testing.input_for({"cloudfront_distributions": testing.denied})
	count(r) == 0
}
