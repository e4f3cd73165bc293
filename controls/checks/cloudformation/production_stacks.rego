# METADATA
# title: Production accounts are built from CloudFormation stacks that have not drifted
# description: >-
#   Production built from templates can be rebuilt, reviewed and changed through a pipeline. A
#   production account passes when the scanned regions hold CloudFormation stacks or stack sets of
#   its own (stacks AWS Control Tower, the CDK bootstrap and SAM create for themselves aside),
#   naming them with their drift status; it fails when it has none, and when a stack or stack set
#   has drifted (a resource was changed outside its template). Drift is as AWS last detected it:
#   caliper does not start a drift detection (a write), so NOT_CHECKED stacks are named as such.
#   Production built with Terraform or Pulumi has no stacks: iac.hand-made-resources judges its
#   marker tags, and this check can be waived with that reason. Accounts outside production are
#   not judged.
# custom:
#   id: cloudformation.production-stacks
#   severity: medium
#   resource_type: AWS::::Account
#   sections: [cloudformation.stacks, cloudformation.stack_sets]
#   remediation: >-
#     Describe the production workload in CloudFormation (or the CDK), deploy it through a
#     pipeline, run drift detection on a schedule (detect-stack-drift) and bring drifted
#     resources back to their template, or import hand-made resources into a stack.
#   references:
#     - AWS CloudFormation User Guide, Detecting unmanaged configuration changes (drift)
#     - AWS Well-Architected, REL08-BP05 Deploy changes with automation
#     - AWS Partner calibration guide, REL-001
package caliper.checks.cloudformation.production_stacks

import data.caliper.lib
import rego.v1

results := lib.production_gate(judged(unreadable))

judged(u) := [verdict(stacks, drifted)] if count(u) == 0 else := []

unreadable := [name |
	some name, r in lib.regions
	not readable(r)
]

readable(r) if {
	is_array(r.cloudformation.stacks.data)
	is_array(r.cloudformation.stack_sets.data)
}

# Stacks that AWS services create for themselves, not the workload.
platform_prefixes := ["StackSet-AWSControlTower", "AWSControlTower", "aws-controltower-", "CDKToolkit", "aws-sam-cli-managed-", "StackSet-AWS-Landing-Zone"]

platform(name) if {
	some p in platform_prefixes
	startswith(name, p)
}

stacks := sort([sprintf("%s: stack %s (%s, drift %s)", [region, s.StackName, s.StackStatus, drift(s)]) |
	some region, r in lib.regions
	some s in r.cloudformation.stacks.data
	not platform(s.StackName)
	s.StackStatus != "REVIEW_IN_PROGRESS"
	not s.RootId
])

drift(s) := object.get(s, "DriftStatus", "NOT_CHECKED")

drifted := sort(array.concat(
	[sprintf("%s: stack %s (drift last detected %s)", [region, s.StackName, object.get(s, "LastDriftCheck", "at an unknown time")]) |
		some region, r in lib.regions
		some s in r.cloudformation.stacks.data
		not platform(s.StackName)
		s.DriftStatus == "DRIFTED"
	],
	[sprintf("%s: stack set %s", [region, s.StackSetName]) |
		some region, r in lib.regions
		some s in r.cloudformation.stack_sets.data
		not platform(s.StackSetName)
		s.DriftStatus == "DRIFTED"
	],
))

stack_sets := sort([sprintf("%s: stack set %s (drift %s)", [region, s.StackSetName, drift(s)]) |
	some region, r in lib.regions
	some s in r.cloudformation.stack_sets.data
	not platform(s.StackSetName)
])

verdict(stacks, drifted) := lib.fail(lib.account_resource, "global", msg, {"drifted": drifted}) if {
	count(drifted) > 0
	msg := sprintf("production account %s has resources changed outside their templates: %s", [input.account.account_id, concat("; ", drifted)])
} else := lib.fail(lib.account_resource, "global", msg, {"stacks": []}) if {
	count(stacks) + count(stack_sets) == 0
	msg := sprintf("production account %s has no CloudFormation stack or stack set of its own in the scanned regions (AWS Control Tower's and the CDK bootstrap's aside); if Terraform or Pulumi builds it, see iac.hand-made-resources", [input.account.account_id])
} else := lib.pass(lib.account_resource, "global", msg, {"stacks": array.concat(stacks, stack_sets)}) if {
	msg := sprintf("production account %s is built from CloudFormation, nothing drifted: %s", [input.account.account_id, concat("; ", array.concat(stacks, stack_sets))])
}
