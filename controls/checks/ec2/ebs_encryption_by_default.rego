# METADATA
# title: EBS encryption by default is on in every region
# description: >-
#   With EBS encryption by default on, every new EBS volume and snapshot copy in the region is
#   encrypted, whatever the launching tool asks for. It is a per-region account setting, so each
#   enabled region is judged; the verdict reports the default KMS key.
# custom:
#   id: ec2.ebs-encryption-by-default
#   severity: medium
#   resource_type: AWS::::Account
#   sections: [ec2.ebs_encryption_by_default]
#   remediation: >-
#     Turn on EBS encryption by default in every region (EC2 console, Account attributes, Data
#     protection and security, or ec2 enable-ebs-encryption-by-default), optionally with a
#     customer-managed default key (ec2 modify-ebs-default-kms-key-id).
#   references:
#     - CIS AWS Foundations Benchmark v3.0 2.2.1
#     - AWS Security Hub EC2.7
package caliper.checks.ec2.ebs_encryption_by_default

import data.caliper.lib
import data.caliper.lib.regions
import rego.v1

resource(region) := sprintf("arn:aws:ec2:%s:%s:account", [region, input.account.account_id])

key(d) := d.KmsKeyId if is_string(d.KmsKeyId)

key(d) := null if not is_string(d.KmsKeyId)

key_text(d) := sprintf("default KMS key %s", [d.KmsKeyId]) if is_string(d.KmsKeyId)

key_text(d) := "default KMS key not read" if not is_string(d.KmsKeyId)

results contains lib.pass(resource(region), region, msg, {"EbsEncryptionByDefault": true, "KmsKeyId": key(d)}) if {
	some region, r in regions
	d := r.ec2.ebs_encryption_by_default.data
	d.EbsEncryptionByDefault == true
	msg := sprintf("EBS encryption by default is on in %s (%s)", [region, key_text(d)])
}

results contains lib.fail(resource(region), region, msg, {"EbsEncryptionByDefault": false, "KmsKeyId": key(d)}) if {
	some region, r in regions
	d := r.ec2.ebs_encryption_by_default.data
	d.EbsEncryptionByDefault == false
	msg := sprintf("EBS encryption by default is off in %s, so new volumes can be created unencrypted", [region])
}
