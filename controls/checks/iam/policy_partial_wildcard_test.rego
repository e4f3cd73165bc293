package caliper.checks.iam.policy_partial_wildcard_test

import data.caliper.checks.iam.policy_partial_wildcard as check
import data.caliper.testing
import rego.v1

doc(statements) := {"Version": "2012-10-17", "Statement": statements}

allow(actions, resources) := {"Effect": "Allow", "Action": actions, "Resource": resources}

managed(name, statements) := {
	"PolicyName": name,
	"Arn": sprintf("arn:aws:iam::111111111111:policy/%s", [name]),
	"AttachmentCount": 1,
	"DefaultVersionId": "v1",
	"Document": doc(statements),
}

details(d) := {"iam": {"authorization_details": testing.section(object.union(
	{"Users": [], "Groups": [], "Roles": [], "Policies": []},
	d,
))}}

run(d) := r if {
	r := check.results with input as testing.input_for(details(d))
}

test_pass_when_actions_are_named if {
	r := run({"Policies": [managed("reader", [allow(["s3:GetObject"], ["*"])])]})
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:policy/reader"
}

test_fail_on_partial_wildcards_on_all_resources if {
	r := run({"Policies": [managed("viewer", [allow(["s3:Get*", "ec2:Describe*", "s3:ListBucket"], ["*"])])]})
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "customer-managed policy viewer (arn:aws:iam::111111111111:policy/viewer) allows ec2:Describe*, s3:Get* on all resources"
	f.values.partial_wildcards == ["ec2:Describe*", "s3:Get*"]
}

test_pass_when_partial_wildcard_is_scoped_to_a_resource if {
	r := run({"Policies": [managed("logs", [allow(["s3:Get*"], ["arn:aws:s3:::logs/*"])])]})
	testing.statuses(r) == {"pass"}
}

test_full_and_service_wildcards_are_left_to_the_admin_check if {
	r := run({"Policies": [managed("admin", [allow(["*", "iam:*"], ["*"])])]})
	testing.statuses(r) == {"pass"}
}

test_deny_statement_never_counts if {
	r := run({"Policies": [managed("guard", [{"Effect": "Deny", "Action": ["iam:Delete*"], "Resource": ["*"]}])]})
	testing.statuses(r) == {"pass"}
}

test_fail_on_inline_user_policy if {
	user := {
		"UserName": "alice",
		"Arn": "arn:aws:iam::111111111111:user/alice",
		"GroupList": [],
		"AttachedManagedPolicies": [],
		"UserPolicyList": [{"PolicyName": "peek", "PolicyDocument": doc([allow(["rds:Describe*"], ["*"])])}],
	}
	r := run({"Users": [user]})
	some f in r
	f.status == "fail"
	f.resource == "arn:aws:iam::111111111111:user/alice/inline-policy/peek"
}

test_no_pass_when_authorization_details_missing if {
	r := check.results with input as testing.input_for({"iam": {"authorization_details": testing.denied}})
	not "pass" in testing.statuses(r)
}
