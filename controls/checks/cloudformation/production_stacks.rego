# METADATA
# title: Production accounts are built from CloudFormation stacks that have not drifted
# description: >-
#   Production built from templates can be rebuilt, reviewed and changed through a pipeline. A
#   production account passes when the scanned regions hold CloudFormation stacks that hold their
#   resources (created or updated, not failed, rolled back or being deleted) or stack sets of its
#   own, naming them with their drift status; stacks AWS Control Tower, landing-zone tools, Config
#   conformance packs, the CDK bootstrap and SAM create for themselves do not count, and instances
#   of stack sets run from another account are named but not counted; it fails when it has none, and when a stack or stack set
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

# Stacks that AWS services and landing-zone tools create for themselves, not the workload.
platform_prefixes := [
	"AWSControlTower", "aws-controltower-", "CDKToolkit", "aws-sam-cli-managed-", "AWSAccelerator",
	"awsconfigconforms-", "StackSet-AWS-Landing-Zone",
]

platform(name) if {
	some p in platform_prefixes
	startswith(name, p)
}

# Instances of stack sets (named StackSet-<set>-<id>): the organization's baseline, deployed from
# another account. Named, not counted as the account's own templates.
instance(name) if startswith(name, "StackSet-")

# Statuses of a stack that holds its resources; a stack that failed, rolled back its creation or
# is being deleted builds nothing.
live := {
	"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
	"UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
	"IMPORT_COMPLETE", "IMPORT_IN_PROGRESS", "IMPORT_ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_IN_PROGRESS",
}

stacks := sort([sprintf("%s: stack %s (%s, drift %s)", [region, s.StackName, s.StackStatus, drift(s)]) |
	some region, r in lib.regions
	some s in r.cloudformation.stacks.data
	own(s)
	s.StackStatus in live
])

own(s) if {
	not platform(s.StackName)
	not instance(s.StackName)
	not s.RootId
}

# Own stacks that build nothing, and stack set instances: named beside the verdict.
others := sort(array.concat(
	[sprintf("%s: stack %s (%s, not counted)", [region, s.StackName, s.StackStatus]) |
		some region, r in lib.regions
		some s in r.cloudformation.stacks.data
		own(s)
		not s.StackStatus in live
		s.StackStatus != "REVIEW_IN_PROGRESS"
	],
	[sprintf("%s: stack set instance %s (%s)", [region, s.StackName, s.StackStatus]) |
		some region, r in lib.regions
		some s in r.cloudformation.stacks.data
		instance(s.StackName)
		not platform(trim_prefix(s.StackName, "StackSet-"))
	],
))

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
} else := lib.fail(lib.account_resource, "global", msg, {"stacks": [], "not_counted": others}) if {
	count(stacks) + count(stack_sets) == 0
	msg := sprintf("production account %s has no CloudFormation stack or stack set of its own that holds resources in the scanned regions (AWS Control Tower's, landing-zone tools' and the CDK bootstrap's aside)%s; if Terraform or Pulumi builds it, see iac.hand-made-resources", [input.account.account_id, others_text])
} else := lib.pass(lib.account_resource, "global", msg, {"stacks": array.concat(stacks, stack_sets), "not_counted": others}) if {
	msg := sprintf("production account %s is built from CloudFormation, nothing drifted: %s%s", [input.account.account_id, concat("; ", array.concat(stacks, stack_sets)), others_text])
}

others_text := "" if count(others) == 0 else := sprintf(" (also: %s)", [concat("; ", others)])
