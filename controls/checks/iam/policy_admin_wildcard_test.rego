package caliper.checks.iam.policy_admin_wildcard_test

import data.caliper.checks.iam.policy_admin_wildcard as check
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

test_pass_when_policy_lists_specific_actions if {
	r := run({"Policies": [managed("reader", [allow(["s3:GetObject", "s3:ListBucket"], ["*"])])]})
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:policy/reader"
	f.region == "global"
}

test_fail_on_full_admin_managed_policy if {
	r := run({"Policies": [managed("admin", [allow(["*"], ["*"])])]})
	testing.statuses(r) == {"fail"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:policy/admin"
	f.message == "customer-managed policy admin (arn:aws:iam::111111111111:policy/admin) allows * on Resource *"
	f.values.offending == ["*"]
}

test_fail_on_service_wide_action_in_any_case if {
	r := run({"Policies": [managed("s3all", [allow(["S3:*", "ec2:DescribeInstances"], ["*"])])]})
	some f in r
	f.status == "fail"
	f.values.offending == ["S3:*"]
}

test_fail_on_allow_with_not_action if {
	r := run({"Policies": [managed("notiam", [{"Effect": "Allow", "NotAction": ["iam:*"], "Resource": ["*"]}])]})
	some f in r
	f.status == "fail"
	f.message == "customer-managed policy notiam (arn:aws:iam::111111111111:policy/notiam) allows every action except NotAction iam:* on Resource *"
}

test_deny_statement_never_counts if {
	r := run({"Policies": [managed("guard", [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"]}])]})
	testing.statuses(r) == {"pass"}
}

test_pass_when_wildcard_action_is_scoped_to_a_resource if {
	r := run({"Policies": [managed("bucket", [allow(["s3:*"], ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"])])]})
	testing.statuses(r) == {"pass"}
}

test_partial_wildcard_is_not_admin if {
	r := run({"Policies": [managed("getters", [allow(["s3:Get*"], ["*"])])]})
	testing.statuses(r) == {"pass"}
}

test_fail_on_inline_role_policy if {
	role := {
		"RoleName": "deployer",
		"Arn": "arn:aws:iam::111111111111:role/deployer",
		"AssumeRolePolicyDocument": doc([]),
		"AttachedManagedPolicies": [],
		"RolePolicyList": [{"PolicyName": "everything", "PolicyDocument": doc([allow(["*"], ["*"])])}],
	}
	r := run({"Roles": [role]})
	testing.statuses(r) == {"fail"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:role/deployer/inline-policy/everything"
	f.message == "inline policy everything of role deployer (arn:aws:iam::111111111111:role/deployer) allows * on Resource *"
}

test_one_verdict_per_inline_policy if {
	user := {
		"UserName": "alice",
		"Arn": "arn:aws:iam::111111111111:user/alice",
		"GroupList": [],
		"AttachedManagedPolicies": [],
		"UserPolicyList": [
			{"PolicyName": "ok", "PolicyDocument": doc([allow(["sts:GetCallerIdentity"], ["*"])])},
			{"PolicyName": "bad", "PolicyDocument": doc([allow(["iam:*"], ["*"])])},
		],
	}
	group := {
		"GroupName": "ops",
		"Arn": "arn:aws:iam::111111111111:group/ops",
		"AttachedManagedPolicies": [],
		"GroupPolicyList": [{"PolicyName": "ok", "PolicyDocument": doc([allow(["ec2:StartInstances"], ["*"])])}],
	}
	r := run({"Users": [user], "Groups": [group]})
	count(r) == 3
	{f.resource | some f in r; f.status == "fail"} == {"arn:aws:iam::111111111111:user/alice/inline-policy/bad"}
}

test_fail_on_not_resource_with_admin_action if {
	r := run({"Policies": [managed("almost", [{"Effect": "Allow", "Action": ["*"], "NotResource": ["arn:aws:s3:::secret"]}])]})
	some f in r
	f.status == "fail"
	f.message == "customer-managed policy almost (arn:aws:iam::111111111111:policy/almost) allows * on every resource except NotResource arn:aws:s3:::secret"
}

test_no_pass_when_authorization_details_missing if {
	r := check.results with input as testing.input_for({"iam": {"authorization_details": testing.denied}})
	not "pass" in testing.statuses(r)
}

test_fail_when_a_wildcard_arn_stands_for_every_resource if {
	every resources in [["arn:aws:*:*:*:*"], ["arn:aws:iam::*:*"], ["arn:aws:s3:::*"], ["arn:*"], ["arn:aws:iam::111111111111:*"]] {
		r := run({"Policies": [managed("p", [allow(["*"], resources)])]})
		testing.statuses(r) == {"fail"}
	}
	r := run({"Policies": [managed("p", [allow(["iam:*"], ["arn:aws:iam::*:*"])])]})
	some f in r
	f.message == "customer-managed policy p (arn:aws:iam::111111111111:policy/p) allows iam:* on Resource arn:aws:iam::*:*"
}

test_pass_when_a_wildcard_arn_names_a_resource if {
	every resources in [["arn:aws:s3:::logs-*"], ["arn:aws:iam::*:role/deploy-*"], ["arn:aws:s3:::logs/*"]] {
		r := run({"Policies": [managed("p", [allow(["s3:*"], resources)])]})
		testing.statuses(r) == {"pass"}
	}
}

test_fail_on_wildcard_only_action_patterns if {
	every action in ["iam:**", "iam:?*", "*:**", "**"] {
		r := run({"Policies": [managed("p", [allow([action], ["*"])])]})
		testing.statuses(r) == {"fail"}
	}
}
