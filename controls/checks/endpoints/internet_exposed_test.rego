package caliper.checks.endpoints.internet_exposed_test

import data.caliper.checks.endpoints.internet_exposed as check
import data.caliper.testing
import rego.v1

lb_arn := "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/50dc"

lb(scheme) := {"LoadBalancerArn": lb_arn, "LoadBalancerName": "shop", "Type": "application", "Scheme": scheme, "DNSName": "shop-1.eu-west-1.elb.amazonaws.com", "SecurityGroups": [], "AvailabilityZones": []}

listener(protocol, port, policy, actions) := object.union(
	{"ListenerArn": sprintf("%s/%d", [lb_arn, port]), "LoadBalancerArn": lb_arn, "Protocol": protocol, "Port": port, "Certificates": [], "DefaultActions": actions},
	{k: policy | k := "SslPolicy"; policy != null},
)

region(lbs, listeners, extra) := object.union({
	"elbv2": {"load_balancers": testing.section(lbs), "listeners": testing.section(listeners), "ssl_policies": testing.section([{"Name": "P12", "SslProtocols": ["TLSv1.2"]}])},
	"apigateway": {"rest_apis": testing.section([]), "apis": testing.section([])},
	"lambda": {"function_urls": testing.section([])},
	"rds": {"instances": testing.section([])},
}, extra)

run(reg, dists) := r if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": reg}, "cloudfront_distributions": testing.section(dists)})
}

test_an_https_load_balancer_passes_with_its_listeners if {
	r := run(region([lb("internet-facing")], [listener("HTTPS", 443, "P12", [{"Type": "forward"}]), listener("HTTP", 80, null, [{"Type": "redirect", "RedirectProtocol": "HTTPS"}])], {}), [])
	testing.statuses(r) == {"pass"}
	r[0].values == {"kind": "application load balancer", "endpoint": "shop-1.eu-west-1.elb.amazonaws.com", "encryption": "HTTP:80 redirects to HTTPS; HTTPS:443 TLS (P12: TLSv1.2)"}
}

test_plain_http_fails_and_tcp_is_unknown if {
	testing.statuses(run(region([lb("internet-facing")], [listener("HTTP", 80, null, [{"Type": "forward"}])], {}), [])) == {"fail"}
	testing.statuses(run(region([lb("internet-facing")], [listener("TCP", 5432, null, [{"Type": "forward"}])], {}), [])) == {"error"}
}

test_internal_load_balancers_are_not_listed if {
	count(run(region([lb("internal")], [listener("HTTP", 80, null, [{"Type": "forward"}])], {}), [])) == 0
}

test_other_endpoints_are_listed if {
	extra := {
		"apigateway": {"rest_apis": testing.section([{"Id": "a1", "Name": "shop", "EndpointTypes": ["REGIONAL"], "DisableExecuteApiEndpoint": false, "Stages": ["v1"], "Methods": []}]), "apis": testing.section([{"ApiId": "h1", "Name": "items", "ProtocolType": "HTTP", "ApiEndpoint": "https://h1.execute-api.eu-west-1.amazonaws.com", "Routes": []}])},
		"lambda": {"function_urls": testing.section([{"FunctionArn": "arn:aws:lambda:eu-west-1:111111111111:function:f", "FunctionUrl": "https://f.lambda-url.eu-west-1.on.aws/", "AuthType": "NONE"}])},
		"rds": {"instances": testing.section([{"DBInstanceIdentifier": "db", "DBInstanceArn": "arn:aws:rds:eu-west-1:111111111111:db:db", "Engine": "mysql", "PubliclyAccessible": true, "StorageEncrypted": true, "Subnets": [], "VpcSecurityGroups": []}])},
	}
	dist := {"Id": "E1", "ARN": "arn:aws:cloudfront::111111111111:distribution/E1", "DomainName": "d1.cloudfront.net", "Aliases": [], "Enabled": true, "ViewerProtocolPolicies": [{"PathPattern": "*", "Policy": "allow-all"}], "MinimumProtocolVersion": "TLSv1", "CloudfrontDefaultCertificate": true}
	r := run(region([], [], extra), [dist])
	kinds := {f.values.kind: f.status | some f in r}
	kinds == {
		"API Gateway REST API": "pass", "API Gateway HTTP API": "pass", "Lambda function URL": "pass",
		"public database": "error", "CloudFront distribution": "fail",
	}
}

test_no_load_balancer_verdict_when_listeners_are_missing if {
	reg := object.union(object.remove(region([lb("internet-facing")], [], {}), ["elbv2"]), {"elbv2": {"load_balancers": testing.section([lb("internet-facing")]), "listeners": testing.denied, "ssl_policies": testing.section([])}})
	r := run(reg, [])
	count(r) == 0
}
