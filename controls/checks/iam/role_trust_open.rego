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
	some why in open_reasons(s, role.AssumeRolePolicyDocument.Statement)
}

open_reasons(s, statements) := {why |
	"*" in object.get(object.get(s, "Principal", {}), "AWS", [])
	not bounded_by(object.get(s, "Condition", {}), identity_keys)
	not denied_to_outsiders(statements)
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
		bounded_value(lower(key), v)
	}
}

# A Deny for every principal on sts:AssumeRole whose only Condition is a negated match on who the
# caller is (e.g. StringNotEquals aws:PrincipalOrgID o-abc): everyone else is refused, whatever
# the Allow says.
denied_to_outsiders(statements) if {
	some d in statements
	d.Effect == "Deny"
	every_principal(d)
	assume_covered(d)
	count(object.keys(object.get(d, "Condition", {}))) == 1
	some op, pairs in d.Condition
	trim_suffix(op, "IgnoreCase") in {"StringNotEquals", "StringNotLike", "ArnNotEquals", "ArnNotLike"}
	count(pairs) == 1
	some key, values in pairs
	lower(key) in identity_keys
	vals := as_list(values)
	count(vals) > 0
	every v in vals {
		bounded_value(lower(key), v)
	}
}

every_principal(d) if d.Principal == {"AWS": ["*"]}

every_principal(d) if "*" in object.get(object.get(d, "Principal", {}), "AWS", [])

assume_covered(d) if {
	some a in object.get(d, "Action", [])
	lower(a) in {"*", "sts:*", "sts:assumerole", "sts:assume*"}
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

# Does the value name one tenant (account, organization, repository owner) rather than a
# pattern anyone can match? A value without wildcards does; with `*` or `?`, the text before the
# first wildcard must already name the tenant.
bounded_value(_, v) if {
	is_string(v)
	v != ""
	not regex.match(`[*?]`, v)
}

bounded_value(key, v) if {
	is_string(v)
	regex.match(`[*?]`, v)
	tenant_named(key, regex.split(`[*?]`, v)[0])
}

# ARNs: the literal part runs past the account field into the resource
# (arn:aws:iam::123456789012:role/* names one account; arn:aws:iam::*:role/* names none).
tenant_named(key, prefix) if {
	key in {"aws:principalarn", "aws:sourcearn"}
	parts := split(prefix, ":")
	count(parts) >= 6
	parts[5] != ""
}

# Organization paths: the organization id is complete (o-abc/...).
tenant_named(key, prefix) if {
	key in {"aws:principalorgpaths", "aws:sourceorgpaths"}
	contains(prefix, "/")
}

# Token claims (e.g. GitHub's sub, repo:OWNER/REPO:ref:...): at least two segments are complete
# before the wildcard, so repo:octo-org/* names an owner while repo:*, repo:octo* and
# repo:*:ref:refs/heads/main do not.
tenant_named(key, prefix) if {
	not startswith(key, "aws:")
	parts := regex.split(`[:/]`, prefix)
	complete := [p | some i, p in parts; i < count(parts) - 1; p != ""]
	count(complete) >= 2
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
