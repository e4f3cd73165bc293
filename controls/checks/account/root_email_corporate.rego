# METADATA
# title: The root user's e-mail address is a corporate address
# description: >-
#   The root e-mail address receives password resets and account notices. At a personal mailbox
#   (a public mail provider, or a consultant's own address) the account is lost, or exposed, when
#   that person leaves. The address comes from the Organization's account list and must be at one
#   of contacts.corporate_domains (or a subdomain); without that setting only public mail
#   providers fail.
# custom:
#   id: account.root-email-corporate
#   severity: high
#   resource_type: AWS::::Account
#   sections: [organization]
#   remediation: >-
#     Change the root user's e-mail address (root sign-in, Account settings; or the Organizations
#     console for member accounts with root access management) to a company-owned distribution
#     list, e.g. aws-root+<account>@company.example, monitored by more than one person.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.1
#     - AWS Startup Security Baseline ACCT.01
package caliper.checks.account.root_email_corporate

import data.caliper.lib
import rego.v1

org_accounts := input.organization.data.accounts

matches := [a | some a in org_accounts; a.Id == input.account.account_id]

label(a) := sprintf("%s (%s)", [a.Id, a.Name]) if {
	a.Name
} else := a.Id

values(a) := {
	"email": a.Email,
	"domain": domain_of(a.Email),
	"corporate_domains": sort(corporate_domains),
}

results contains lib.pass(lib.account_resource, "global", msg, values(a)) if {
	a := matches[0]
	verdict := judge_address(a.Email)
	verdict[0] == true
	note := verdict[1]
	msg := sprintf("root e-mail of account %s, %s, %s", [label(a), a.Email, note])
}

results contains lib.fail(lib.account_resource, "global", msg, values(a)) if {
	a := matches[0]
	verdict := judge_address(a.Email)
	verdict[0] == false
	note := verdict[1]
	msg := sprintf("root e-mail of account %s, %s, %s", [label(a), a.Email, note])
}

results contains lib.unknown(lib.account_resource, "global", msg, {}) if {
	is_array(org_accounts)
	count(matches) == 0
	msg := sprintf(
		"account %s is not in the Organization's account list, so its root e-mail address is unknown",
		[input.account.account_id],
	)
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
