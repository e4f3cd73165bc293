# METADATA
# title: IAM role trust policies do not let anyone assume the role
# description: >-
#   A role whose trust policy allows Principal {"AWS": "*"} (or Principal "*") can be assumed by
#   any AWS principal in any account unless a Condition bounds who the caller is
#   (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, ...) through
#   an operator that needs the key (not ...IfExists, not ForAllValues, not negated) and a value
#   that is not "*"; sts:ExternalId alone is a shared secret, not an identity. A web-identity
#   (OIDC) trust - GitHub Actions, Google, Cognito - is open to every token of the provider
#   unless a Condition bounds the token's subject (for GitHub, token.actions.githubusercontent.com:sub
#   naming the repository): a trust on `aud` alone lets any repository on GitHub assume the role.
# custom:
#   id: iam.role-trust-open
#   severity: critical
#   resource_type: AWS::IAM::Role
#   sections: [iam.authorization_details]
#   remediation: >-
#     Name the trusted accounts, roles or services in the trust policy's Principal, or add a
#     Condition that restricts who may assume it (aws:PrincipalOrgID, aws:PrincipalAccount); for
#     OIDC federation add a StringEquals or StringLike condition on the provider's sub claim
#     (e.g. token.actions.githubusercontent.com:sub = repo:ORG/REPO:ref:refs/heads/main).
#   references:
#     - AWS IAM User Guide, Security best practices in IAM (verify public and cross-account access)
package caliper.checks.iam.role_trust_open

import data.caliper.lib
import rego.v1

roles := object.get(input.account.iam.authorization_details.data, "Roles", [])

# The Allow statements of a trust policy that let anyone in: Principal AWS "*" unless a
# Condition bounds who the caller is, and web-identity (OIDC) federation unless a Condition
# bounds the token's subject. By their Sid or position, with why.
open_statements(role) := {sprintf("%s (%s)", [statement_label(i, s), why]) |
	some i, s in role.AssumeRolePolicyDocument.Statement
	s.Effect == "Allow"
	some why in open_reasons(s)
}

open_reasons(s) := {why |
	"*" in object.get(object.get(s, "Principal", {}), "AWS", [])
	not bounded_by(object.get(s, "Condition", {}), identity_keys)
	why := "Principal AWS \"*\" without a Condition on who the caller is"
} | {why |
	some provider in object.get(object.get(s, "Principal", {}), "Federated", [])
	key := subject_key(provider)
	not bounded_by(object.get(s, "Condition", {}), {key})
	why := sprintf("web identity from %s without a Condition bounding %s", [provider, key])
}

# Condition keys that name the caller (or the account, organization or resource it comes from).
identity_keys := {
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:userid", "aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths",
}

# The token claim that says who the caller is, per identity provider: the subject for OIDC
# providers, the identity pool for Amazon Cognito. SAML providers are the customer's own IdP.
subject_key(provider) := "cognito-identity.amazonaws.com:aud" if provider == "cognito-identity.amazonaws.com"

subject_key(provider) := sprintf("%s:sub", [lower(host)]) if {
	contains(provider, ":oidc-provider/")
	host := substring(provider, indexof(provider, ":oidc-provider/") + 15, -1)
}

subject_key(provider) := sprintf("%s:sub", [provider]) if {
	provider in {"accounts.google.com", "graph.facebook.com", "www.amazon.com"}
}

# Does a Condition, through an operator that only matches when the key is present and equal,
# tie one of `keys` to values that are not wildcards for everyone?
bounded_by(condition, keys) if {
	some op, pairs in condition
	positive_operator(op)
	some key, values in pairs
	lower(key) in keys
	vals := as_list(values)
	count(vals) > 0
	every v in vals {
		not unbounded(v)
	}
}

# `...IfExists` and `ForAllValues:` also match when the key is absent; negated operators match
# everyone but the values named.
positive_operator(op) if {
	not endswith(op, "IfExists")
	not startswith(op, "ForAllValues:")
	trim_prefix(op, "ForAnyValue:") in {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"}
}

as_list(v) := v if is_array(v)

as_list(v) := [v] if not is_array(v)

# "*", or a claim prefix followed by "*" such as GitHub's "repo:*": any caller at all.
unbounded(v) if not is_string(v)

unbounded(v) if v == "*"

unbounded(v) if {
	endswith(v, ":*")
	not contains(trim_suffix(v, ":*"), "/")
	not contains(trim_suffix(v, ":*"), ":")
}

statement_label(i, s) := sprintf("statement %s", [s.Sid]) if {
	is_string(s.Sid)
	s.Sid != ""
} else := sprintf("statement #%d", [i + 1])

results contains lib.fail(role.Arn, "global", msg, {"open_statements": found}) if {
	some role in roles
	found := sort(open_statements(role))
	count(found) > 0
	msg := sprintf("role %s (%s) can be assumed by anyone: %s", [role.RoleName, role.Arn, concat("; ", found)])
}

results contains lib.pass(role.Arn, "global", msg, {"open_statements": []}) if {
	some role in roles
	count(open_statements(role)) == 0
	msg := sprintf("role %s (%s) trust policy names who may assume it (no open Principal AWS \"*\", every web identity bounded by its subject)", [role.RoleName, role.Arn])
}
