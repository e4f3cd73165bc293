# METADATA
# title: Certificates are renewed before they expire
# description: >-
#   An expired certificate breaks every TLS endpoint that serves it. A certificate fails when it
#   has expired or expires within thresholds.certificate_expiry_days (30 by default, as Security
#   Hub ACM.1) of the snapshot; ACM renews the certificates it issued about 60 days ahead, so one
#   this close to expiry has a renewal problem. A revoked certificate still in use fails; one that
#   nothing uses is not applicable (ACM renews only certificates in use). Certificates without an
#   expiry date (pending validation, failed) get no verdict.
# custom:
#   id: acm.certificate-expiry
#   severity: high
#   resource_type: AWS::CertificateManager::Certificate
#   sections: [acm.certificates]
#   remediation: >-
#     Renew or re-import the certificate (for an ACM-issued one, fix its DNS validation record so
#     managed renewal succeeds), then check every resource that uses it.
#   references:
#     - AWS Security Hub ACM.1
#     - AWS Certificate Manager User Guide, Managed renewal
package caliper.checks.acm.certificate_expiry

import data.caliper.lib
import rego.v1

limit := input.config.thresholds.certificate_expiry_days

results := [verdict(region, c) |
	some region, r in lib.regions
	some c in r.acm.certificates.data
	is_string(c.NotAfter)
]

days_left(c) := floor((time.parse_rfc3339_ns(c.NotAfter) - input.collected_at_ns) / 86400000000000)

label(c) := sprintf("certificate for %s (%s, %s)", [object.get(c, "DomainName", "?"), lower(object.get(c, "Type", "?")), use(c)])

use(c) := "in use" if c.InUse else := "not in use"

verdict(region, c) := lib.fail(c.CertificateArn, region, msg, {"status": "REVOKED"}) if {
	c.Status == "REVOKED"
	c.InUse
	msg := sprintf("%s was revoked and is still served: clients that check revocation refuse it", [label(c)])
} else := lib.not_applicable(c.CertificateArn, region, msg, {"not_after": c.NotAfter, "days_left": days_left(c)}) if {
	not c.InUse
	days_left(c) <= limit
	msg := sprintf("%s expires on %s, but nothing uses it (ACM renews only certificates in use)", [label(c), c.NotAfter])
} else := lib.fail(c.CertificateArn, region, msg, values) if {
	left := days_left(c)
	left < 0
	values := {"not_after": c.NotAfter, "days_left": left}
	msg := sprintf("%s expired on %s", [label(c), c.NotAfter])
} else := lib.fail(c.CertificateArn, region, msg, values) if {
	left := days_left(c)
	left <= limit
	values := {"not_after": c.NotAfter, "days_left": left, "limit_days": limit}
	msg := sprintf("%s expires on %s, in %d days (limit %d)", [label(c), c.NotAfter, left, limit])
} else := lib.pass(c.CertificateArn, region, msg, {"not_after": c.NotAfter, "days_left": days_left(c)}) if {
	msg := sprintf("%s is valid until %s (%d days)", [label(c), c.NotAfter, days_left(c)])
}
