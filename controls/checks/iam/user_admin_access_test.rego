package caliper.checks.iam.user_admin_access_test

import data.caliper.checks.iam.user_admin_access as check
import data.caliper.testing
import rego.v1

admin := {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}

readonly := {"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}

user(name, groups, attached) := {
	"UserName": name,
	"Arn": sprintf("arn:aws:iam::111111111111:user/%s", [name]),
	"GroupList": groups,
	"AttachedManagedPolicies": attached,
	"UserPolicyList": [],
}

group(name, attached) := {
	"GroupName": name,
	"Arn": sprintf("arn:aws:iam::111111111111:group/%s", [name]),
	"AttachedManagedPolicies": attached,
	"GroupPolicyList": [],
}

run(users, groups) := r if {
	r := check.results with input as testing.input_for({"iam": {"authorization_details": testing.section({
		"Users": users,
		"Groups": groups,
		"Roles": [],
		"Policies": [],
	})}})
}

test_pass_when_user_has_read_only_through_group if {
	r := run([user("alice", ["readers"], [])], [group("readers", [readonly])])
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:user/alice"
}

test_fail_on_directly_attached_admin if {
	r := run([user("bob", [], [admin])], [])
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "IAM user bob (arn:aws:iam::111111111111:user/bob) has administrator access directly (policy AdministratorAccess)"
}

test_fail_on_admin_through_group if {
	r := run([user("carol", ["readers", "Admins"], [])], [group("readers", [readonly]), group("Admins", [admin])])
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "IAM user carol (arn:aws:iam::111111111111:user/carol) has administrator access via group Admins (policy AdministratorAccess)"
	f.values.admin_access == ["via group Admins (policy AdministratorAccess)"]
}

test_fail_names_both_paths if {
	r := run([user("dave", ["Admins"], [admin])], [group("Admins", [admin])])
	some f in r
	f.values.admin_access == ["directly (policy AdministratorAccess)", "via group Admins (policy AdministratorAccess)"]
}

test_one_verdict_per_user if {
	r := run([user("alice", [], []), user("bob", [], [admin])], [])
	count(r) == 2
	testing.statuses(r) == {"pass", "fail"}
}

test_no_pass_when_authorization_details_missing if {
	r := check.results with input as testing.input_for({"iam": {"authorization_details": testing.denied}})
	not "pass" in testing.statuses(r)
}

everything := {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}

test_fail_on_admin_through_a_group_inline_policy if {
	ops := object.union(group("ops", []), {"GroupPolicyList": [{"PolicyName": "all", "PolicyDocument": {"Statement": [everything]}}]})
	r := run([user("bob", ["ops"], [])], [ops])
	some f in r
	f.status == "fail"
	f.values.admin_access == ["via group ops (inline policy all)"]
}

test_fail_on_a_customer_managed_copy_of_administrator_access if {
	copy := {"PolicyName": "MyAdmin", "PolicyArn": "arn:aws:iam::111111111111:policy/MyAdmin"}
	r := check.results with input as testing.input_for({"iam": {"authorization_details": testing.section({
		"Users": [user("erin", [], [copy])],
		"Groups": [],
		"Roles": [],
		"Policies": [{"PolicyName": "MyAdmin", "Arn": "arn:aws:iam::111111111111:policy/MyAdmin", "AttachmentCount": 1, "DefaultVersionId": "v1", "Document": {"Statement": [everything]}}],
	})}})
	some f in r
	f.status == "fail"
	f.values.admin_access == ["directly (policy MyAdmin)"]
}

test_a_service_wide_inline_policy_is_not_administrator_access if {
	u := object.union(user("frank", [], []), {"UserPolicyList": [{"PolicyName": "s3", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]}]}}]})
	r := run([u], [])
	testing.statuses(r) == {"pass"}
}

test_fail_on_an_inline_policy_allowing_star_colon_star if {
	u := object.union(user("gail", [], []), {"UserPolicyList": [{"PolicyName": "all", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]}]}}]})
	r := run([u], [])
	testing.statuses(r) == {"fail"}
}
