# METADATA
# title: Workload accounts have a CloudWatch dashboard
# description: >-
#   A dashboard shows the workload's KPIs in one place for the people who operate it. A workload
#   account passes when any scanned region holds a CloudWatch dashboard, naming them, and fails
#   when none does.
# custom:
#   id: cloudwatch.dashboards
#   severity: low
#   resource_type: AWS::::Account
#   sections: [cloudwatch.dashboards]
#   remediation: >-
#     Create a dashboard of the workload's KPIs (put-dashboard, or define it in the workload's
#     template) and link it from the runbooks.
#   references:
#     - AWS Well-Architected Framework, OPS08-BP05 Create dashboards
package caliper.checks.cloudwatch.dashboards

import data.caliper.lib
import rego.v1

results := lib.workload_gate(judged(unreadable))

# An account-level verdict needs every region read (the engine reports what was not).
judged(u) := [verdict(names)] if count(u) == 0 else := []

unreadable := [name |
	some name, r in lib.regions
	not is_array(r.cloudwatch.dashboards.data)
]

names := sort({sprintf("%s (%s)", [d, region]) |
	some region, r in lib.regions
	some d in r.cloudwatch.dashboards.data
})

verdict(names) := lib.pass(lib.account_resource, "global", msg, {"dashboards": names}) if {
	count(names) > 0
	msg := sprintf("account %s has CloudWatch dashboard(s) %s", [input.account.account_id, concat(", ", names)])
} else := lib.fail(lib.account_resource, "global", msg, {"dashboards": []}) if {
	msg := sprintf("workload account %s has no CloudWatch dashboard in the scanned regions", [input.account.account_id])
}
