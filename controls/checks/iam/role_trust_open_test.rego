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

github := "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"

web_identity(op, sub) := {
	"Effect": "Allow",
	"Principal": {"Federated": [github]},
	"Action": ["sts:AssumeRoleWithWebIdentity"],
	"Condition": {op: {"token.actions.githubusercontent.com:sub": sub}},
}

status_of(statement) := s if {
	r := run([role("r", [statement])])
	some f in r
	s := f.status
}

test_github_subject_patterns_that_admit_any_owner_fail if {
	every sub in ["repo:*:ref:refs/heads/main", "repo:*/*", "repo:octo*", "repo:*", "*", "repo:?*/deploy:*"] {
		status_of(web_identity("StringLike", sub)) == "fail"
	}
}

test_github_subject_patterns_naming_an_owner_pass if {
	every sub in ["repo:octo-org/*", "repo:octo-org/deploy:*", "repo:octo-org/deploy:ref:refs/heads/main"] {
		status_of(web_identity("StringLike", sub)) == "pass"
	}
}

any_caller(op, key, value) := {
	"Effect": "Allow",
	"Principal": {"AWS": ["*"]},
	"Action": ["sts:AssumeRole"],
	"Condition": {op: {key: value}},
}

test_wildcard_identity_conditions_that_admit_everyone_fail if {
	status_of(any_caller("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/*")) == "fail"
	status_of(any_caller("StringLike", "aws:PrincipalOrgID", "o-*")) == "fail"
	status_of(any_caller("StringLike", "aws:PrincipalOrgPaths", "o-*/*")) == "fail"
	status_of(any_caller("StringLike", "aws:PrincipalAccount", "1234*")) == "fail"
}

test_wildcard_identity_conditions_naming_a_tenant_pass if {
	status_of(any_caller("ArnLike", "aws:PrincipalArn", "arn:aws:iam::222222222222:role/*")) == "pass"
	status_of(any_caller("StringLike", "aws:PrincipalOrgPaths", "o-abc123/r-ab12/*")) == "pass"
}

test_a_deny_for_everyone_outside_the_organization_bounds_an_open_allow if {
	deny := {
		"Effect": "Deny",
		"Principal": {"AWS": ["*"]},
		"Action": ["sts:AssumeRole"],
		"Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"}},
	}
	r := run([role("r", [trust({"AWS": ["*"]}), deny])])
	testing.statuses(r) == {"pass"}
}

test_a_deny_with_a_second_condition_does_not_bound_it if {
	deny := {
		"Effect": "Deny",
		"Principal": {"AWS": ["*"]},
		"Action": ["sts:AssumeRole"],
		"Condition": {
			"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"},
			"Bool": {"aws:MultiFactorAuthPresent": "true"},
		},
	}
	r := run([role("r", [trust({"AWS": ["*"]}), deny])])
	testing.statuses(r) == {"fail"}
}
