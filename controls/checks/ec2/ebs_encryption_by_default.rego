# METADATA
# title: EBS encryption by default is on in every region
# description: >-
#   With EBS encryption by default on, every new EBS volume and snapshot copy in the region is
#   encrypted, whatever the launching tool asks for. It is a per-region account setting, so each
#   enabled region is judged. Which KMS key encrypts them (ec2:GetEbsDefaultKmsKeyId) is not
#   read: the control asks for encryption at rest, not for a particular key.
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

results contains lib.pass(resource(region), region, msg, {"EbsEncryptionByDefault": true}) if {
	some region, r in regions
	d := r.ec2.ebs_encryption_by_default.data
	d.EbsEncryptionByDefault == true
	msg := sprintf("EBS encryption by default is on in %s", [region])
}

results contains lib.fail(resource(region), region, msg, {"EbsEncryptionByDefault": false}) if {
	some region, r in regions
	d := r.ec2.ebs_encryption_by_default.data
	d.EbsEncryptionByDefault == false
	msg := sprintf("EBS encryption by default is off in %s, so new volumes can be created unencrypted", [region])
}
