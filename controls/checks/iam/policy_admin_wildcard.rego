# METADATA
# title: IAM policies do not grant all actions or whole services on all resources
# description: >-
#   A customer-managed or inline policy that allows Action "*" (full administrator), a whole
#   service ("s3:*", "iam:*") or everything but a NotAction list, on Resource "*" (or on all
#   resources but a NotResource list), is the opposite of least privilege: whoever holds it can do
#   far more than any task needs. Every customer-managed policy and every inline policy of a user,
#   group or role gets one verdict; Deny statements never count. AWS-managed policies are judged
#   through their attachments (iam.user-admin-access), not here.
# custom:
#   id: iam.policy-admin-wildcard
#   severity: high
#   resource_type: AWS::IAM::Policy
#   sections: [iam.authorization_details]
#   remediation: >-
#     Replace the wildcard with the specific actions the workload calls (IAM Access Analyzer can
#     generate a policy from CloudTrail activity) and scope Resource to the ARNs it needs; keep
#     full administrator rights for a few break-glass roles reached through federation.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.16
#     - AWS Security Hub IAM.1, IAM.21
package caliper.checks.iam.policy_admin_wildcard

import data.caliper.lib
import data.caliper.lib.iam_policies
import rego.v1

# The policies in scope: customer-managed ones and the inline ones of users, groups, roles.
policies := iam_policies

# ---- What the check looks for.

# The wide actions a statement allows ("*" must be in an action for it to be wide).
wide_actions(s) := {a |
	some a in s.Action
	contains(a, "*")
	lib.wide_action(a)
}

# One verdict per policy, from [actions, resource scope] of each Allow statement granting wide
# actions, or every action but a NotAction list, on all resources; computed inline once
# (docs/writing-checks.md, Performance). A statement has Action or NotAction, never both.
results := [verdict(p, found) |
	some p in policies
	found := array.concat(
		[[acts, scope] |
			some s in p.document.Statement
			s.Effect == "Allow"
			contains(concat(",", object.get(s, "Action", [])), "*") # most statements have no "*" action
			acts := wide_actions(s)
			count(acts) > 0
			scope := lib.all_resources(s)
			is_string(scope) # scoped: undefined (the Rego VM does not fail a body on that alone)
		],
		[[acts, scope] |
			some s in p.document.Statement
			s.Effect == "Allow"
			s.NotAction # most statements have none
			acts := {sprintf("every action except NotAction %s", [concat(", ", sort(s.NotAction))])}
			scope := lib.all_resources(s)
			is_string(scope)
		],
	)
]

verdict(p, found) := lib.fail(p.resource, "global", msg, {"offending": actions}) if {
	count(found) > 0
	msg := sprintf("%s allows %s", [p.label, concat("; ", sort({sprintf("%s on %s", [concat(", ", sort(acts)), scope]) | some [acts, scope] in found}))])
	actions := sort({a | some [acts, _] in found; some a in acts})
} else := lib.pass(
	p.resource, "global",
	sprintf("%s allows no \"*\" or service-wide action on all resources", [p.label]),
	{"offending": []},
)
