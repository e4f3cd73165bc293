# METADATA
# title: Production resources are made by automation, not by hand
# description: >-
#   Resources made by hand in production cannot be rebuilt or reviewed, and drift from what the
#   team believes runs. In a production account, each resource a person would create (security
#   groups other than the default, instances outside Auto Scaling groups, databases and Aurora
#   clusters, buckets, Lambda functions other than AWS Control Tower's, load balancers, DynamoDB
#   tables) passes when a CloudFormation stack lists it (ListStackResources) or it carries a tag
#   that marks automation: the tags AWS sets for CloudFormation, Auto Scaling, Service Catalog,
#   Elastic Beanstalk, EKS, ECS, Batch and EMR, or a tag of thresholds.iac_marker_tags (Terraform
#   and Pulumi set none themselves: add one with default_tags). It fails otherwise, naming the
#   resource. A Terraform or Pulumi resource without a marker tag fails: the tag is the only trace
#   such tools leave in AWS. Accounts outside production are not judged.
# custom:
#   id: iac.hand-made-resources
#   severity: medium
#   resource_type: AWS::::Resource
#   sections: [cloudformation.stack_resources, tagging.resources, ec2.security_groups, ec2.instances, rds.instances, rds.clusters, lambda.functions, elbv2.load_balancers, dynamodb.tables, s3.buckets]
#   remediation: >-
#     Import the resource into a CloudFormation stack (resource import) or into Terraform
#     (terraform import) and change it only through the pipeline from then on; tag resources
#     Terraform manages through the provider's default_tags (e.g. ManagedBy=terraform), or name
#     your own marker in thresholds.iac_marker_tags.
#   references:
#     - AWS CloudFormation User Guide, Importing AWS resources into a CloudFormation stack
#     - AWS Well-Architected, REL08-BP05 Deploy changes with automation
#     - AWS Partner calibration guide, REL-001
package caliper.checks.iac.hand_made_resources

import data.caliper.lib
import rego.v1

results := lib.production_gate(array.concat(judged, unlocated))

# A bucket whose region could not be read cannot be matched to a region's stacks and tags.
unlocated := [lib.unknown(sprintf("arn:aws:s3:::%s", [b.Name]), "global", msg, {}) |
	some b in input.account.s3.buckets.data
	not lib.regions[b.Region]
	e := b.encryption.error
	msg := sprintf("the region of bucket %s could not be read (%s: %s), so its stacks and tags cannot be looked up", [b.Name, e.action, e.message])
]

# Tags AWS services set on what they create; no person can set an `aws:` tag.
automation_prefixes := ["aws:cloudformation:", "aws:autoscaling:", "aws:servicecatalog:", "aws:elasticbeanstalk:", "aws:eks:", "aws:ecs:", "aws:batch:", "aws:elasticmapreduce:"]

# EC2 ids and bucket names are unique: their tags are found by id as well (the ARN's partition
# is not in the snapshot's EC2 lists).
tags_by_id := {id: m.Tags |
	some r in lib.regions
	some m in r.tagging.resources.data
	id := short_id(m.ResourceARN)
}

short_id(arn) := id if {
	startswith(split(arn, ":")[2], "ec2")
	parts := split(arn, "/")
	id := parts[count(parts) - 1]
} else := id if {
	split(arn, ":")[2] == "s3"
	id := split(arn, ":")[5]
}

# The CloudFormation resource types of each kind judged.
cfn_types := {
	"security group": {"AWS::EC2::SecurityGroup"},
	"instance": {"AWS::EC2::Instance"},
	"database": {"AWS::RDS::DBInstance"},
	"database cluster": {"AWS::RDS::DBCluster"},
	"function": {"AWS::Lambda::Function"},
	"load balancer": {"AWS::ElasticLoadBalancingV2::LoadBalancer"},
	"table": {"AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"},
	"bucket": {"AWS::S3::Bucket"},
}

# Per region, "type|physical id" -> stack name, for resources a stack still holds (a rolled-back
# stack keeps listing what it deleted).
stack_of(region) := {key: x.StackName |
	some x in lib.regions[region].cloudformation.stack_resources.data
	held(x)
	key := concat("|", [x.ResourceType, x.PhysicalResourceId])
}

all_stacks := {key: x.StackName |
	some r in lib.regions
	some x in r.cloudformation.stack_resources.data
	held(x)
	key := concat("|", [x.ResourceType, x.PhysicalResourceId])
}

held(x) if {
	is_string(x.PhysicalResourceId)
	not object.get(x, "ResourceStatus", "") in {"DELETE_COMPLETE", "DELETE_SKIPPED", "CREATE_FAILED"}
}

# Regions where both the stacks' resources and the tags were read.
judgeable(region) if {
	is_array(lib.regions[region].cloudformation.stack_resources.data)
	is_array(lib.regions[region].tagging.resources.data)
}

# [region, kind, name, arn, ids (any may be a stack's physical id), tags]
resources := array.concat(array.concat(array.concat(
	[[region, "security group", sprintf("%s (%s)", [g.GroupId, g.GroupName]), sprintf("arn:aws:ec2:%s:%s:security-group/%s", [region, input.account.account_id, g.GroupId]), [g.GroupId], object.get(tags_by_id, g.GroupId, {})] |
		some region, r in lib.regions
		some g in r.ec2.security_groups.data
		g.GroupName != "default"
	],
	[[region, "instance", i.InstanceId, sprintf("arn:aws:ec2:%s:%s:instance/%s", [region, input.account.account_id, i.InstanceId]), [i.InstanceId], object.get(tags_by_id, i.InstanceId, {})] |
		some region, r in lib.regions
		some i in r.ec2.instances.data
		not i.AutoScalingGroup
		i.State != "terminated"
	]),
	array.concat(
		[[region, "database", d.DBInstanceIdentifier, d.DBInstanceArn, [d.DBInstanceIdentifier], object.get(lib.tags_by_arn, d.DBInstanceArn, {})] |
			some region, r in lib.regions
			some d in r.rds.instances.data
			not d.DBClusterIdentifier
		],
		[[region, "database cluster", c.DBClusterIdentifier, c.DBClusterArn, [c.DBClusterIdentifier], object.get(lib.tags_by_arn, c.DBClusterArn, {})] |
			some region, r in lib.regions
			some c in r.rds.clusters.data
		],
	)),
	array.concat(array.concat(
		[[region, "function", f.FunctionName, f.FunctionArn, [f.FunctionName, f.FunctionArn], object.get(lib.tags_by_arn, f.FunctionArn, {})] |
			some region, r in lib.regions
			some f in r.lambda.functions.data
			not startswith(f.FunctionName, "aws-controltower-")
		],
		[[region, "load balancer", b.LoadBalancerName, b.LoadBalancerArn, [b.LoadBalancerArn], object.get(lib.tags_by_arn, b.LoadBalancerArn, {})] |
			some region, r in lib.regions
			some b in r.elbv2.load_balancers.data
		],
	),
	array.concat(
		[[region, "table", t.TableName, t.TableArn, [t.TableName], object.get(lib.tags_by_arn, t.TableArn, {})] |
			some region, r in lib.regions
			some t in r.dynamodb.tables.data
		],
		[[b.Region, "bucket", b.Name, sprintf("arn:aws:s3:::%s", [b.Name]), [b.Name], object.get(tags_by_id, b.Name, {})] |
			some b in input.account.s3.buckets.data
		],
	),
))

judged := [verdict(x) |
	some x in resources
	judgeable(x[0])
]

# The stacks that list the resource (a comprehension: else-bodies that iterate do not backtrack
# in the regorus VM).
stack_names(x) := sort({name |
	x[1] != "bucket"
	some id in x[4]
	some t in cfn_types[x[1]]
	name := stack_of(x[0])[concat("|", [t, id])]
} | {name |
	x[1] == "bucket"
	name := all_stacks[concat("|", ["AWS::S3::Bucket", x[4][0]])]
})

markers := [[lower(k), v] |
	some m in input.config.thresholds.iac_marker_tags
	parts := split(m, "=")
	k := trim_space(parts[0])
	v := marker_value(parts)
]

marker_value(parts) := lower(trim_space(concat("=", array.slice(parts, 1, count(parts))))) if count(parts) > 1 else := null

marker_tags(tags) := sort([sprintf("%s=%s", [k, v]) |
	some k, v in tags
	marker(k, v)
])

marker(k, _) if {
	some p in automation_prefixes
	startswith(k, p)
}

marker(k, v) if {
	some m in markers
	lower(k) == m[0]
	matches(m[1], v)
}

matches(want, _) if want == null

matches(want, v) if lower(v) == want

verdict(x) := lib.pass(x[3], x[0], msg, {"stack": name}) if {
	names := stack_names(x)
	count(names) > 0
	name := concat(", ", names)
	msg := sprintf("%s %s belongs to CloudFormation stack %s", [x[1], x[2], name])
} else := lib.pass(x[3], x[0], msg, {"marker_tag": tag}) if {
	tags := marker_tags(x[5])
	count(tags) > 0
	tag := tags[0]
	msg := sprintf("%s %s carries %s, a tag of automation", [x[1], x[2], tag])
} else := lib.fail(x[3], x[0], msg, {"stack": null, "marker_tag": null}) if {
	msg := sprintf("%s %s is in no CloudFormation stack and carries no automation tag: it looks made by hand in production", [x[1], x[2]])
}
