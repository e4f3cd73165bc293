package caliper.checks.ec2.vpc_flow_logs_test

import data.caliper.checks.ec2.vpc_flow_logs as check
import data.caliper.testing
import rego.v1

vpc := {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "IsDefault": false, "Name": "prod"}

flow_log(id, resource, traffic, status) := {"FlowLogId": id, "ResourceId": resource, "TrafficType": traffic, "FlowLogStatus": status, "LogDestinationType": "s3", "DeliverLogsStatus": "SUCCESS"}

account(vpcs, logs) := {"regions": {"eu-west-1": {"ec2": {"vpcs": testing.section(vpcs), "flow_logs": testing.section(logs)}}}}

run(vpcs, logs) := r if {
	r := check.results with input as testing.input_for(account(vpcs, logs))
}

test_pass_when_vpc_logs_all_traffic if {
	r := run([vpc], [flow_log("fl-1", "vpc-1", "ALL", "ACTIVE")])
	some f in r
	f.status == "pass"
	f.message == "VPC vpc-1 (prod) has an active flow log delivering to its destination: fl-1 (ALL)"
	f.resource == "arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-1"
	count(r) == 1
}

test_unknown_when_status_absent if {
	r := run([vpc], [{"FlowLogId": "fl-1", "ResourceId": "vpc-1", "TrafficType": "REJECT"}])
	testing.statuses(r) == {"error"}
}

test_unknown_when_delivery_status_absent if {
	r := run([vpc], [object.remove(flow_log("fl-1", "vpc-1", "ALL", "ACTIVE"), ["DeliverLogsStatus"])])
	testing.statuses(r) == {"error"}
	some f in r
	contains(f.message, "fl-1 whose state or delivery status is not in this snapshot")
}

test_fail_when_the_only_flow_log_fails_to_deliver if {
	failing := object.union(flow_log("fl-1", "vpc-1", "ALL", "ACTIVE"), {"DeliverLogsStatus": "FAILED", "DeliverLogsErrorMessage": "Access error"})
	r := run([vpc], [failing])
	some f in r
	f.status == "fail"
	f.message == "VPC vpc-1 (prod) has no flow log that delivers: fl-1 (DeliverLogsStatus FAILED: Access error)"
}

test_a_vpc_shared_by_another_account_is_judged_by_its_owner if {
	r := run([object.union(vpc, {"OwnerId": "999999999999"})], [])
	some f in r
	f.status == "not_applicable"
	contains(f.message, "shared with this account by account 999999999999")
	count(r) == 1
}

test_an_own_vpc_with_owner_recorded_is_judged if {
	r := run([object.union(vpc, {"OwnerId": "111111111111"})], [])
	testing.statuses(r) == {"fail"}
}

test_fail_when_vpc_has_no_flow_log if {
	r := run([vpc], [flow_log("fl-2", "subnet-1", "ALL", "ACTIVE")])
	some f in r
	f.status == "fail"
	f.message == "VPC vpc-1 (prod) has no active flow log"
}

test_fail_when_flow_log_is_not_active if {
	r := run([vpc], [flow_log("fl-1", "vpc-1", "ALL", "ERROR")])
	testing.statuses(r) == {"fail"}
}

test_fail_when_only_accepted_traffic_logged if {
	r := run([vpc], [flow_log("fl-1", "vpc-1", "ACCEPT", "ACTIVE")])
	some f in r
	f.status == "fail"
	f.message == "VPC vpc-1 (prod) logs accepted traffic only, not rejected traffic: fl-1 (ACCEPT)"
}

test_unnamed_default_vpc_is_labelled if {
	r := run([{"VpcId": "vpc-2", "IsDefault": true, "Name": null}], [])
	some f in r
	f.message == "VPC vpc-2 (no Name, default VPC) has no active flow log"
}

test_no_verdict_when_flow_logs_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"ec2": {"vpcs": testing.section([vpc]), "flow_logs": testing.denied}}}})
	not "pass" in testing.statuses(r)
	count(r) == 0
}

test_no_verdict_when_vpcs_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"ec2": {"vpcs": testing.denied, "flow_logs": testing.section([])}}}})
	count(r) == 0
}
