# METADATA
# title: Customer-managed KMS keys rotate automatically
# description: >-
#   Automatic rotation replaces the key material of a KMS key on a schedule (yearly by default)
#   while old ciphertext stays decryptable, limiting how much data one key version protects.
#   Enabled, symmetric, customer-managed keys must have it on; AWS managed keys rotate by
#   themselves and asymmetric or HMAC keys cannot, so they get no verdict.
# custom:
#   id: kms.key-rotation
#   severity: medium
#   resource_type: AWS::KMS::Key
#   sections: [kms.keys, kms.keys.rotation]
#   remediation: >-
#     Turn on automatic key rotation for the key (kms enable-key-rotation, optionally with
#     --rotation-period-in-days); for keys with imported key material rotate manually by creating
#     a new key and moving the alias.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 3.6
#     - AWS Security Hub KMS.4
package caliper.checks.kms.key_rotation

import data.caliper.lib
import rego.v1

symmetric(k) if not is_string(k.KeySpec)

symmetric(k) if k.KeySpec == "SYMMETRIC_DEFAULT"

label(k) := sprintf("%s (%s)", [k.KeyId, concat(", ", aliases(k))]) if count(aliases(k)) > 0

label(k) := sprintf("%s (no alias)", [k.KeyId]) if count(aliases(k)) == 0

aliases(k) := sort(object.get(k, "Aliases", []))

period(rot) := rot.RotationPeriodInDays if is_number(rot.RotationPeriodInDays)

period(rot) := null if not is_number(rot.RotationPeriodInDays)

# Enabled, symmetric, customer-managed keys: the ones that can and must rotate.
in_scope contains [region, k] if {
	some [region, k] in lib.regional_items(["kms", "keys"])
	k.KeyManager == "CUSTOMER"
	k.KeyState == "Enabled"
	symmetric(k)
}

results contains lib.pass(k.Arn, region, msg, {"KeyRotationEnabled": true, "RotationPeriodInDays": period(rot)}) if {
	some [region, k] in in_scope
	rot := k.rotation.data
	rot.KeyRotationEnabled == true
	is_number(period(rot))
	msg := sprintf("KMS key %s rotates automatically every %d days", [label(k), period(rot)])
}

results contains lib.pass(k.Arn, region, msg, {"KeyRotationEnabled": true, "RotationPeriodInDays": null}) if {
	some [region, k] in in_scope
	rot := k.rotation.data
	rot.KeyRotationEnabled == true
	period(rot) == null
	msg := sprintf("KMS key %s rotates automatically", [label(k)])
}

results contains lib.fail(k.Arn, region, msg, {"KeyRotationEnabled": false, "RotationPeriodInDays": period(rot)}) if {
	some [region, k] in in_scope
	rot := k.rotation.data
	rot.KeyRotationEnabled == false
	msg := sprintf("KMS key %s does not rotate automatically", [label(k)])
}
