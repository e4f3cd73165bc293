package caliper.checks.elbv2.listener_encryption_test

import data.caliper.checks.elbv2.listener_encryption as check
import data.caliper.testing
import rego.v1

lb_arn := "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/50dc"

listener(protocol, port, policy, actions) := object.union(
	{"ListenerArn": sprintf("arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/app/shop/50dc/%d", [port]), "LoadBalancerArn": lb_arn, "Protocol": protocol, "Port": port, "Certificates": [], "DefaultActions": actions},
	{k: policy | k := "SslPolicy"; policy != null},
)

forward := [{"Type": "forward"}]

redirect := [{"Type": "redirect", "RedirectProtocol": "HTTPS"}]

policies := [
	{"Name": "ELBSecurityPolicy-TLS13-1-2-2021-06", "SslProtocols": ["TLSv1.2", "TLSv1.3"]},
	{"Name": "ELBSecurityPolicy-2016-08", "SslProtocols": ["TLSv1", "TLSv1.1", "TLSv1.2"]},
]

run(listeners, config) := r if {
	inp := testing.input_for({"regions": {"eu-west-1": {"elbv2": {"listeners": testing.section(listeners), "ssl_policies": testing.section(policies)}}}})
	r := check.results with input as object.union(inp, {"config": config})
}

default_run(listeners) := run(listeners, testing.config)

test_http_redirecting_to_https_passes if {
	r := default_run([listener("HTTP", 80, null, redirect)])
	testing.statuses(r) == {"pass"}
	r[0].message == "listener HTTP:80 of app/shop/50dc redirects every request to HTTPS"
}

test_http_forwarding_fails if {
	r := default_run([listener("HTTP", 80, null, forward)])
	testing.statuses(r) == {"fail"}
	r[0].message == "listener HTTP:80 of app/shop/50dc serves plain HTTP: its default action is forward, not a redirect to HTTPS"
}

test_https_with_a_tls12_policy_passes if {
	r := default_run([listener("HTTPS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06", forward)])
	testing.statuses(r) == {"pass"}
}

test_https_with_a_policy_allowing_tls10_fails if {
	r := default_run([listener("HTTPS", 443, "ELBSecurityPolicy-2016-08", forward)])
	testing.statuses(r) == {"fail"}
	r[0].message == "listener HTTPS:443 of app/shop/50dc uses TLS policy ELBSecurityPolicy-2016-08, which allows TLSv1, TLSv1.1"
}

test_configured_policies_replace_the_version_rule if {
	config := object.union(testing.config, {"thresholds": {"elb_ssl_policies": ["ELBSecurityPolicy-TLS13-1-3-2021-06"]}})
	r := run([listener("TLS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06", forward)], config)
	testing.statuses(r) == {"fail"}
	contains(r[0].message, "not among the allowed policies")
	r2 := run([listener("TLS", 443, "ELBSecurityPolicy-TLS13-1-3-2021-06", forward)], config)
	testing.statuses(r2) == {"pass"}
}

test_unknown_policy_is_an_error if {
	r := default_run([listener("HTTPS", 443, "Custom-Policy", forward)])
	testing.statuses(r) == {"error"}
}

test_tcp_passthrough_is_not_applicable if {
	r := default_run([listener("TCP", 5432, null, forward)])
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_policies_are_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"elbv2": {"listeners": testing.section([listener("HTTP", 80, null, forward)]), "ssl_policies": testing.denied}}}})
	count(r) == 0
}

test_a_rule_forwarding_plain_http_fails_beside_a_redirecting_default if {
	l := object.union(listener("HTTP", 80, null, redirect), {"RuleActions": [{"Type": "forward"}]})
	r := default_run([l])
	testing.statuses(r) == {"fail"}
	r[0].message == "listener HTTP:80 of app/shop/50dc serves plain HTTP: other rules forward it without redirecting to HTTPS"
	ok := object.union(listener("HTTP", 80, null, redirect), {"RuleActions": [{"Type": "redirect", "RedirectProtocol": "HTTPS"}, {"Type": "fixed-response"}]})
	testing.statuses(default_run([ok])) == {"pass"}
}
