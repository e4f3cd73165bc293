package caliper.checks.backup.production_plans_test

import data.caliper.checks.backup.production_plans as check
import data.caliper.testing
import rego.v1

plan(rules) := {"BackupPlanId": "p1", "BackupPlanArn": "arn:aws:backup:eu-west-1:111111111111:backup-plan:p1", "BackupPlanName": "daily", "Rules": rules}

rule(schedule) := object.union(
	{"RuleName": "daily-35", "TargetBackupVaultName": "prod", "DeleteAfterDays": 35, "EnableContinuousBackup": false, "CopyDestinations": ["arn:aws:backup:eu-central-1:111111111111:backup-vault:dr"]},
	{k: schedule | k := "ScheduleExpression"; schedule != null},
)

account(plans, locked) := {"regions": {"eu-west-1": {"backup": {
	"plans": testing.section(plans),
	"vaults": testing.section([{"BackupVaultName": "prod", "BackupVaultArn": "arn:aws:backup:eu-west-1:111111111111:backup-vault:prod", "Locked": locked, "NumberOfRecoveryPoints": 3}]),
}}}}

test_pass_lists_each_scheduled_rule if {
	r := check.results with input as testing.production_input(account([plan([rule("cron(0 5 ? * * *)")])], true))
	testing.statuses(r) == {"pass"}
	r[0].values.rules == ["eu-west-1: plan daily, rule daily-35 (cron(0 5 ? * * *), kept 35 days, vault prod, locked, copied to arn:aws:backup:eu-central-1:111111111111:backup-vault:dr)"]
}

test_fail_without_a_scheduled_rule if {
	r := check.results with input as testing.production_input(account([plan([rule(null)])], false))
	testing.statuses(r) == {"fail"}
	r2 := check.results with input as testing.production_input(account([], false))
	testing.statuses(r2) == {"fail"}
}

test_not_applicable_outside_production if {
	r := check.results with input as testing.workload_input(account([], false))
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_a_region_is_unreadable if {
	r := check.results with input as testing.production_input({"regions": {"eu-west-1": {"backup": {"plans": testing.denied, "vaults": testing.section([])}}}})
	count(r) == 0
}
