# Shared helpers for checks. Every check yields `results`, a set of objects made by the
# functions below, so every verdict carries the same fields.
package caliper.lib

import rego.v1

# A verdict about one resource. `values` holds the judged values that decided it.
result(status, resource, region, message, values) := {
	"status": status,
	"resource": resource,
	"region": region,
	"message": message,
	"values": values,
}

# The four verdicts spell the object out rather than call `result`: checks make millions of
# them, and a function call costs more than building the object.
pass(resource, region, message, values) := {"status": "pass", "resource": resource, "region": region, "message": message, "values": values}

# A pass proven from data the check had (e.g. a qualifying trail was found): data missing
# elsewhere cannot undo it, so the engine keeps it beside faults on other resources and regions.
proven_pass(resource, region, message, values) := {"status": "pass", "resource": resource, "region": region, "message": message, "values": values, "proven": true}

fail(resource, region, message, values) := {"status": "fail", "resource": resource, "region": region, "message": message, "values": values}

# The check does not apply (e.g. no IAM user has a password, so the password policy is moot).
not_applicable(resource, region, message, values) := {"status": "not_applicable", "resource": resource, "region": region, "message": message, "values": values}

# Data the check needs is absent inside a section that was collected (e.g. the credential report
# has no root row). Sections that are error entries never reach a check: the engine handles them.
unknown(resource, region, message, values) := {"status": "error", "resource": resource, "region": region, "message": message, "values": values}

# The data of a section, undefined when the section is an error entry or missing.
data_of(section) := section.data

# The account's ARN-style id used for account-level results.
account_resource := sprintf("arn:aws:::%s:account", [input.account.account_id])

# Region name and data of every region with data (regions that are error entries are skipped).
regions[name] := region if {
	some name, region in input.account.regions
	not region.error
}

# [region, item] pairs (an array: sets would compare whole items) for a regional list section, e.g. regional_items(["ec2", "security_groups"]).
regional_items(path) := [[name, item] |
	some name, region in regions
	some item in object.get(region, array.concat(path, ["data"]), [])
]

# The lower-cased e-mail domain of an address.
email_domain(address) := lower(parts[count(parts) - 1]) if {
	parts := split(address, "@")
	count(parts) == 2
}

# Days between an RFC 3339 time and the snapshot's collection time.
age_days(t) := floor((input.collected_at_ns - time.parse_rfc3339_ns(t)) / 86400000000000)

# Whether an IAM action pattern grants every action ("*", "*:*") or a whole service ("s3:*"): its
# action part is wildcards only ("iam:**" and "iam:?*" match every IAM action too). IAM compares
# actions case-insensitively; wildcards have no case. Test `contains(a, "*")` first: most actions
# have none, and a function call costs more than that test.
wide_action(a) if {
	parts := split(a, ":")
	count(parts) <= 2
	wildcards_only(parts[count(parts) - 1])
}

# "*" (the common case, without a regex), or a pattern of `*` and `?` with at least one `*`.
wildcards_only(text) if text == "*"

wildcards_only(text) if {
	text != "*"
	substring(text, 0, 1) in {"*", "?"} # most texts start with a letter: no regex for them
	regex.match(`^[*?]*\*[*?]*$`, text)
}

# A resource pattern that matches every resource of its service: "*", or an ARN whose resource
# part is wildcards only ("arn:aws:*:*:*:*", "arn:aws:iam::*:*", "arn:aws:s3:::*"), or one cut
# short by a wildcard ("arn:aws:*").
wide_resource(r) if r == "*"

wide_resource(r) if {
	endswith(r, "*")
	parts := split(r, ":")
	count(parts) >= 6
	wildcards_only(concat(":", array.slice(parts, 5, count(parts))))
}

wide_resource(r) if {
	endswith(r, "*")
	count(split(r, ":")) < 6
}

wide_resources(s) := sort([r | some r in object.get(s, "Resource", []); wide_resource(r)])

# An Allow statement that grants every action of every service on every resource: what the
# AWS-managed AdministratorAccess policy grants, written into a policy of one's own.
full_admin_statement(s) if {
	s.Effect == "Allow"
	some a in object.get(s, "Action", [])
	contains(a, "*")
	every part in split(a, ":") {
		wildcards_only(part)
	}
	is_string(all_resources(s))
}

# How a statement reaches every resource: "Resource *", a resource pattern matching every
# resource of a service, or all but a NotResource list; undefined when the statement is scoped.
all_resources(s) := "Resource *" if {
	"*" in object.get(s, "Resource", [])
} else := sprintf("Resource %s", [concat(", ", wide)]) if {
	wide := wide_resources(s)
	count(wide) > 0
} else := sprintf("every resource except NotResource %s", [concat(", ", sort(s.NotResource))]) if {
	count(object.get(s, "NotResource", [])) > 0
}

# S3 Block Public Access as S3 applies it: each of the four settings is in effect when it is on
# for the bucket or for the account. `bucket` and `account` are the configurations as read (null
# when not configured); the result lists the settings in effect at neither level. The one rule
# for every check that judges public access.
public_access_block_settings := ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]

public_access_gaps(bucket, account) := [name |
	b := {true: bucket, false: {}}[is_object(bucket)]
	a := {true: account, false: {}}[is_object(account)]
	some name in public_access_block_settings
	not b[name] == true
	not a[name] == true
]

# Customer-managed policies and the inline policies of users, groups and roles, each as
# {"resource", "label", "document"}. Arrays, not sets: sets would compare whole documents.
iam_policies := array.concat(managed_policies, inline_policies)

_details := input.account.iam.authorization_details.data

managed_policies := [{
	"resource": p.Arn,
	"label": sprintf("customer-managed policy %s (%s)", [p.PolicyName, p.Arn]),
	"document": p.Document,
} |
	some p in object.get(_details, "Policies", [])
]

_inline_owners := array.concat(
	array.concat(
		[["user", e.UserName, e.Arn, object.get(e, "UserPolicyList", [])] | some e in object.get(_details, "Users", [])],
		[["group", e.GroupName, e.Arn, object.get(e, "GroupPolicyList", [])] | some e in object.get(_details, "Groups", [])],
	),
	[["role", e.RoleName, e.Arn, object.get(e, "RolePolicyList", [])] | some e in object.get(_details, "Roles", [])],
)

inline_policies := [{
	"resource": sprintf("%s/inline-policy/%s", [owner_arn, p.PolicyName]),
	"label": sprintf("inline policy %s of %s %s (%s)", [p.PolicyName, kind, owner, owner_arn]),
	"document": p.PolicyDocument,
} |
	some [kind, owner, owner_arn, list] in _inline_owners
	some p in list
]

# Corporate address rule (used by account.root-email-corporate and account.alternate-contacts). With contacts.corporate_domains set, an address passes only at one
# of them or a subdomain of one; without it, only public mail providers fail.
corporate_domains := {trim_left(lower(trim_space(d)), "@") | some d in input.config.contacts.corporate_domains}

public_providers := {lower(trim_space(d)) | some d in input.config.contacts.public_mail_providers}

valid_domain(address) if {
	is_string(address)
	email_domain(address) != ""
}

under_corporate(domain) if domain in corporate_domains

under_corporate(domain) if {
	some c in corporate_domains
	endswith(domain, concat("", [".", c]))
}

provider_note(domain) := " (a public mail provider, so a personal address)" if {
	domain in public_providers
} else := ""

# [ok, note]: whether the address is acceptable and why.
judge_address(address) := [false, "is not a valid e-mail address"] if not valid_domain(address)

judge_address(address) := [true, sprintf("is at %s, a corporate domain", [domain])] if {
	valid_domain(address)
	count(corporate_domains) > 0
	domain := email_domain(address)
	under_corporate(domain)
}

judge_address(address) := [false, note] if {
	valid_domain(address)
	count(corporate_domains) > 0
	domain := email_domain(address)
	not under_corporate(domain)
	note := sprintf(
		"is at %s%s, not under a corporate domain (%s)",
		[domain, provider_note(domain), concat(", ", sort(corporate_domains))],
	)
}

judge_address(address) := [false, note] if {
	valid_domain(address)
	count(corporate_domains) == 0
	domain := email_domain(address)
	domain in public_providers
	note := sprintf("is at public mail provider %s, a personal address", [domain])
}

judge_address(address) := [true, note] if {
	valid_domain(address)
	count(corporate_domains) == 0
	domain := email_domain(address)
	not domain in public_providers
	note := sprintf(
		"is at %s, not a public mail provider (no corporate_domains configured in caliper.toml; only public mail providers are rejected)",
		[domain],
	)
}

domain_of(address) := email_domain(address) if {
	valid_domain(address)
} else := null

# The workload set (model::workloads): why the account is a workload account, why that is
# unknown (its tags could not be read), or neither. OPE-001/002 judge workload accounts only.
# `input.account_sets` holds this account's membership (null when the scan did not classify it).
_sets := s if {
	s := object.get(input, "account_sets", null)
	is_object(s)
} else := {}

# Checks of workload accounts return `workload_gate(judged)`: their verdicts in a workload account,
# each with why the account is one (values.workload_account), an error when membership is
# unknown, else one not_applicable verdict saying why.
workload_gate(judged) := [object.union(v, {"values": object.union(v.values, {"workload_account": why})}) | some v in judged] if {
	why := object.get(_sets, "workload", null)
	is_string(why)
} else := [unknown(account_resource, "global", msg, {})] if {
	why := object.get(_sets, "workload_unknown", null)
	is_string(why)
	msg := sprintf("whether account %s is a workload account is unknown: %s; name it in [workloads] of caliper.toml", [input.account.account_id, why])
} else := [not_applicable(account_resource, "global", msg, {})] if {
	msg := sprintf("account %s is not a workload account (the default rule: members outside the security and log-archive OUs; or [workloads] in caliper.toml)", [input.account.account_id])
}

# The namespaces in which each resolvable dimension names the resource kind below (the same
# dimension name means something else elsewhere: InstanceId in AWS/Connect, TableName in
# AWS/Cassandra).
alarm_target_namespaces := {
	"InstanceId": {"AWS/EC2", "CWAgent", "AWS/EBS"},
	"AutoScalingGroupName": {"AWS/EC2", "AWS/AutoScaling", "CWAgent"},
	"DBInstanceIdentifier": {"AWS/RDS"},
	"DBClusterIdentifier": {"AWS/RDS"},
	"LoadBalancer": {"AWS/ApplicationELB", "AWS/NetworkELB"},
	"FunctionName": {"AWS/Lambda"},
	"TableName": {"AWS/DynamoDB"},
}

# Dimensions of an alarm's metrics that name a resource caliper can look up ("name=value" with
# the dimension name and value), per metric's namespace.
alarm_dimensions(a) := [[k, v] |
	some m in a.Metrics
	some k, v in m.Dimensions
	m.Namespace in object.get(alarm_target_namespaces, k, set())
]

# Checks of production accounts return `production_gate(judged)`, as workload_gate does for
# workload accounts (values.production_account says why the account is production).
production_gate(judged) := [object.union(v, {"values": object.union(v.values, {"production_account": why})}) | some v in judged] if {
	why := object.get(_sets, "production", null)
	is_string(why)
} else := [unknown(account_resource, "global", msg, {})] if {
	why := object.get(_sets, "production_unknown", null)
	is_string(why)
	msg := sprintf("whether account %s is a production account is unknown: %s; name it in [workloads] of caliper.toml", [input.account.account_id, why])
} else := [not_applicable(account_resource, "global", msg, {})] if {
	msg := sprintf("account %s is not a production account (the default rule: prod or production in its name, OU path or Environment tag; or [workloads] in caliper.toml)", [input.account.account_id])
}

# Resource names and ids per region that CloudWatch alarm dimensions can name, for the
# dimensions caliper can check (dimension name -> set of values).
alarm_targets(r) := {
	"InstanceId": {i.InstanceId | some i in r.ec2.instances.data},
	"AutoScalingGroupName": {g.AutoScalingGroupName | some g in r.autoscaling.groups.data},
	"DBInstanceIdentifier": {d.DBInstanceIdentifier | some d in r.rds.instances.data},
	"DBClusterIdentifier": {c.DBClusterIdentifier | some c in r.rds.clusters.data},
	"LoadBalancer": {suffix | some b in r.elbv2.load_balancers.data; suffix := split(b.LoadBalancerArn, ":loadbalancer/")[1]},
	"FunctionName": {f.FunctionName | some f in r.lambda.functions.data},
	"TableName": {t.TableName | some t in r.dynamodb.tables.data},
}

# Key ARN or id -> AWS or CUSTOMER, from the region's key list when it was read ({} otherwise:
# callers then say the key manager was not read).
kms_key_managers(r) := object.union(
	{k.Arn: k.KeyManager | some k in r.kms.keys.data},
	{k.KeyId: k.KeyManager | some k in r.kms.keys.data},
) if {
	is_array(r.kms.keys.data)
} else := {}

# Load balancer listener actions that keep a request off plain HTTP: a redirect to HTTPS or a
# fixed response.
serves_https(a) if a.Type == "fixed-response"

serves_https(a) if {
	a.Type == "redirect"
	a.RedirectProtocol == "HTTPS"
}

# The action types of an HTTP listener's other rules that serve requests over plain HTTP.
plain_listener_rules(l) := sort({a.Type |
	some a in object.get(l, "RuleActions", [])
	not serves_https(a)
})

# An HTTP listener whose default action and every other rule keep requests off plain HTTP.
listener_redirects_to_https(l) if {
	some a in l.DefaultActions
	serves_https(a)
	count(plain_listener_rules(l)) == 0
}

# Facts an assessor judges: the check informs a manual control (COST-001).
manual(resource, region, message, values) := {"status": "manual", "resource": resource, "region": region, "message": message, "values": values}

# The account id in an ARN ("" when it has none, as S3 bucket ARNs).
arn_account(arn) := split(arn, ":")[4]

# Another scanned account's membership, as `input.account_sets` gives this account's ({} when
# the account was not scanned or the scan classified none).
account_sets_of(id) := s if {
	s := object.get(object.get(input, "all_account_sets", {}), id, null)
	is_object(s)
} else := {}

# The longest time between two runs of an AWS Backup schedule (cron(...) or rate(...), as
# EventBridge reads them), in hours, never shorter than AWS runs it: rate units as given; for cron,
# the largest gap between the hours it runs (wrapping to the next day), stretched by the largest
# gap between the days of the week or month it runs on. Undefined for what it cannot bound
# (L, W, #, a month or year list): the check then says the schedule was not understood.
schedule_hours(expr) := h if {
	parts := regex.find_all_string_submatch_n(`^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$`, expr, 1)
	count(parts) == 1
	h := to_number(parts[0][1]) * unit_hours[trim_suffix(parts[0][2], "s")]
} else := h if {
	f := cron_fields(expr)
	f[3] == "*"
	f[5] in {"*", "?"}
	hours := sort(cron_set(f[1], 0, 23, {}))
	count(hours) > 0
	h := cron_days_gap(f, hours)
}

unit_hours := {"minute": 1 / 60, "hour": 1, "day": 24}

cron_fields(expr) := fields if {
	startswith(expr, "cron(")
	endswith(expr, ")")
	fields := [x | some x in split(trim_space(trim_suffix(trim_prefix(expr, "cron("), ")")), " "); x != ""]
	count(fields) == 6
}

# The values a cron field allows between lo and hi ("*", "*/n", "a", "a-b", "a/n", "a-b/n",
# lists of them; names through `names`). Undefined when a part is not one of those.
cron_set(field, lo, hi, names) := values if {
	parts := split(field, ",")
	sets := [cron_part(p, lo, hi, names) | some p in parts]
	count(sets) == count(parts)
	values := {v | some set in sets; some v in set}
}

cron_part(p, lo, hi, _) := numbers.range(lo, hi) if p in {"*", "?"}

cron_part(p, lo, hi, names) := {v |
	[base, step] := split(p, "/")
	[a, b] := step_range(base, lo, hi, names)
	n := to_number(step)
	n > 0
	some v in numbers.range(a, b)
	(v - a) % n == 0
} if {
	contains(p, "/")
	count(split(p, "/")) == 2
	regex.match(`^\d+$`, split(p, "/")[1])
	cron_range(split(p, "/")[0], lo, hi, names)
}

cron_part(p, lo, hi, names) := numbers.range(r[0], r[1]) if {
	not contains(p, "/")
	not p in {"*", "?"}
	r := cron_range(p, lo, hi, names)
}

# With a step, a start alone runs to the last value ("8/4": 8, 12, 16, 20).
step_range(base, lo, hi, names) := [cron_value(base, names), hi] if {
	base != "*"
	not contains(base, "-")
} else := cron_range(base, lo, hi, names)

# [first, last] of "*", "a", "a-b".
cron_range(p, lo, hi, _) := [lo, hi] if p == "*"

cron_range(p, _, hi, names) := [a, a] if {
	p != "*"
	not contains(p, "-")
	a := cron_value(p, names)
}

cron_range(p, _, _, names) := [a, b] if {
	[x, y] := split(p, "-")
	a := cron_value(x, names)
	b := cron_value(y, names)
	a <= b
}

cron_value(x, _) := to_number(x) if regex.match(`^\d+$`, x)

cron_value(x, names) := names[upper(x)] if not regex.match(`^\d+$`, x)

# The largest gap between consecutive values, wrapping after `period`.
largest_gap(sorted, period) := max(array.concat(
	[d |
		some i in numbers.range(0, count(sorted) - 2)
		d := sorted[i + 1] - sorted[i]
	],
	[sorted[0] + period - sorted[count(sorted) - 1]],
))

weekdays := {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

# Hours between runs: within a day when every day runs; else the largest gap between run days
# (days of the week, or of a 31-day month) less one day, plus the night from the last hour to
# the first.
cron_days_gap(f, hours) := largest_gap(hours, 24) if {
	f[2] in {"*", "?"}
	f[4] in {"*", "?"}
} else := h if {
	f[2] in {"*", "?"}
	days := sort(cron_set(f[4], 1, 7, weekdays))
	count(days) > 0
	h := stretched(hours, largest_gap(days, 7))
} else := h if {
	f[4] in {"*", "?"}
	days := sort(cron_set(f[2], 1, 31, {}))
	count(days) > 0
	h := stretched(hours, largest_gap(days, 31))
}

stretched(hours, day_gap) := largest_gap(hours, 24) if day_gap == 1 else := max([largest_gap(hours, 24), ((day_gap - 1) * 24 + hours[0] + 24) - hours[count(hours) - 1]])

# Tags by resource ARN over every scanned region (tag:GetResources; buckets are listed in more
# than one region's answer).
tags_by_arn := {m.ResourceARN: m.Tags |
	some r in regions
	some m in r.tagging.resources.data
}
