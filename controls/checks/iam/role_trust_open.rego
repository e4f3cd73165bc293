# METADATA
# title: IAM role trust policies do not let anyone assume the role
# description: >-
#   A role whose trust policy allows Principal {"AWS": "*"} (or Principal "*") without any
#   Condition can be assumed by any AWS principal in any account, handing the role's permissions
#   to the whole internet of AWS users. Every role gets one verdict; statements that carry a
#   Condition (for example aws:PrincipalOrgID or sts:ExternalId) are not judged open here.
# custom:
#   id: iam.role-trust-open
#   severity: critical
#   resource_type: AWS::IAM::Role
#   sections: [iam.authorization_details]
#   remediation: >-
#     Name the trusted accounts, roles or services in the trust policy's Principal, or add a
#     Condition that restricts who may assume it (aws:PrincipalOrgID, aws:SourceAccount,
#     sts:ExternalId for third parties).
#   references:
#     - AWS IAM User Guide, Security best practices in IAM (verify public and cross-account access)
package caliper.checks.iam.role_trust_open

import data.caliper.lib
import rego.v1

roles := object.get(input.account.iam.authorization_details.data, "Roles", [])

# The Allow statements of a trust policy that name any AWS principal and have no Condition,
# by their Sid or position.
open_statements(role) := {label |
	some i, s in role.AssumeRolePolicyDocument.Statement
	s.Effect == "Allow"
	"*" in object.get(object.get(s, "Principal", {}), "AWS", [])
	count(object.get(s, "Condition", {})) == 0
	label := statement_label(i, s)
}

statement_label(i, s) := sprintf("statement %s", [s.Sid]) if {
	is_string(s.Sid)
	s.Sid != ""
} else := sprintf("statement #%d", [i + 1])

results contains lib.fail(role.Arn, "global", msg, {"open_statements": found}) if {
	some role in roles
	found := sort(open_statements(role))
	count(found) > 0
	msg := sprintf("role %s (%s) can be assumed by any AWS principal (Principal AWS \"*\" without Condition in %s)", [role.RoleName, role.Arn, concat(", ", found)])
}

results contains lib.pass(role.Arn, "global", msg, {"open_statements": []}) if {
	some role in roles
	count(open_statements(role)) == 0
	msg := sprintf("role %s (%s) trust policy has no unconditioned Principal AWS \"*\"", [role.RoleName, role.Arn])
}
