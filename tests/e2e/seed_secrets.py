"""Seeds a moto server's default account with secret values a scanner could come across, for the
test that no secret reaches a snapshot.

Usage: python seed_secrets.py ENDPOINT  -> prints JSON {"secrets": [...]}: every secret value
"""

import base64
import io
import json
import sys
import zipfile

import boto3

E = sys.argv[1]
KW = dict(endpoint_url=E, region_name="us-east-1", aws_access_key_id="seed", aws_secret_access_key="seed")
secrets = []

iam = boto3.client("iam", **KW)
iam.create_user(UserName="carol")
key = iam.create_access_key(UserName="carol")["AccessKey"]
secrets.append(key["SecretAccessKey"])
password = "Pw-for-carol-7f3a9c!"
iam.create_login_profile(UserName="carol", Password=password)
secrets.append(password)

role = iam.create_role(
    RoleName="fn-role",
    AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
)["Role"]["Arn"]
code = io.BytesIO()
with zipfile.ZipFile(code, "w") as z:
    z.writestr("index.py", "def handler(e, c):\n    return 1\n")
lambda_secret = "lambda-env-secret-51c2d0"
boto3.client("lambda", **KW).create_function(
    FunctionName="billing", Runtime="python3.12", Role=role, Handler="index.handler",
    Code={"ZipFile": code.getvalue()}, Environment={"Variables": {"DB_PASSWORD": lambda_secret}},
)
secrets.append(lambda_secret)

ssm_secret = "ssm-securestring-9b8e77"
boto3.client("ssm", **KW).put_parameter(Name="/app/db", Value=ssm_secret, Type="SecureString")
secrets.append(ssm_secret)

user_data = "#!/bin/sh\nexport TOKEN=user-data-secret-c4e1f2\n"
ec2 = boto3.client("ec2", **KW)
ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, UserData=user_data)
secrets.append("user-data-secret-c4e1f2")
secrets.append(base64.b64encode(user_data.encode()).decode())  # as EC2 hands user data back

print(json.dumps({"secrets": secrets}))
