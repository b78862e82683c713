//! The accounts service (actix-web), modelled on the actix-cors README.
use actix_cors::Cors;
use actix_web::{get, http, web, App, HttpServer, Responder};

#[get("/accounts/me")]
async fn me() -> impl Responder {
    web::Json(vec!["profile"])
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        let cors = Cors::default()
            .allowed_origin("https://accounts.example.com")
            .allowed_origin("https://accounts.example.com/") // expect: COR302
            .allowed_origin("null") // expect: COR105
            .allowed_methods(vec!["GET", "POST"])
            .allowed_header(http::header::CONTENT_TYPE)
            .supports_credentials()
            .max_age(2_592_000); // expect: COR305

        let debug = Cors::permissive(); // expect: COR101
        App::new().wrap(if cfg!(debug_assertions) { debug } else { cors }).service(me)
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
