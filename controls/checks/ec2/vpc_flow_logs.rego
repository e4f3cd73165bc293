# METADATA
# title: Every VPC has an active flow log
# description: >-
#   VPC flow logs record the IP traffic of a VPC and are the evidence for investigating
#   suspicious connections. Every VPC needs an active flow log attached to the VPC itself that
#   captures at least rejected traffic (traffic type ALL or REJECT); a log of accepted traffic
#   only misses the probes and blocked attempts.
# custom:
#   id: ec2.vpc-flow-logs
#   severity: medium
#   resource_type: AWS::EC2::VPC
#   sections: [ec2.vpcs, ec2.flow_logs]
#   remediation: >-
#     Create a flow log for the VPC with traffic type ALL (or at least REJECT), delivered to
#     CloudWatch Logs or a central S3 bucket; deploy it to new VPCs automatically (AWS Config
#     remediation, Control Tower or an organization-wide StackSet).
#   references:
#     - CIS AWS Foundations Benchmark v3.0 3.7
#     - AWS Security Hub EC2.6
package caliper.checks.ec2.vpc_flow_logs

import data.caliper.lib
import data.caliper.lib.regions
import rego.v1

arn(region, vpc) := sprintf("arn:aws:ec2:%s:%s:vpc/%s", [region, input.account.account_id, vpc.VpcId])

label(vpc) := sprintf("%s (%s)", [vpc.VpcId, vpc.Name]) if is_string(vpc.Name)

label(vpc) := sprintf("%s (no Name, default VPC)", [vpc.VpcId]) if {
	not is_string(vpc.Name)
	vpc.IsDefault == true
}

label(vpc) := sprintf("%s (no Name)", [vpc.VpcId]) if {
	not is_string(vpc.Name)
	not vpc.IsDefault == true
}

# A flow log is active unless its status says otherwise.
active(fl) if not is_string(fl.FlowLogStatus)

active(fl) if fl.FlowLogStatus == "ACTIVE"

# Active flow logs attached to the VPC, as {id, traffic type}.
vpc_logs(region, vpc_id) := [{"FlowLogId": fl.FlowLogId, "TrafficType": fl.TrafficType} |
	some fl in regions[region].ec2.flow_logs.data
	fl.ResourceId == vpc_id
	active(fl)
]

captures_rejects(logs) if {
	some l in logs
	l.TrafficType in {"ALL", "REJECT"}
}

describe(logs) := concat(", ", sort([sprintf("%s (%s)", [l.FlowLogId, l.TrafficType]) | some l in logs]))

vpcs contains [region, vpc] if {
	some [region, vpc] in lib.regional_items(["ec2", "vpcs"])
	# Judge only where flow logs could be read.
	is_array(regions[region].ec2.flow_logs.data)
}

results contains lib.pass(arn(region, vpc), region, msg, {"flow_logs": logs}) if {
	some [region, vpc] in vpcs
	logs := vpc_logs(region, vpc.VpcId)
	captures_rejects(logs)
	msg := sprintf("VPC %s has an active flow log: %s", [label(vpc), describe(logs)])
}

results contains lib.fail(arn(region, vpc), region, msg, {"flow_logs": logs}) if {
	some [region, vpc] in vpcs
	logs := vpc_logs(region, vpc.VpcId)
	count(logs) == 0
	msg := sprintf("VPC %s has no active flow log", [label(vpc)])
}

results contains lib.fail(arn(region, vpc), region, msg, {"flow_logs": logs}) if {
	some [region, vpc] in vpcs
	logs := vpc_logs(region, vpc.VpcId)
	count(logs) > 0
	not captures_rejects(logs)
	msg := sprintf("VPC %s logs accepted traffic only, not rejected traffic: %s", [label(vpc), describe(logs)])
}
