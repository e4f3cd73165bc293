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

# A flow log counts when it is active and AWS reports it delivering to its destination.
active(fl) if fl.FlowLogStatus == "ACTIVE"

delivering(fl) if {
	active(fl)
	fl.DeliverLogsStatus == "SUCCESS"
}

# An active flow log whose delivery status this snapshot does not hold (made before caliper read
# it): it may or may not deliver.
delivery_unknown(fl) if {
	active(fl)
	not is_string(fl.DeliverLogsStatus)
}

delivery_unknown(fl) if not is_string(fl.FlowLogStatus)

attached(region, vpc_id) := [fl |
	some fl in regions[region].ec2.flow_logs.data
	fl.ResourceId == vpc_id
]

summary(fl) := {
	"FlowLogId": fl.FlowLogId,
	"TrafficType": fl.TrafficType,
	"FlowLogStatus": object.get(fl, "FlowLogStatus", null),
	"DeliverLogsStatus": object.get(fl, "DeliverLogsStatus", null),
}

# Delivering flow logs attached to the VPC.
vpc_logs(region, vpc_id) := [summary(fl) | some fl in attached(region, vpc_id); delivering(fl)]

unknown_logs(region, vpc_id) := [summary(fl) | some fl in attached(region, vpc_id); delivery_unknown(fl)]

failing_logs(region, vpc_id) := [sprintf("%s (DeliverLogsStatus %s%s)", [fl.FlowLogId, fl.DeliverLogsStatus, error_text(fl)]) |
	some fl in attached(region, vpc_id)
	active(fl)
	is_string(fl.DeliverLogsStatus)
	fl.DeliverLogsStatus != "SUCCESS"
]

error_text(fl) := sprintf(": %s", [fl.DeliverLogsErrorMessage]) if is_string(fl.DeliverLogsErrorMessage)

error_text(fl) := "" if not is_string(fl.DeliverLogsErrorMessage)

captures_rejects(logs) if {
	some l in logs
	l.TrafficType in {"ALL", "REJECT"}
}

describe(logs) := concat(", ", sort([sprintf("%s (%s)", [l.FlowLogId, l.TrafficType]) | some l in logs]))

# A VPC shared with this account through AWS RAM belongs to, and is judged in, its owner's
# account: its flow logs are the owner's.
shared(vpc) if {
	is_string(vpc.OwnerId)
	vpc.OwnerId != input.account.account_id
}

vpcs contains [region, vpc] if {
	some [region, vpc] in lib.regional_items(["ec2", "vpcs"])
	# Judge only where flow logs could be read.
	is_array(regions[region].ec2.flow_logs.data)
	not shared(vpc)
}

values(region, vpc) := {
	"flow_logs": vpc_logs(region, vpc.VpcId),
	"not_delivering": failing_logs(region, vpc.VpcId),
	"delivery_unknown": unknown_logs(region, vpc.VpcId),
}

results contains lib.not_applicable(arn(region, vpc), region, msg, {"OwnerId": vpc.OwnerId}) if {
	some [region, vpc] in lib.regional_items(["ec2", "vpcs"])
	shared(vpc)
	msg := sprintf("VPC %s is shared with this account by account %s (AWS RAM); its flow logs are judged in the owner's account", [label(vpc), vpc.OwnerId])
}

results contains lib.pass(arn(region, vpc), region, msg, values(region, vpc)) if {
	some [region, vpc] in vpcs
	logs := vpc_logs(region, vpc.VpcId)
	captures_rejects(logs)
	msg := sprintf("VPC %s has an active flow log delivering to its destination: %s", [label(vpc), describe(logs)])
}

results contains lib.fail(arn(region, vpc), region, msg, values(region, vpc)) if {
	some [region, vpc] in vpcs
	not captures_rejects(vpc_logs(region, vpc.VpcId))
	count(unknown_logs(region, vpc.VpcId)) == 0
	msg := sprintf("VPC %s %s", [label(vpc), gap(region, vpc)])
}

results contains lib.unknown(arn(region, vpc), region, msg, values(region, vpc)) if {
	some [region, vpc] in vpcs
	not captures_rejects(vpc_logs(region, vpc.VpcId))
	count(unknown_logs(region, vpc.VpcId)) > 0
	msg := sprintf(
		"VPC %s has flow log %s whose state or delivery status is not in this snapshot, so whether it logs is unknown (collect again)",
		[label(vpc), concat(", ", sort([l.FlowLogId | some l in unknown_logs(region, vpc.VpcId)]))],
	)
}

gap(region, vpc) := sprintf("logs accepted traffic only, not rejected traffic: %s", [describe(vpc_logs(region, vpc.VpcId))]) if {
	count(vpc_logs(region, vpc.VpcId)) > 0
} else := sprintf("has no flow log that delivers: %s", [concat(", ", failing_logs(region, vpc.VpcId))]) if {
	count(failing_logs(region, vpc.VpcId)) > 0
} else := "has no active flow log"
