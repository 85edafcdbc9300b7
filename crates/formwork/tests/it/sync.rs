//! Synchronous invocation: API Gateway REST and HTTP routes (each permission names the
//! API, method and path), function URLs (IAM by default; public only with a reason and
//! a warning, FW122), and routes across stacks (FW220).

use formwork::prelude::*;
use formwork_template::Value;

use crate::support::*;

fn uri(target: &str) -> Value {
    Value::sub(format!(
        "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{target}}}/invocations"
    ))
}

#[test]
fn rest_routes_make_the_api_body_and_one_scoped_permission_each() {
    let a = app(|s| {
        let api = s.add(RestApi::new("Shop").stage("v2"));
        s.add(
            function("Orders")
                .event_source(ApiRoute::rest(&api, Method::Get, "/orders/{id}"))
                .event_source(ApiRoute::rest(&api, Method::Any, "/orders")),
        );
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    let body = &resource(&t, "Shop").properties["Body"];
    let get = body.get("paths").unwrap().get("/orders/{id}").unwrap().get("get").unwrap();
    let integration = get.get("x-amazon-apigateway-integration").unwrap();
    assert_eq!(integration.get("type"), Some(&Value::from("aws_proxy")));
    assert_eq!(integration.get("uri"), Some(&uri("Orders.Arn")));
    assert!(body
        .get("paths")
        .unwrap()
        .get("/orders")
        .unwrap()
        .get("x-amazon-apigateway-any-method")
        .is_some());
    let stage = t.resources.iter().find(|(_, r)| r.resource_type == "AWS::ApiGateway::Stage").unwrap().1;
    assert_eq!(stage.properties["StageName"], Value::from("v2"));
    let p = &resource(&t, "OrdersShopGetOrdersIdPermission").properties;
    assert_eq!(p["Principal"], Value::from("apigateway.amazonaws.com"));
    assert_eq!(
        p["SourceArn"],
        Value::sub(
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Shop}/*/GET/orders/*"
        )
    );
    assert_eq!(
        resource(&t, "OrdersShopAnyOrdersPermission").properties["SourceArn"],
        Value::sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Shop}/*/*/orders")
    );

    let sam = formwork::to_sam(&t, "assets");
    assert_eq!(resource(&sam, "Shop").resource_type, "AWS::Serverless::Api");
    assert_eq!(resource(&sam, "Shop").properties["StageName"], Value::from("v2"));
    let event = resource(&sam, "Orders").properties["Events"].get("ShopGetOrdersId").cloned().unwrap();
    assert_eq!(event.get("Type"), Some(&Value::from("Api")));
    assert_eq!(event.get("Properties").unwrap().get("Path"), Some(&Value::from("/orders/{id}")));
    assert_eq!(event.get("Properties").unwrap().get("Method"), Some(&Value::from("get")));
    assert_eq!(sam.resources.values().filter(|r| r.resource_type == "AWS::Lambda::Permission").count(), 0);
}

#[test]
fn http_routes_and_the_default_stage() {
    let a = app(|s| {
        let api = s.add(HttpApi::new("Public").description("Public endpoints"));
        s.add(function("Items").provisioned_concurrency(1).event_source(ApiRoute::http(
            &api,
            Method::Post,
            "/items",
        )));
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    let body = &resource(&t, "Public").properties["Body"];
    assert_eq!(body.get("info").unwrap().get("description"), Some(&Value::from("Public endpoints")));
    let integration = body
        .get("paths")
        .unwrap()
        .get("/items")
        .unwrap()
        .get("post")
        .unwrap()
        .get("x-amazon-apigateway-integration")
        .unwrap();
    assert_eq!(integration.get("uri"), Some(&uri("ItemsAliaslive")));
    assert_eq!(integration.get("payloadFormatVersion"), Some(&Value::from("2.0")));
    let stage = &resource(&t, "PublicApiGatewayDefaultStage").properties;
    assert_eq!(stage["StageName"], Value::from("$default"));
    assert_eq!(stage["AutoDeploy"], Value::Bool(true));
    assert_eq!(
        resource(&t, "ItemsPublicPostItemsPermission").properties["FunctionName"],
        Value::ref_("ItemsAliaslive")
    );
    let sam = formwork::to_sam(&t, "assets");
    assert_eq!(resource(&sam, "Public").resource_type, "AWS::Serverless::HttpApi");
    assert_eq!(resource(&sam, "Public").properties["Description"], Value::from("Public endpoints"));
    assert!(resource(&sam, "Items").properties["Events"].get("PublicPostItems").is_some());
}

#[test]
fn an_api_of_another_stack_is_reported() {
    let mut a = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let api = a.stack("edge").add(RestApi::new("Shop"));
    a.stack("compute").add(function("Orders").event_source(ApiRoute::rest(&api, Method::Get, "/orders")));
    let found = with_code(&a, "FW220");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "stack compute / function Orders / event_source GET /orders");
}

#[test]
fn function_urls_are_iam_unless_made_public_with_a_reason() {
    let a = app(|s| {
        s.add(function("Signed").url(FunctionUrl::iam()));
        s.add(
            function("Open").url(FunctionUrl::public("a public webhook that checks its own HMAC signature")),
        );
    });
    let t = template(&a);
    assert_eq!(resource(&t, "SignedUrl").properties["AuthType"], Value::from("AWS_IAM"));
    assert_eq!(resource(&t, "SignedUrl").properties["TargetFunctionArn"], Value::get_att("Signed", "Arn"));
    assert!(!t.resources.contains_key("SignedUrlPublicPermission"));
    assert_eq!(resource(&t, "OpenUrl").properties["AuthType"], Value::from("NONE"));
    let url_permission = &resource(&t, "OpenUrlPublicPermission").properties;
    assert_eq!(url_permission["Action"], Value::from("lambda:InvokeFunctionUrl"));
    assert_eq!(url_permission["FunctionUrlAuthType"], Value::from("NONE"));
    let invoke_permission = &resource(&t, "OpenUrlPublicInvokePermission").properties;
    assert_eq!(invoke_permission["InvokedViaFunctionUrl"], Value::Bool(true));
    assert_eq!(
        resource(&t, "Open").metadata["formwork:public-url"],
        Value::from("a public webhook that checks its own HMAC signature")
    );
    let found = findings(&a);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW122"]);
    assert_eq!(found[0].path, "stack test / function Open / url / auth");
    assert!(found[0].message.contains("reason given: a public webhook"), "{}", found[0].message);

    let sam = formwork::to_sam(&t, "assets");
    assert_eq!(
        resource(&sam, "Open").properties["FunctionUrlConfig"].get("AuthType"),
        Some(&Value::from("NONE"))
    );
    assert!(!sam.resources.contains_key("OpenUrl") && !sam.resources.contains_key("OpenUrlPublicPermission"));
}
