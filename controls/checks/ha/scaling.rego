# METADATA
# title: Compute capacity scales with load
# description: >-
#   A design scales when capacity follows demand without a person resizing it. In a workload
#   account, each running instance outside any Auto Scaling group fails (its capacity is fixed
#   and it is not replaced when it fails), naming its type and zone; each Auto Scaling group
#   passes when it can grow (maximum above minimum) and has a scaling policy, and fails when its
#   minimum equals its maximum or it has no enabled policy, naming its capacity. Scheduled actions
#   and predictive scaling configured outside policies are not read. Serverless and managed
#   services scale by themselves and are not judged here.
# custom:
#   id: ha.scaling
#   severity: low
#   resource_type: AWS::AutoScaling::AutoScalingGroup
#   sections: [ec2.instances, autoscaling.groups, autoscaling.policies]
#   remediation: >-
#     Run stateless compute in Auto Scaling groups with a maximum above the minimum and a target
#     tracking policy (e.g. 60 % average CPU or requests per target); keep single instances only
#     where the customer accepts fixed capacity, and waive them with that reason.
#   references:
#     - AWS Well-Architected, REL07-BP01 Use automation when obtaining or scaling resources
#     - Amazon EC2 Auto Scaling User Guide, Target tracking scaling policies
#     - AWS Partner calibration guide, DOC-001
package caliper.checks.ha.scaling

import data.caliper.lib
import rego.v1

results := lib.workload_gate(array.concat(singles, groups))

singles := [lib.fail(sprintf("arn:aws:ec2:%s:%s:instance/%s", [region, input.account.account_id, i.InstanceId]), region, msg, {"instance_type": object.get(i, "InstanceType", null), "zone": object.get(i, "AvailabilityZone", null)}) |
	some region, r in lib.regions
	some i in r.ec2.instances.data
	i.State in {"running", "pending"}
	not i.AutoScalingGroup
	msg := sprintf("instance %s%s (%s in %s) is outside any Auto Scaling group: its capacity is fixed and nothing replaces it when it fails", [i.InstanceId, name_text(i), object.get(i, "InstanceType", "type unknown"), object.get(i, "AvailabilityZone", "zone unknown")])
]

name_text(i) := sprintf(" (%s)", [i.Name]) if is_string(i.Name) else := ""

policies(r, g) := sort([p.PolicyName |
	some p in r.autoscaling.policies.data
	p.AutoScalingGroupName == g.AutoScalingGroupName
	p.Enabled
])

capacity(g) := sprintf("min %d, max %d, desired %d", [g.MinSize, g.MaxSize, g.DesiredCapacity])

groups := [group_verdict(region, g, policies(r, g)) |
	some region, r in lib.regions
	is_array(r.autoscaling.policies.data)
	some g in r.autoscaling.groups.data
]

group_verdict(region, g, ps) := lib.fail(g.AutoScalingGroupARN, region, msg, {"min": g.MinSize, "max": g.MaxSize, "desired": g.DesiredCapacity, "policies": ps}) if {
	g.MinSize == g.MaxSize
	msg := sprintf("Auto Scaling group %s cannot grow (%s): it replaces failed instances but does not follow load", [g.AutoScalingGroupName, capacity(g)])
} else := lib.fail(g.AutoScalingGroupARN, region, msg, {"min": g.MinSize, "max": g.MaxSize, "desired": g.DesiredCapacity, "policies": ps}) if {
	count(ps) == 0
	msg := sprintf("Auto Scaling group %s (%s) has no enabled scaling policy: its size changes only by hand", [g.AutoScalingGroupName, capacity(g)])
} else := lib.pass(g.AutoScalingGroupARN, region, msg, {"min": g.MinSize, "max": g.MaxSize, "desired": g.DesiredCapacity, "policies": ps}) if {
	msg := sprintf("Auto Scaling group %s scales between %d and %d instances (desired %d) with %s", [g.AutoScalingGroupName, g.MinSize, g.MaxSize, g.DesiredCapacity, concat(", ", ps)])
}
