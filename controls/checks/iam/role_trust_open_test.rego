package caliper.checks.iam.role_trust_open_test

import data.caliper.checks.iam.role_trust_open as check
import data.caliper.testing
import rego.v1

role(name, statements) := {
	"RoleName": name,
	"Arn": sprintf("arn:aws:iam::111111111111:role/%s", [name]),
	"Path": "/",
	"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": statements},
	"AttachedManagedPolicies": [],
	"RolePolicyList": [],
}

trust(principal) := {"Effect": "Allow", "Principal": principal, "Action": ["sts:AssumeRole"]}

run(roles) := r if {
	r := check.results with input as testing.input_for({"iam": {"authorization_details": testing.section({
		"Users": [],
		"Groups": [],
		"Roles": roles,
		"Policies": [],
	})}})
}

test_pass_when_trust_names_an_account if {
	r := run([role("audit", [trust({"AWS": ["arn:aws:iam::222222222222:root"]})])])
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:role/audit"
	f.region == "global"
}

test_pass_for_service_role if {
	r := run([role("lambda-exec", [trust({"Service": ["lambda.amazonaws.com"]})])])
	testing.statuses(r) == {"pass"}
}

test_fail_on_any_aws_principal_without_condition if {
	r := run([role("open", [trust({"AWS": ["*"]})])])
	testing.statuses(r) == {"fail"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:role/open"
	f.message == "role open (arn:aws:iam::111111111111:role/open) can be assumed by anyone: statement #1 (Principal AWS \"*\" without a Condition on who the caller is)"
}

test_fail_names_statement_sid if {
	s := object.union(trust({"AWS": ["arn:aws:iam::222222222222:root", "*"]}), {"Sid": "Anyone"})
	r := run([role("open", [trust({"Service": ["ec2.amazonaws.com"]}), s])])
	some f in r
	f.status == "fail"
	f.values.open_statements == ["statement Anyone (Principal AWS \"*\" without a Condition on who the caller is)"]
}

test_pass_when_open_principal_has_condition if {
	s := object.union(trust({"AWS": ["*"]}), {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}})
	r := run([role("org-wide", [s])])
	testing.statuses(r) == {"pass"}
}

test_deny_with_open_principal_is_not_open if {
	r := run([role("guarded", [{"Effect": "Deny", "Principal": {"AWS": ["*"]}, "Action": ["sts:AssumeRole"]}])])
	testing.statuses(r) == {"pass"}
}

test_no_pass_when_authorization_details_missing if {
	r := check.results with input as testing.input_for({"iam": {"authorization_details": testing.denied}})
	not "pass" in testing.statuses(r)
}

with_condition(principal, condition) := object.union(trust(principal), {"Condition": condition})

github := "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"

test_fail_when_the_only_condition_is_an_external_id if {
	s := with_condition({"AWS": ["*"]}, {"StringEquals": {"sts:ExternalId": "shared-secret"}})
	testing.statuses(run([role("vendor", [s])])) == {"fail"}
}

test_fail_when_the_identity_condition_is_negated_or_if_exists if {
	negated := with_condition({"AWS": ["*"]}, {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"}})
	if_exists := with_condition({"AWS": ["*"]}, {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}})
	testing.statuses(run([role("a", [negated])])) == {"fail"}
	testing.statuses(run([role("b", [if_exists])])) == {"fail"}
}

test_fail_when_the_identity_condition_is_a_wildcard if {
	s := with_condition({"AWS": ["*"]}, {"StringLike": {"aws:PrincipalArn": "*"}})
	testing.statuses(run([role("a", [s])])) == {"fail"}
}

test_pass_when_the_principal_account_is_named if {
	s := with_condition({"AWS": ["*"]}, {"StringEquals": {"aws:PrincipalAccount": ["222222222222"]}})
	testing.statuses(run([role("a", [s])])) == {"pass"}
}

test_fail_on_github_oidc_trust_bounded_only_by_audience if {
	s := with_condition({"Federated": [github]}, {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}})
	r := run([role("deploy", [s])])
	testing.statuses(r) == {"fail"}
	some f in r
	contains(f.message, "without a Condition bounding token.actions.githubusercontent.com:sub")
}

test_fail_on_github_oidc_trust_for_any_repository if {
	s := with_condition({"Federated": [github]}, {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}})
	testing.statuses(run([role("deploy", [s])])) == {"fail"}
}

test_pass_on_github_oidc_trust_for_one_repository if {
	s := with_condition({"Federated": [github]}, {
		"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
		"StringLike": {"token.actions.githubusercontent.com:sub": "repo:northwind/platform:ref:refs/heads/main"},
	})
	testing.statuses(run([role("deploy", [s])])) == {"pass"}
}

test_pass_on_saml_federation if {
	s := trust({"Federated": ["arn:aws:iam::111111111111:saml-provider/Okta"]})
	testing.statuses(run([role("sso", [s])])) == {"pass"}
}
