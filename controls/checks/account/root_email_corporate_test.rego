package caliper.checks.account.root_email_corporate_test

import data.caliper.checks.account.root_email_corporate as check
import data.caliper.testing
import rego.v1

org(email) := testing.section({
	"id": "o-abc",
	"management_account_id": "999999999999",
	"accounts": [
		{"Id": "999999999999", "Name": "management", "Email": "aws-mgmt@example.com", "Status": "ACTIVE", "OuPath": ["Root"]},
		{"Id": "111111111111", "Name": "prod", "Email": email, "Status": "ACTIVE", "OuPath": ["Root", "Workloads"]},
	],
})

with_org(organization, domains) := object.union(
	testing.input_for({}),
	{"organization": organization, "config": {"contacts": {"corporate_domains": domains}}},
)

test_pass_at_a_corporate_domain if {
	r := check.results with input as with_org(org("aws-root@example.com"), ["example.com"])
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:::111111111111:account"
	f.region == "global"
	f.values.email == "aws-root@example.com"
	f.message == "root e-mail of account 111111111111 (prod), aws-root@example.com, is at example.com, a corporate domain"
}

test_pass_at_a_subdomain_of_a_corporate_domain if {
	r := check.results with input as with_org(org("Root@Mail.Example.com"), ["example.com"])
	testing.statuses(r) == {"pass"}
}

test_fail_outside_the_corporate_domains if {
	r := check.results with input as with_org(org("root@example.org"), ["example.com", "example.net"])
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "root e-mail of account 111111111111 (prod), root@example.org, is at example.org, not under a corporate domain (example.com, example.net)"
}

test_fail_at_a_lookalike_domain if {
	r := check.results with input as with_org(org("root@notexample.com"), ["example.com"])
	testing.statuses(r) == {"fail"}
}

test_fail_at_a_public_provider_without_corporate_domains if {
	r := check.results with input as with_org(org("jane.doe@gmail.com"), [])
	testing.statuses(r) == {"fail"}
	some f in r
	contains(f.message, "public mail provider gmail.com")
	f.values.domain == "gmail.com"
}

test_pass_with_a_note_without_corporate_domains if {
	r := check.results with input as with_org(org("aws@acme.io"), [])
	testing.statuses(r) == {"pass"}
	some f in r
	contains(f.message, "no corporate_domains configured in caliper.toml; only public mail providers are rejected")
}

test_fail_on_an_invalid_address if {
	r := check.results with input as with_org(org("not-an-address"), [])
	testing.statuses(r) == {"fail"}
}

test_unknown_when_account_not_in_organization if {
	o := testing.section({"id": "o-abc", "management_account_id": "999999999999", "accounts": []})
	r := check.results with input as with_org(o, [])
	testing.statuses(r) == {"error"}
}

test_no_verdict_when_organization_missing if {
	r := check.results with input as with_org(testing.denied, [])
	count(r) == 0
}

test_no_verdict_without_organization_scan if {
	r := check.results with input as testing.input_for({})
	count(r) == 0
}
