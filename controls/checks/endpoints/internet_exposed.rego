# METADATA
# title: Every internet-exposed endpoint, with how it is encrypted in transit
# description: >-
#   The summary NETSEC-002 asks for: one finding per endpoint the internet can reach, with its
#   address and how traffic to it is encrypted. Internet-facing load balancers (each listener and
#   its TLS policy), enabled CloudFront distributions (viewer protocol policies and minimum TLS
#   version), API Gateway REST APIs that are not private and have a stage, HTTP and WebSocket APIs,
#   Lambda function URLs, and publicly accessible databases. Not listed (not read by caliper):
#   Classic Load Balancers and custom domain names of APIs; instances with a public address are
#   judged by ec2.internet-front-end. An endpoint fails when it accepts
#   plain HTTP; its encryption is unknown (error) when it passes TCP through or is a database,
#   whose TLS requirement lives in a parameter group caliper does not read; otherwise it passes.
# custom:
#   id: endpoints.internet-exposed
#   severity: medium
#   resource_type: AWS::::Endpoint
#   sections: [elbv2.load_balancers, elbv2.listeners, elbv2.ssl_policies, cloudfront_distributions, apigateway.rest_apis, apigateway.apis, lambda.function_urls, rds.instances]
#   remediation: >-
#     Confirm each endpoint is meant to be public; serve it over HTTPS only with TLS 1.2 or later
#     (redirect HTTP), and require TLS on public databases (rds.force_ssl or
#     require_secure_transport), or make them private.
#   references:
#     - AWS Partner calibration guide, NETSEC-002 (summary of internet-facing endpoints)
package caliper.checks.endpoints.internet_exposed

import data.caliper.lib
import rego.v1

results := array.concat(array.concat(load_balancers, distributions), array.concat(array.concat(rest_apis, http_apis), array.concat(function_urls, databases)))

value(kind, endpoint, encryption) := {"kind": kind, "endpoint": endpoint, "encryption": encryption}

# --- load balancers: one line per listener
load_balancers := [lb_verdict(region, lb, lines) |
	some region, r in lib.regions
	listeners := r.elbv2.listeners.data
	is_array(listeners) # a builtin test: in the Rego VM an undefined value does not end the body
	policies := {p.Name: p.SslProtocols | some p in r.elbv2.ssl_policies.data}
	is_array(r.elbv2.ssl_policies.data)
	some lb in r.elbv2.load_balancers.data
	lb.Scheme == "internet-facing"
	lines := sort([listener_line(l, policies) | some l in listeners; l.LoadBalancerArn == lb.LoadBalancerArn])
]

# No iteration in the `else` bodies below: the Rego VM does not backtrack into them.
listener_line(l, policies) := sprintf("%s:%v redirects to HTTPS", [l.Protocol, l.Port]) if {
	l.Protocol == "HTTP"
	lib.listener_redirects_to_https(l)
} else := sprintf("%s:%v plain HTTP", [l.Protocol, l.Port]) if {
	l.Protocol == "HTTP"
} else := sprintf("%s:%v TLS (%s: %s)", [l.Protocol, l.Port, l.SslPolicy, concat(", ", sort(object.get(policies, l.SslPolicy, ["versions not described"])))]) if {
	l.Protocol in {"HTTPS", "TLS"}
} else := sprintf("%s:%v passed through unencrypted by the load balancer", [object.get(l, "Protocol", "?"), object.get(l, "Port", "?")])

lb_verdict(region, lb, lines) := v if {
	kind := sprintf("%s load balancer", [lb.Type])
	endpoint := object.get(lb, "DNSName", lb.LoadBalancerName)
	text := concat("; ", lines)
	msg := sprintf("%s %s (%s): %s", [kind, lb.LoadBalancerName, endpoint, text_or_none(text)])
	v := classify(lb.LoadBalancerArn, region, msg, value(kind, endpoint, text_or_none(text)), lines)
}

text_or_none(t) := "no listener" if t == "" else := t

classify(resource, region, msg, values, lines) := v if {
	plain := [x | some x in lines; endswith(x, "plain HTTP")]
	through := [x | some x in lines; endswith(x, "unencrypted by the load balancer")]
	v := decide(resource, region, msg, values, count(plain), count(through))
}

decide(resource, region, msg, values, plain, through) := lib.fail(resource, region, msg, values) if {
	plain > 0
} else := lib.unknown(resource, region, msg, values) if {
	through > 0
} else := lib.pass(resource, region, msg, values)

# --- CloudFront
distributions := [cf_verdict(d) |
	some d in input.account.cloudfront_distributions.data
	d.Enabled
]

cf_verdict(d) := v if {
	policies := concat(", ", [sprintf("%s %s", [b.PathPattern, b.Policy]) | some b in d.ViewerProtocolPolicies])
	encryption := sprintf("viewer protocol %s; minimum %s%s", [policies, object.get(d, "MinimumProtocolVersion", "?"), default_cert(d)])
	msg := sprintf("CloudFront distribution %s (%s): %s", [d.Id, d.DomainName, encryption])
	values := value("CloudFront distribution", d.DomainName, encryption)
	v := cf_classify(d, msg, values)
}

default_cert(d) := " (*.cloudfront.net certificate)" if d.CloudfrontDefaultCertificate else := ""

allows_plain(d) if {
	some b in d.ViewerProtocolPolicies
	b.Policy == "allow-all"
}

cf_classify(d, msg, values) := lib.fail(d.ARN, "global", msg, values) if {
	allows_plain(d)
} else := lib.pass(d.ARN, "global", msg, values)

# --- API Gateway
rest_apis := [lib.pass(arn, region, msg, value("API Gateway REST API", endpoint, "HTTPS only (execute-api endpoint)")) |
	some region, r in lib.regions
	some api in r.apigateway.rest_apis.data
	not "PRIVATE" in api.EndpointTypes
	count(api.Stages) > 0
	not api.DisableExecuteApiEndpoint
	arn := sprintf("arn:aws:apigateway:%s::/restapis/%s", [region, api.Id])
	endpoint := sprintf("https://%s.execute-api.%s.amazonaws.com (stages %s)", [api.Id, region, concat(", ", api.Stages)])
	msg := sprintf("REST API %s at %s: HTTPS only", [api.Name, endpoint])
]

http_apis := [lib.pass(arn, region, msg, value(kind, endpoint, "HTTPS only (execute-api endpoint)")) |
	some region, r in lib.regions
	some api in r.apigateway.apis.data
	not api.DisableExecuteApiEndpoint
	arn := sprintf("arn:aws:apigateway:%s::/apis/%s", [region, api.ApiId])
	kind := sprintf("API Gateway %s API", [api.ProtocolType])
	endpoint := object.get(api, "ApiEndpoint", api.ApiId)
	msg := sprintf("%s API %s at %s: HTTPS only", [api.ProtocolType, api.Name, endpoint])
]

# --- Lambda function URLs
function_urls := [lib.pass(u.FunctionArn, region, msg, value("Lambda function URL", u.FunctionUrl, sprintf("HTTPS only; auth %s", [u.AuthType]))) |
	some region, r in lib.regions
	some u in r.lambda.function_urls.data
	msg := sprintf("function URL %s: HTTPS only (auth %s)", [u.FunctionUrl, u.AuthType])
]

# --- public databases
databases := [lib.unknown(db.DBInstanceArn, region, msg, value("public database", db.DBInstanceIdentifier, "unknown: set in its parameter group")) |
	some region, r in lib.regions
	some db in r.rds.instances.data
	db.PubliclyAccessible
	msg := sprintf("database %s (%s) is publicly accessible; whether it requires TLS is set in its parameter group (rds.force_ssl, require_secure_transport), which caliper does not read", [db.DBInstanceIdentifier, db.Engine])
]
