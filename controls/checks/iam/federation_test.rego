package caliper.checks.iam.federation_test

import data.caliper.checks.iam.federation as check
import data.caliper.testing
import rego.v1

row(user, password) := {
	"user": user,
	"arn": sprintf("arn:aws:iam::111111111111:user/%s", [user]),
	"password_enabled": password,
	"mfa_active": true,
	"access_key_1_active": false,
	"access_key_2_active": false,
}

root := {
	"user": "<root_account>",
	"arn": "arn:aws:iam::111111111111:root",
	"password_enabled": true,
	"mfa_active": true,
	"access_key_1_active": false,
	"access_key_2_active": false,
}

saml_provider := {"Arn": "arn:aws:iam::111111111111:saml-provider/Okta"}

account(rows, saml, oidc) := {"iam": {
	"credential_report": testing.section(rows),
	"saml_providers": testing.section(saml),
	"oidc_providers": testing.section(oidc),
}}

with_org(inp, services) := object.union(inp, {"organization": {
	"source": testing.source,
	"data": {
		"id": "o-abc123",
		"management_account_id": "999999999999",
		"accounts": [],
		"enabled_services": testing.section(services),
	},
}})

test_pass_with_saml_provider_and_no_password_users if {
	r := check.results with input as testing.input_for(account([root, row("ci", false)], [saml_provider], []))
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:::111111111111:account"
	f.region == "global"
	f.message == "account 111111111111 has no IAM user with a console password; federation evidence: 1 SAML provider(s)"
}

test_pass_with_identity_center_enabled_in_organization if {
	inp := with_org(testing.input_for(account([root], [], [])), ["sso.amazonaws.com", "cloudtrail.amazonaws.com"])
	r := check.results with input as inp
	some f in r
	f.status == "pass"
	f.values.identity_center == true
	f.message == "account 111111111111 has no IAM user with a console password; federation evidence: IAM Identity Center enabled in the organization"
}

test_pass_says_when_no_federation_was_found if {
	r := check.results with input as testing.input_for(account([root], [], []))
	some f in r
	f.status == "pass"
	f.message == "account 111111111111 has no IAM user with a console password; no SAML or OIDC provider in this account, IAM Identity Center status unknown (no organization data)"
}

test_fail_on_console_password_users_despite_federation if {
	r := check.results with input as testing.input_for(account([root, row("alice", true), row("bob", false)], [saml_provider], []))
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "account 111111111111 has 1 IAM user(s) with console passwords (alice); federation evidence: 1 SAML provider(s)"
	f.values.password_users == 1
}

test_fail_names_five_users_and_counts_the_rest if {
	rows := [row(sprintf("user%d", [i]), true) | some i in numbers.range(1, 7)]
	inp := with_org(testing.input_for(account(rows, [], [])), ["cloudtrail.amazonaws.com"])
	r := check.results with input as inp
	some f in r
	f.status == "fail"
	f.message == "account 111111111111 has 7 IAM user(s) with console passwords (user1, user2, user3, user4, user5 and 2 more); no SAML or OIDC provider in this account, IAM Identity Center not enabled in the organization"
}

test_no_pass_when_credential_report_missing if {
	inp := testing.input_for({"iam": {
		"credential_report": testing.denied,
		"saml_providers": testing.section([saml_provider]),
		"oidc_providers": testing.section([]),
	}})
	r := check.results with input as inp
	not "pass" in testing.statuses(r)
}

test_no_pass_when_providers_missing if {
	inp := testing.input_for({"iam": {
		"credential_report": testing.section([root]),
		"saml_providers": testing.denied,
		"oidc_providers": testing.section([]),
	}})
	r := check.results with input as inp
	not "pass" in testing.statuses(r)
}
