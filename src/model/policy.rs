//! IAM policy documents in one normal form, so checks never deal with AWS's "string or list"
//! shapes: `Statement`, `Action`, `NotAction`, `Resource`, `NotResource` are always lists and
//! `Principal: "*"` becomes `{"AWS": ["*"]}`. Action names keep their case (IAM compares them
//! case-insensitively; checks lower-case them).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyDocument {
    #[serde(rename = "Version", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "Statement", deserialize_with = "one_or_many")]
    #[schemars(with = "Vec<Statement>")]
    pub statement: Vec<Statement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Statement {
    #[serde(rename = "Sid", default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(rename = "Effect")]
    pub effect: Effect,
    #[serde(
        rename = "Principal",
        default,
        deserialize_with = "principal",
        skip_serializing_if = "Option::is_none"
    )]
    pub principal: Option<BTreeMap<String, Vec<String>>>,
    #[serde(
        rename = "NotPrincipal",
        default,
        deserialize_with = "principal",
        skip_serializing_if = "Option::is_none"
    )]
    pub not_principal: Option<BTreeMap<String, Vec<String>>>,
    #[serde(
        rename = "Action",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub action: Vec<String>,
    #[serde(
        rename = "NotAction",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub not_action: Vec<String>,
    #[serde(
        rename = "Resource",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub resource: Vec<String>,
    #[serde(
        rename = "NotResource",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub not_resource: Vec<String>,
    #[serde(rename = "Condition", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

fn one_or_many<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(match OneOrMany::<T>::deserialize(d)? {
        OneOrMany::One(v) => vec![v],
        OneOrMany::Many(v) => v,
    })
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawPrincipal {
    Star(String),
    Map(BTreeMap<String, OneOrMany<String>>),
}

fn principal<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, Vec<String>>>, D::Error> {
    use serde::de::Error;
    Ok(Some(match RawPrincipal::deserialize(d)? {
        RawPrincipal::Star(s) if s == "*" => BTreeMap::from([("AWS".to_string(), vec![s])]),
        RawPrincipal::Star(s) => {
            return Err(D::Error::custom(format!(
                "Principal must be \"*\" or a map, not {s:?}"
            )));
        }
        RawPrincipal::Map(m) => m
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    OneOrMany::One(x) => vec![x],
                    OneOrMany::Many(x) => x,
                };
                (k, v)
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_statement_and_string_action_become_lists() {
        let d: PolicyDocument = serde_json::from_str(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
        )
        .unwrap();
        assert_eq!(d.statement.len(), 1);
        assert_eq!(d.statement[0].action, vec!["s3:*"]);
        assert_eq!(d.statement[0].resource, vec!["*"]);
    }

    #[test]
    fn star_principal_becomes_aws_star() {
        let d: PolicyDocument = serde_json::from_str(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":["sts:AssumeRole"]}]}"#,
        )
        .unwrap();
        let p = d.statement[0].principal.as_ref().unwrap();
        assert_eq!(p["AWS"], vec!["*"]);
    }
}
