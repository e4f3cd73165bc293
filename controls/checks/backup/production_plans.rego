# METADATA
# title: Production accounts back up on a schedule with AWS Backup
# description: >-
#   A production account needs backups it can restore from, taken on a schedule and kept where they
#   cannot be deleted early. It passes when a scanned region holds an AWS Backup plan with a
#   scheduled rule, listing each rule's schedule, retention, vault (and whether Vault Lock protects
#   it) and copies to other vaults; it fails when no plan has a scheduled rule. Which resources
#   each plan selects, and whether that meets the recovery objectives, is judged by
#   backup.recovery-objectives. Accounts outside production are not judged.
# custom:
#   id: backup.production-plans
#   severity: high
#   resource_type: AWS::::Account
#   sections: [backup.plans, backup.vaults]
#   remediation: >-
#     Create an AWS Backup plan whose rules match the recovery point objective (e.g. daily, kept 35
#     days, copied to another region), select the workload's resources by tag, and lock the target
#     vault (Vault Lock) so recovery points cannot be deleted before their retention ends.
#   references:
#     - AWS Backup Developer Guide, Creating a backup plan; AWS Backup Vault Lock
#     - AWS Partner calibration guide, REL-002
package caliper.checks.backup.production_plans

import data.caliper.lib
import rego.v1

results := lib.production_gate(judged(unreadable))

# An account-level verdict needs every region read (the engine reports what was not).
judged(u) := [verdict(rules)] if count(u) == 0 else := []

unreadable := [name |
	some name, r in lib.regions
	not readable(r)
]

readable(r) if {
	is_array(r.backup.plans.data)
	is_array(r.backup.vaults.data)
}

rules := sort([describe(region, p, x, vaults) |
	some region, r in lib.regions
	vaults := {v.BackupVaultName: v | some v in r.backup.vaults.data}
	some p in r.backup.plans.data
	some x in p.Rules
	is_string(x.ScheduleExpression)
])

describe(region, p, x, vaults) := sprintf("%s: plan %s, rule %s (%s, %s, vault %s%s%s)", [
	region, p.BackupPlanName, x.RuleName, x.ScheduleExpression, kept(x),
	x.TargetBackupVaultName, lock_text(vaults, x.TargetBackupVaultName), copies(x),
])

kept(x) := sprintf("kept %d days", [x.DeleteAfterDays]) if is_number(x.DeleteAfterDays) else := "kept until deleted"

lock_text(vaults, name) := ", locked" if vaults[name].Locked else := ", not locked"

copies(x) := "" if count(object.get(x, "CopyDestinations", [])) == 0 else := sprintf(", copied to %s", [concat(", ", x.CopyDestinations)])

verdict(rules) := lib.pass(lib.account_resource, "global", msg, {"rules": rules}) if {
	count(rules) > 0
	msg := sprintf("account %s is backed up by AWS Backup: %s (backup.recovery-objectives judges what each plan selects)", [input.account.account_id, concat("; ", rules)])
} else := lib.fail(lib.account_resource, "global", msg, {"rules": []}) if {
	msg := sprintf("production account %s has no AWS Backup plan with a scheduled rule in the scanned regions", [input.account.account_id])
}
