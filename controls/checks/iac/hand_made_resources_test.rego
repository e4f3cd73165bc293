package caliper.checks.iac.hand_made_resources_test

import data.caliper.checks.iac.hand_made_resources as check
import data.caliper.testing
import rego.v1

region(stack_resources, tagged) := {
	"cloudformation": {"stack_resources": testing.section(stack_resources)},
	"tagging": {"resources": testing.section(tagged)},
	"ec2": {
		"security_groups": testing.section([
			{"GroupId": "sg-0default", "GroupName": "default", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []},
			{"GroupId": "sg-0web", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []},
		]),
		"instances": testing.section([
			{"InstanceId": "i-0asg", "State": "running", "AutoScalingGroup": "web"},
			{"InstanceId": "i-0pet", "State": "running"},
		]),
	},
	"rds": {"instances": testing.section([{"DBInstanceIdentifier": "orders", "DBInstanceArn": "arn:aws:rds:eu-west-1:111111111111:db:orders", "Engine": "postgres"}]), "clusters": testing.section([])},
	"dynamodb": {"tables": testing.section([{"TableName": "carts", "TableArn": "arn:aws:dynamodb:eu-west-1:111111111111:table/carts"}])},
}

account(stack_resources, tagged) := {
	"regions": {"eu-west-1": region(stack_resources, tagged)},
	"s3": {"buckets": testing.section([{"Name": "assets", "Region": "eu-west-1"}])},
}

in_stack(id, type) := {"StackName": "web", "LogicalResourceId": "X", "PhysicalResourceId": id, "ResourceType": type, "ResourceStatus": "CREATE_COMPLETE"}

by_status(r) := {s: sort([x.resource | some x in r; x.status == s]) | some s in testing.statuses(r)}

test_stack_resources_pass_and_the_rest_fail if {
	r := check.results with input as testing.production_input(account([in_stack("sg-0web", "AWS::EC2::SecurityGroup"), in_stack("orders", "AWS::RDS::DBInstance")], []))
	by_status(r) == {
		"pass": ["arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0web", "arn:aws:rds:eu-west-1:111111111111:db:orders"],
		"fail": ["arn:aws:dynamodb:eu-west-1:111111111111:table/carts", "arn:aws:ec2:eu-west-1:111111111111:instance/i-0pet", "arn:aws:s3:::assets"],
	}
}

test_marker_tags_pass if {
	tagged := [
		{"ResourceARN": "arn:aws:ec2:eu-west-1:111111111111:instance/i-0pet", "Tags": {"ManagedBy": "Terraform"}},
		{"ResourceARN": "arn:aws:dynamodb:eu-west-1:111111111111:table/carts", "Tags": {"aws:cloudformation:stack-name": "old"}},
		{"ResourceARN": "arn:aws:s3:::assets", "Tags": {"terraform": "yes"}},
		{"ResourceARN": "arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0web", "Tags": {"ManagedBy": "hand"}},
	]
	r := check.results with input as testing.production_input(account([in_stack("orders", "AWS::RDS::DBInstance")], tagged))
	by_status(r) == {
		"pass": ["arn:aws:dynamodb:eu-west-1:111111111111:table/carts", "arn:aws:ec2:eu-west-1:111111111111:instance/i-0pet", "arn:aws:rds:eu-west-1:111111111111:db:orders", "arn:aws:s3:::assets"],
		"fail": ["arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0web"],
	}
	some x in r
	x.resource == "arn:aws:ec2:eu-west-1:111111111111:instance/i-0pet"
	x.values.marker_tag == "ManagedBy=Terraform"
}

test_not_applicable_outside_production if {
	r := check.results with input as testing.workload_input(account([], []))
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_where_stacks_or_tags_are_unreadable if {
	a := account([], [])
	r0 := region([], [])
	no_tags := {"s3": a.s3, "regions": {"eu-west-1": object.union(object.remove(r0, ["tagging"]), {"tagging": {"resources": testing.denied}})}}
	r := check.results with input as testing.production_input(no_tags)
	count(r) == 0
	no_stacks := {"s3": a.s3, "regions": {"eu-west-1": object.union(object.remove(r0, ["cloudformation"]), {"cloudformation": {"stack_resources": testing.denied}})}}
	r2 := check.results with input as testing.production_input(no_stacks)
	count(r2) == 0
}

test_a_bucket_without_a_region_is_an_error if {
	a := account([], [])
	lost := {"Name": "lost", "Region": "unknown", "Encryption": null, "encryption": {"error": {"reason": "access_denied", "action": "s3:GetBucketLocation", "message": "denied"}}}
	r := check.results with input as testing.production_input({"regions": a.regions, "s3": {"buckets": testing.section([lost])}})
	some x in r
	x.resource == "arn:aws:s3:::lost"
	x.status == "error"
	contains(x.message, "s3:GetBucketLocation")
}

test_a_stack_resource_of_another_type_or_deleted_does_not_count if {
	other := in_stack("carts", "AWS::IAM::Role")
	deleted := object.union(in_stack("orders", "AWS::RDS::DBInstance"), {"ResourceStatus": "DELETE_COMPLETE"})
	r := check.results with input as testing.production_input(account([other, deleted], []))
	every x in r {
		x.status == "fail"
	}
}
