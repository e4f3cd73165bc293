# METADATA
# title: CloudTrail trails validate their log files
# description: >-
#   With log file validation, CloudTrail writes signed digest files that prove whether a
#   delivered log file was later changed or deleted. Without it, tampering with the audit trail
#   goes unnoticed. Judged per trail of the account (organization trails in the account that owns
#   them).
# custom:
#   id: cloudtrail.log-file-validation
#   severity: medium
#   resource_type: AWS::CloudTrail::Trail
#   sections: [cloudtrail.trails]
#   remediation: >-
#     Enable log file validation on the trail (`aws cloudtrail update-trail --name <trail>
#     --enable-log-file-validation`) and verify logs with `aws cloudtrail validate-logs`.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 3.2
#     - AWS Security Hub CloudTrail.4
package caliper.checks.cloudtrail.log_file_validation

import data.caliper.lib
import rego.v1

trails := {t | some [_, t] in lib.regional_items(["cloudtrail", "trails"])}

enabled(t) := object.get(t, "LogFileValidationEnabled", false) == true

results contains lib.pass(t.TrailARN, t.HomeRegion, msg, {"LogFileValidationEnabled": true}) if {
	some t in trails
	enabled(t)
	msg := sprintf("trail %s (%s) has log file validation enabled", [t.Name, t.TrailARN])
}

results contains lib.fail(t.TrailARN, t.HomeRegion, msg, {"LogFileValidationEnabled": false}) if {
	some t in trails
	not enabled(t)
	msg := sprintf("trail %s (%s) has log file validation disabled (LogFileValidationEnabled = false)", [t.Name, t.TrailARN])
}
