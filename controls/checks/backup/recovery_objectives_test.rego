package caliper.checks.backup.recovery_objectives_test

import data.caliper.checks.backup.recovery_objectives as check
import data.caliper.testing
import rego.v1

db(retention, multi_az) := {"DBInstanceIdentifier": "orders", "DBInstanceArn": "arn:aws:rds:eu-west-1:111111111111:db:orders", "Engine": "postgres", "BackupRetentionPeriod": retention, "MultiAZ": multi_az}

plan(schedule) := {"BackupPlanId": "p1", "BackupPlanArn": "arn:aws:backup:eu-west-1:111111111111:backup-plan:p1", "BackupPlanName": "daily", "Rules": [{"RuleName": "r1", "TargetBackupVaultName": "prod", "ScheduleExpression": schedule, "EnableContinuousBackup": false, "CopyDestinations": []}]}

selection(resources, tags) := {"BackupPlanId": "p1", "SelectionId": "s1", "SelectionName": "all", "Resources": resources, "NotResources": [], "ListOfTags": tags}

account(dbs, tables, pitr, plans, selections, tagged) := {"regions": {"eu-west-1": {
	"rds": {"instances": testing.section(dbs), "clusters": testing.section([])},
	"dynamodb": {"tables": testing.section(tables), "continuous_backups": testing.section([{"TableName": t.TableName, "PointInTimeRecoveryStatus": pitr} | some t in tables])},
	"backup": {"plans": testing.section(plans), "selections": testing.section(selections)},
	"tagging": {"resources": testing.section(tagged)},
}}}

with_objectives(inp, objectives) := object.union(inp, {"config": {"recovery": objectives}})

target(rpo, rto) := {"workload": "orders", "accounts": ["111111111111"], "rpo_hours": rpo, "rto_hours": rto}

table := {"TableName": "carts", "TableArn": "arn:aws:dynamodb:eu-west-1:111111111111:table/carts"}

test_manual_without_targets if {
	r := check.results with input as testing.production_input(account([db(7, true)], [], "ENABLED", [], [], []))
	testing.statuses(r) == {"manual"}
	contains(r[0].message, "[[recovery]]")
}

test_manual_with_an_exception if {
	inp := with_objectives(testing.production_input(account([], [], "ENABLED", [], [], [])), [{"workload": "orders", "exception": "the customer accepts a rebuild from source"}])
	r := check.results with input as inp
	testing.statuses(r) == {"manual"}
	contains(r[0].message, "the customer accepts a rebuild from source")
}

test_pass_with_point_in_time_restore_and_multi_az if {
	inp := with_objectives(testing.production_input(account([db(7, true)], [table], "ENABLED", [], [], [])), [target(1, 0.5)])
	r := check.results with input as inp
	testing.statuses(r) == {"pass"}
	count(r) == 2
}

test_fail_when_the_only_backup_is_daily_and_the_rpo_is_an_hour if {
	inp := with_objectives(testing.production_input(account([db(0, true)], [], "ENABLED", [plan("cron(0 5 ? * * *)")], [selection(["arn:aws:rds:*:*:db:*"], [])], [])), [target(1, 4)])
	r := check.results with input as inp
	testing.statuses(r) == {"fail"}
	r[0].values.recovery_point_hours == 24
	contains(r[0].message, "every 24 hours (AWS Backup plan daily, rule r1 (cron(0 5 ? * * *)))")
}

test_an_hourly_rule_selected_by_tag_meets_the_rpo if {
	tagged := [{"ResourceARN": "arn:aws:rds:eu-west-1:111111111111:db:orders", "Tags": {"backup": "hourly"}}]
	inp := with_objectives(testing.production_input(account([db(0, true)], [], "ENABLED", [plan("cron(0 * ? * * *)")], [selection([], ["backup=hourly"])], tagged)), [target(1, 4)])
	r := check.results with input as inp
	testing.statuses(r) == {"pass"}
}

test_fail_without_any_backup if {
	inp := with_objectives(testing.production_input(account([], [table], "DISABLED", [], [], [])), [target(24, 4)])
	r := check.results with input as inp
	testing.statuses(r) == {"fail"}
	contains(r[0].message, "no backup reaches it")
}

test_fail_when_a_single_az_database_cannot_meet_the_rto if {
	inp := with_objectives(testing.production_input(account([db(7, false)], [], "ENABLED", [], [], [])), [target(1, 0.5)])
	r := check.results with input as inp
	testing.statuses(r) == {"fail"}
	contains(r[0].message, "one Availability Zone")
	inp2 := with_objectives(testing.production_input(account([db(7, false)], [], "ENABLED", [], [], [])), [target(1, 8)])
	r2 := check.results with input as inp2
	testing.statuses(r2) == {"pass"}
}

test_targets_of_other_accounts_do_not_apply if {
	inp := with_objectives(testing.production_input(account([db(7, true)], [], "ENABLED", [], [], [])), [object.union(target(1, 4), {"accounts": ["222222222222"]})])
	r := check.results with input as inp
	testing.statuses(r) == {"manual"}
}

test_not_applicable_outside_production if {
	r := check.results with input as testing.workload_input(account([], [], "ENABLED", [], [], []))
	testing.statuses(r) == {"not_applicable"}
}

test_schedule_hours if {
	data.caliper.lib.schedule_hours("rate(12 hours)") == 12
	data.caliper.lib.schedule_hours("rate(30 minutes)") == 0.5
	data.caliper.lib.schedule_hours("rate(1 day)") == 24
	data.caliper.lib.schedule_hours("cron(0 5 ? * * *)") == 24
	data.caliper.lib.schedule_hours("cron(0 */4 ? * * *)") == 4
	data.caliper.lib.schedule_hours("cron(0 0,12 ? * * *)") == 12
	data.caliper.lib.schedule_hours("cron(0 5 ? * SUN *)") == 168
	data.caliper.lib.schedule_hours("cron(0 5 1 * ? *)") == 744
}

test_schedule_hours_never_shorter_than_aws_runs if {
	data.caliper.lib.schedule_hours("cron(0 * ? * MON-FRI *)") == 49
	data.caliper.lib.schedule_hours("cron(0 8/4 ? * * *)") == 12
	data.caliper.lib.schedule_hours("cron(0 9,17 ? * * *)") == 16
	data.caliper.lib.schedule_hours("cron(0 2-6 ? * * *)") == 20
	data.caliper.lib.schedule_hours("cron(30 1 ? * MON,THU *)") == 96
	data.caliper.lib.schedule_hours("cron(0 5 1,15 * ? *)") == 408
	not data.caliper.lib.schedule_hours("cron(0 5 ? * MON#1 *)")
	not data.caliper.lib.schedule_hours("cron(0 5 L * ? *)")
	not data.caliper.lib.schedule_hours("cron(0 5 1 */3 ? *)")
}

test_an_unbounded_schedule_is_an_error_not_a_failure if {
	inp := with_objectives(testing.production_input(account([db(0, true)], [], "ENABLED", [plan("cron(0 5 ? * MON#1 *)")], [selection(["*"], [])], [])), [target(1, 4)])
	r := check.results with input as inp
	testing.statuses(r) == {"error"}
	contains(r[0].message, "MON#1")
}

test_conditions_narrow_a_selection if {
	sel := object.union(selection(["arn:aws:dynamodb:*:*:table/*"], []), {"Conditions": [{"Operator": "StringEquals", "Key": "aws:ResourceTag/backup", "Value": "hourly"}]})
	untagged := with_objectives(testing.production_input(account([], [table], "DISABLED", [plan("cron(0 * ? * * *)")], [sel], [])), [target(1, 4)])
	r := check.results with input as untagged
	testing.statuses(r) == {"fail"}
	tagged := [{"ResourceARN": table.TableArn, "Tags": {"backup": "hourly"}}]
	r2 := check.results with input as with_objectives(testing.production_input(account([], [table], "DISABLED", [plan("cron(0 * ? * * *)")], [sel], tagged)), [target(1, 4)])
	testing.statuses(r2) == {"pass"}
}

test_continuous_backup_does_not_cover_dynamodb if {
	p := {"BackupPlanId": "p1", "BackupPlanName": "daily", "Rules": [{"RuleName": "r1", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 5 ? * * *)", "EnableContinuousBackup": true, "CopyDestinations": []}]}
	r := check.results with input as with_objectives(testing.production_input(account([], [table], "DISABLED", [p], [selection(["*"], [])], [])), [target(1, 4)])
	testing.statuses(r) == {"fail"}
	r[0].values.recovery_point_hours == 24
}

test_list_of_tags_in_condition_key_form if {
	tagged := [{"ResourceARN": "arn:aws:rds:eu-west-1:111111111111:db:orders", "Tags": {"backup": "hourly"}}]
	inp := with_objectives(testing.production_input(account([db(0, true)], [], "ENABLED", [plan("rate(1 hour)")], [selection([], ["aws:ResourceTag/backup=hourly"])], tagged)), [target(1, 4)])
	r := check.results with input as inp
	testing.statuses(r) == {"pass"}
}
