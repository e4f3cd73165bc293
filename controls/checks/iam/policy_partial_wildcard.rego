# METADATA
# title: IAM policies do not grant partial-wildcard actions on all resources
# description: >-
#   Action patterns such as "s3:Get*" or "ec2:Describe*" on Resource "*" (or on all resources but
#   a NotResource list) grant every current and future action that matches, on every resource,
#   which is wider than a task needs and grows as AWS adds actions. Every customer-managed policy
#   and every inline policy of a user, group or role gets one verdict; "*" and whole-service
#   actions ("s3:*") are judged by iam.policy-admin-wildcard, and Deny statements never count.
# custom:
#   id: iam.policy-partial-wildcard
#   severity: low
#   resource_type: AWS::IAM::Policy
#   sections: [iam.authorization_details]
#   remediation: >-
#     List the actions the workload uses (IAM Access Analyzer policy generation reads them from
#     CloudTrail) and scope Resource to the ARNs involved; keep wildcard patterns only where they
#     are read-only and reviewed.
#   references:
#     - AWS IAM User Guide, Security best practices in IAM (apply least-privilege permissions)
package caliper.checks.iam.policy_partial_wildcard

import data.caliper.lib
import data.caliper.lib.iam_policies
import rego.v1

# The policies in scope: customer-managed ones and the inline ones of users, groups, roles.
policies := iam_policies

# ---- What the check looks for.

# The partial-wildcard actions ("s3:Get*") the Allow statements grant on every resource.
actions(doc) := sort({a |
	some s in doc.Statement
	s.Effect == "Allow"
	contains(concat(",", object.get(s, "Action", [])), "*") # most statements have no "*" action
	is_string(lib.all_resources(s)) # once per statement, not per action
	some a in s.Action
	contains(a, "*")
	not lib.wide_action(a) # the admin-wildcard check's business
})

# One verdict per policy; the offending actions are computed once.
results := [verdict(p, actions(p.document)) | some p in policies]

verdict(p, found) := lib.fail(p.resource, "global", msg, {"partial_wildcards": found}) if {
	count(found) > 0
	msg := sprintf("%s allows %s on all resources", [p.label, concat(", ", found)])
} else := lib.pass(
	p.resource, "global",
	sprintf("%s allows no partial-wildcard action on all resources", [p.label]),
	{"partial_wildcards": []},
)
