"""moto's server, with four adjustments for the reads caliper makes.

Usage: python moto_server.py -H 127.0.0.1 -p PORT   (the arguments of moto_server)

1. iam:ListOrganizationsFeatures answers as a new organization does in AWS: no centralized root
   access feature enabled. Unimplemented, moto fails it with a bare HTTP 500 page, which the SDK
   retries as a server fault for several seconds on every scan.
2. Signatures are not verified (the access key still is, and IAM policies are still enforced).
   moto 5.2.5 computes a different SigV4 signature than AWS for REST services read with GET
   (Lambda, API Gateway, CloudFront), so every such request failed with SignatureDoesNotMatch,
   from boto3 as from the AWS SDK for Rust. caliper does not test signing.
3. CloudWatch requests in the Smithy RPC v2 CBOR protocol (the only one the AWS SDK for Rust
   speaks to CloudWatch) are translated to the JSON 1.0 protocol moto serves, and the answers
   back to CBOR. moto 5.2.5 answers RPC v2 CBOR requests with 404.
4. lambda:ListFunctionUrlConfigs (HTTP 404 in moto 5.2.5) is answered from
   GetFunctionUrlConfig, which moto implements: a function has at most one URL there.
5. Operations moto 5.2.5 lacks are answered here: AWS Backup selections (Create, List, Get; kept
   in memory per plan), and from recorded answers in recorded/: cloudtrail:LookupEvents (two
   pages, served to every account and region, event times a day old) and the Cost Explorer
   reads caliper makes with --cost-explorer. directconnect:DescribeVirtualInterfaces answers as
   an account without Direct Connect does (moto implements connections and LAGs only).
"""

import datetime
import io
import json
import os
import re
import sys
import uuid

import cbor2
from moto.iam.access_control import IAMRequestBase
from moto.iam.responses import IamResponse
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.server import main


def list_organizations_features(self):
    return (
        '<ListOrganizationsFeaturesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
        "<ListOrganizationsFeaturesResult><EnabledFeatures/></ListOrganizationsFeaturesResult>"
        "<ResponseMetadata><RequestId>moto</RequestId></ResponseMetadata>"
        "</ListOrganizationsFeaturesResponse>"
    )


IamResponse.list_organizations_features = list_organizations_features
IAMRequestBase.check_signature = lambda self: None

# CloudWatch timestamps: epoch seconds in JSON, CBOR tag 1 in RPC v2.
TIMESTAMP_KEYS = ("Timestamp", "LastModified")


def to_cbor_value(key, value):
    if isinstance(value, dict):
        return {k: to_cbor_value(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_cbor_value(key, v) for v in value]
    if key and key.endswith(TIMESTAMP_KEYS) and isinstance(value, (int, float)):
        return cbor2.CBORTag(1, value)
    return value


def from_cbor_value(value):
    if isinstance(value, cbor2.CBORTag) and value.tag == 1:
        return value.value
    if isinstance(value, dict):
        return {k: from_cbor_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_cbor_value(v) for v in value]
    if hasattr(value, "timestamp"):  # cbor2 decodes tag 1 to datetime
        return value.timestamp()
    return value


original_call = DomainDispatcherApplication.__call__


def call_inner(self, environ):
    """Calls moto; returns (status, headers, body)."""
    captured = {}

    def capture(status, headers, exc_info=None):
        captured["status"] = status
        captured["headers"] = headers

    body = b"".join(original_call(self, environ, capture))
    return captured["status"], captured["headers"], body


def function_url_configs(self, environ, start_response):
    environ = dict(environ)
    path = environ["PATH_INFO"].rstrip("/")[: -len("/urls")] + "/url"
    # moto reads the path from the raw request line as well.
    environ["PATH_INFO"] = environ["REQUEST_URI"] = environ["RAW_URI"] = path
    environ["QUERY_STRING"] = ""
    status, headers, body = call_inner(self, environ)
    if status.startswith("2"):  # moto answers GetFunctionUrlConfig with 201
        out = json.dumps({"FunctionUrlConfigs": [json.loads(body)]}).encode()
    elif status.startswith("404") and b"ResourceNotFound" in body and b"URL" in body.upper():
        out = json.dumps({"FunctionUrlConfigs": []}).encode()
    else:
        start_response(status, headers)
        return [body]
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(out)))])
    return [out]


RECORDED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recorded")
SELECTIONS = {}  # backup plan id -> {selection id: selection}
SELECTION_PATH = re.compile(r"^/backup/plans/([^/]+)/selections/?([^/]*)$")


def respond(start_response, payload, content_type="application/x-amz-json-1.1"):
    out = json.dumps(payload).encode()
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(out)))])
    return [out]


def read_json(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    return json.loads(raw) if raw else {}


def account_of(environ):
    auth = environ.get("HTTP_AUTHORIZATION", "")
    key = auth.split("Credential=")[1].split("/")[0] if "Credential=" in auth else ""
    from moto.iam.models import get_account_id_from
    return get_account_id_from(key) if key else "123456789012"


def backup_selections(environ, start_response, plan, selection):
    method = environ.get("REQUEST_METHOD")
    plans = SELECTIONS.setdefault(plan, {})
    if method == "PUT" and not selection:
        body = read_json(environ)
        sid = str(uuid.uuid4())
        plans[sid] = {"SelectionId": sid, "BackupPlanId": plan,
                      "BackupSelection": body["BackupSelection"]}
        return respond(start_response, {"SelectionId": sid, "BackupPlanId": plan,
                                       "CreationDate": 0}, "application/json")
    if method == "GET" and not selection:
        listed = [{"SelectionId": x["SelectionId"], "BackupPlanId": plan,
                   "SelectionName": x["BackupSelection"]["SelectionName"],
                   "IamRoleArn": x["BackupSelection"]["IamRoleArn"]} for x in plans.values()]
        return respond(start_response, {"BackupSelectionsList": listed}, "application/json")
    if method == "GET" and selection in plans:
        return respond(start_response, plans[selection], "application/json")
    out = json.dumps({"Message": "selection not found"}).encode()
    start_response("404 Not Found", [("Content-Type", "application/json"),
                                     ("x-amzn-ErrorType", "ResourceNotFoundException"),
                                     ("Content-Length", str(len(out)))])
    return [out]


def lookup_events(environ, start_response):
    params = read_json(environ)
    with open(os.path.join(RECORDED, "cloudtrail_lookup_events.json")) as f:
        pages = json.load(f)["pages"]
    index = 1 if params.get("NextToken") == "page-2" else 0
    when = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
    region = environ.get("HTTP_AUTHORIZATION", "").split("/")[2] \
        if "Credential=" in environ.get("HTTP_AUTHORIZATION", "") else "us-east-1"
    text = json.dumps(pages[index]).replace("{account}", account_of(environ)) \
        .replace("{region}", region).replace("{time}", when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    page = json.loads(text)
    for e in page["Events"]:
        e["EventTime"] = when.timestamp()
    return respond(start_response, page)


def cost_explorer(environ, start_response, operation):
    read_json(environ)
    with open(os.path.join(RECORDED, "cost_explorer.json")) as f:
        recorded = json.load(f)
    today = datetime.date.today()
    text = json.dumps(recorded[operation]) \
        .replace("{start}", str(today - datetime.timedelta(days=30))).replace("{end}", str(today))
    return respond(start_response, json.loads(text))


def call(self, environ, start_response):
    path = environ.get("PATH_INFO", "")
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target.endswith("CloudTrail_20131101.LookupEvents"):
        return lookup_events(environ, start_response)
    if target.startswith("AWSInsightsIndexService."):
        operation = target.split(".", 1)[1]
        if operation in ("ListCostAllocationTags", "GetSavingsPlansCoverage",
                         "GetReservationCoverage"):
            return cost_explorer(environ, start_response, operation)
    if target == "OvertureService.DescribeVirtualInterfaces":
        read_json(environ)
        return respond(start_response, {"virtualInterfaces": []})
    selection = SELECTION_PATH.match(path)
    if selection:
        return backup_selections(environ, start_response, *selection.groups())
    if environ.get("REQUEST_METHOD") == "GET" and path.startswith("/2021-10-31/functions/") \
            and path.rstrip("/").endswith("/urls"):
        return function_url_configs(self, environ, start_response)
    if environ.get("HTTP_SMITHY_PROTOCOL") != "rpc-v2-cbor" or "/operation/" not in path:
        return original_call(self, environ, start_response)
    service = path.split("/service/")[1].split("/")[0]
    operation = path.rsplit("/operation/", 1)[1]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    params = from_cbor_value(cbor2.loads(raw)) if raw else {}
    body = json.dumps(params).encode()
    environ = dict(environ)
    environ["PATH_INFO"] = "/"
    environ["CONTENT_TYPE"] = "application/x-amz-json-1.0"
    environ["HTTP_X_AMZ_TARGET"] = f"{service}.{operation}"
    environ["CONTENT_LENGTH"] = str(len(body))
    environ["wsgi.input"] = io.BytesIO(body)
    status, answer_headers, answer = call_inner(self, environ)
    try:
        payload = json.loads(answer) if answer else {}
        out = cbor2.dumps(to_cbor_value(None, payload))
    except ValueError:
        out = answer
    headers = [(k, v) for k, v in answer_headers
               if k.lower() not in ("content-type", "content-length")]
    headers += [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
                ("Content-Length", str(len(out)))]
    start_response(status, headers)
    return [out]


DomainDispatcherApplication.__call__ = call
sys.exit(main())
