//! An API's custom `Domain`: the domain name, its base path (REST) or API (HTTP,
//! WebSocket) mappings, its Route 53 record set group and, for a private REST domain,
//! its access association. The transform names the domain and record set group by a
//! hash of the domain name and hosted zone; formwork uses a hash of its own.

use formwork_template::{Resource, Value};

use super::{alphanumeric, hash10, Lowering};

/// Which kind of API the domain belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ApiKind {
    /// `AWS::Serverless::Api`.
    Rest,
    /// `AWS::Serverless::HttpApi` or `WebSocketApi`.
    V2,
}

/// The resources of the `Domain` of API `id`, if it has one.
pub(super) fn domain(
    l: &mut Lowering<'_>,
    id: &str,
    domain: Option<&Value>,
    kind: ApiKind,
    from: Option<&Resource>,
) {
    let Some(d) = domain else { return };
    let Some(name) = d.get("DomainName") else { return };
    let private = d.get("EndpointConfiguration").and_then(Value::as_str) == Some("PRIVATE");
    let (domain_id, domain_type, mapping_suffix, mapping_type) = match (kind, private) {
        (ApiKind::Rest, false) => (
            "ApiGatewayDomainName",
            "AWS::ApiGateway::DomainName",
            "BasePathMapping",
            "AWS::ApiGateway::BasePathMapping",
        ),
        (ApiKind::Rest, true) => (
            "ApiGatewayDomainNameV2",
            "AWS::ApiGateway::DomainNameV2",
            "BasePathMapping",
            "AWS::ApiGateway::BasePathMappingV2",
        ),
        (ApiKind::V2, _) => (
            "ApiGatewayDomainNameV2",
            "AWS::ApiGatewayV2::DomainName",
            "ApiMapping",
            "AWS::ApiGatewayV2::ApiMapping",
        ),
    };
    let domain_id = format!("{domain_id}{}", hash10(&[name]));
    let resource = Resource::new(domain_type).property("DomainName", name.clone());
    l.add(domain_id.clone(), resource, from);
    let paths: Vec<String> = match d.get("BasePath") {
        Some(Value::List(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    };
    let paths = if paths.is_empty() { vec![String::new()] } else { paths };
    for path in paths {
        let mapping = Resource::new(mapping_type).property("DomainName", Value::ref_(&domain_id));
        l.add(format!("{id}{}{mapping_suffix}", alphanumeric(&path)), mapping, from);
    }
    if let Some(route53) = d.get("Route53") {
        let zone = route53.get("HostedZoneId").or_else(|| route53.get("HostedZoneName"));
        if let Some(zone) = zone {
            let separate = route53.get("SeparateRecordSetGroup").and_then(Value::as_bool) == Some(true);
            let hashed = if separate { hash10(&[zone, name]) } else { hash10(&[zone]) };
            l.add(format!("RecordSetGroup{hashed}"), Resource::new("AWS::Route53::RecordSetGroup"), from);
        }
    }
    if let (Some(association), true) = (d.get("AccessAssociation"), private) {
        let resource = Resource::new("AWS::ApiGateway::DomainNameAccessAssociation");
        l.add(format!("DomainNameAccessAssociation{}", hash10(&[association])), resource, from);
    }
}
