# METADATA
# title: IAM users with a console password have MFA
# description: >-
#   An IAM user that can sign in to the AWS Management Console with only a password is one leaked
#   or guessed password away from account access. Every IAM user with a console password (from the
#   credential report, root excluded) must have an active MFA device; users without a password are
#   not judged here.
# custom:
#   id: iam.user-console-mfa
#   severity: high
#   resource_type: AWS::IAM::User
#   sections: [iam.credential_report]
#   remediation: >-
#     Move people to federated access (IAM Identity Center or an identity provider) and remove the
#     IAM user's console password; where an IAM user must keep one, assign it an MFA device
#     (FIDO2 security key or virtual authenticator) and require MFA by policy.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.10
#     - AWS Security Hub IAM.5
package caliper.checks.iam.user_console_mfa

import data.caliper.lib
import rego.v1

# Credential report rows of IAM users (not root) that have a console password.
password_users contains row if {
	some row in input.account.iam.credential_report.data
	row.user != "<root_account>"
	row.password_enabled == true
}

values(row) := {
	"user": row.user,
	"password_enabled": row.password_enabled,
	"mfa_active": row.mfa_active,
	"password_last_used": object.get(row, "password_last_used", null),
}

results contains lib.fail(row.arn, "global", msg, values(row)) if {
	some row in password_users
	row.mfa_active != true
	msg := sprintf("IAM user %s (%s) has a console password and no active MFA device", [row.user, row.arn])
}

results contains lib.pass(row.arn, "global", msg, values(row)) if {
	some row in password_users
	row.mfa_active == true
	msg := sprintf("IAM user %s (%s) has a console password and an active MFA device", [row.user, row.arn])
}
