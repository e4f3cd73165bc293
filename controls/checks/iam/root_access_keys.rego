# METADATA
# title: The root user has no access keys
# description: >-
#   Access keys of the root user give unrestricted, MFA-free programmatic access to the whole
#   account and cannot be limited by any policy. No task needs them, so none should exist, active
#   or not. Judged from iam:GetAccountSummary (AccountAccessKeysPresent).
# custom:
#   id: iam.root-access-keys
#   severity: critical
#   resource_type: AWS::::Account
#   sections: [iam.summary]
#   remediation: >-
#     Sign in as the root user, open Security credentials and delete every access key (deactivate
#     first if something might still use it, then delete). Give automation IAM roles instead.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.4
#     - AWS Security Hub IAM.4
#     - AWS Startup Security Baseline ACCT.02
package caliper.checks.iam.root_access_keys

import data.caliper.lib
import data.caliper.lib.account_resource
import rego.v1

summary := input.account.iam.summary.data

keys := summary.AccountAccessKeysPresent

results contains lib.pass(account_resource, "global", msg, {"AccountAccessKeysPresent": keys}) if {
	keys == 0
	msg := sprintf("root user of account %s has no access keys (AccountAccessKeysPresent = 0)", [input.account.account_id])
}

results contains lib.fail(account_resource, "global", msg, {"AccountAccessKeysPresent": keys}) if {
	keys != 0
	msg := sprintf("root user of account %s has access keys (AccountAccessKeysPresent = %d)", [input.account.account_id, keys])
}

results contains lib.unknown(account_resource, "global", msg, {}) if {
	is_object(summary)
	not "AccountAccessKeysPresent" in object.keys(summary)
	msg := sprintf("the account summary of account %s has no AccountAccessKeysPresent field, so the root user's access-key state is unknown", [input.account.account_id])
}
