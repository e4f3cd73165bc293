package caliper.checks.apigateway.endpoint_auth_test

import data.caliper.checks.apigateway.endpoint_auth as check
import data.caliper.testing
import rego.v1

method(verb, auth, key) := {"Path": "/orders", "HttpMethod": verb, "AuthorizationType": auth, "ApiKeyRequired": key}

rest(types, stages, methods) := {"Id": "a1", "Name": "shop", "EndpointTypes": types, "DisableExecuteApiEndpoint": false, "Stages": stages, "Methods": methods}

http(routes) := {"ApiId": "h1", "Name": "items", "ProtocolType": "HTTP", "Routes": routes}

run(rests, https) := r if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"apigateway": {"rest_apis": testing.section(rests), "apis": testing.section(https)}}}})
}

test_fail_lists_open_methods_and_api_key_only_methods if {
	r := run([rest(["REGIONAL"], ["v1"], [method("GET", "NONE", false), method("POST", "NONE", true), method("OPTIONS", "NONE", false), method("PUT", "AWS_IAM", false)])], [])
	testing.statuses(r) == {"fail"}
	r[0].message == "REST API shop (a1, REGIONAL, stages v1) serves GET /orders, POST /orders (API key only) with no authorizer (resource policies, which may narrow who can call, are not read)"
	r[0].resource == "arn:aws:apigateway:eu-west-1::/restapis/a1"
}

test_pass_when_every_method_is_authorized if {
	testing.statuses(run([rest(["EDGE"], ["prod"], [method("GET", "COGNITO_USER_POOLS", false)])], [])) == {"pass"}
}

test_private_or_undeployed_rest_apis_get_no_verdict if {
	count(run([rest(["PRIVATE"], ["v1"], [method("GET", "NONE", false)]), rest(["REGIONAL"], [], [method("GET", "NONE", false)])], [])) == 0
}

test_http_api_routes if {
	r := run([], [http([{"RouteKey": "GET /items", "AuthorizationType": "NONE", "ApiKeyRequired": false}, {"RouteKey": "POST /items", "AuthorizationType": "JWT", "ApiKeyRequired": false}])])
	testing.statuses(r) == {"fail"}
	startswith(r[0].message, "HTTP API items (h1) serves GET /items with no authorizer")
	testing.statuses(run([], [http([{"RouteKey": "POST /items", "AuthorizationType": "JWT", "ApiKeyRequired": false}])])) == {"pass"}
}

test_no_verdict_when_a_listing_is_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"apigateway": {"rest_apis": testing.denied, "apis": testing.section([http([])])}}}})
	count(r) == 0
}

ws(auth) := {"ApiId": "w1", "Name": "chat", "ProtocolType": "WEBSOCKET", "Routes": [{"RouteKey": "$connect", "AuthorizationType": auth, "ApiKeyRequired": false}, {"RouteKey": "$default", "AuthorizationType": "NONE", "ApiKeyRequired": false}]}

test_websocket_apis_are_judged_by_their_connect_route if {
	testing.statuses(run([], [ws("AWS_IAM")])) == {"pass"}
	testing.statuses(run([], [ws("NONE")])) == {"fail"}
}
