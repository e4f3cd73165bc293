# METADATA
# title: API Gateway endpoints require authorization
# description: >-
#   Every method of a deployed REST API (edge or regional; private APIs are reachable only from
#   VPCs) and every route of an HTTP or WebSocket API should name an authorizer: IAM, Cognito, a
#   Lambda authorizer or JWT. A method or route with authorization NONE serves anyone on the
#   internet; an API key is not authorization (AWS meters with it, it identifies no caller). CORS
#   preflight (OPTIONS) methods are left out; a WebSocket API is judged by its $connect route, the
#   only one that takes an authorizer. Methods are read from the API's current definition, which
#   may differ from what a stage last deployed, and resource policies are not read. An API fails
#   listing its open methods and passes when every one is authorized.
# custom:
#   id: apigateway.endpoint-auth
#   severity: high
#   resource_type: AWS::ApiGateway::RestApi
#   sections: [apigateway.rest_apis, apigateway.apis]
#   remediation: >-
#     Give each method or route an authorizer (AWS_IAM, a Cognito user pool, a Lambda or JWT
#     authorizer); for an API that must be public, record the exception as a waiver with its reason.
#   references:
#     - AWS Security Hub APIGateway.8 (routes), AWS Well-Architected SEC03-BP01
#     - Amazon API Gateway Developer Guide, Controlling and managing access to an API
package caliper.checks.apigateway.endpoint_auth

import data.caliper.lib
import rego.v1

results := array.concat(rest, http)

rest := [verdict(arn, region, label, open) |
	some region, r in lib.regions
	is_array(r.apigateway.apis.data)
	some api in r.apigateway.rest_apis.data
	not "PRIVATE" in api.EndpointTypes
	count(api.Stages) > 0
	arn := sprintf("arn:aws:apigateway:%s::/restapis/%s", [region, api.Id])
	label := sprintf("REST API %s (%s, %s, stages %s)", [api.Name, api.Id, concat("/", api.EndpointTypes), concat(", ", api.Stages)])
	open := sort({sprintf("%s %s%s", [m.HttpMethod, m.Path, key_note(m)]) |
		some m in api.Methods
		m.HttpMethod != "OPTIONS"
		m.AuthorizationType == "NONE"
	})
]

http := [verdict(arn, region, label, open) |
	some region, r in lib.regions
	is_array(r.apigateway.rest_apis.data)
	some api in r.apigateway.apis.data
	arn := sprintf("arn:aws:apigateway:%s::/apis/%s", [region, api.ApiId])
	label := sprintf("%s API %s (%s)", [api.ProtocolType, api.Name, api.ApiId])
	open := sort({sprintf("%s%s", [x.RouteKey, key_note(x)]) |
		some x in api.Routes
		judged_route(api, x)
		x.AuthorizationType == "NONE"
	})
]

# HTTP APIs: every route but CORS preflight. WebSocket APIs take an authorizer on $connect only.
judged_route(api, x) if {
	api.ProtocolType != "WEBSOCKET"
	not startswith(x.RouteKey, "OPTIONS ")
}

judged_route(api, x) if {
	api.ProtocolType == "WEBSOCKET"
	x.RouteKey == "$connect"
}

key_note(m) := " (API key only)" if m.ApiKeyRequired else := ""

verdict(arn, region, label, open) := lib.fail(arn, region, msg, {"unauthorized": open}) if {
	count(open) > 0
	msg := sprintf("%s serves %s with no authorizer (resource policies, which may narrow who can call, are not read)", [label, concat(", ", open)])
} else := lib.pass(arn, region, sprintf("%s authorizes every method and route", [label]), {"unauthorized": []})
