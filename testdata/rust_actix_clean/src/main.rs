//! The billing service: actix-cors with one origin and an exact origin function.
use actix_cors::Cors;
use actix_web::{http::header, web, App, HttpServer};

const FRONTEND: &str = "https://billing.example.com";

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        let cors = Cors::default()
            .allowed_origin(FRONTEND)
            .allowed_origin_fn(|origin, _req_head| origin.as_bytes() == b"https://pay.example.com")
            .allowed_methods(vec!["GET", "POST"])
            .allowed_headers(vec![header::AUTHORIZATION, header::CONTENT_TYPE])
            .expose_headers(vec!["X-Request-Id"])
            .supports_credentials()
            .max_age(3600);
        App::new().wrap(cors).route("/invoices", web::get().to(|| async { "[]" }))
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
