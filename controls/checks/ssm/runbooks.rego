# METADATA
# title: Workload accounts keep their runbooks as code
# description: >-
#   Runbooks as code are Systems Manager Automation and Command documents the account owns: steps
#   an operator or an alarm can run the same way every time. A workload account fails when no
#   scanned region holds one, and passes listing them. What the runbooks say, and whether they
#   cover the workload's failure modes, stays for a person to judge (OPE-002's manual parts).
# custom:
#   id: ssm.runbooks
#   severity: medium
#   resource_type: AWS::::Account
#   sections: [ssm.documents]
#   remediation: >-
#     Write the workload's operational procedures (restart a tier, fail over the database, rotate a
#     credential) as Systems Manager Automation documents, versioned with the workload's code.
#   references:
#     - AWS Well-Architected Framework, OPS07-BP03 Use runbooks to perform procedures
#     - AWS Partner calibration guide, OPE-002
package caliper.checks.ssm.runbooks

import data.caliper.lib
import rego.v1

results := lib.workload_gate(judged(unreadable))

# An account-level verdict needs every region read (the engine reports what was not).
judged(u) := [verdict(runbooks)] if count(u) == 0 else := []

unreadable := [name |
	some name, r in lib.regions
	not is_array(r.ssm.documents.data)
]

runbook_types := {"Automation", "Command"}

runbooks := sort({sprintf("%s (%s, %s)", [d.Name, d.DocumentType, region]) |
	some region, r in lib.regions
	some d in r.ssm.documents.data
	d.DocumentType in runbook_types
})

verdict(runbooks) := lib.pass(lib.account_resource, "global", msg, {"runbooks": runbooks}) if {
	count(runbooks) > 0
	msg := sprintf("account %s owns %d runbook document(s): %s", [input.account.account_id, count(runbooks), concat(", ", runbooks)])
} else := lib.fail(lib.account_resource, "global", msg, {"runbooks": []}) if {
	msg := sprintf("workload account %s owns no Systems Manager Automation or Command document in the scanned regions (documents shared from another account are not read)", [input.account.account_id])
}
