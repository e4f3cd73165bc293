//! The sections of a snapshot: the one table that names each section path, the AWS operation that
//! reads it (from [`super::operations`], the list the read-only guard enforces) and where it lives
//! in the model. The fault walker ([`super::faults`]), the catalog's check of declared sections,
//! the evidence files and the controls reference are all derived from it.

use super::operations::{self as op, Op};
use super::section::{Section, SectionError};
use super::snapshot::{Account, Bucket, KmsKey, Organization, Region, Trail};

/// What a snapshot holds for one section, whatever its data type.
#[derive(Debug, Clone, Copy)]
pub enum State<'a> {
    /// Data as AWS returned it.
    Data,
    /// The collector's error entry.
    Error(&'a SectionError),
    /// Not in the snapshot at all: missing data, unless the section does not apply.
    Missing,
    /// The section does not apply here: not read, and nothing is missing (a key that cannot
    /// rotate has no rotation status; a snapshot older than the section does not hold it).
    NotApplicable,
}

/// The state of a section that every snapshot of this version holds.
pub fn state<T>(section: &Option<Section<T>>) -> State<'_> {
    match section {
        None => State::Missing,
        Some(Section::Error(e)) => State::Error(e),
        Some(Section::Data { .. }) => State::Data,
    }
}

/// The state of a section added after `caliper.snapshot/v1` was published: a snapshot made
/// before caliper read it does not hold it, and then nothing is missing.
fn added_later<T>(section: &Option<Section<T>>) -> State<'_> {
    match section {
        None => State::NotApplicable,
        s => state(s),
    }
}

/// Where a section lives, with the reader of its state there. Sections inside list items (a
/// bucket, a trail, a key) are read for each item of the list section their path extends.
#[derive(Clone, Copy)]
pub enum Reader {
    Organization(for<'a> fn(&'a Organization) -> State<'a>),
    Account(for<'a> fn(&'a Account) -> State<'a>),
    /// Collected once per region: a region that could not be entered covers it.
    Region(for<'a> fn(&'a Region) -> State<'a>),
    Bucket(for<'a> fn(&'a Bucket) -> State<'a>),
    Trail(for<'a> fn(&'a Trail) -> State<'a>),
    Key(for<'a> fn(&'a KmsKey) -> State<'a>),
}

/// A place in the snapshot where sections are read: the organization, an account, a region, or
/// an item of a list section.
#[derive(Clone, Copy)]
pub enum Place<'a> {
    Organization(&'a Organization),
    Account(&'a Account),
    Region(&'a Region),
    Bucket(&'a Bucket),
    Trail(&'a Trail),
    Key(&'a KmsKey),
}

impl Reader {
    /// The section's state in `place`; `None` when the section is not read in such a place.
    pub fn read<'a>(&self, place: Place<'a>) -> Option<State<'a>> {
        match (self, place) {
            (Reader::Organization(f), Place::Organization(x)) => Some(f(x)),
            (Reader::Account(f), Place::Account(x)) => Some(f(x)),
            (Reader::Region(f), Place::Region(x)) => Some(f(x)),
            (Reader::Bucket(f), Place::Bucket(x)) => Some(f(x)),
            (Reader::Trail(f), Place::Trail(x)) => Some(f(x)),
            (Reader::Key(f), Place::Key(x)) => Some(f(x)),
            _ => None,
        }
    }
}

/// One section a check may declare in its metadata.
#[derive(Clone, Copy)]
pub struct SectionDef {
    /// The dotted path, e.g. `s3.buckets.policy` (regional sections without the region).
    pub path: &'static str,
    /// The operation that reads it; its IAM action is what a denial names.
    pub op: Op,
    pub read: Reader,
}

impl SectionDef {
    /// The IAM action that reads the section, e.g. `iam:GetCredentialReport`.
    pub fn action(&self) -> &'static str {
        self.op.action
    }

    /// Does `self` lie inside `parent` (`s3.buckets.policy` inside `s3.buckets`)?
    pub fn is_inside(&self, parent: &str) -> bool {
        self.path.len() > parent.len()
            && self.path.starts_with(parent)
            && self.path.as_bytes()[parent.len()] == b'.'
    }
}

const fn def(path: &'static str, op: Op, read: Reader) -> SectionDef {
    SectionDef { path, op, read }
}

use Reader::{Account as A, Bucket as B, Key as K, Organization as O, Region as R, Trail as T};

/// Every section path, in the order the walker reports faults.
pub const SECTIONS: &[SectionDef] = &[
    def("organization", op::ORG_LIST_ACCOUNTS, O(|_| State::Data)),
    // The OU tree: read with three operations; its error entry names the one refused.
    def(
        "organization.ou_paths",
        op::ORG_LIST_ROOTS,
        O(|o| o.ou_paths_error.as_ref().map_or(State::Data, State::Error)),
    ),
    def(
        "organization.trails",
        op::CLOUDTRAIL_DESCRIBE_TRAILS,
        O(|o| state(&o.trails)),
    ),
    def(
        "organization.enabled_services",
        op::ORG_LIST_SERVICE_ACCESS,
        O(|o| state(&o.enabled_services)),
    ),
    def(
        "organization.iam_features",
        op::IAM_LIST_ORGANIZATIONS_FEATURES,
        O(|o| added_later(&o.iam_features)),
    ),
    def(
        "organization.account_tags",
        op::ORG_LIST_TAGS_FOR_RESOURCE,
        O(|o| added_later(&o.account_tags)),
    ),
    // Read only with --cost-explorer: absent means not asked for.
    def(
        "organization.cost_explorer",
        op::CE_LIST_COST_ALLOCATION_TAGS,
        O(|o| added_later(&o.cost_explorer)),
    ),
    def(
        "iam.summary",
        op::IAM_GET_ACCOUNT_SUMMARY,
        A(|a| state(&a.iam.summary)),
    ),
    def(
        "iam.credential_report",
        op::IAM_GET_CREDENTIAL_REPORT,
        A(|a| state(&a.iam.credential_report)),
    ),
    def(
        "iam.password_policy",
        op::IAM_GET_PASSWORD_POLICY,
        A(|a| state(&a.iam.password_policy)),
    ),
    def(
        "iam.authorization_details",
        op::IAM_GET_AUTHORIZATION_DETAILS,
        A(|a| state(&a.iam.authorization_details)),
    ),
    def(
        "iam.access_keys",
        op::IAM_LIST_ACCESS_KEYS,
        A(|a| state(&a.iam.access_keys)),
    ),
    def(
        "iam.saml_providers",
        op::IAM_LIST_SAML_PROVIDERS,
        A(|a| state(&a.iam.saml_providers)),
    ),
    def(
        "iam.oidc_providers",
        op::IAM_LIST_OIDC_PROVIDERS,
        A(|a| state(&a.iam.oidc_providers)),
    ),
    def(
        "alternate_contacts",
        op::ACCOUNT_GET_ALTERNATE_CONTACT,
        A(|a| state(&a.alternate_contacts)),
    ),
    def(
        "shadow_trails",
        op::CLOUDTRAIL_DESCRIBE_TRAILS,
        A(|a| added_later(&a.shadow_trails)),
    ),
    def(
        "shadow_trails.status",
        op::CLOUDTRAIL_GET_TRAIL_STATUS,
        T(|t| state(&t.status)),
    ),
    def(
        "shadow_trails.event_selectors",
        op::CLOUDTRAIL_GET_EVENT_SELECTORS,
        T(|t| state(&t.event_selectors)),
    ),
    def(
        "cloudfront_distributions",
        op::CLOUDFRONT_LIST_DISTRIBUTIONS,
        A(|a| added_later(&a.cloudfront_distributions)),
    ),
    def(
        "budgets",
        op::BUDGETS_DESCRIBE_BUDGETS,
        A(|a| added_later(&a.budgets)),
    ),
    def(
        "s3.account_public_access_block",
        op::S3CONTROL_GET_PUBLIC_ACCESS_BLOCK,
        A(|a| state(&a.s3.account_public_access_block)),
    ),
    def(
        "s3.buckets",
        op::S3_LIST_BUCKETS,
        A(|a| state(&a.s3.buckets)),
    ),
    def(
        "s3.buckets.encryption",
        op::S3_GET_BUCKET_ENCRYPTION,
        B(|b| state(&b.encryption)),
    ),
    def(
        "s3.buckets.policy",
        op::S3_GET_BUCKET_POLICY,
        B(|b| state(&b.policy)),
    ),
    def(
        "s3.buckets.policy_status",
        op::S3_GET_BUCKET_POLICY_STATUS,
        B(|b| state(&b.policy_status)),
    ),
    def(
        "s3.buckets.public_access_block",
        op::S3_GET_PUBLIC_ACCESS_BLOCK,
        B(|b| state(&b.public_access_block)),
    ),
    def(
        "s3.buckets.versioning",
        op::S3_GET_BUCKET_VERSIONING,
        B(|b| state(&b.versioning)),
    ),
    def(
        "s3.buckets.replication",
        op::S3_GET_BUCKET_REPLICATION,
        B(|b| added_later(&b.replication)),
    ),
    def(
        "s3.buckets.object_lock",
        op::S3_GET_OBJECT_LOCK,
        B(|b| state(&b.object_lock)),
    ),
    def(
        "ec2.security_groups",
        op::EC2_DESCRIBE_SECURITY_GROUPS,
        R(|r| state(&r.ec2.security_groups)),
    ),
    def(
        "ec2.network_acls",
        op::EC2_DESCRIBE_NETWORK_ACLS,
        R(|r| state(&r.ec2.network_acls)),
    ),
    def("ec2.vpcs", op::EC2_DESCRIBE_VPCS, R(|r| state(&r.ec2.vpcs))),
    def(
        "ec2.flow_logs",
        op::EC2_DESCRIBE_FLOW_LOGS,
        R(|r| state(&r.ec2.flow_logs)),
    ),
    def(
        "ec2.volumes",
        op::EC2_DESCRIBE_VOLUMES,
        R(|r| state(&r.ec2.volumes)),
    ),
    def(
        "ec2.ebs_encryption_by_default",
        op::EC2_GET_EBS_ENCRYPTION_BY_DEFAULT,
        R(|r| state(&r.ec2.ebs_encryption_by_default)),
    ),
    def(
        "ec2.network_interfaces",
        op::EC2_DESCRIBE_NETWORK_INTERFACES,
        R(|r| added_later(&r.ec2.network_interfaces)),
    ),
    def(
        "ec2.subnets",
        op::EC2_DESCRIBE_SUBNETS,
        R(|r| added_later(&r.ec2.subnets)),
    ),
    def(
        "ec2.route_tables",
        op::EC2_DESCRIBE_ROUTE_TABLES,
        R(|r| added_later(&r.ec2.route_tables)),
    ),
    def(
        "ec2.instances",
        op::EC2_DESCRIBE_INSTANCES,
        R(|r| added_later(&r.ec2.instances)),
    ),
    def(
        "rds.instances",
        op::RDS_DESCRIBE_DB_INSTANCES,
        R(|r| added_later(&r.rds.instances)),
    ),
    def(
        "rds.clusters",
        op::RDS_DESCRIBE_DB_CLUSTERS,
        R(|r| added_later(&r.rds.clusters)),
    ),
    def(
        "elbv2.load_balancers",
        op::ELBV2_DESCRIBE_LOAD_BALANCERS,
        R(|r| added_later(&r.elbv2.load_balancers)),
    ),
    def(
        "elbv2.listeners",
        op::ELBV2_DESCRIBE_LISTENERS,
        R(|r| added_later(&r.elbv2.listeners)),
    ),
    def(
        "elbv2.ssl_policies",
        op::ELBV2_DESCRIBE_SSL_POLICIES,
        R(|r| added_later(&r.elbv2.ssl_policies)),
    ),
    def(
        "dynamodb.tables",
        op::DYNAMODB_LIST_TABLES,
        R(|r| added_later(&r.dynamodb.tables)),
    ),
    def(
        "dynamodb.continuous_backups",
        op::DYNAMODB_DESCRIBE_CONTINUOUS_BACKUPS,
        R(|r| added_later(&r.dynamodb.continuous_backups)),
    ),
    def(
        "backup.plans",
        op::BACKUP_LIST_BACKUP_PLANS,
        R(|r| added_later(&r.backup.plans)),
    ),
    def(
        "backup.vaults",
        op::BACKUP_LIST_BACKUP_VAULTS,
        R(|r| added_later(&r.backup.vaults)),
    ),
    def(
        "backup.selections",
        op::BACKUP_LIST_BACKUP_SELECTIONS,
        R(|r| added_later(&r.backup.selections)),
    ),
    def(
        "codepipeline.pipelines",
        op::CODEPIPELINE_LIST_PIPELINES,
        R(|r| added_later(&r.codepipeline.pipelines)),
    ),
    def(
        "codebuild.projects",
        op::CODEBUILD_LIST_PROJECTS,
        R(|r| added_later(&r.codebuild.projects)),
    ),
    def(
        "cloudformation.stacks",
        op::CLOUDFORMATION_DESCRIBE_STACKS,
        R(|r| added_later(&r.cloudformation.stacks)),
    ),
    def(
        "cloudformation.stack_resources",
        op::CLOUDFORMATION_LIST_STACK_RESOURCES,
        R(|r| added_later(&r.cloudformation.stack_resources)),
    ),
    def(
        "cloudformation.stack_sets",
        op::CLOUDFORMATION_LIST_STACK_SETS,
        R(|r| added_later(&r.cloudformation.stack_sets)),
    ),
    def(
        "tagging.resources",
        op::TAGGING_GET_RESOURCES,
        R(|r| added_later(&r.tagging.resources)),
    ),
    def(
        "cloudtrail.console_changes",
        op::CLOUDTRAIL_LOOKUP_EVENTS,
        R(|r| added_later(&r.cloudtrail.console_changes)),
    ),
    def(
        "acm.certificates",
        op::ACM_LIST_CERTIFICATES,
        R(|r| added_later(&r.acm.certificates)),
    ),
    def(
        "lambda.functions",
        op::LAMBDA_LIST_FUNCTIONS,
        R(|r| added_later(&r.lambda.functions)),
    ),
    def(
        "lambda.function_urls",
        op::LAMBDA_LIST_FUNCTION_URL_CONFIGS,
        R(|r| added_later(&r.lambda.function_urls)),
    ),
    def(
        "apigateway.rest_apis",
        op::APIGATEWAY_GET_REST_APIS,
        R(|r| added_later(&r.apigateway.rest_apis)),
    ),
    def(
        "apigateway.apis",
        op::APIGATEWAY_GET_APIS,
        R(|r| added_later(&r.apigateway.apis)),
    ),
    def(
        "cloudwatch.alarms",
        op::CLOUDWATCH_DESCRIBE_ALARMS,
        R(|r| added_later(&r.cloudwatch.alarms)),
    ),
    def(
        "cloudwatch.dashboards",
        op::CLOUDWATCH_LIST_DASHBOARDS,
        R(|r| added_later(&r.cloudwatch.dashboards)),
    ),
    def(
        "logs.log_groups",
        op::LOGS_DESCRIBE_LOG_GROUPS,
        R(|r| added_later(&r.logs.log_groups)),
    ),
    def(
        "autoscaling.groups",
        op::AUTOSCALING_DESCRIBE_GROUPS,
        R(|r| added_later(&r.autoscaling.groups)),
    ),
    def(
        "autoscaling.policies",
        op::AUTOSCALING_DESCRIBE_POLICIES,
        R(|r| added_later(&r.autoscaling.policies)),
    ),
    def(
        "ec2.internet_gateways",
        op::EC2_DESCRIBE_INTERNET_GATEWAYS,
        R(|r| added_later(&r.ec2.internet_gateways)),
    ),
    def(
        "ec2.nat_gateways",
        op::EC2_DESCRIBE_NAT_GATEWAYS,
        R(|r| added_later(&r.ec2.nat_gateways)),
    ),
    def(
        "ec2.vpc_endpoints",
        op::EC2_DESCRIBE_VPC_ENDPOINTS,
        R(|r| added_later(&r.ec2.vpc_endpoints)),
    ),
    def(
        "ec2.vpn_gateways",
        op::EC2_DESCRIBE_VPN_GATEWAYS,
        R(|r| added_later(&r.ec2.vpn_gateways)),
    ),
    def(
        "ec2.vpn_connections",
        op::EC2_DESCRIBE_VPN_CONNECTIONS,
        R(|r| added_later(&r.ec2.vpn_connections)),
    ),
    def(
        "ec2.customer_gateways",
        op::EC2_DESCRIBE_CUSTOMER_GATEWAYS,
        R(|r| added_later(&r.ec2.customer_gateways)),
    ),
    def(
        "ec2.transit_gateway_attachments",
        op::EC2_DESCRIBE_TGW_ATTACHMENTS,
        R(|r| added_later(&r.ec2.transit_gateway_attachments)),
    ),
    def(
        "ec2.vpc_peering_connections",
        op::EC2_DESCRIBE_VPC_PEERING,
        R(|r| added_later(&r.ec2.vpc_peering_connections)),
    ),
    def(
        "directconnect.virtual_interfaces",
        op::DX_DESCRIBE_VIRTUAL_INTERFACES,
        R(|r| added_later(&r.directconnect.virtual_interfaces)),
    ),
    def(
        "elbv2.target_groups",
        op::ELBV2_DESCRIBE_TARGET_GROUPS,
        R(|r| added_later(&r.elbv2.target_groups)),
    ),
    def(
        "ssm.documents",
        op::SSM_LIST_DOCUMENTS,
        R(|r| added_later(&r.ssm.documents)),
    ),
    def(
        "events.rules",
        op::EVENTS_LIST_RULES,
        R(|r| added_later(&r.events.rules)),
    ),
    def("kms.keys", op::KMS_LIST_KEYS, R(|r| state(&r.kms.keys))),
    // Only keys that can rotate carry a rotation status.
    def(
        "kms.keys.rotation",
        op::KMS_GET_KEY_ROTATION_STATUS,
        K(|k| match k.rotation_not_applicable() {
            Some(_) => State::NotApplicable,
            None => state(&k.rotation),
        }),
    ),
    def(
        "cloudtrail.trails",
        op::CLOUDTRAIL_DESCRIBE_TRAILS,
        R(|r| state(&r.cloudtrail.trails)),
    ),
    def(
        "cloudtrail.trails.status",
        op::CLOUDTRAIL_GET_TRAIL_STATUS,
        T(|t| state(&t.status)),
    ),
    def(
        "cloudtrail.trails.event_selectors",
        op::CLOUDTRAIL_GET_EVENT_SELECTORS,
        T(|t| state(&t.event_selectors)),
    ),
];

/// The section at `path`.
pub fn find(path: &str) -> Option<&'static SectionDef> {
    SECTIONS.iter().find(|d| d.path == path)
}

/// Is `path` a section path of the snapshot?
pub fn is_section(path: &str) -> bool {
    find(path).is_some()
}

/// The IAM action (`service:Operation`) that reads a section path.
pub fn action_of(path: &str) -> &'static str {
    find(path).map_or("unknown", SectionDef::action)
}

/// The section a path lies in at the top: `kms.keys` for `kms.keys.rotation`.
fn outermost(path: &str) -> Option<&'static SectionDef> {
    let def = find(path)?;
    SECTIONS
        .iter()
        .find(|p| def.is_inside(p.path))
        .or(Some(def))
}

/// Is `path` collected once per region (in `regions.<name>`)? A region that could not be
/// entered covers exactly these sections.
pub fn is_regional(path: &str) -> bool {
    outermost(path).is_some_and(|d| matches!(d.read, Reader::Region(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_nested_sections_follow_their_list() {
        for (i, d) in SECTIONS.iter().enumerate() {
            assert!(
                SECTIONS[..i].iter().all(|p| p.path != d.path),
                "{} twice",
                d.path
            );
            // A section read per item names the list it lies in, listed before it.
            if matches!(
                d.read,
                Reader::Bucket(_) | Reader::Trail(_) | Reader::Key(_)
            ) {
                assert!(
                    SECTIONS[..i].iter().any(|p| d.is_inside(p.path)),
                    "{} lies in no list section before it",
                    d.path
                );
            }
        }
    }

    #[test]
    fn regional_sections_are_those_read_per_region() {
        assert!(is_regional("ec2.vpcs"));
        assert!(is_regional("kms.keys.rotation"));
        assert!(is_regional("cloudtrail.trails.status"));
        assert!(!is_regional("shadow_trails.status"));
        assert!(!is_regional("s3.buckets.policy"));
        assert!(!is_regional("organization.trails"));
        assert!(!is_regional("no.such.section"));
        assert_eq!(action_of("s3.buckets.policy"), "s3:GetBucketPolicy");
    }
}
