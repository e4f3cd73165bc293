"""moto's server, plus the one read caliper makes that moto 5.2.5 does not implement.

Usage: python moto_server.py -H 127.0.0.1 -p PORT   (the arguments of moto_server)

iam:ListOrganizationsFeatures answers as a new organization does in AWS: no centralized root
access feature enabled. Unimplemented, moto fails it with a bare HTTP 500 page, which the SDK
retries as a server fault for several seconds on every scan.
"""

import sys

from moto.iam.responses import IamResponse
from moto.server import main


def list_organizations_features(self):
    return (
        '<ListOrganizationsFeaturesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
        "<ListOrganizationsFeaturesResult><EnabledFeatures/></ListOrganizationsFeaturesResult>"
        "<ResponseMetadata><RequestId>moto</RequestId></ResponseMetadata>"
        "</ListOrganizationsFeaturesResponse>"
    )


IamResponse.list_organizations_features = list_organizations_features
sys.exit(main())
