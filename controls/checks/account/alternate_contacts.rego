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
import rego.v1

contact_types := ["SECURITY", "OPERATIONS", "BILLING"]

contacts := input.account.alternate_contacts.data

resource(t) := sprintf("%s/alternate-contact/%s", [lib.account_resource, t])

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
	verdict := judge_address(object.get(c, "EmailAddress", null))
	verdict[0] == true
	msg := sprintf("%s alternate contact of account %s, %s, %s", [t, account_label, describe(c), verdict[1]])
}

results contains lib.fail(resource(t), "global", msg, values(t, c)) if {
	some t in contact_types
	c := object.get(contacts, t, null)
	c != null
	verdict := judge_address(object.get(c, "EmailAddress", null))
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
	"domain": domain_of(object.get(c, "EmailAddress", null)),
	"corporate_domains": sort(corporate_domains),
}

# Corporate address rule (kept identical in account.root-email-corporate and
# account.alternate-contacts). With contacts.corporate_domains set, an address passes only at one
# of them or a subdomain of one; without it, only public mail providers fail.
corporate_domains := {trim_left(lower(trim_space(d)), "@") | some d in input.config.contacts.corporate_domains}

public_providers := {lower(trim_space(d)) | some d in input.config.contacts.public_mail_providers}

valid_domain(address) if {
	is_string(address)
	lib.email_domain(address) != ""
}

under_corporate(domain) if domain in corporate_domains

under_corporate(domain) if {
	some c in corporate_domains
	endswith(domain, concat("", [".", c]))
}

provider_note(domain) := " (a public mail provider, so a personal address)" if {
	domain in public_providers
} else := ""

# [ok, note]: whether the address is acceptable and why.
judge_address(address) := [false, "is not a valid e-mail address"] if not valid_domain(address)

judge_address(address) := [true, sprintf("is at %s, a corporate domain", [domain])] if {
	valid_domain(address)
	count(corporate_domains) > 0
	domain := lib.email_domain(address)
	under_corporate(domain)
}

judge_address(address) := [false, note] if {
	valid_domain(address)
	count(corporate_domains) > 0
	domain := lib.email_domain(address)
	not under_corporate(domain)
	note := sprintf(
		"is at %s%s, not under a corporate domain (%s)",
		[domain, provider_note(domain), concat(", ", sort(corporate_domains))],
	)
}

judge_address(address) := [false, note] if {
	valid_domain(address)
	count(corporate_domains) == 0
	domain := lib.email_domain(address)
	domain in public_providers
	note := sprintf("is at public mail provider %s, a personal address", [domain])
}

judge_address(address) := [true, note] if {
	valid_domain(address)
	count(corporate_domains) == 0
	domain := lib.email_domain(address)
	not domain in public_providers
	note := sprintf(
		"is at %s, not a public mail provider (no corporate_domains configured in caliper.toml; only public mail providers are rejected)",
		[domain],
	)
}

domain_of(address) := lib.email_domain(address) if {
	valid_domain(address)
} else := null
