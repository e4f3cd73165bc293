# METADATA
# title: Load balancer listeners encrypt traffic with TLS 1.2 or later
# description: >-
#   Every Application and Network Load Balancer listener should take traffic over TLS. An HTTP
#   listener passes only when its default action and every other rule redirect to HTTPS (or
#   answer with a fixed response). An HTTPS or TLS listener
#   fails when its security policy allows TLS 1.0 or 1.1 (as AWS describes the policy), or, when
#   thresholds.elb_ssl_policies lists the allowed policies, when its policy is not one of them.
#   TCP, UDP and GENEVE listeners pass traffic through without terminating TLS: whether the
#   application encrypts it cannot be seen, so they are not applicable.
# custom:
#   id: elbv2.listener-encryption
#   severity: high
#   resource_type: AWS::ElasticLoadBalancingV2::Listener
#   sections: [elbv2.listeners, elbv2.ssl_policies]
#   remediation: >-
#     Make the HTTP listener's default action a redirect to HTTPS (status 301), and give HTTPS and
#     TLS listeners a policy that allows only TLS 1.2 and 1.3, such as
#     ELBSecurityPolicy-TLS13-1-2-2021-06.
#   references:
#     - AWS Security Hub ELB.1, ELB.17
#     - Elastic Load Balancing User Guide, Security policies for your Application Load Balancer
package caliper.checks.elbv2.listener_encryption

import data.caliper.lib
import rego.v1

allowed_policies := {p | some p in input.config.thresholds.elb_ssl_policies}

old_versions := {"TLSv1", "TLSv1.1", "SSLv3"}

results := [verdict(region, l, policies) |
	some region, r in lib.regions
	is_array(r.elbv2.ssl_policies.data)
	policies := {p.Name: p.SslProtocols | some p in r.elbv2.ssl_policies.data}
	some l in r.elbv2.listeners.data
]

# "app/shop/50dc6c495c0c9188 HTTPS:443" from the listener ARN.
label(l) := sprintf("listener %s:%v of %s", [object.get(l, "Protocol", "?"), object.get(l, "Port", "?"), lb]) if {
	parts := split(l.LoadBalancerArn, "loadbalancer/")
	lb := parts[count(parts) - 1]
}

default_redirects(l) if {
	some a in l.DefaultActions
	lib.serves_https(a)
}

why_plain(l) := sprintf("other rules %s it without redirecting to HTTPS", [concat(", ", lib.plain_listener_rules(l))]) if {
	default_redirects(l)
} else := sprintf("its default action is %s, not a redirect to HTTPS", [concat(", ", [a.Type | some a in l.DefaultActions])])

verdict(region, l, policies) := lib.pass(l.ListenerArn, region, msg, {"protocol": "HTTP", "redirect": "HTTPS"}) if {
	l.Protocol == "HTTP"
	lib.listener_redirects_to_https(l)
	msg := sprintf("%s redirects every request to HTTPS", [label(l)])
} else := lib.fail(l.ListenerArn, region, msg, {"protocol": "HTTP", "default_actions": [a.Type | some a in l.DefaultActions], "plain_rules": lib.plain_listener_rules(l)}) if {
	l.Protocol == "HTTP"
	msg := sprintf("%s serves plain HTTP: %s", [label(l), why_plain(l)])
} else := tls_verdict(region, l, policies) if {
	l.Protocol in {"HTTPS", "TLS"}
} else := lib.not_applicable(l.ListenerArn, region, msg, {"protocol": object.get(l, "Protocol", null)}) if {
	msg := sprintf("%s passes traffic through without terminating TLS; whether the application encrypts it cannot be seen from AWS", [label(l)])
}

tls_verdict(region, l, policies) := lib.fail(l.ListenerArn, region, msg, values) if {
	count(allowed_policies) > 0
	not l.SslPolicy in allowed_policies
	values := {"ssl_policy": l.SslPolicy, "allowed_policies": sort(allowed_policies)}
	msg := sprintf("%s uses TLS policy %s, which is not among the allowed policies (thresholds.elb_ssl_policies: %s)", [label(l), l.SslPolicy, concat(", ", sort(allowed_policies))])
} else := lib.unknown(l.ListenerArn, region, msg, {"ssl_policy": l.SslPolicy}) if {
	count(allowed_policies) == 0
	not policies[l.SslPolicy]
	msg := sprintf("%s uses TLS policy %s, which AWS did not describe; the TLS versions it allows are unknown", [label(l), l.SslPolicy])
} else := lib.fail(l.ListenerArn, region, msg, values) if {
	count(allowed_policies) == 0
	old := sort({v | some v in policies[l.SslPolicy]; v in old_versions})
	count(old) > 0
	values := {"ssl_policy": l.SslPolicy, "protocols": policies[l.SslPolicy]}
	msg := sprintf("%s uses TLS policy %s, which allows %s", [label(l), l.SslPolicy, concat(", ", old)])
} else := lib.pass(l.ListenerArn, region, msg, {"ssl_policy": l.SslPolicy, "protocols": object.get(policies, l.SslPolicy, [])}) if {
	msg := sprintf("%s uses TLS policy %s (%s)", [label(l), l.SslPolicy, concat(", ", object.get(policies, l.SslPolicy, ["in thresholds.elb_ssl_policies"]))])
}
