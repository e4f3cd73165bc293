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
import data.caliper.lib.account_resource
import data.caliper.lib.corporate_domains
import rego.v1

org_accounts := input.organization.data.accounts

matches := [a | some a in org_accounts; a.Id == input.account.account_id]

label(a) := sprintf("%s (%s)", [a.Id, a.Name]) if {
	a.Name
} else := a.Id

values(a) := {
	"email": a.Email,
	"domain": lib.domain_of(a.Email),
	"corporate_domains": sort(corporate_domains),
}

results contains lib.pass(account_resource, "global", msg, values(a)) if {
	a := matches[0]
	verdict := lib.judge_address(a.Email)
	verdict[0] == true
	note := verdict[1]
	msg := sprintf("root e-mail of account %s, %s, %s", [label(a), a.Email, note])
}

results contains lib.fail(account_resource, "global", msg, values(a)) if {
	a := matches[0]
	verdict := lib.judge_address(a.Email)
	verdict[0] == false
	note := verdict[1]
	msg := sprintf("root e-mail of account %s, %s, %s", [label(a), a.Email, note])
}

results contains lib.unknown(account_resource, "global", msg, {}) if {
	is_array(org_accounts)
	count(matches) == 0
	msg := sprintf(
		"account %s is not in the Organization's account list, so its root e-mail address is unknown",
		[input.account.account_id],
	)
}
