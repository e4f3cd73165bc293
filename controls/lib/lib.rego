# Shared helpers for checks. Every check yields `results`, a set of objects made by the
# functions below, so every verdict carries the same fields.
package caliper.lib

import rego.v1

# A verdict about one resource. `values` holds the judged values that decided it.
result(status, resource, region, message, values) := {
	"status": status,
	"resource": resource,
	"region": region,
	"message": message,
	"values": values,
}

pass(resource, region, message, values) := result("pass", resource, region, message, values)

fail(resource, region, message, values) := result("fail", resource, region, message, values)

# The check does not apply (e.g. no IAM user has a password, so the password policy is moot).
not_applicable(resource, region, message, values) := result("not_applicable", resource, region, message, values)

# Data the check needs is absent inside a section that was collected (e.g. the credential report
# has no root row). Sections that are error entries never reach a check: the engine handles them.
unknown(resource, region, message, values) := result("error", resource, region, message, values)

# The data of a section, undefined when the section is an error entry or missing.
data_of(section) := section.data

# The account's ARN-style id used for account-level results.
account_resource := sprintf("arn:aws:::%s:account", [input.account.account_id])

# Region name and data of every region with data (regions that are error entries are skipped).
regions[name] := region if {
	some name, region in input.account.regions
	not region.error
}

# [region, item] pairs (an array: sets would compare whole items) for a regional list section, e.g. regional_items(["ec2", "security_groups"]).
regional_items(path) := [[name, item] |
	some name, region in regions
	some item in object.get(region, array.concat(path, ["data"]), [])
]

# The lower-cased e-mail domain of an address.
email_domain(address) := lower(parts[count(parts) - 1]) if {
	parts := split(address, "@")
	count(parts) == 2
}

# Days between an RFC 3339 time and the snapshot's collection time.
age_days(t) := floor((input.collected_at_ns - time.parse_rfc3339_ns(t)) / 86400000000000)
