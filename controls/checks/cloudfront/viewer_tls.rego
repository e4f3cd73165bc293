# METADATA
# title: CloudFront serves viewers over TLS 1.2 or later only
# description: >-
#   Every cache behavior of a distribution should redirect HTTP to HTTPS or accept HTTPS only, and
#   the viewer certificate's security policy should refuse TLS versions before 1.2. A distribution
#   fails when a behavior allows plain HTTP (allow-all), when its minimum protocol version is
#   older than TLSv1.2_2018, or when it serves the default *.cloudfront.net certificate, whose
#   policy CloudFront fixes at TLSv1 (it cannot be raised).
# custom:
#   id: cloudfront.viewer-tls
#   severity: high
#   resource_type: AWS::CloudFront::Distribution
#   sections: [cloudfront_distributions]
#   remediation: >-
#     Set every behavior's viewer protocol policy to redirect-to-https or https-only, give the
#     distribution an alternate domain name with an ACM certificate, and choose the security policy
#     TLSv1.2_2021 or newer.
#   references:
#     - AWS Security Hub CloudFront.3, CloudFront.7, CloudFront.10
#     - Amazon CloudFront Developer Guide, Supported protocols and ciphers between viewers and CloudFront
package caliper.checks.cloudfront.viewer_tls

import data.caliper.lib
import rego.v1

# Disabled distributions serve nothing.
results := [verdict(d) | some d in input.account.cloudfront_distributions.data; d.Enabled]

old_policies := {"SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"}

# What is wrong with a distribution's viewer TLS, each a sentence part. (Functions with `else`,
# not condition-only comprehensions: the Rego VM gives those no value.)
problems(d) := array.concat(plain_http(d), weak_tls(d))

plain_http(d) := [sprintf("%s allows plain HTTP", [concat(", ", plain)])] if {
	plain := sort({sprintf("behavior %s", [b.PathPattern]) | some b in d.ViewerProtocolPolicies; b.Policy == "allow-all"})
	count(plain) > 0
} else := []

weak_tls(d) := ["it serves the default *.cloudfront.net certificate, which accepts TLS 1.0"] if {
	d.CloudfrontDefaultCertificate
} else := [sprintf("its minimum protocol version %s accepts TLS before 1.2", [d.MinimumProtocolVersion])] if {
	object.get(d, "MinimumProtocolVersion", "") in old_policies
} else := []

label(d) := sprintf("distribution %s (%s%s)", [d.Id, d.DomainName, aliases(d)])

aliases(d) := "" if count(d.Aliases) == 0 else := sprintf(", %s", [concat(", ", d.Aliases)])

verdict(d) := v if {
	found := problems(d)
	values := {"viewer_protocol_policies": d.ViewerProtocolPolicies, "minimum_protocol_version": object.get(d, "MinimumProtocolVersion", null), "default_certificate": d.CloudfrontDefaultCertificate}
	v := decide(d, found, values)
}

decide(d, found, values) := lib.fail(d.ARN, "global", sprintf("%s: %s", [label(d), concat("; ", found)]), values) if {
	count(found) > 0
} else := lib.pass(d.ARN, "global", msg, values) if {
	msg := sprintf("%s serves viewers over HTTPS only, with minimum protocol version %s", [label(d), object.get(d, "MinimumProtocolVersion", "not reported")])
}
