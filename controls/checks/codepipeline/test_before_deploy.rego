# METADATA
# title: Pipelines run an automated test before they deploy to production
# description: >-
#   A change should pass automated tests in a stage before it reaches production. Each CodePipeline
#   pipeline with a deploy action into a production account (the accounts a stack set action names,
#   the owner of an S3 deploy's bucket, the account of the action's role, of a CloudFormation
#   action's RoleArn, else the pipeline's own) passes when every such deploy comes after a Test
#   action, or a Build action running a project of thresholds.test_build_projects (an earlier
#   stage, or a lower run order in the same stage), naming the tests and their CodeBuild projects
#   (a test whose project does not exist in the pipeline's account does not count); it fails when a deploy to production has no test before it. A
#   manual approval is not a test. A deploy into an account outside the scan, or whose production
#   membership is unknown (a stack set deployed to an OU), is an error. Pipelines that deploy
#   nowhere in production are not judged; deployments run from build steps (cdk deploy, terraform
#   apply) or by other tools (GitHub Actions, Jenkins) are not seen. The deployment
#   checklist stays manual.
# custom:
#   id: codepipeline.test-before-deploy
#   severity: high
#   resource_type: AWS::CodePipeline::Pipeline
#   sections: [codepipeline.pipelines, codebuild.projects]
#   remediation: >-
#     Add a stage with a Test action (e.g. a CodeBuild project running the integration tests
#     against a staging environment) before the stage that deploys to production, and keep the
#     manual approval as well if the process needs one.
#   references:
#     - AWS CodePipeline User Guide, Valid action types and providers
#     - AWS Well-Architected, OPS06-BP02 Test deployments
#     - AWS Partner calibration guide, OPE-003
package caliper.checks.codepipeline.test_before_deploy

import data.caliper.lib
import rego.v1

results := judged if {
	count(judged) > 0
} else := [lib.not_applicable(lib.account_resource, "global", msg, {})] if {
	count(unreadable) == 0
	msg := sprintf("no CodePipeline deploy action in account %s targets a production account (deployments run from build steps, such as cdk deploy or terraform apply, or by other CI tools are not seen)", [input.account.account_id])
} else := []

unreadable := [name |
	some name, r in lib.regions
	not is_array(r.codepipeline.pipelines.data)
]

judged := [v |
	some region, r in lib.regions
	some p in r.codepipeline.pipelines.data
	deploys := [d | some d in actions(p); d.action.Category == "Deploy"]
	count(deploys) > 0
	v := verdict(region, r, p, deploys)
	v != null
]

# Every action with its position (stage index, run order), once per account it deploys into.
actions(p) := [{"stage": i, "stage_name": s.Name, "action": a, "target": t} |
	some i, s in p.Stages
	some a in s.Actions
	some t in targets(a)
]

# The accounts an action deploys into: the accounts a stack set action names (an OU cannot be
# resolved: "ou-…" ends up unknown), the owner of an S3 deploy's bucket, the account of the
# action's role, of a CloudFormation action's RoleArn, else the pipeline's own.
targets(a) := [trim_space(t) | some t in split(a.Configuration.DeploymentTargets, ",")] if {
	a.Provider in {"CloudFormationStackSet", "CloudFormationStackInstances"}
	is_string(a.Configuration.DeploymentTargets)
} else := [input.scan.bucket_owners[a.Configuration.BucketName]] if {
	a.Provider == "S3"
	a.Category == "Deploy"
	input.scan.bucket_owners[a.Configuration.BucketName]
} else := [lib.arn_account(a.RoleArn)] if {
	is_string(a.RoleArn)
} else := [lib.arn_account(a.Configuration.RoleArn)] if {
	a.Provider == "CloudFormation"
	is_string(a.Configuration.RoleArn)
} else := [input.account.account_id]

membership(id) := "production" if {
	is_string(lib.account_sets_of(id).production)
} else := "unknown" if {
	is_string(lib.account_sets_of(id).production_unknown)
} else := "outside" if {
	not input.all_account_sets[id]
} else := "other"

before(t, d) if t.stage < d.stage

before(t, d) if {
	t.stage == d.stage
	t.action.RunOrder < d.action.RunOrder
}

tests_before(region, p, d) := [describe_test(t) |
	some t in actions(p)
	test(t.action)
	before(t, d)
	runs(region, t.action)
]

# A Test action, or a Build action running a CodeBuild project named in
# thresholds.test_build_projects (CodeBuild actions default to the Build category).
test(a) if a.Category == "Test"

test(a) if {
	a.Category == "Build"
	a.Provider == "CodeBuild"
	a.Configuration.ProjectName in object.get(input.config.thresholds, "test_build_projects", [])
}

# A CodeBuild test runs a project that exists (in the action's region, when that was scanned).
runs(_, a) if a.Provider != "CodeBuild"

runs(region, a) if {
	a.Provider == "CodeBuild"
	projects := lib.regions[object.get(a, "Region", region)].codebuild.projects.data
	some x in projects
	x.Name == a.Configuration.ProjectName
}

runs(region, a) if {
	a.Provider == "CodeBuild"
	not lib.regions[object.get(a, "Region", region)]
}

# A project in another account (the action's role is there) is not in this account's lists.
runs(_, a) if {
	a.Provider == "CodeBuild"
	is_string(a.RoleArn)
	lib.arn_account(a.RoleArn) != input.account.account_id
}

describe_test(t) := sprintf("%s/%s (%s, project %s)", [t.stage_name, t.action.Name, t.action.Provider, t.action.Configuration.ProjectName]) if {
	is_string(t.action.Configuration.ProjectName)
} else := sprintf("%s/%s (%s)", [t.stage_name, t.action.Name, t.action.Provider])

describe_deploy(d) := sprintf("%s/%s (%s into %s)", [d.stage_name, d.action.Name, d.action.Provider, d.target])

approvals_before(p, d) := [sprintf("%s/%s", [a.stage_name, a.action.Name]) |
	some a in actions(p)
	a.action.Category == "Approval"
	before(a, d)
]

arn(region, p) := p.PipelineArn if is_string(p.PipelineArn) else := sprintf("arn:aws:codepipeline:%s:%s:%s", [region, input.account.account_id, p.Name])

verdict(region, r, p, deploys) := lib.fail(arn(region, p), region, msg, {"untested_deploys": untested, "approvals": approvals}) if {
	untested := [describe_deploy(d) | some d in deploys; membership(d.target) == "production"; count(tests_before(region, p, d)) == 0]
	count(untested) > 0
	approvals := sort({a | some d in deploys; some a in approvals_before(p, d)})
	msg := sprintf("pipeline %s deploys to production with no automated test action before it: %s%s", [p.Name, concat("; ", untested), approval_note(approvals)])
} else := lib.unknown(arn(region, p), region, msg, {"deploys": unknown}) if {
	unknown := [sprintf("%s (%s)", [describe_deploy(d), why(d.target)]) | some d in deploys; membership(d.target) in {"unknown", "outside"}]
	count(unknown) > 0
	msg := sprintf("pipeline %s deploys to accounts whose production membership is unknown: %s", [p.Name, concat("; ", unknown)])
} else := lib.pass(arn(region, p), region, msg, {"tested_deploys": tested}) if {
	tested := [sprintf("%s after %s", [describe_deploy(d), concat(", ", tests_before(region, p, d))]) | some d in deploys; membership(d.target) == "production"]
	count(tested) > 0
	msg := sprintf("pipeline %s tests before each deploy to production: %s", [p.Name, concat("; ", tested)])
} else := null

approval_note(approvals) := "" if count(approvals) == 0 else := sprintf(" (the manual approval %s is not a test)", [concat(", ", approvals)])

why(id) := "an organizational unit, whose accounts caliper does not resolve" if {
	regex.match(`^(ou-|r-)`, id)
} else := "not in the scan" if {
	membership(id) == "outside"
} else := lib.account_sets_of(id).production_unknown
