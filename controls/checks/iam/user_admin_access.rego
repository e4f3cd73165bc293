# METADATA
# title: IAM users do not hold AdministratorAccess
# description: >-
#   An IAM user with the AWS-managed AdministratorAccess policy, attached to the user or to a
#   group the user belongs to, is a long-lived identity with full control of the account; people
#   who need administrator rights should reach them through federation and a role, for a session.
#   Every IAM user gets one verdict.
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

# Names of the groups that have AdministratorAccess attached.
admin_groups contains g.GroupName if {
	some g in object.get(details, "Groups", [])
	some p in object.get(g, "AttachedManagedPolicies", [])
	p.PolicyArn in admin_arns
}

# How a user gets AdministratorAccess: "directly" and/or "via group NAME".
paths(u) := {"directly" | some p in object.get(u, "AttachedManagedPolicies", []); p.PolicyArn in admin_arns} | {sprintf("via group %s", [g]) |
	some g in object.get(u, "GroupList", [])
	g in admin_groups
}

results contains lib.fail(u.Arn, "global", msg, {"admin_access": found}) if {
	some u in users
	found := sort(paths(u))
	count(found) > 0
	msg := sprintf("IAM user %s (%s) has AdministratorAccess %s", [u.UserName, u.Arn, concat(" and ", found)])
}

results contains lib.pass(u.Arn, "global", msg, {"admin_access": []}) if {
	some u in users
	count(paths(u)) == 0
	msg := sprintf("IAM user %s (%s) has no AdministratorAccess, directly or through a group", [u.UserName, u.Arn])
}
