package caliper.checks.budgets.cost_facts_test

import data.caliper.checks.budgets.cost_facts as check
import data.caliper.testing
import rego.v1

budget := {"BudgetName": "monthly", "BudgetType": "COST", "TimeUnit": "MONTHLY", "Limit": "1000.0 USD", "ActualSpend": "120.5 USD"}

org(explorer) := {"data": object.union({"id": "o-1", "management_account_id": "111111111111", "accounts": []}, {k: explorer | k := "cost_explorer"; explorer != null})}

test_manual_lists_budgets if {
	r := check.results with input as testing.input_for({"budgets": testing.section([budget])})
	testing.statuses(r) == {"manual"}
	r[0].values.budgets == ["monthly (COST, monthly, limit 1000.0 USD, spent 120.5 USD)"]
}

test_manual_says_when_there_is_no_budget if {
	r := check.results with input as testing.input_for({"budgets": testing.section([])})
	testing.statuses(r) == {"manual"}
	contains(r[0].message, "no AWS Budgets budget")
}

test_management_account_carries_cost_explorer_facts if {
	explorer := testing.section({"ActiveCostAllocationTags": ["workload"], "Start": "2026-10-21", "End": "2026-11-20", "SavingsPlansCoverage": 62.5})
	inp := object.union(testing.input_for({"budgets": testing.section([budget])}), {"organization": org(explorer)})
	r := check.results with input as inp
	r[0].values.cost_allocation_tags == ["workload"]
	contains(r[0].message, "Savings Plans cover 62.5% of eligible spend and reservations an unknown share of EC2 running hours")
}

test_management_account_says_cost_explorer_was_not_read if {
	inp := object.union(testing.input_for({"budgets": testing.section([])}), {"organization": org(null)})
	r := check.results with input as inp
	contains(r[0].message, "Cost Explorer not read")
}

test_no_verdict_when_budgets_are_unreadable if {
	r := check.results with input as testing.input_for({"budgets": testing.denied})
	count(r) == 0
}
