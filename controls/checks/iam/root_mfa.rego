# METADATA
# title: The root user has MFA enabled
# description: >-
#   The root user can do anything in the account, including closing it and changing its
#   contacts, and cannot be restricted by IAM policies. Without a second factor, a leaked or
#   phished root password is enough to take the account over. Judged from iam:GetAccountSummary
#   (AccountMFAEnabled). A member account whose root credentials were removed through the
#   organization's centralized root access (iam:ListOrganizationsFeatures lists
#   RootCredentialsManagement, and the account has no root password, access key or signing
#   certificate) passes: there is no root sign-in left to protect.
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

# The section as read, or {} when the snapshot has none (no organization, or an older snapshot).
features := object.get(input, ["organization", "data", "iam_features"], {})

member if {
	is_string(input.organization.data.management_account_id)
	input.organization.data.management_account_id != input.account.account_id
}

# The account summary shows no root password, access key or signing certificate.
no_root_credentials if {
	summary.AccountPasswordPresent == 0
	summary.AccountAccessKeysPresent == 0
	object.get(summary, "AccountSigningCertificatesPresent", 0) == 0
}

removed_centrally if {
	member
	"RootCredentialsManagement" in features.data
	no_root_credentials
}

values := {
	"AccountMFAEnabled": mfa,
	"AccountPasswordPresent": object.get(summary, "AccountPasswordPresent", null),
	"AccountAccessKeysPresent": object.get(summary, "AccountAccessKeysPresent", null),
	"RootCredentialsManagement": object.get(features, "data", null),
}

results contains lib.pass(account_resource, "global", msg, {"AccountMFAEnabled": mfa}) if {
	mfa == 1
	msg := sprintf("root user of account %s has MFA enabled (AccountMFAEnabled = 1)", [input.account.account_id])
}

results contains lib.pass(account_resource, "global", msg, values) if {
	mfa != 1
	removed_centrally
	msg := sprintf(
		"member account %s has no root credentials: the organization manages root access centrally (RootCredentialsManagement) and the account has no root password, access key or signing certificate",
		[input.account.account_id],
	)
}

results contains lib.unknown(account_resource, "global", msg, values) if {
	mfa != 1
	unknown_removal
	msg := sprintf(
		"root user of account %s has no MFA, but also no password or access key; whether the organization removed its root credentials centrally could not be read (%s: %s)",
		[input.account.account_id, features.error.action, features.error.message],
	)
}

results contains lib.fail(account_resource, "global", msg, values) if {
	mfa != 1
	not removed_centrally
	not unknown_removal
	msg := sprintf("root user of account %s has no MFA device (AccountMFAEnabled = %d)", [input.account.account_id, mfa])
}

# A member without root password or keys whose organization features could not be read: its root
# credentials may have been removed centrally.
unknown_removal if {
	member
	no_root_credentials
	features.error
}

results contains lib.unknown(account_resource, "global", msg, {}) if {
	is_object(summary)
	not "AccountMFAEnabled" in object.keys(summary)
	msg := sprintf("the account summary of account %s has no AccountMFAEnabled field, so the root user's MFA state is unknown", [input.account.account_id])
}
