package caliper.checks.codepipeline.test_before_deploy_test

import data.caliper.checks.codepipeline.test_before_deploy as check
import data.caliper.testing
import rego.v1

action(name, category, provider, order, extra) := object.union(
	{"Name": name, "Category": category, "Owner": "AWS", "Provider": provider, "RunOrder": order, "Configuration": {}},
	extra,
)

source := {"Name": "Source", "Actions": [action("Checkout", "Source", "CodeStarSourceConnection", 1, {})]}

tests_stage := {"Name": "Test", "Actions": [action("Integration", "Test", "CodeBuild", 1, {"Configuration": {"ProjectName": "integration-tests"}})]}

approval := {"Name": "Approve", "Actions": [action("Release", "Approval", "Manual", 1, {})]}

deploy(role) := {"Name": "Prod", "Actions": [action("CreateStack", "Deploy", "CloudFormation", 1, {"Configuration": {"StackName": "web", "RoleArn": role}})]}

prod_role := "arn:aws:iam::222222222222:role/cfn-deploy"

pipeline(stages) := {"Name": "web", "PipelineArn": "arn:aws:codepipeline:eu-west-1:111111111111:web", "Stages": stages}

account(pipelines) := {"regions": {"eu-west-1": {
	"codepipeline": {"pipelines": testing.section(pipelines)},
	"codebuild": {"projects": testing.section([{"Name": "integration-tests", "Arn": "arn:aws:codebuild:eu-west-1:111111111111:project/integration-tests"}])},
}}}

sets := {"111111111111": {}, "222222222222": {"workload": "its name says production", "production": "its name says production"}, "333333333333": {"production_unknown": "its tags could not be read (denied)"}}

inp(pipelines) := object.union(testing.input_for(account(pipelines)), {"all_account_sets": sets})

test_pass_when_a_test_runs_before_the_production_deploy if {
	r := check.results with input as inp([pipeline([source, tests_stage, approval, deploy(prod_role)])])
	testing.statuses(r) == {"pass"}
	r[0].values.tested_deploys == ["Prod/CreateStack (CloudFormation into 222222222222) after Test/Integration (CodeBuild, project integration-tests)"]
}

test_fail_when_only_an_approval_precedes_the_deploy if {
	r := check.results with input as inp([pipeline([source, approval, deploy(prod_role)])])
	testing.statuses(r) == {"fail"}
	contains(r[0].message, "the manual approval Approve/Release is not a test")
}

test_fail_when_the_test_comes_after_or_beside_the_deploy if {
	r := check.results with input as inp([pipeline([source, deploy(prod_role), tests_stage])])
	testing.statuses(r) == {"fail"}
	same_stage := {"Name": "Prod", "Actions": [
		action("Deploy", "Deploy", "CloudFormation", 1, {"Configuration": {"RoleArn": prod_role}}),
		action("Smoke", "Test", "CodeBuild", 1, {"Configuration": {"ProjectName": "integration-tests"}}),
	]}
	r2 := check.results with input as inp([pipeline([source, same_stage])])
	testing.statuses(r2) == {"fail"}
}

test_a_lower_run_order_in_the_same_stage_counts if {
	stage := {"Name": "Prod", "Actions": [
		action("Smoke", "Test", "CodeBuild", 1, {"Configuration": {"ProjectName": "integration-tests"}}),
		action("Deploy", "Deploy", "CloudFormation", 2, {"Configuration": {"RoleArn": prod_role}}),
	]}
	r := check.results with input as inp([pipeline([source, stage])])
	testing.statuses(r) == {"pass"}
}

test_a_test_whose_project_does_not_exist_does_not_count if {
	missing := {"Name": "Test", "Actions": [action("Integration", "Test", "CodeBuild", 1, {"Configuration": {"ProjectName": "deleted"}})]}
	r := check.results with input as inp([pipeline([source, missing, deploy(prod_role)])])
	testing.statuses(r) == {"fail"}
}

test_the_action_role_names_the_target_account if {
	d := {"Name": "Prod", "Actions": [action("Deploy", "Deploy", "ECS", 1, {"RoleArn": "arn:aws:iam::222222222222:role/deployer"})]}
	r := check.results with input as inp([pipeline([source, d])])
	testing.statuses(r) == {"fail"}
}

test_unknown_membership_or_unscanned_target_is_an_error if {
	r := check.results with input as inp([pipeline([source, deploy("arn:aws:iam::333333333333:role/cfn")])])
	testing.statuses(r) == {"error"}
	r2 := check.results with input as inp([pipeline([source, deploy("arn:aws:iam::444444444444:role/cfn")])])
	testing.statuses(r2) == {"error"}
	contains(r2[0].message, "not in the scan")
}

test_not_applicable_when_nothing_deploys_to_production if {
	r := check.results with input as inp([pipeline([source, deploy("arn:aws:iam::111111111111:role/cfn")])])
	testing.statuses(r) == {"not_applicable"}
	r2 := check.results with input as inp([])
	testing.statuses(r2) == {"not_applicable"}
}

test_no_verdict_when_pipelines_are_unreadable if {
	r := check.results with input as object.union(testing.input_for({"regions": {"eu-west-1": {"codepipeline": {"pipelines": testing.denied}}}}), {"all_account_sets": sets})
	count(r) == 0
}

test_a_stack_set_deploy_names_its_accounts if {
	d := {"Name": "Prod", "Actions": [action("Deploy", "Deploy", "CloudFormationStackSet", 1, {"Configuration": {"StackSetName": "web", "DeploymentTargets": "111111111111, 222222222222"}})]}
	r := check.results with input as inp([pipeline([source, d])])
	testing.statuses(r) == {"fail"}
	ou := {"Name": "Prod", "Actions": [action("Deploy", "Deploy", "CloudFormationStackSet", 1, {"Configuration": {"StackSetName": "web", "DeploymentTargets": "ou-ab12-prod"}})]}
	r2 := check.results with input as inp([pipeline([source, tests_stage, ou])])
	testing.statuses(r2) == {"error"}
	contains(r2[0].message, "organizational unit")
}

test_a_build_action_counts_when_its_project_is_a_named_test_project if {
	build := {"Name": "Verify", "Actions": [action("Integration", "Build", "CodeBuild", 1, {"Configuration": {"ProjectName": "integration-tests"}})]}
	r := check.results with input as inp([pipeline([source, build, deploy(prod_role)])])
	testing.statuses(r) == {"fail"}
	named := object.union(inp([pipeline([source, build, deploy(prod_role)])]), {"config": {"thresholds": {"test_build_projects": ["integration-tests"]}}})
	r2 := check.results with input as named
	testing.statuses(r2) == {"pass"}
}

test_an_s3_deploy_targets_the_bucket_owner if {
	d := {"Name": "Prod", "Actions": [action("Upload", "Deploy", "S3", 1, {"Configuration": {"BucketName": "prod-site"}})]}
	owned := object.union(inp([pipeline([source, d])]), {"scan": {"bucket_owners": {"prod-site": "222222222222"}}})
	r := check.results with input as owned
	testing.statuses(r) == {"fail"}
}
