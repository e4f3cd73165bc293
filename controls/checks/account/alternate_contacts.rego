# METADATA
# title: Security, operations and billing alternate contacts are set to corporate addresses
# description: >-
#   AWS sends security notices, operational events and billing messages to the account's
#   alternate contacts. Each of SECURITY, OPERATIONS and BILLING must be set, and its address must
#   be a company-owned one: at one of contacts.corporate_domains (or a subdomain), or, without that
#   setting, not at a public mail provider. One verdict per contact type.
# custom:
#   id: account.alternate-contacts
#   severity: medium
#   resource_type: AWS::::Account
#   sections: [alternate_contacts]
#   remediation: >-
#     Set each alternate contact (Account settings, or `aws account put-alternate-contact
#     --alternate-contact-type SECURITY|OPERATIONS|BILLING`, from the management account for
#     members) to a monitored company distribution list and a company phone number.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.2
#     - AWS Security Hub Account.1
#     - AWS Startup Security Baseline ACCT.01
package caliper.checks.account.alternate_contacts

import data.caliper.lib
import data.caliper.lib.account_resource
import data.caliper.lib.corporate_domains
import rego.v1

contact_types := ["SECURITY", "OPERATIONS", "BILLING"]

contacts := input.account.alternate_contacts.data

resource(t) := sprintf("%s/alternate-contact/%s", [account_resource, t])

account_label := sprintf("%s (%s)", [input.account.account_id, input.account.name]) if {
	input.account.name
} else := input.account.account_id

results contains lib.fail(resource(t), "global", msg, {"type": t, "email": null}) if {
	some t in contact_types
	object.get(contacts, t, null) == null
	msg := sprintf("%s alternate contact of account %s is not set", [t, account_label])
}

results contains lib.pass(resource(t), "global", msg, values(t, c)) if {
	some t in contact_types
	c := object.get(contacts, t, null)
	c != null
	verdict := lib.judge_address(object.get(c, "EmailAddress", null))
	verdict[0] == true
	msg := sprintf("%s alternate contact of account %s, %s, %s", [t, account_label, describe(c), verdict[1]])
}

results contains lib.fail(resource(t), "global", msg, values(t, c)) if {
	some t in contact_types
	c := object.get(contacts, t, null)
	c != null
	verdict := lib.judge_address(object.get(c, "EmailAddress", null))
	verdict[0] == false
	msg := sprintf("%s alternate contact of account %s, %s, %s", [t, account_label, describe(c), verdict[1]])
}

describe(c) := sprintf("%s <%s>", [c.Name, c.EmailAddress]) if {
	is_string(c.Name)
	c.Name != ""
} else := object.get(c, "EmailAddress", "no address")

values(t, c) := {
	"type": t,
	"email": object.get(c, "EmailAddress", null),
	"name": object.get(c, "Name", null),
	"domain": lib.domain_of(object.get(c, "EmailAddress", null)),
	"corporate_domains": sort(corporate_domains),
}
