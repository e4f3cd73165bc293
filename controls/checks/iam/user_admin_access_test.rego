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
	f.message == "IAM user bob (arn:aws:iam::111111111111:user/bob) has AdministratorAccess directly"
}

test_fail_on_admin_through_group if {
	r := run([user("carol", ["readers", "Admins"], [])], [group("readers", [readonly]), group("Admins", [admin])])
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "IAM user carol (arn:aws:iam::111111111111:user/carol) has AdministratorAccess via group Admins"
	f.values.admin_access == ["via group Admins"]
}

test_fail_names_both_paths if {
	r := run([user("dave", ["Admins"], [admin])], [group("Admins", [admin])])
	some f in r
	f.values.admin_access == ["directly", "via group Admins"]
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
