"""A to-do API put together from tutorials: CORS(app) and decorators copied as they came."""
from flask import Flask, jsonify, request
from flask_cors import CORS, cross_origin

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"
app.config["CORS_HEADERS"] = "Content-Type"  # expect: COR303
cors = CORS(app)  # expect: COR103

TODOS = []


@app.route("/todos", methods=["GET"])
def list_todos():
    return jsonify(TODOS)


@app.route("/todos", methods=["POST"])
@cross_origin(origins=["http://localhost:3000"])  # expect: COR403
def add_todo():
    TODOS.append(request.get_json())
    return jsonify(TODOS[-1]), 201


@app.route("/todos/<int:index>", methods=["DELETE"])
@cross_origin()  # expect: COR103
def delete_todo(index):
    TODOS.pop(index)
    return "", 204


@app.route("/export")
@cross_origin(origins="https://reports.example.com")  # expect: COR103, COR303
def export():
    return jsonify({"todos": TODOS})


if __name__ == "__main__":
    app.run(debug=True)
