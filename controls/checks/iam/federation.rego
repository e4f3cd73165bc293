# METADATA
# title: People reach the account through federation, not IAM user passwords
# description: >-
#   Human access should use the organization's existing identities through federation (IAM
#   Identity Center or a SAML/OIDC identity provider) with temporary credentials, and every person
#   should use dedicated credentials; IAM users with console passwords are long-lived identities
#   managed account by account. The account fails while any IAM user (root excluded) has a console
#   password, and the message says whether federation evidence was found: a SAML or OIDC provider
#   in the account, or IAM Identity Center enabled in the organization.
# custom:
#   id: iam.federation
#   severity: medium
#   resource_type: AWS::::Account
#   sections: [iam.saml_providers, iam.oidc_providers, iam.credential_report]
#   remediation: >-
#     Enable IAM Identity Center in the organization (or federate with the corporate identity
#     provider through SAML), give each person their own identity there with permission sets, and
#     remove the console passwords of IAM users once their owners sign in through federation.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.21
package caliper.checks.iam.federation

import data.caliper.lib
import data.caliper.lib.account_resource
import rego.v1

# IAM users (root excluded) with a console password; undefined without a credential report.
password_users := {row.user |
	some row in rows
	row.user != "<root_account>"
	row.password_enabled == true
} if {
	rows := input.account.iam.credential_report.data
}

saml := count(input.account.iam.saml_providers.data)

oidc := count(input.account.iam.oidc_providers.data)

# Organization facts are optional: read them only when the scan has them.
enabled_services := input.organization.data.enabled_services.data if is_object(input.organization)

identity_center if "sso.amazonaws.com" in enabled_services

evidence contains sprintf("%d SAML provider(s)", [saml]) if saml > 0

evidence contains sprintf("%d OIDC provider(s)", [oidc]) if oidc > 0

evidence contains "IAM Identity Center enabled in the organization" if identity_center

identity_center_text := "IAM Identity Center not enabled in the organization" if {
	is_array(enabled_services)
} else := "IAM Identity Center status unknown (no organization data)"

federation_text := sprintf("federation evidence: %s", [concat(", ", sort(evidence))]) if {
	count(evidence) > 0
} else := sprintf("no SAML or OIDC provider in this account, %s", [identity_center_text])

values := {
	"password_users": count(password_users),
	"saml_providers": saml,
	"oidc_providers": oidc,
	"identity_center": identity_center_enabled,
}

identity_center_enabled := true if {
	identity_center
} else := false

named := concat(", ", array.slice(sort(password_users), 0, 5))

more := sprintf(" and %d more", [count(password_users) - 5]) if {
	count(password_users) > 5
} else := ""

results contains lib.fail(account_resource, "global", msg, values) if {
	count(password_users) > 0
	msg := sprintf(
		"account %s has %d IAM user(s) with console passwords (%s%s); %s",
		[input.account.account_id, count(password_users), named, more, federation_text],
	)
}

results contains lib.pass(account_resource, "global", msg, values) if {
	count(password_users) == 0
	msg := sprintf(
		"account %s has no IAM user with a console password; %s",
		[input.account.account_id, federation_text],
	)
}
