package caliper.checks.lambda.function_url_auth_test

import data.caliper.checks.lambda.function_url_auth as check
import data.caliper.testing
import rego.v1

url(auth) := {"FunctionArn": "arn:aws:lambda:eu-west-1:111111111111:function:hook", "FunctionUrl": "https://abc.lambda-url.eu-west-1.on.aws/", "AuthType": auth}

run(urls) := r if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"lambda": {"function_urls": testing.section(urls)}}}})
}

test_fail_for_a_public_url if {
	r := run([url("NONE")])
	testing.statuses(r) == {"fail"}
	startswith(r[0].message, "function hook has a URL with auth type NONE: AWS authenticates no caller of https://abc.lambda-url.eu-west-1.on.aws/")
}

test_pass_with_iam_auth if {
	testing.statuses(run([url("AWS_IAM")])) == {"pass"}
}

test_no_verdict_when_urls_are_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"lambda": {"function_urls": testing.denied}}}})
	count(r) == 0
}
