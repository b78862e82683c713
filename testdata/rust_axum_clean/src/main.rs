//! The search service: tower-http CorsLayer with an explicit list from the environment.
use std::time::Duration;

use axum::{
    http::{header, HeaderValue, Method},
    routing::get,
    Router,
};
use tower_http::cors::{AllowOrigin, CorsLayer};

fn cors() -> CorsLayer {
    let origins = std::env::var("CORS_ORIGINS")
        .unwrap_or_else(|_| "https://search.example.com,https://admin.example.com".to_string());
    let origins: Vec<HeaderValue> = origins.split(',').map(|o| o.parse().unwrap()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .allow_credentials(true)
        .max_age(Duration::from_secs(600))
}

#[tokio::main]
async fn main() {
    let app = Router::new().route("/search", get(|| async { "[]" })).layer(cors());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
