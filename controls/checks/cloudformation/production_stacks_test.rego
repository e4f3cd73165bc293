package caliper.checks.cloudformation.production_stacks_test

import data.caliper.checks.cloudformation.production_stacks as check
import data.caliper.testing
import rego.v1

stack(name, drift) := object.union(
	{"StackName": name, "StackId": sprintf("arn:aws:cloudformation:eu-west-1:111111111111:stack/%s/1", [name]), "StackStatus": "UPDATE_COMPLETE"},
	{k: drift | k := "DriftStatus"; drift != null},
)

account(stacks, sets) := {"regions": {"eu-west-1": {"cloudformation": {
	"stacks": testing.section(stacks),
	"stack_sets": testing.section(sets),
}}}}

test_pass_names_stacks_and_drift if {
	r := check.results with input as testing.production_input(account([stack("web", "IN_SYNC"), stack("db", null)], []))
	testing.statuses(r) == {"pass"}
	r[0].values.stacks == ["eu-west-1: stack db (UPDATE_COMPLETE, drift NOT_CHECKED)", "eu-west-1: stack web (UPDATE_COMPLETE, drift IN_SYNC)"]
}

test_fail_without_stacks_of_its_own if {
	r := check.results with input as testing.production_input(account([stack("StackSet-AWSControlTowerBP-BASELINE-CLOUDWATCH-1", null), stack("CDKToolkit", "IN_SYNC")], []))
	testing.statuses(r) == {"fail"}
	r2 := check.results with input as testing.production_input(account([], []))
	testing.statuses(r2) == {"fail"}
}

test_fail_when_a_stack_or_stack_set_drifted if {
	r := check.results with input as testing.production_input(account([stack("web", "DRIFTED")], []))
	testing.statuses(r) == {"fail"}
	r[0].values.drifted == ["eu-west-1: stack web (drift last detected at an unknown time)"]
	r2 := check.results with input as testing.production_input(account([], [{"StackSetName": "baseline", "Status": "ACTIVE", "DriftStatus": "DRIFTED"}]))
	testing.statuses(r2) == {"fail"}
}

test_a_stack_set_alone_passes if {
	r := check.results with input as testing.production_input(account([], [{"StackSetName": "baseline", "Status": "ACTIVE", "DriftStatus": "IN_SYNC"}]))
	testing.statuses(r) == {"pass"}
}

test_not_applicable_outside_production if {
	r := check.results with input as testing.workload_input(account([], []))
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_a_region_is_unreadable if {
	r := check.results with input as testing.production_input({"regions": {"eu-west-1": {"cloudformation": {"stacks": testing.denied, "stack_sets": testing.section([])}}}})
	count(r) == 0
}

test_a_rolled_back_stack_or_a_stack_set_instance_builds_nothing if {
	rolled := object.union(stack("web", null), {"StackStatus": "ROLLBACK_COMPLETE"})
	r := check.results with input as testing.production_input(account([rolled, stack("StackSet-baseline-0f1e2d3c", "IN_SYNC"), stack("AWSAccelerator-SecurityStack", null)], []))
	testing.statuses(r) == {"fail"}
	r[0].values.not_counted == ["eu-west-1: stack set instance StackSet-baseline-0f1e2d3c (UPDATE_COMPLETE)", "eu-west-1: stack web (ROLLBACK_COMPLETE, not counted)"]
}
