# METADATA
# title: IAM users do not hold administrator access
# description: >-
#   An IAM user with administrator access (the AWS-managed AdministratorAccess policy, or a
#   customer-managed or inline policy allowing every action on every resource), attached to the
#   user or to a group the user belongs to, is a long-lived identity with full control of the
#   account; people who need administrator rights should reach them through federation and a
#   role, for a session. Every IAM user gets one verdict.
# custom:
#   id: iam.user-admin-access
#   severity: high
#   resource_type: AWS::IAM::User
#   sections: [iam.authorization_details]
#   remediation: >-
#     Detach AdministratorAccess from the user and its groups; give administrators a federated
#     role (IAM Identity Center permission set) with MFA, and give the user, if it must remain,
#     a policy limited to its task, through a group.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.15, 1.16
#     - AWS Security Hub IAM.2
package caliper.checks.iam.user_admin_access

import data.caliper.lib
import rego.v1

admin_arns := {
	"arn:aws:iam::aws:policy/AdministratorAccess",
	"arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
	"arn:aws-cn:iam::aws:policy/AdministratorAccess",
}

details := input.account.iam.authorization_details.data

users := object.get(details, "Users", [])

# The managed policies attached to a user or a group: only they can make a user an administrator
# (accounts hold hundreds of policies, most attached to roles only).
attached_to_people := {p.PolicyArn |
	some x in array.concat(users, object.get(details, "Groups", []))
	some p in object.get(x, "AttachedManagedPolicies", [])
}

# Policies that make their holder an administrator, ARN -> name: AdministratorAccess, and
# customer-managed policies attached to people whose default version allows every action on
# every resource. Built once as an object: the Rego VM re-evaluates a partial rule at every lookup.
admin_policies := object.union({arn: "AdministratorAccess" | some arn in admin_arns}, {p.Arn: p.PolicyName |
	some p in object.get(details, "Policies", [])
	attached_to_people[p.Arn]
	some s in p.Document.Statement
	contains(concat(",", s.Action), "*") # most statements name their actions: no call for them
	lib.full_admin_statement(s)
})

# The administrator grants of a user or group: attached policies and inline policies.
grants(attached, inline, admin) := {sprintf("policy %s", [admin[p.PolicyArn]]) |
	some p in attached
	admin[p.PolicyArn]
} | {sprintf("inline policy %s", [p.PolicyName]) |
	some p in inline
	some s in p.PolicyDocument.Statement
	contains(concat(",", s.Action), "*")
	lib.full_admin_statement(s)
}

# Groups with administrator grants, name -> grants.
admin_groups := {g.GroupName: found |
	some g in object.get(details, "Groups", [])
	found := grants(object.get(g, "AttachedManagedPolicies", []), object.get(g, "GroupPolicyList", []), admin_policies)
	count(found) > 0
}

# One verdict per user; how the user gets administrator access ("directly (policy X)" and/or
# "via group NAME (...)") is computed once, inline (docs/writing-checks.md, Performance).
results := [verdict(u, paths) |
	some u in users
	direct := grants(object.get(u, "AttachedManagedPolicies", []), object.get(u, "UserPolicyList", []), admin_policies)
	paths := sort(array.concat(direct_path(direct), [sprintf("via group %s (%s)", [g, concat(", ", sort(admin_groups[g]))]) |
		some g in object.get(u, "GroupList", [])
		admin_groups[g]
	]))
]

direct_path(direct) := [sprintf("directly (%s)", [concat(", ", sort(direct))])] if {
	count(direct) > 0
} else := []

verdict(u, found) := lib.fail(u.Arn, "global", msg, {"admin_access": found}) if {
	count(found) > 0
	msg := sprintf("IAM user %s (%s) has administrator access %s", [u.UserName, u.Arn, concat(" and ", found)])
} else := lib.pass(
	u.Arn, "global",
	sprintf("IAM user %s (%s) has no administrator access, directly or through a group", [u.UserName, u.Arn]),
	{"admin_access": []},
)
