# METADATA
# title: Default security groups allow no traffic
# description: >-
#   Every VPC has a security group named "default" that resources join when no other group is
#   given. It must have no inbound and no outbound rules, so that a resource launched without a
#   deliberate choice of security group can neither be reached nor reach anything.
# custom:
#   id: ec2.default-sg-rules
#   severity: medium
#   resource_type: AWS::EC2::SecurityGroup
#   sections: [ec2.security_groups]
#   remediation: >-
#     Move any resource that uses the default security group to a purpose-made group, then delete
#     every inbound and outbound rule of the default group (it cannot itself be deleted).
#   references:
#     - CIS AWS Foundations Benchmark v3.0 5.4
#     - AWS Security Hub EC2.2
package caliper.checks.ec2.default_sg_rules

import data.caliper.lib
import rego.v1

arn(region, sg) := sprintf("arn:aws:ec2:%s:%s:security-group/%s", [region, input.account.account_id, sg.GroupId])

label(sg) := sprintf("%s (%s, %s)", [sg.GroupId, sg.GroupName, vpc_of(sg)])

vpc_of(sg) := sg.VpcId if is_string(sg.VpcId)

vpc_of(sg) := "no VPC" if not is_string(sg.VpcId)

# AWS groups the sources of one protocol/port pair into one permission; each source is one rule
# (as the console and the security group rule API count them).
sources(perm) := count(object.get(perm, "IpRanges", [])) + count(object.get(perm, "Ipv6Ranges", [])) + count(object.get(perm, "UserIdGroupPairs", [])) + count(object.get(perm, "PrefixListIds", []))

rule_count(perm) := sources(perm) if sources(perm) > 0

rule_count(perm) := 1 if sources(perm) == 0

rules(perms) := sum([rule_count(perm) | some perm in perms])

default_groups contains [region, sg] if {
	some [region, sg] in lib.regional_items(["ec2", "security_groups"])
	sg.GroupName == "default"
}

results contains lib.fail(arn(region, sg), region, msg, {"inbound_rules": inbound, "outbound_rules": outbound}) if {
	some [region, sg] in default_groups
	inbound := rules(object.get(sg, "IpPermissions", []))
	outbound := rules(object.get(sg, "IpPermissionsEgress", []))
	inbound + outbound > 0
	msg := sprintf("default security group %s has %d inbound and %d outbound rule(s)", [label(sg), inbound, outbound])
}

results contains lib.pass(arn(region, sg), region, msg, {"inbound_rules": 0, "outbound_rules": 0}) if {
	some [region, sg] in default_groups
	rules(object.get(sg, "IpPermissions", [])) == 0
	rules(object.get(sg, "IpPermissionsEgress", [])) == 0
	msg := sprintf("default security group %s has no inbound or outbound rules", [label(sg)])
}
