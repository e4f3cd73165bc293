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

# Policies that make their holder an administrator: AdministratorAccess, and customer-managed
# policies whose default version allows every action on every resource.
admin_policies[arn] := "AdministratorAccess" if some arn in admin_arns

admin_policies[p.Arn] := p.PolicyName if {
	some p in object.get(details, "Policies", [])
	some s in p.Document.Statement
	lib.full_admin_statement(s)
}

# The administrator grants of a user or group: attached policies and inline policies.
grants(attached, inline) := {sprintf("policy %s", [admin_policies[p.PolicyArn]]) |
	some p in attached
	admin_policies[p.PolicyArn]
} | {sprintf("inline policy %s", [p.PolicyName]) |
	some p in inline
	some s in p.PolicyDocument.Statement
	lib.full_admin_statement(s)
}

# Groups with administrator grants, by name.
admin_groups[g.GroupName] := found if {
	some g in object.get(details, "Groups", [])
	found := grants(object.get(g, "AttachedManagedPolicies", []), object.get(g, "GroupPolicyList", []))
	count(found) > 0
}

# How a user gets administrator access: "directly (policy X)" and/or "via group NAME (...)".
paths(u) := {sprintf("directly (%s)", [concat(", ", sort(found))]) |
	found := grants(object.get(u, "AttachedManagedPolicies", []), object.get(u, "UserPolicyList", []))
	count(found) > 0
} | {sprintf("via group %s (%s)", [g, concat(", ", sort(admin_groups[g]))]) |
	some g in object.get(u, "GroupList", [])
	admin_groups[g]
}

results contains lib.fail(u.Arn, "global", msg, {"admin_access": found}) if {
	some u in users
	found := sort(paths(u))
	count(found) > 0
	msg := sprintf("IAM user %s (%s) has administrator access %s", [u.UserName, u.Arn, concat(" and ", found)])
}

results contains lib.pass(u.Arn, "global", msg, {"admin_access": []}) if {
	some u in users
	count(paths(u)) == 0
	msg := sprintf("IAM user %s (%s) has no administrator access, directly or through a group", [u.UserName, u.Arn])
}
