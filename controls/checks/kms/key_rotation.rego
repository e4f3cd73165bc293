# METADATA
# title: Customer-managed KMS keys rotate automatically
# description: >-
#   Automatic rotation replaces the key material of a KMS key on a schedule (yearly by default)
#   while old ciphertext stays decryptable, limiting how much data one key version protects.
#   Enabled, symmetric, customer-managed keys with AWS-generated material must have it on. AWS
#   managed keys rotate by themselves and get no verdict; customer keys that cannot rotate
#   automatically (disabled or pending deletion, asymmetric or HMAC, imported material, custom
#   key stores) are not applicable, with the reason.
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

label(k) := sprintf("%s (%s)", [k.KeyId, concat(", ", aliases(k))]) if count(aliases(k)) > 0

label(k) := sprintf("%s (no alias)", [k.KeyId]) if count(aliases(k)) == 0

aliases(k) := sort(object.get(k, "Aliases", []))

period(rot) := rot.RotationPeriodInDays if is_number(rot.RotationPeriodInDays)

period(rot) := null if not is_number(rot.RotationPeriodInDays)

customer_keys := [[region, k] |
	some [region, k] in lib.regional_items(["kms", "keys"])
	k.KeyManager == "CUSTOMER"
]

# Why a key cannot rotate automatically, as the model decides it (see KmsKey in the snapshot
# model); undefined for keys that can and must rotate.
exemption(k) := input.facts.kms_rotation_not_applicable[k.Arn]

in_scope contains [region, k] if {
	some [region, k] in customer_keys
	not exemption(k)
}

# The keys this check judges; missing data about other keys is not its concern.
scope contains k.Arn if some [_, k] in in_scope

results contains lib.not_applicable(k.Arn, region, msg, {"reason": exemption(k)}) if {
	some [region, k] in customer_keys
	msg := sprintf("KMS key %s does not rotate automatically by design: %s", [label(k), exemption(k)])
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
