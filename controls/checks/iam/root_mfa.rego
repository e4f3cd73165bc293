# METADATA
# title: The root user has MFA enabled
# description: >-
#   The root user can do anything in the account, including closing it and changing its
#   contacts, and cannot be restricted by IAM policies. Without a second factor, a leaked or
#   phished root password is enough to take the account over. Judged from iam:GetAccountSummary
#   (AccountMFAEnabled).
# custom:
#   id: iam.root-mfa
#   severity: critical
#   resource_type: AWS::::Account
#   sections: [iam.summary]
#   remediation: >-
#     Sign in as the root user and assign an MFA device (preferably a hardware key or passkey)
#     under Security credentials; keep the device with the people who own the account, not with
#     one consultant. In an Organization, consider centralised root access management instead of
#     per-account root credentials.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.5
#     - AWS Security Hub IAM.9
#     - AWS Startup Security Baseline ACCT.02, ACCT.05
package caliper.checks.iam.root_mfa

import data.caliper.lib
import data.caliper.lib.account_resource
import rego.v1

summary := input.account.iam.summary.data

mfa := summary.AccountMFAEnabled

results contains lib.pass(account_resource, "global", msg, {"AccountMFAEnabled": mfa}) if {
	mfa == 1
	msg := sprintf("root user of account %s has MFA enabled (AccountMFAEnabled = 1)", [input.account.account_id])
}

results contains lib.fail(account_resource, "global", msg, {"AccountMFAEnabled": mfa}) if {
	mfa != 1
	msg := sprintf("root user of account %s has no MFA device (AccountMFAEnabled = %d)", [input.account.account_id, mfa])
}

results contains lib.unknown(account_resource, "global", msg, {}) if {
	is_object(summary)
	not "AccountMFAEnabled" in object.keys(summary)
	msg := sprintf("the account summary of account %s has no AccountMFAEnabled field, so the root user's MFA state is unknown", [input.account.account_id])
}
