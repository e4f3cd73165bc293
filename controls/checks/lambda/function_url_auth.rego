# METADATA
# title: Lambda function URLs require authentication
# description: >-
#   A function URL with auth type NONE lets anyone on the internet invoke the function; the
#   function's code is then the only check on who calls it. A URL fails with NONE and passes with
#   AWS_IAM.
# custom:
#   id: lambda.function-url-auth
#   severity: high
#   resource_type: AWS::Lambda::Url
#   sections: [lambda.function_urls]
#   remediation: >-
#     Set the URL's auth type to AWS_IAM and sign the callers' requests, or put the function behind
#     API Gateway with an authorizer; if the URL must be public (a webhook), verify a signature in
#     the function and record the exception as a waiver.
#   references:
#     - AWS Security Hub Lambda.1
#     - AWS Lambda Developer Guide, Security and auth model for Lambda function URLs
package caliper.checks.lambda.function_url_auth

import data.caliper.lib
import rego.v1

results := [verdict(region, u) |
	some region, r in lib.regions
	some u in r.lambda.function_urls.data
]

name(u) := parts[count(parts) - 1] if parts := split(u.FunctionArn, ":function:")

verdict(region, u) := lib.fail(u.FunctionArn, region, msg, {"auth_type": "NONE", "url": u.FunctionUrl}) if {
	u.AuthType == "NONE"
	msg := sprintf("function %s has a URL with auth type NONE: AWS authenticates no caller of %s (the function's resource policy decides who may call; it is not read)", [name(u), u.FunctionUrl])
} else := lib.pass(u.FunctionArn, region, msg, {"auth_type": u.AuthType, "url": u.FunctionUrl}) if {
	msg := sprintf("function %s's URL %s requires %s authentication", [name(u), u.FunctionUrl, u.AuthType])
}
