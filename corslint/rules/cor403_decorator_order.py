from corslint.fixes.intents import SAFE, MoveDecoratorBelow, make_fix
from corslint.rules.base import Example, Rule


class DecoratorOrder(Rule):
    """
    ## What it does
    Reports a CORS view decorator written above the route decorator, such as
    `@cross_origin()` above `@app.route(...)` (or `@bp.get(...)`) in Flask.

    ## Why is this bad?
    Decorators apply from the bottom up. `@app.route` below `@cross_origin` registers the
    plain view function with Flask first; `@cross_origin` then wraps a function that
    Flask never calls. The route answers without any CORS header, preflights get
    Flask's default `OPTIONS` response, and the browser blocks the frontend. The route
    decorator has to be the outermost (top) one.

    ## Fix safety
    Swapping the two decorators is what Flask-CORS documents and changes nothing else, so
    the fix is safe: the CORS decorator moves to just below the (lowest) route decorator,
    keeping its place above any other decorator. It is not offered when a comment sits
    above the CORS decorator or a decorator shares its line.

    ## References
    - [Flask-CORS: route-specific CORS via decorator](https://flask-cors.readthedocs.io/en/latest/#route-specific-cors-via-decorator)
    - [Flask: view decorators](https://flask.palletsprojects.com/en/latest/patterns/viewdecorators/)
    """

    code = "COR403"
    name = "decorator-order"
    severity = "error"
    summary = "The CORS decorator sits above the route decorator, so it never applies"
    frameworks = "F"

    invalid = [Example("""
        from flask import Flask
        from flask_cors import cross_origin

        app = Flask(__name__)


        @cross_origin(origins=["https://app.example.com"])
        @app.route("/api/items")
        def items():
            return {"items": []}
    """,
        message='@cross_origin sits above the route decorator on line 8', at=(7, 1),
        fixed="""
            from flask import Flask
            from flask_cors import cross_origin

            app = Flask(__name__)


            @app.route("/api/items")
            @cross_origin(origins=["https://app.example.com"])
            def items():
                return {"items": []}
        """),
        # Fix case: cross-origin-moved-below-the-routes.
        Example("""
            from flask import Flask
            from flask_cors import cross_origin

            from auth import login_required

            app = Flask(__name__)


            @cross_origin(origins=["https://app.example.com"])
            @app.route("/api/items")
            @app.route("/api/items/")
            @login_required
            def items():
                return {"items": []}
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='@cross_origin sits above the route decorator on line 10', at=(9, 1),
                fixed="""
            from flask import Flask
            from flask_cors import cross_origin

            from auth import login_required

            app = Flask(__name__)


            @app.route("/api/items")
            @app.route("/api/items/")
            @cross_origin(origins=["https://app.example.com"])
            @login_required
            def items():
                return {"items": []}
        """),
    ]
    valid = [Example("""
        from flask import Flask
        from flask_cors import cross_origin

        app = Flask(__name__)


        @app.route("/api/items")
        @cross_origin(origins=["https://app.example.com"])
        def items():
            return {"items": []}
    """)]

    def check(self, policy):
        placement = policy.placement
        if placement is None or not placement.route_registered_first:
            return
        first = placement.route_registered_first[0]
        yield self.finding(
            policy.span,
            f"{policy.label.split(' on ')[0]} sits above the route decorator on line {first.start_line}: "
            "decorators apply bottom-up, so the route registers the undecorated view and its responses never "
            "get CORS headers; move the route decorator to the top.",
            fix=make_fix("Move the CORS decorator below the route decorator", SAFE,
                         MoveDecoratorBelow(policy.span, placement.route_registered_first[-1])),
            related=placement.route_registered_first,
        )
