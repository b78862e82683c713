use actix_web::{HttpResponse, Responder};
use uuid::Uuid;

pub async fn invoices() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("X-Request-Id", Uuid::new_v4().to_string()))
        .json(Vec::<String>::new())
}
