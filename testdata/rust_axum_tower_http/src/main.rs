//! The notifications service (axum + tower-http), modelled on the axum CORS example.
use std::time::Duration;

use axum::{http::HeaderValue, response::IntoResponse, routing::get, Json, Router};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

const ADMIN_ORIGIN: &str = "http://admin.example.com"; // expect: COR106

fn api_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any) // expect: COR101
        .allow_credentials(true)
        .max_age(Duration::from_secs(60 * 60 * 24 * 14)) // expect: COR305
}

fn admin_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(ADMIN_ORIGIN.parse::<HeaderValue>().unwrap())
}

fn widget_cors() -> CorsLayer {
    CorsLayer::new().allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _request_parts| {
        origin.as_bytes().ends_with(b"example.com") // expect: COR206
    }))
}

fn legacy_cors() -> CorsLayer {
    CorsLayer::very_permissive() // expect: COR101
}

async fn notifications() -> axum::response::Response {
    let mut response = Json(vec!["welcome"]).into_response();
    response.headers_mut().insert("x-unread-count", HeaderValue::from_static("0")); // expect: COR503
    response
}

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/notifications", get(notifications))
        .layer(api_cors());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
    let _ = (admin_cors(), widget_cors(), legacy_cors());
}
