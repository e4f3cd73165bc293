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
	f.message == "role open (arn:aws:iam::111111111111:role/open) can be assumed by any AWS principal (Principal AWS \"*\" without Condition in statement #1)"
}

test_fail_names_statement_sid if {
	s := object.union(trust({"AWS": ["arn:aws:iam::222222222222:root", "*"]}), {"Sid": "Anyone"})
	r := run([role("open", [trust({"Service": ["ec2.amazonaws.com"]}), s])])
	some f in r
	f.status == "fail"
	f.values.open_statements == ["statement Anyone"]
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
