# METADATA
# title: The backups can meet the recovery objectives recommended for each production workload
# description: >-
#   Recovery objectives are only a plan when the backups can meet them. caliper reads the targets
#   from [[recovery]] in caliper.toml (a workload, its production accounts, rpo_hours and
#   rto_hours, or an exception saying why none were defined). For each database, Aurora cluster
#   and DynamoDB table of a covered production account, the recovery point it can reach is the
#   shortest of: point-in-time restore (RDS automated backups or DynamoDB point-in-time recovery,
#   about 5 minutes), and the interval of the AWS Backup rules whose plan selects it (by ARN
#   pattern or tag; continuous backup counts as 5 minutes). It fails when that is longer than the
#   RPO, or when a single-AZ database must be restored after the loss of its zone and the RTO is
#   below thresholds.single_az_restore_minutes; it passes otherwise, naming how each target is met.
#   With no targets declared the account stays manual with the guide's reason; an exception is
#   shown for the assessor to judge (manual). Accounts outside production are not judged.
# custom:
#   id: backup.recovery-objectives
#   severity: high
#   resource_type: AWS::::Resource
#   sections: [backup.plans, backup.selections, rds.instances, rds.clusters, dynamodb.tables, dynamodb.continuous_backups, tagging.resources]
#   remediation: >-
#     Agree RTO and RPO targets with the customer for each workload and record them in caliper.toml
#     ([[recovery]] workload, accounts, rpo_hours, rto_hours); then make the backups meet them:
#     point-in-time recovery or an AWS Backup rule at least as frequent as the RPO, and Multi-AZ
#     where the RTO is shorter than a restore.
#   references:
#     - AWS Well-Architected, REL13-BP01 Define recovery objectives for downtime and data loss
#     - AWS Backup Developer Guide, Assigning resources to a backup plan
#     - AWS Partner calibration guide, REL-002
package caliper.checks.backup.recovery_objectives

import data.caliper.lib
import rego.v1

results := lib.production_gate(judged)

objectives := [o |
	some o in object.get(input.config, "recovery", [])
	covers(o)
]

covers(o) if count(object.get(o, "accounts", [])) == 0

covers(o) if input.account.account_id in o.accounts

# Functions with `else` and comprehensions that iterate: the Rego VM's pitfalls
# (docs/writing-checks.md).
judged := array.concat(undeclared(objectives), [v |
	some o in objectives
	some v in verdicts(o)
])

undeclared(objs) := [lib.manual(lib.account_resource, "global", msg, {"recovery": []})] if {
	count(objs) == 0
	msg := sprintf("no RTO or RPO targets are declared for production account %s: an answer without a recovery objective strategy does not meet REL-002; record the targets recommended to the customer in [[recovery]] of caliper.toml (or an exception saying why none were defined)", [input.account.account_id])
} else := []

verdicts(o) := array.concat(array.concat(exception_verdict(o), store_verdicts(o)), account_only(o))

exception_verdict(o) := [lib.manual(lib.account_resource, "global", msg, {"workload": o.workload, "exception": o.exception})] if {
	is_string(o.exception)
	msg := sprintf("workload %s has no RTO or RPO targets: %s (the assessor judges this reason)", [o.workload, o.exception])
} else := []

store_verdicts(o) := [store_verdict(o, s) |
	is_number(o.rpo_hours)
	some s in stores
]

account_only(o) := [account_verdict(o)] if {
	is_number(o.rpo_hours)
	count(stores) == 0
} else := []

# [region, kind, name, arn, point-in-time restore, multi-AZ (null: not applicable)]
stores := array.concat(array.concat(
	[[region, "database", d.DBInstanceIdentifier, d.DBInstanceArn, object.get(d, "BackupRetentionPeriod", 0) > 0, d.MultiAZ] |
		some region, r in lib.regions
		some d in r.rds.instances.data
		not d.DBClusterIdentifier
	],
	[[region, "database cluster", c.DBClusterIdentifier, c.DBClusterArn, object.get(c, "BackupRetentionPeriod", 0) > 0, object.get(c, "MultiAZ", false)] |
		some region, r in lib.regions
		some c in r.rds.clusters.data
	],
),
	[[region, "table", t.TableName, t.TableArn, pitr(r, t), null] |
		some region, r in lib.regions
		some t in r.dynamodb.tables.data
	],
)

pitr(r, t) := count([b |
	some b in r.dynamodb.continuous_backups.data
	b.TableName == t.TableName
	b.PointInTimeRecoveryStatus == "ENABLED"
]) > 0

# An ARN pattern or StringLike value with `*` wildcards (every other character literal).
pattern_matches(pattern, value) if {
	literal := replace(replace(replace(replace(replace(replace(replace(pattern, `\`, `\\`), ".", `\.`), "+", `\+`), "?", `\?`), "(", `\(`), ")", `\)`), "[", `\[`)
	escaped := replace(replace(replace(replace(replace(literal, "]", `\]`), "$", `\$`), "^", `\^`), "{", `\{`), "|", `\|`)
	regex.match(concat("", ["^", replace(escaped, "*", ".*"), "$"]), value)
}

tags_of(arn) := object.get(lib.tags_by_arn, arn, {})

# Selection tag keys may be written as conditions are (`aws:ResourceTag/backup`).
tag_key(k) := trim_prefix(k, "aws:ResourceTag/")

# AWS Backup selects a resource that matches a resource pattern or a ListOfTags entry (any one;
# with neither, every supported resource), is not in NotResources, and meets all Conditions.
selects(sel, arn) if {
	matched(sel, arn)
	not excluded(sel, arn)
	count([c | some c in object.get(sel, "Conditions", []); not condition(c, tags_of(arn))]) == 0
}

matched(sel, arn) if {
	some p in sel.Resources
	pattern_matches(p, arn)
}

matched(sel, arn) if {
	some cond in sel.ListOfTags
	parts := split(cond, "=")
	tags_of(arn)[tag_key(parts[0])] == concat("=", array.slice(parts, 1, count(parts)))
}

matched(sel, _) if {
	count(sel.Resources) == 0
	count(sel.ListOfTags) == 0
}

excluded(sel, arn) if {
	some p in object.get(sel, "NotResources", [])
	pattern_matches(p, arn)
}

condition(c, tags) if {
	c.Operator == "StringEquals"
	tags[tag_key(c.Key)] == c.Value
}

condition(c, tags) if {
	c.Operator == "StringNotEquals"
	object.get(tags, tag_key(c.Key), null) != c.Value
}

condition(c, tags) if {
	c.Operator == "StringLike"
	pattern_matches(c.Value, tags[tag_key(c.Key)])
}

condition(c, tags) if {
	c.Operator == "StringNotLike"
	not like(c, tags)
}

like(c, tags) if pattern_matches(c.Value, tags[tag_key(c.Key)])

# The AWS Backup rules of the region whose plan selects the resource: [plan, rule].
selecting_rules(region, arn) := [[p, x] |
	r := lib.regions[region]
	some p in r.backup.plans.data
	some sel in r.backup.selections.data
	sel.BackupPlanId == p.BackupPlanId
	selects(sel, arn)
	some x in p.Rules
]

# [hours, how] for each of them whose schedule caliper can bound.
backup_points(region, arn) := [[h, how] |
	some pr in selecting_rules(region, arn)
	h := rule_hours(pr[1], arn)
	how := sprintf("AWS Backup plan %s, rule %s (%s)", [pr[0].BackupPlanName, pr[1].RuleName, rule_text(pr[1], arn)])
]

# Rules whose schedule caliper cannot bound (L, W, #, month lists).
unbounded(region, arn) := [sprintf("plan %s, rule %s (%s)", [pr[0].BackupPlanName, pr[1].RuleName, object.get(pr[1], "ScheduleExpression", "no schedule")]) |
	some pr in selecting_rules(region, arn)
	not rule_hours(pr[1], arn)
]

# Continuous backup (point-in-time restore) covers RDS, Aurora and S3; other resources are
# backed up on the rule's schedule.
continuous(x, arn) if {
	x.EnableContinuousBackup
	split(arn, ":")[2] in {"rds", "s3"}
}

rule_hours(x, arn) := 5 / 60 if continuous(x, arn) else := lib.schedule_hours(x.ScheduleExpression)

rule_text(x, arn) := "continuous backup" if continuous(x, arn) else := x.ScheduleExpression

hours(h) := "1 hour" if h == 1 else := sprintf("%v hours", [h])

points(s) := array.concat(native_points(s), backup_points(s[0], s[3]))

native_points(s) := [[5 / 60, native(s)]] if s[4] == true else := []

native(s) := "DynamoDB point-in-time recovery" if s[1] == "table" else := "RDS automated backups (point-in-time restore)"

best(s) := sort(points(s))[0]

hours_text(h) := "about 5 minutes" if h <= 5 / 60 else := hours(h)

rpo_problems(o, s) := [sprintf("no backup reaches it, so the RPO of %s cannot be met", [hours(o.rpo_hours)])] if {
	count(points(s)) == 0
} else := [sprintf("its most frequent recovery point is every %s (%s), longer than the RPO of %s", [hours_text(best(s)[0]), best(s)[1], hours(o.rpo_hours)])] if {
	best(s)[0] > o.rpo_hours
} else := []

rto_problems(o, s) := [sprintf("it runs in one Availability Zone: losing the zone means a restore, which takes at least %d minutes (thresholds.single_az_restore_minutes), longer than the RTO of %s", [input.config.thresholds.single_az_restore_minutes, hours(o.rto_hours)])] if {
	s[5] == false
	o.rto_hours * 60 < input.config.thresholds.single_az_restore_minutes
} else := []

problems(o, s) := array.concat(rpo_problems(o, s), rto_problems(o, s))

rto_text(s) := "Multi-AZ" if s[5] == true else := "DynamoDB keeps tables in several zones" if s[5] == null else := "single-AZ, restored within the RTO"

store_verdict(o, s) := lib.unknown(s[3], s[0], msg, values(o, s)) if {
	count(rpo_problems(o, s)) > 0
	u := unbounded(s[0], s[3])
	count(u) > 0
	msg := sprintf("workload %s, %s %s: caliper cannot bound how often %s runs (L, W, # or month lists), and no other backup meets the RPO of %s", [o.workload, s[1], s[2], concat("; ", u), hours(o.rpo_hours)])
} else := lib.fail(s[3], s[0], msg, values(o, s)) if {
	ps := problems(o, s)
	count(ps) > 0
	msg := sprintf("workload %s, %s %s: %s", [o.workload, s[1], s[2], concat("; ", ps)])
} else := lib.pass(s[3], s[0], msg, values(o, s)) if {
	msg := sprintf("workload %s, %s %s: RPO of %s met, a recovery point every %s (%s); RTO of %s: %s", [o.workload, s[1], s[2], hours(o.rpo_hours), hours_text(best(s)[0]), best(s)[1], hours(o.rto_hours), rto_text(s)])
}

values(o, s) := {"workload": o.workload, "rpo_hours": o.rpo_hours, "rto_hours": o.rto_hours, "recovery_point_hours": rp, "multi_az": s[5]} if {
	count(points(s)) > 0
	rp := best(s)[0]
} else := {"workload": o.workload, "rpo_hours": o.rpo_hours, "rto_hours": o.rto_hours, "recovery_point_hours": null, "multi_az": s[5]}

# No database or table: the account's AWS Backup rules that select anything.
account_points := sort([[h, sprintf("AWS Backup plan %s, rule %s", [p.BackupPlanName, x.RuleName])] |
	some r in lib.regions
	some p in r.backup.plans.data
	some sel in r.backup.selections.data
	sel.BackupPlanId == p.BackupPlanId
	some x in p.Rules
	h := lib.schedule_hours(x.ScheduleExpression)
])

account_verdict(o) := lib.pass(lib.account_resource, "global", msg, {"workload": o.workload, "rpo_hours": o.rpo_hours, "recovery_point_hours": account_points[0][0]}) if {
	count(account_points) > 0
	account_points[0][0] <= o.rpo_hours
	msg := sprintf("workload %s: no database or table in account %s; %s backs up its selected resources every %s, within the RPO of %s", [o.workload, input.account.account_id, account_points[0][1], hours_text(account_points[0][0]), hours(o.rpo_hours)])
} else := lib.fail(lib.account_resource, "global", msg, {"workload": o.workload, "rpo_hours": o.rpo_hours}) if {
	msg := sprintf("workload %s: account %s has no database or table and no AWS Backup rule selecting resources often enough for the RPO of %s", [o.workload, input.account.account_id, hours(o.rpo_hours)])
}
