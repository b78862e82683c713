from flask import g, jsonify, request
from flask_cors import cross_origin

from bookshop.api import bp
from bookshop.models import Book


@bp.get("/books")
def list_books():
    books = Book.query.order_by(Book.title).all()
    response = jsonify([b.to_dict() for b in books])
    response.headers["X-Total-Count"] = str(len(books))
    return response


@bp.post("/books")
@cross_origin(origins=["https://admin.bookshop.example.com"], supports_credentials=True, methods=["POST"])
def create_book():
    book = Book.create(owner=g.user, **request.get_json())
    return jsonify(book.to_dict()), 201
