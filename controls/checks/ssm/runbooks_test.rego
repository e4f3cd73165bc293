package caliper.checks.ssm.runbooks_test

import data.caliper.checks.ssm.runbooks as check
import data.caliper.testing
import rego.v1

account(docs) := {"regions": {"eu-west-1": {"ssm": {"documents": testing.section(docs)}}}}

test_pass_lists_automation_documents if {
	r := check.results with input as testing.workload_input(account([{"Name": "restart-web", "DocumentType": "Automation"}]))
	testing.statuses(r) == {"pass"}
	r[0].message == "account 111111111111 owns 1 runbook document(s): restart-web (Automation, eu-west-1)"
}

test_fail_when_only_other_document_types_exist if {
	r := check.results with input as testing.workload_input(account([{"Name": "app-config", "DocumentType": "ApplicationConfiguration"}]))
	testing.statuses(r) == {"fail"}
}

test_no_verdict_when_documents_are_missing if {
	r := check.results with input as testing.workload_input({"regions": {"eu-west-1": {"ssm": {"documents": testing.denied}}}})
	count(r) == 0
}
