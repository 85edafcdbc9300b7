//! The other SAM types: `SimpleTable`, `LayerVersion`, `StateMachine`, `Application`,
//! `Connector` (and connectors embedded in a resource), `GraphQLApi` and
//! `CapacityProvider`.

use formwork_template::{Resource, Value};

use super::{alphanumeric, events, function, hash10, literal, pick, policies, trust, Lowering};

/// A table with one partition key.
pub(super) fn simple_table(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let key = p.get("PrimaryKey");
    let name = key.and_then(|k| k.get("Name")).cloned().unwrap_or_else(|| Value::from("id"));
    let kind = match key.and_then(|k| k.get("Type")).and_then(Value::as_str) {
        Some("Number") => "N",
        Some("Binary") => "B",
        _ => "S",
    };
    let mut t = Resource::new("AWS::DynamoDB::Table")
        .property(
            "KeySchema",
            Value::List(vec![Value::map([("AttributeName", name.clone()), ("KeyType", "HASH".into())])]),
        )
        .property(
            "AttributeDefinitions",
            Value::List(vec![Value::map([("AttributeName", name), ("AttributeType", kind.into())])]),
        );
    t.properties.extend(pick(p, &["TableName", "SSESpecification", "PointInTimeRecoverySpecification"]));
    match p.get("ProvisionedThroughput") {
        Some(pt) => t.properties.insert("ProvisionedThroughput".into(), pt.clone()),
        None => t.properties.insert("BillingMode".into(), "PAY_PER_REQUEST".into()),
    };
    t.depends_on.clone_from(&r.depends_on);
    t.deletion_policy = r.deletion_policy;
    l.add(id.to_string(), t, Some(r));
}

/// A layer: its logical id gains a content hash, and references to it follow.
pub(super) fn layer(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let hashed: Vec<&Value> = p.values().collect();
    let new_id = format!("{id}{}", hash10(&hashed));
    let mut layer = Resource::new("AWS::Lambda::LayerVersion")
        .property("LayerName", p.get("LayerName").cloned().unwrap_or_else(|| Value::from(id)));
    layer
        .properties
        .extend(pick(p, &["Description", "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo"]));
    if let Some(content) = p.get("ContentUri") {
        layer.properties.insert("Content".into(), function::code_location(content));
    }
    l.add(new_id.clone(), layer, Some(r));
    l.rename(id.to_string(), new_id);
}

/// A state machine, its role (unless one is given), alias and version, and events.
pub(super) fn state_machine(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let mut s = Resource::new("AWS::StepFunctions::StateMachine");
    s.properties = pick(p, &["Name", "Definition", "DefinitionSubstitutions", "Logging", "Tracing", "Type"]);
    if let Some(name) = p.get("Name") {
        s.properties.insert("StateMachineName".into(), name.clone());
        s.properties.shift_remove("Name");
    }
    if let Some(ty) = s.properties.shift_remove("Type") {
        s.properties.insert("StateMachineType".into(), ty);
    }
    if let Some(uri) = p.get("DefinitionUri") {
        s.properties.insert("DefinitionS3Location".into(), uri.clone());
    }
    let role = p.get("Role").cloned().unwrap_or_else(|| Value::get_att(format!("{id}Role"), "Arn"));
    s.properties.insert("RoleArn".into(), role);
    s.depends_on.clone_from(&r.depends_on);
    s.condition.clone_from(&r.condition);
    s.deletion_policy = r.deletion_policy;
    l.add(id.to_string(), s, None);
    if p.get("Role").is_none() {
        policies::state_machine_role(l, id, r);
    }
    if let Some(name) = p.get("AutoPublishAlias") {
        let version_id = format!("{id}Version");
        let version = Resource::new("AWS::StepFunctions::StateMachineVersion")
            .property("StateMachineArn", Value::ref_(id));
        l.add(version_id.clone(), version, Some(r));
        let alias_id = format!("{id}Alias{}", alphanumeric(&literal(l.src, Some(name)).unwrap_or_default()));
        let alias = Resource::new("AWS::StepFunctions::StateMachineAlias").property("Name", name.clone());
        l.add(alias_id.clone(), alias, Some(r));
        l.rename(format!("{id}.Alias"), alias_id);
        l.rename(format!("{id}.Version"), version_id);
    }
    events::state_machine_events(l, id, r);
}

/// A nested application: a nested stack.
pub(super) fn application(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let url = match p.get("Location") {
        Some(Value::String(url)) => Value::from(url.as_str()),
        Some(other) => other.get("ApplicationId").cloned().unwrap_or(Value::Null),
        None => Value::Null,
    };
    let mut stack = Resource::new("AWS::CloudFormation::Stack").property("TemplateURL", url);
    stack.properties.extend(pick(p, &["Parameters", "NotificationARNs", "TimeoutInMinutes"]));
    stack.depends_on.clone_from(&r.depends_on);
    l.add(id.to_string(), stack, Some(r));
}

/// The CloudFormation type of a connector's source or destination: `{Id: X}` names a
/// resource of the template, `{Type: T}` says it.
fn endpoint_type(l: &Lowering<'_>, endpoint: &Value) -> String {
    let by_id = endpoint.get("Id").and_then(Value::as_str).and_then(|id| l.src.resources.get(id));
    by_id
        .map(|r| r.resource_type.clone())
        .or_else(|| endpoint.get("Type").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default()
}

/// What a connector makes, named `<prefix><suffix>`: a Lambda permission, a queue or
/// topic policy, or a managed policy on the source's role.
fn connect(l: &mut Lowering<'_>, prefix: &str, source_type: &str, destinations: &[&Value], r: &Resource) {
    let many = destinations.len() > 1;
    for (i, destination) in destinations.iter().enumerate() {
        let dest = endpoint_type(l, destination);
        let pushes = [
            "AWS::SNS::Topic",
            "AWS::S3::Bucket",
            "AWS::ApiGateway::RestApi",
            "AWS::ApiGatewayV2::Api",
            "AWS::Serverless::Api",
            "AWS::Serverless::HttpApi",
            "AWS::Events::Rule",
            "AWS::AppSync::GraphQLApi",
            "AWS::Serverless::GraphQLApi",
        ];
        let (suffix, resource) = match dest.as_str() {
            "AWS::Lambda::Function" | "AWS::Serverless::Function" if pushes.contains(&source_type) => {
                ("WriteLambdaPermission", Resource::new("AWS::Lambda::Permission"))
            }
            "AWS::SQS::Queue" if matches!(source_type, "AWS::SNS::Topic" | "AWS::Events::Rule") => {
                ("QueuePolicy", Resource::new("AWS::SQS::QueuePolicy"))
            }
            "AWS::SNS::Topic" if matches!(source_type, "AWS::Events::Rule" | "AWS::S3::Bucket") => {
                ("TopicPolicy", Resource::new("AWS::SNS::TopicPolicy"))
            }
            _ => ("Policy", Resource::new("AWS::IAM::ManagedPolicy")),
        };
        let index = if many { format!("Destination{i}") } else { String::new() };
        l.add(format!("{prefix}{suffix}{index}"), resource, Some(r));
    }
}

fn destinations(spec: &Value) -> Vec<&Value> {
    match spec.get("Destination") {
        Some(Value::List(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

/// An `AWS::Serverless::Connector`.
pub(super) fn connector(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let props = Value::Map(r.properties.clone());
    let source = props.get("Source").map(|s| endpoint_type(l, s)).unwrap_or_default();
    connect(l, id, &source, &destinations(&props), r);
}

/// A connector in a resource's `Connectors`: `<Source><Name>`.
pub(super) fn embedded_connector(
    l: &mut Lowering<'_>,
    source_id: &str,
    name: &str,
    spec: &Value,
    r: &Resource,
) {
    let Some(props) = spec.get("Properties") else { return };
    let source = r.resource_type.clone();
    connect(l, &format!("{source_id}{name}"), &source, &destinations(props), r);
}

/// An AppSync API: schema, logging role, data sources (with roles), functions,
/// resolvers, keys, cache and domain.
pub(super) fn graphql(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let mut api = Resource::new("AWS::AppSync::GraphQLApi")
        .property("Name", p.get("Name").cloned().unwrap_or_else(|| Value::from(id)));
    api.properties.extend(pick(p, &["XrayEnabled", "Visibility", "OwnerContact", "IntrospectionConfig"]));
    if let Some(kind) = p.get("Auth").and_then(|a| a.get("Type")) {
        api.properties.insert("AuthenticationType".into(), kind.clone());
    }
    let logging = p.get("Logging");
    let own_role = logging.and_then(|g| g.get("CloudWatchLogsRoleArn")).is_some();
    if !matches!(logging, Some(Value::Bool(false))) && !own_role {
        let role = Resource::new("AWS::IAM::Role")
            .property("AssumeRolePolicyDocument", trust("appsync.amazonaws.com"))
            .property(
                "ManagedPolicyArns",
                Value::List(vec![Value::from(
                    "arn:aws:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs",
                )]),
            );
        l.add(format!("{id}CloudWatchRole"), role, Some(r));
    }
    l.add(id.to_string(), api, Some(r));
    let schema = Resource::new("AWS::AppSync::GraphQLSchema")
        .property("ApiId", Value::get_att(id, "ApiId"))
        .maybe_property("Definition", p.get("SchemaInline").cloned())
        .maybe_property("DefinitionS3Location", p.get("SchemaUri").cloned());
    l.add(format!("{id}Schema"), schema, Some(r));
    let sources = p.get("DataSources");
    for (kind, label, connector) in
        [("DynamoDb", "DynamoDB", "ToTableConnectorPolicy"), ("Lambda", "Lambda", "ToLambdaConnectorPolicy")]
    {
        for (name, ds) in sources.and_then(|s| s.get(kind)).and_then(Value::as_map).into_iter().flatten() {
            let ds_id = format!("{id}{name}{label}DataSource");
            let mut source =
                Resource::new("AWS::AppSync::DataSource").property("ApiId", Value::get_att(id, "ApiId"));
            if kind == "Lambda" {
                let arn = ds.get("FunctionArn").cloned().unwrap_or(Value::Null);
                source.properties.insert("LambdaConfig".into(), Value::map([("LambdaFunctionArn", arn)]));
            }
            if ds.get("ServiceRoleArn").is_none() {
                let role = Resource::new("AWS::IAM::Role")
                    .property("AssumeRolePolicyDocument", trust("appsync.amazonaws.com"));
                l.add(format!("{ds_id}Role"), role, Some(r));
                l.add(format!("{ds_id}{connector}"), Resource::new("AWS::IAM::ManagedPolicy"), Some(r));
            }
            l.add(ds_id, source, Some(r));
        }
    }
    // Lambda authorizers, the main one and additional ones, each get a permission.
    let auth = p.get("Auth");
    let additional = auth.and_then(|a| a.get("Additional")).and_then(Value::as_list).unwrap_or_default();
    let lambda_authorizers = auth.into_iter().chain(additional).filter_map(|a| a.get("LambdaAuthorizer"));
    for (i, authorizer) in lambda_authorizers.enumerate() {
        let permission = Resource::new("AWS::Lambda::Permission")
            .property("Action", "lambda:InvokeFunction")
            .property("FunctionName", authorizer.get("AuthorizerUri").cloned().unwrap_or(Value::Null))
            .property("Principal", "appsync.amazonaws.com")
            .property("SourceArn", Value::get_att(id, "Arn"));
        l.add(
            format!("{id}ToLambdaAuthConnector{}WriteLambdaPermission", i.saturating_add(1)),
            permission,
            Some(r),
        );
    }
    let functions = || p.get("Functions").and_then(Value::as_map).into_iter().flatten();
    let none = |f: &Value| {
        f.get("DataSource").and_then(Value::as_str).is_some_and(|d| d.eq_ignore_ascii_case("none"))
    };
    if functions().any(|(_, f)| none(f)) {
        let source = Resource::new("AWS::AppSync::DataSource")
            .property("ApiId", Value::get_att(id, "ApiId"))
            .property("Type", "NONE");
        l.add(format!("{id}NoneDataSource"), source, Some(r));
    }
    for (name, f) in functions() {
        if f.get("Id").is_none() {
            l.add(format!("{id}{name}"), Resource::new("AWS::AppSync::FunctionConfiguration"), Some(r));
        }
    }
    for (kind, resolvers) in p.get("Resolvers").and_then(Value::as_map).into_iter().flatten() {
        for (name, _) in resolvers.as_map().into_iter().flatten() {
            l.add(format!("{id}{kind}{name}"), Resource::new("AWS::AppSync::Resolver"), Some(r));
        }
    }
    for (name, _) in p.get("ApiKeys").and_then(Value::as_map).into_iter().flatten() {
        l.add(format!("{id}{name}"), Resource::new("AWS::AppSync::ApiKey"), Some(r));
    }
    if p.get("Cache").is_some() {
        l.add(format!("{id}ApiCache"), Resource::new("AWS::AppSync::ApiCache"), Some(r));
    }
    if p.get("DomainName").is_some() {
        l.add(format!("{id}DomainName"), Resource::new("AWS::AppSync::DomainName"), Some(r));
        l.add(
            format!("{id}DomainNameApiAssociation"),
            Resource::new("AWS::AppSync::DomainNameApiAssociation"),
            Some(r),
        );
    }
}

/// A Lambda capacity provider and, without `OperatorRole`, its operator role.
pub(super) fn capacity_provider(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    l.add(id.to_string(), Resource::new("AWS::Lambda::CapacityProvider"), Some(r));
    let given = p
        .get("OperatorRole")
        .or_else(|| p.get("PermissionsConfig").and_then(|c| c.get("CapacityProviderOperatorRoleArn")));
    if given.is_none() {
        let role = Resource::new("AWS::IAM::Role")
            .property("AssumeRolePolicyDocument", trust("lambda.amazonaws.com"));
        l.add(format!("{id}OperatorRole"), role, Some(r));
    }
}
