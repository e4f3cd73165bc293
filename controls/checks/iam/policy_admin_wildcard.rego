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

# Action "*" or a whole service ("s3:*"; "*:*" too).
wide(action) if lower(action) == "*"

wide(action) if {
	parts := split(lower(action), ":")
	count(parts) == 2
	parts[1] == "*"
}

# Resource "*", or everything except a NotResource list.
broad(s) if "*" in object.get(s, "Resource", [])

broad(s) if count(object.get(s, "NotResource", [])) > 0

resource_scope(s) := "Resource *" if {
	"*" in object.get(s, "Resource", [])
} else := sprintf("every resource except NotResource %s", [concat(", ", sort(s.NotResource))]) if {
	count(object.get(s, "NotResource", [])) > 0
}

# Only actions with a "*" can be wide: most are not, and `contains` is cheaper than `wide`.
granted(s) := {a | some a in object.get(s, "Action", []); contains(a, "*"); wide(a)} | not_action(s)

not_action(s) := {sprintf("every action except NotAction %s", [concat(", ", sort(s.NotAction))])} if {
	count(object.get(s, "NotAction", [])) > 0
} else := set()

# One description per offending Allow statement, and the offending actions.
offending(doc) := {sprintf("%s on %s", [concat(", ", sort(acts)), scope]) |
	some s in doc.Statement
	s.Effect == "Allow"
	broad(s)
	acts := granted(s)
	count(acts) > 0
	scope := resource_scope(s)
}

actions(doc) := sort({a |
	some s in doc.Statement
	s.Effect == "Allow"
	broad(s)
	some a in granted(s)
})

# One verdict per policy; the offending statements are computed once.
results contains verdict(p, offending(p.document)) if {
	some p in policies
}

verdict(p, found) := lib.fail(p.resource, "global", msg, {"offending": actions(p.document)}) if {
	count(found) > 0
	msg := sprintf("%s allows %s", [p.label, concat("; ", sort(found))])
} else := lib.pass(
	p.resource, "global",
	sprintf("%s allows no \"*\" or service-wide action on all resources", [p.label]),
	{"offending": []},
)
