"""Seeds a moto server with a small AWS Organization for caliper's end-to-end tests.

Usage: python seed.py ENDPOINT [EXTRA_MEMBERS]
  -> prints JSON {management, accounts{name: id}, extra[ids], closed, auditor{...}}

EXTRA_MEMBERS (default 0) adds that many more workload accounts with a few resources each, for
measuring how scan time grows with the organization (scripts/bench-collect).

The organization: a management account and three members (log-archive, prod, dev) plus one
closed account, in us-east-1 and eu-west-1, with deliberate passes and failures for the
foundation checks. After seeding, moto enforces IAM: caliper then runs as the `auditor` user,
which may not assume the role in `dev` (an unassumable member), and the role in `prod` is denied
s3:GetBucketPolicy (a denied action).

The server must run with MOTO_IAM_LOAD_MANAGED_POLICIES=true (AdministratorAccess is attached).
"""

import json
import re
import sys

import boto3
import requests

E = sys.argv[1]
EXTRA = int(sys.argv[2]) if len(sys.argv) > 2 else 0
R1, R2 = "us-east-1", "eu-west-1"
DOMAIN = "northwind.example"
FAKE = dict(aws_access_key_id="seed", aws_secret_access_key="seed")

requests.post(E + "/moto-api/reset-auth", data=b"inf").raise_for_status()
requests.post(E + "/moto-api/reset").raise_for_status()


def client(service, region=R1, creds=None):
    kw = dict(endpoint_url=E, region_name=region)
    kw.update(creds or FAKE)
    c = boto3.client(service, **kw)
    if service == "s3control":  # its endpoint puts the account id in front of the host
        def strip_account(request, **_):
            request.url = re.sub(r"//\d{12}\.", "//", request.url)
        c.meta.events.register("before-send.s3-control.*", strip_account)
    return c


org = client("organizations")
org.create_organization(FeatureSet="ALL")
root_id = org.list_roots()["Roots"][0]["Id"]
ous = {
    name: org.create_organizational_unit(ParentId=root_id, Name=name)["OrganizationalUnit"]["Id"]
    for name in ("Security", "Workloads")
}
management = client("sts").get_caller_identity()["Account"]


def new_account(name, email, ou):
    account_id = org.create_account(AccountName=name, Email=email)["CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=ous[ou])
    return account_id


ids = {
    "log-archive": new_account("log-archive", f"aws-log@{DOMAIN}", "Security"),
    "prod": new_account("prod", f"aws-prod@{DOMAIN}", "Workloads"),
    "dev": new_account("dev", "dev.person@gmail.com", "Workloads"),
}
closed = new_account("retired", f"aws-retired@{DOMAIN}", "Workloads")
try:
    org.close_account(AccountId=closed)
except Exception:  # older moto: no CloseAccount; the account then stays ACTIVE
    closed = None


def creds_for(account_id):
    if account_id == management:
        return FAKE
    c = client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole",
        RoleSessionName="seed",
    )["Credentials"]
    return dict(
        aws_access_key_id=c["AccessKeyId"],
        aws_secret_access_key=c["SecretAccessKey"],
        aws_session_token=c["SessionToken"],
    )


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}

# --- management ------------------------------------------------------------------------------
m = creds_for(management)
iam = client("iam", creds=m)
iam.update_account_password_policy(
    MinimumPasswordLength=16, RequireSymbols=True, RequireNumbers=True,
    RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
    AllowUsersToChangePassword=True, PasswordReusePrevention=24, MaxPasswordAge=90,
)
iam.create_user(UserName="alice")
iam.create_login_profile(UserName="alice", Password="Correct-Horse-42!")
mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
iam.enable_mfa_device(UserName="alice", SerialNumber=mfa["SerialNumber"],
                      AuthenticationCode1="123456", AuthenticationCode2="654321")
iam.create_policy(PolicyName="ops-read", PolicyDocument=doc(
    {"Effect": "Allow", "Action": ["ec2:DescribeInstances"], "Resource": "*"}))
iam.create_saml_provider(Name="corp-idp", SAMLMetadataDocument="<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata' entityID='https://idp.northwind.example'/>" + "x" * 1000)
# The auditor caliper runs as: may read everything, may not enter dev.
iam.create_user(UserName="auditor")
auditor_key = iam.create_access_key(UserName="auditor")["AccessKey"]
iam.put_user_policy(UserName="auditor", PolicyName="scan", PolicyDocument=doc(
    ALLOW_ALL,
    {"Effect": "Deny", "Action": "sts:AssumeRole",
     "Resource": f"arn:aws:iam::{ids['dev']}:role/*"}))
acct = client("account", creds=m)
for t, email in (("SECURITY", f"security@{DOMAIN}"), ("OPERATIONS", f"ops@{DOMAIN}"),
                 ("BILLING", f"billing@{DOMAIN}")):
    acct.put_alternate_contact(AlternateContactType=t, EmailAddress=email, Name=t.title(),
                               PhoneNumber="+1-555-0100", Title=t.title())
client("s3control", creds=m).put_public_access_block(
    AccountId=management,
    PublicAccessBlockConfiguration=dict(BlockPublicAcls=True, IgnorePublicAcls=True,
                                        BlockPublicPolicy=True, RestrictPublicBuckets=True))
s3 = client("s3", creds=m)
s3.create_bucket(Bucket="northwind-mgmt-data")
s3.put_bucket_encryption(Bucket="northwind-mgmt-data", ServerSideEncryptionConfiguration={
    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                                                      "KMSMasterKeyID": "alias/data"}}]})
s3.put_public_access_block(Bucket="northwind-mgmt-data", PublicAccessBlockConfiguration=dict(
    BlockPublicAcls=True, IgnorePublicAcls=True, BlockPublicPolicy=True, RestrictPublicBuckets=True))
s3.put_bucket_policy(Bucket="northwind-mgmt-data", Policy=doc(
    {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
     "Resource": ["arn:aws:s3:::northwind-mgmt-data", "arn:aws:s3:::northwind-mgmt-data/*"],
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}))
ec2 = client("ec2", creds=m)
vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
default_sg = ec2.describe_security_groups(Filters=[
    {"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
if default_sg.get("IpPermissions"):
    ec2.revoke_security_group_ingress(GroupId=default_sg["GroupId"], IpPermissions=default_sg["IpPermissions"])
if default_sg.get("IpPermissionsEgress"):
    ec2.revoke_security_group_egress(GroupId=default_sg["GroupId"], IpPermissions=default_sg["IpPermissionsEgress"])
bastion = ec2.create_security_group(GroupName="bastion", Description="ssh from office", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=bastion, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL",
                     LogDestinationType="s3", LogDestination="arn:aws:s3:::northwind-mgmt-data")
ec2.enable_ebs_encryption_by_default()
ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True)
kms = client("kms", creds=m)
key = kms.create_key(Description="data")["KeyMetadata"]["KeyId"]
kms.enable_key_rotation(KeyId=key)
kms.create_alias(AliasName="alias/data", TargetKeyId=key)

# --- log-archive: the organization trail's bucket --------------------------------------------
la = creds_for(ids["log-archive"])
trail_bucket = "northwind-org-trail"
s3la = client("s3", creds=la)
s3la.create_bucket(Bucket=trail_bucket, ObjectLockEnabledForBucket=True)
s3la.put_bucket_versioning(Bucket=trail_bucket, VersioningConfiguration={"Status": "Enabled"})
s3la.put_object_lock_configuration(Bucket=trail_bucket, ObjectLockConfiguration={
    "ObjectLockEnabled": "Enabled",
    "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}}})
s3la.put_public_access_block(Bucket=trail_bucket, PublicAccessBlockConfiguration=dict(
    BlockPublicAcls=True, IgnorePublicAcls=True, BlockPublicPolicy=True, RestrictPublicBuckets=True))
s3la.put_bucket_encryption(Bucket=trail_bucket, ServerSideEncryptionConfiguration={
    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
s3la.put_bucket_policy(Bucket=trail_bucket, Policy=doc(
    {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
     "Resource": [f"arn:aws:s3:::{trail_bucket}", f"arn:aws:s3:::{trail_bucket}/*"],
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {"Sid": "CloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
     "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{trail_bucket}/AWSLogs/*",
     "Condition": {"StringEquals": {"aws:SourceOrgID": "o-placeholder"}}}))

# The organization trail lives in the management account. moto checks that the bucket exists in
# the calling account, so the management account holds a bucket of the same name for moto only.
try:
    s3.create_bucket(Bucket=trail_bucket)
except Exception:
    pass
ct = client("cloudtrail", creds=m)
ct.create_trail(Name="org-trail", S3BucketName=trail_bucket, IsMultiRegionTrail=True,
                IsOrganizationTrail=True, EnableLogFileValidation=True)
ct.start_logging(Name="org-trail")
ct.put_event_selectors(TrailName="org-trail", EventSelectors=[
    {"ReadWriteType": "All", "IncludeManagementEvents": True}])

# Account tags (organizations:ListTagsForResource): read into the workload and production sets.
org.tag_resource(ResourceId=ids["prod"], Tags=[{"Key": "Environment", "Value": "production"},
                                                 {"Key": "CostCenter", "Value": "shop"}])

# --- prod: the failures ----------------------------------------------------------------------
p = creds_for(ids["prod"])
iamp = client("iam", creds=p)
iamp.update_account_password_policy(MinimumPasswordLength=8)
iamp.create_user(UserName="bob")
iamp.create_login_profile(UserName="bob", Password="Password-123!")
iamp.attach_user_policy(UserName="bob", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
iamp.create_access_key(UserName="bob")
iamp.create_policy(PolicyName="god-mode", PolicyDocument=doc(ALLOW_ALL))
iamp.create_policy(PolicyName="read-all-s3", PolicyDocument=doc(
    {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}))
iamp.create_role(RoleName="open-trust", AssumeRolePolicyDocument=doc(
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}))
client("account", creds=p).put_alternate_contact(
    AlternateContactType="OPERATIONS", EmailAddress="prod.oncall@gmail.com", Name="Ops",
    PhoneNumber="+1-555-0101", Title="Ops")
s3p = client("s3", creds=p)
s3p.create_bucket(Bucket="northwind-prod-assets")
s3p.put_bucket_policy(Bucket="northwind-prod-assets", Policy=doc(
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::northwind-prod-assets/*"}))
s3p.create_bucket(Bucket="northwind-prod-eu", CreateBucketConfiguration={"LocationConstraint": R2})
for region in (R1, R2):
    e = client("ec2", region, creds=p)
    v = e.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    admin = e.create_security_group(GroupName="admin-open", Description="rdp and ssh", VpcId=v)["GroupId"]
    e.authorize_security_group_ingress(GroupId=admin, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    web = e.create_security_group(GroupName="web", Description="public web", VpcId=v)["GroupId"]
    e.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    e.create_volume(AvailabilityZone=f"{region}a", Size=8, Encrypted=False)
    # SSH from anywhere in the (default) VPC: every tier can log in to every other.
    flat = e.create_security_group(GroupName="flat-admin", Description="ssh from the VPC", VpcId=v)["GroupId"]
    e.authorize_security_group_ingress(GroupId=flat, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "172.31.0.0/16"}]}])
kp = client("kms", R2, creds=p)
kp.create_key(Description="no rotation")
ctp = client("cloudtrail", R2, creds=p)
s3p.create_bucket(Bucket="northwind-prod-trail")
ctp.create_trail(Name="prod-local", S3BucketName="northwind-prod-trail", EnableLogFileValidation=False)
ctp.start_logging(Name="prod-local")
# The scan role in prod may not read bucket policies.
iamp.put_role_policy(RoleName="OrganizationAccountAccessRole", PolicyName="scan", PolicyDocument=doc(
    ALLOW_ALL, {"Effect": "Deny", "Action": "s3:GetBucketPolicy", "Resource": "*"}))
# log-archive and the closed account keep a role allowed everything.
iaml = client("iam", creds=la)
iaml.put_role_policy(RoleName="OrganizationAccountAccessRole", PolicyName="scan",
                     PolicyDocument=doc(ALLOW_ALL))

# --- the workload's network in prod (us-east-1): an internet-facing load balancer, an instance
# reachable from the internet, a public unencrypted database.
def self_signed(name):
    import datetime
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365)).sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def network(creds, tls_policy, http_redirect, instance_public, db_public, db_encrypted):
    e = client("ec2", creds=creds)
    v = e.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in e.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [v]}])["Subnets"]][:2]
    front = e.create_security_group(GroupName="front-end", Description="public web", VpcId=v)["GroupId"]
    e.authorize_security_group_ingress(GroupId=front, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    # An instance with a public address in a world-open group: reachable without the balancer.
    image = e.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    # Its root volume encrypted, as EBS encryption by default would make it (moto ignores that).
    e.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                    BlockDeviceMappings=[{"DeviceName": "/dev/xvda",
                                          "Ebs": {"VolumeSize": 8, "Encrypted": True}}],
                    NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnets[0], "Groups": [front],
                                        "AssociatePublicIpAddress": instance_public}])
    elb = client("elbv2", creds=creds)
    lb = elb.create_load_balancer(Name="web", Subnets=subnets, SecurityGroups=[front],
                                  Scheme="internet-facing", Type="application")["LoadBalancers"][0]
    tg = elb.create_target_group(Name="web", Protocol="HTTP", Port=8080, VpcId=v,
                                 TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    pem, key = self_signed("shop.northwind.example")
    cert = client("acm", creds=creds).import_certificate(Certificate=pem, PrivateKey=key)["CertificateArn"]
    forward = [{"Type": "forward", "TargetGroupArn": tg}]
    redirect = [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443",
                                                         "StatusCode": "HTTP_301"}}]
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=redirect if http_redirect else forward)
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTPS", Port=443,
                        SslPolicy=tls_policy, Certificates=[{"CertificateArn": cert}],
                        DefaultActions=forward)
    rds = client("rds", creds=creds)
    data_subnets = subnets
    if not db_public:
        # Private subnets: a VPC of their own, without an internet gateway.
        private = e.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
        data_subnets = [e.create_subnet(VpcId=private, CidrBlock=f"10.50.{i}.0/24",
                                        AvailabilityZone=f"{R1}{az}")["Subnet"]["SubnetId"]
                        for i, az in enumerate("ab")]
    rds.create_db_subnet_group(DBSubnetGroupName="data", DBSubnetGroupDescription="data",
                               SubnetIds=data_subnets)
    rds.create_db_instance(DBInstanceIdentifier="orders", Engine="postgres",
                           DBInstanceClass="db.t3.micro", AllocatedStorage=20,
                           MasterUsername="app", MasterUserPassword="Correct-Horse-42",
                           DBSubnetGroupName="data", PubliclyAccessible=db_public,
                           StorageEncrypted=db_encrypted)


network(p, "ELBSecurityPolicy-2016-08", http_redirect=False, instance_public=True,
        db_public=True, db_encrypted=False)
network(m, "ELBSecurityPolicy-TLS13-1-2-2021-06", http_redirect=True, instance_public=False,
        db_public=False, db_encrypted=True)

# --- prod's operations (OPE-001/002) and its other internet endpoints (NETSEC-002): an Auto
# Scaling group watched by an alarm that starts a runbook, an alarm that notifies nobody, an alarm
# on a database that no longer exists, a dashboard, log groups, a DynamoDB table, a Lambda
# function URL and API Gateway APIs open to anyone, and a CloudFront distribution that allows
# plain HTTP.
def operations(creds, account_id):
    e = client("ec2", creds=creds)
    v = e.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in e.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [v]}])["Subnets"]][:2]
    image = e.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    e.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={
        "ImageId": image, "InstanceType": "t3.micro",
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                                 "Ebs": {"VolumeSize": 8, "Encrypted": True}}]})
    client("autoscaling", creds=creds).create_auto_scaling_group(
        AutoScalingGroupName="web", LaunchTemplate={"LaunchTemplateName": "web"},
        MinSize=2, MaxSize=4, DesiredCapacity=2, VPCZoneIdentifier=",".join(subnets))
    topic = f"arn:aws:sns:{R1}:{account_id}:oncall"
    cw = client("cloudwatch", creds=creds)
    cw.put_metric_alarm(AlarmName="web-cpu-high", Namespace="AWS/EC2", MetricName="CPUUtilization",
                        Dimensions=[{"Name": "AutoScalingGroupName", "Value": "web"}],
                        Statistic="Average", Period=300, EvaluationPeriods=2, Threshold=80,
                        ComparisonOperator="GreaterThanThreshold", AlarmActions=[topic])
    cw.put_metric_alarm(AlarmName="orders-db-connections", Namespace="AWS/RDS",
                        MetricName="DatabaseConnections",
                        Dimensions=[{"Name": "DBInstanceIdentifier", "Value": "orders-old"}],
                        Statistic="Maximum", Period=300, EvaluationPeriods=1, Threshold=100,
                        ComparisonOperator="GreaterThanThreshold", AlarmActions=[topic])
    cw.put_metric_alarm(AlarmName="web-5xx", Namespace="AWS/ApplicationELB",
                        MetricName="HTTPCode_Target_5XX_Count",
                        Dimensions=[{"Name": "LoadBalancer", "Value": "app/web/0123456789abcdef"}],
                        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=10,
                        ComparisonOperator="GreaterThanThreshold")
    cw.put_dashboard(DashboardName="shop", DashboardBody=json.dumps({"widgets": []}))
    logs = client("logs", creds=creds)
    logs.create_log_group(logGroupName="/shop/web")
    logs.create_log_group(logGroupName="/shop/audit")
    logs.put_retention_policy(logGroupName="/shop/audit", retentionInDays=365)
    ssm = client("ssm", creds=creds)
    ssm.create_document(Name="restart-web", DocumentType="Automation", DocumentFormat="YAML",
                        Content="schemaVersion: '0.3'\ndescription: Restart the web tier\n"
                                "mainSteps:\n- name: wait\n  action: aws:sleep\n"
                                "  inputs: {Duration: PT1S}\n")
    events = client("events", creds=creds)
    events.put_rule(Name="web-cpu-runbook", EventPattern=json.dumps({
        "source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
        "resources": [f"arn:aws:cloudwatch:{R1}:{account_id}:alarm:web-cpu-high"]}))
    events.put_targets(Rule="web-cpu-runbook", Targets=[{
        "Id": "runbook",
        "Arn": f"arn:aws:ssm:{R1}:{account_id}:automation-definition/restart-web:$DEFAULT",
        "RoleArn": f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"}])
    client("dynamodb", creds=creds).create_table(
        TableName="orders", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    import io
    import zipfile
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return 'ok'\n")
    role = client("iam", creds=creds).create_role(RoleName="shop-fn", AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
         "Action": "sts:AssumeRole"}))["Role"]["Arn"]
    lam = client("lambda", creds=creds)
    lam.create_function(FunctionName="shop-webhook", Runtime="python3.12", Role=role,
                        Handler="app.handler", Code={"ZipFile": code.getvalue()})
    lam.create_function_url_config(FunctionName="shop-webhook", AuthType="NONE")
    gw = client("apigateway", creds=creds)
    api = gw.create_rest_api(name="shop-api")["id"]
    root = [r for r in gw.get_resources(restApiId=api)["items"] if r["path"] == "/"][0]["id"]
    gw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    gw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    gw.create_deployment(restApiId=api, stageName="prod")
    gw2 = client("apigatewayv2", creds=creds)
    http = gw2.create_api(Name="shop-http", ProtocolType="HTTP")["ApiId"]
    gw2.create_route(ApiId=http, RouteKey="GET /items", AuthorizationType="NONE")
    gw2.create_route(ApiId=http, RouteKey="POST /orders", AuthorizationType="AWS_IAM")
    client("cloudfront", creds=creds).create_distribution(DistributionConfig={
        "CallerReference": "shop", "Comment": "shop", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "web", "DomainName": "web.northwind.example",
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
                                   "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all",
                                 "MinTTL": 0,
                                 "ForwardedValues": {"QueryString": False,
                                                     "Cookies": {"Forward": "none"}}}})


operations(p, ids["prod"])


# --- prod's network edges (DOC-001): a NAT gateway in one zone, an S3 gateway endpoint, a
# site-to-site VPN to the head office, a transit gateway attachment, and a one-zone VPC for
# analytics peered with the default VPC. The web group scales on CPU.
def edges(creds):
    e = client("ec2", creds=creds)
    v = e.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnet = sorted(s["SubnetId"] for s in e.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [v]}])["Subnets"])[0]
    # moto's default VPC has no internet gateway; AWS's has one.
    igw = e.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    e.attach_internet_gateway(InternetGatewayId=igw, VpcId=v)
    eip = e.allocate_address(Domain="vpc")["AllocationId"]
    nat = e.create_nat_gateway(SubnetId=subnet, AllocationId=eip)["NatGateway"]["NatGatewayId"]
    # A private subnet in another zone sends its internet traffic through that NAT gateway:
    # losing the NAT gateway's zone cuts it off.
    nat_zone = e.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["AvailabilityZone"]
    other = f"{R1}a" if nat_zone != f"{R1}a" else f"{R1}b"
    private = e.create_subnet(VpcId=v, CidrBlock="172.31.240.0/20",
                              AvailabilityZone=other)["Subnet"]["SubnetId"]
    e.create_tags(Resources=[private], Tags=[{"Key": "Name", "Value": "app-private"}])
    table = e.create_route_table(VpcId=v)["RouteTable"]["RouteTableId"]
    e.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    e.associate_route_table(RouteTableId=table, SubnetId=private)
    e.create_vpc_endpoint(VpcId=v, ServiceName=f"com.amazonaws.{R1}.s3",
                          VpcEndpointType="Gateway")
    vgw = e.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]["VpnGatewayId"]
    e.attach_vpn_gateway(VpcId=v, VpnGatewayId=vgw)
    cgw = e.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.7", BgpAsn=65000,
                                    TagSpecifications=[{"ResourceType": "customer-gateway",
                                                        "Tags": [{"Key": "Name",
                                                                  "Value": "head-office"}]}]
                                    )["CustomerGateway"]["CustomerGatewayId"]
    e.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw, VpnGatewayId=vgw)
    tgw = e.create_transit_gateway(Description="hub")["TransitGateway"]["TransitGatewayId"]
    e.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=v, SubnetIds=[subnet])
    analytics = e.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    e.create_tags(Resources=[analytics], Tags=[{"Key": "Name", "Value": "analytics"}])
    for i in range(2):
        e.create_subnet(VpcId=analytics, CidrBlock=f"10.60.{i}.0/24", AvailabilityZone=f"{R1}a")
    e.create_vpc_peering_connection(VpcId=v, PeerVpcId=analytics)
    client("autoscaling", creds=creds).put_scaling_policy(
        AutoScalingGroupName="web", PolicyName="cpu-target", PolicyType="TargetTrackingScaling",
        TargetTrackingConfiguration={"PredefinedMetricSpecification": {
            "PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 60.0})


edges(p)

# prod's backups (REL-002): a daily AWS Backup plan into a vault of its own.
bk = client("backup", creds=p)
bk.create_backup_vault(BackupVaultName="prod-vault")
plan_id = bk.create_backup_plan(BackupPlan={"BackupPlanName": "prod-daily", "Rules": [{
    "RuleName": "daily-35-days", "TargetBackupVaultName": "prod-vault",
    "ScheduleExpression": "cron(0 3 ? * * *)", "Lifecycle": {"DeleteAfterDays": 35}}]})["BackupPlanId"]
# It selects resources tagged backup=daily: the orders database. Against the RPO of one hour in
# caliper.toml, a daily rule is too slow (orders has no automated backups).
bk.create_backup_selection(BackupPlanId=plan_id, BackupSelection={
    "SelectionName": "tagged-daily", "IamRoleArn": f"arn:aws:iam::{ids['prod']}:role/backup",
    "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup",
                    "ConditionValue": "daily"}]})
prod_rds = client("rds", creds=p)
orders = prod_rds.describe_db_instances(DBInstanceIdentifier="orders")["DBInstances"][0]
prod_rds.add_tags_to_resource(ResourceName=orders["DBInstanceArn"],
                              Tags=[{"Key": "backup", "Value": "daily"}])

# Delivery (OPE-003): pipelines in management deploy into prod through a role there. web-release
# runs integration tests (CodeBuild) before its deploy; hotfix has only a manual approval.
mi = client("iam", creds=m)
pipeline_role = mi.create_role(RoleName="codepipeline", AssumeRolePolicyDocument=doc(
    {"Effect": "Allow", "Principal": {"Service": "codepipeline.amazonaws.com"},
     "Action": "sts:AssumeRole"}))["Role"]["Arn"]
build_role = mi.create_role(RoleName="codebuild", AssumeRolePolicyDocument=doc(
    {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"},
     "Action": "sts:AssumeRole"}))["Role"]["Arn"]
client("codebuild", creds=m).create_project(
    # moto 5.2.5 refuses a CODEPIPELINE source ("location is required"): an S3 one stands in.
    name="integration-tests", source={"type": "S3", "location": "northwind-artifacts/shop.zip",
                                      "buildspec": "tests/buildspec.yml"},
    artifacts={"type": "NO_ARTIFACTS"}, serviceRole=build_role,
    environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                 "computeType": "BUILD_GENERAL1_SMALL"})


def stage(name, category, provider, configuration, role=None, owner="AWS"):
    action = {"name": name, "actionTypeId": {"category": category, "owner": owner,
                                             "provider": provider, "version": "1"},
              "configuration": configuration, "runOrder": 1}
    if category in ("Source", "Build", "Test"):
        action["outputArtifacts" if category == "Source" else "inputArtifacts"] = [{"name": "src"}]
    if category == "Deploy":
        action["inputArtifacts"] = [{"name": "src"}]
    if role:
        action["roleArn"] = role
    return {"name": name, "actions": [action]}


source = stage("Source", "Source", "CodeStarSourceConnection", {
    "ConnectionArn": f"arn:aws:codestar-connections:{R1}:{management}:connection/1",
    "FullRepositoryId": "northwind/shop", "BranchName": "main"})
tests = stage("Test", "Test", "CodeBuild", {"ProjectName": "integration-tests"})
approve = stage("Approve", "Approval", "Manual", {})
deploy = stage("Prod", "Deploy", "CloudFormation", {
    "ActionMode": "CREATE_UPDATE", "StackName": "shop",
    "RoleArn": f"arn:aws:iam::{ids['prod']}:role/cfn-deploy", "TemplatePath": "src::shop.yml"},
    role=f"arn:aws:iam::{ids['prod']}:role/pipeline-deploy")
cp = client("codepipeline", creds=m)
for name, stages in (("web-release", [source, tests, approve, deploy]),
                     ("hotfix", [source, approve, deploy])):
    cp.create_pipeline(pipeline={"name": name, "roleArn": pipeline_role, "stages": stages,
                                 "artifactStore": {"type": "S3", "location": "northwind-artifacts"}})

# Infrastructure as code (REL-001): one stack in prod makes a security group; a bucket carries
# Terraform's marker tag; the rest of prod was made by hand (the seed's own calls).
client("cloudformation", creds=p).create_stack(StackName="shop-network", TemplateBody=json.dumps({
    "Resources": {"AppSg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
        "GroupDescription": "shop app", "GroupName": "shop-app"}}}}))
client("s3", creds=p).put_bucket_tagging(Bucket="northwind-prod-assets", Tagging={
    "TagSet": [{"Key": "ManagedBy", "Value": "terraform"}]})

# Budgets (COST-001): one in management, none in prod.
client("budgets", creds=m).create_budget(AccountId=management, Budget={
    "BudgetName": "org-monthly", "BudgetType": "COST", "TimeUnit": "MONTHLY",
    "BudgetLimit": {"Amount": "1000", "Unit": "USD"}})

# Versioning states (moto cannot report them to the Rust SDK, see docs/moto.md; real AWS can).
for creds, buckets in ((m, ["northwind-mgmt-data"]),
                       (p, ["northwind-prod-assets", "northwind-prod-eu", "northwind-prod-trail"])):
    for i, b in enumerate(buckets):
        client("s3", creds=creds).put_bucket_versioning(
            Bucket=b, VersioningConfiguration={"Status": "Enabled" if i == 0 else "Suspended"})

# More workload accounts, alike, for scaling measurements.
extra = []
for n in range(EXTRA):
    account_id = new_account(f"workload-{n}", f"aws-workload-{n}@{DOMAIN}", "Workloads")
    extra.append(account_id)
    w = creds_for(account_id)
    iamw = client("iam", creds=w)
    iamw.put_role_policy(RoleName="OrganizationAccountAccessRole", PolicyName="scan",
                         PolicyDocument=doc(ALLOW_ALL))
    iamw.create_user(UserName="deploy")
    iamw.create_access_key(UserName="deploy")
    client("s3", creds=w).create_bucket(Bucket=f"northwind-workload-{n}")
    for region in (R1, R2):
        e = client("ec2", region, creds=w)
        v = e.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        sg = e.create_security_group(GroupName="app", Description="app", VpcId=v)["GroupId"]
        e.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    client("kms", creds=w).create_key(Description="app")

# From here on moto checks every request against IAM.
requests.post(E + "/moto-api/reset-auth", data=b"0").raise_for_status()

print(json.dumps({
    "management": management,
    "accounts": ids,
    "extra": extra,
    "closed": closed,
    "auditor": {"access_key_id": auditor_key["AccessKeyId"],
                "secret_access_key": auditor_key["SecretAccessKey"]},
}))
