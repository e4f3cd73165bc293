package caliper.checks.account.alternate_contacts_test

import data.caliper.checks.account.alternate_contacts as check
import data.caliper.testing
import rego.v1

contact(name, email) := {"Name": name, "Title": "Team", "EmailAddress": email, "PhoneNumber": "+1 555 0100"}

with_contacts(section, domains) := object.union(
	testing.input_for({"name": "prod", "alternate_contacts": section}),
	{"config": {"contacts": {"corporate_domains": domains}}},
)

all_corporate := testing.section({
	"SECURITY": contact("Security team", "security@example.com"),
	"OPERATIONS": contact("Ops", "ops@it.example.com"),
	"BILLING": contact("Finance", "billing@example.com"),
})

verdict(r, t) := f if {
	some f in r
	f.resource == sprintf("arn:aws:::111111111111:account/alternate-contact/%s", [t])
}

test_pass_when_all_contacts_at_corporate_domains if {
	r := check.results with input as with_contacts(all_corporate, ["example.com"])
	testing.statuses(r) == {"pass"}
	count(r) == 3
	verdict(r, "SECURITY").message == "SECURITY alternate contact of account 111111111111 (prod), Security team <security@example.com>, is at example.com, a corporate domain"
	verdict(r, "OPERATIONS").region == "global"
}

test_fail_when_security_contact_not_set if {
	s := testing.section({"SECURITY": null, "OPERATIONS": contact("Ops", "ops@example.com"), "BILLING": contact("Finance", "billing@example.com")})
	r := check.results with input as with_contacts(s, ["example.com"])
	verdict(r, "SECURITY").status == "fail"
	verdict(r, "SECURITY").message == "SECURITY alternate contact of account 111111111111 (prod) is not set"
	verdict(r, "OPERATIONS").status == "pass"
	verdict(r, "BILLING").status == "pass"
}

test_fail_when_contact_key_absent if {
	s := testing.section({"OPERATIONS": contact("Ops", "ops@example.com")})
	r := check.results with input as with_contacts(s, [])
	verdict(r, "SECURITY").status == "fail"
	verdict(r, "BILLING").status == "fail"
	verdict(r, "OPERATIONS").status == "pass"
}

test_fail_when_contact_outside_corporate_domains if {
	s := testing.section({
		"SECURITY": contact("Jane", "jane@consultancy.example"),
		"OPERATIONS": contact("Ops", "ops@example.com"),
		"BILLING": contact("Finance", "billing@example.com"),
	})
	r := check.results with input as with_contacts(s, ["example.com"])
	verdict(r, "SECURITY").status == "fail"
	verdict(r, "SECURITY").values.email == "jane@consultancy.example"
	contains(verdict(r, "SECURITY").message, "not under a corporate domain (example.com)")
}

test_fail_on_public_provider_without_corporate_domains if {
	s := testing.section({
		"SECURITY": contact("Jane", "jane@hotmail.com"),
		"OPERATIONS": contact("Ops", "ops@acme.io"),
		"BILLING": contact("Finance", "billing@acme.io"),
	})
	r := check.results with input as with_contacts(s, [])
	verdict(r, "SECURITY").status == "fail"
	verdict(r, "OPERATIONS").status == "pass"
	contains(verdict(r, "OPERATIONS").message, "no corporate_domains configured in caliper.toml")
}

test_no_verdict_when_contacts_missing if {
	r := check.results with input as with_contacts(testing.denied, [])
	count(r) == 0
}
