# Fixtures for Rego tests: the default configuration (kept equal to the Rust defaults by a test)
# and an error entry to stand for a section that could not be collected.
package caliper.testing

import rego.v1

config := {
	"profile": {},
	"contacts": {
		"corporate_domains": [],
		"public_mail_providers": [
			"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
			"yahoo.com", "ymail.com", "icloud.com", "me.com", "aol.com", "proton.me",
			"protonmail.com", "gmx.com", "gmx.de", "web.de", "mail.com", "yandex.com", "qq.com",
			"163.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.co.jp", "hotmail.co.uk",
			"hotmail.fr", "hotmail.de", "outlook.de", "outlook.fr", "live.co.uk", "gmx.net",
			"gmx.at", "pm.me", "protonmail.ch", "mail.ru", "yandex.ru", "zoho.com", "zohomail.com",
			"tutanota.com", "tuta.io", "fastmail.com", "hey.com", "126.com", "naver.com",
			"orange.fr", "free.fr", "t-online.de", "libero.it",
		],
	},
	"thresholds": {
		"access_key_max_age_days": 90,
		"root_recent_use_days": 90,
		"admin_ports": [22, 3389],
		"public_ports": [80, 443],
		"password_min_length": 14,
		"password_reuse_prevention": 24,
		"elb_ssl_policies": [],
		"certificate_expiry_days": 30,
		"rds_backup_retention_days": 7,
		"iac_marker_tags": [
			"terraform", "ManagedBy=terraform", "managed-by=terraform", "managed_by=terraform",
			"ManagedBy=pulumi", "ManagedBy=cdk", "ManagedBy=cloudformation",
		],
		"single_az_restore_minutes": 60,
		"test_build_projects": [],
	},
}

denied := {"error": {"reason": "access_denied", "action": "test:Denied", "message": "denied in a test"}}

source := {"operation": "test:Test", "region": "us-east-1"}

section(d) := {"source": source, "data": d}

collected_at := "2026-11-20T10:00:00Z"

collected_at_ns := time.parse_rfc3339_ns(collected_at)

# An input with one account, default config and the snapshot time set.
input_for(account) := {
	"account": object.union({"account_id": "111111111111"}, account),
	"organization": null,
	"config": config,
	"collected_at": collected_at,
	"collected_at_ns": collected_at_ns,
	"scan": {"bucket_owners": {}, "trail_buckets": {}},
	"facts": facts,
}

# What the model decides about an account (src/engine/context.rs), for tests: the two ranges
# that are always internet-wide. Tests of wider ranges name them (the model's rule is tested in
# Rust, src/model/network.rs).
facts := {"kms_rotation_not_applicable": {}, "internet_wide_ranges": {"0.0.0.0/0": true, "::/0": true}}

# An input whose facts mark `ranges` internet-wide as well.
with_wide_ranges(inp, ranges) := object.union(inp, {"facts": {"internet_wide_ranges": object.union(
	facts.internet_wide_ranges,
	{r: true | some r in ranges},
)}})

# The statuses a check produced.
statuses(results) := {r.status | some r in results}

# An input whose account is a workload account (input.account_sets, as the engine fills it).
workload_input(account) := object.union(input_for(account), {"account_sets": {"workload": "a member account outside the security and log-archive OUs"}})

# The same account outside the workload set, and with its membership unknown.
platform_input(account) := object.union(input_for(account), {"account_sets": {}})

unknown_input(account) := object.union(input_for(account), {"account_sets": {"workload_unknown": "its tags could not be read (denied)"}})

# An input whose account is a production (and so a workload) account.
production_input(account) := object.union(input_for(account), {"account_sets": {"workload": "production: its name says production", "production": "its name says production"}})
