"""How the Flask-CORS extractor reads configuration that is spread out: config objects,
unreadable config sources, `**options`, blueprints, and decorators far from the app."""
from __future__ import annotations

from corslint.run.engine import check_sources


def codes(*files):
    return sorted((f.path, f.span.start_line, f.code) for f in check_sources(list(files)).findings)


def messages(*files):
    return [f.message for f in check_sources(list(files)).findings]


def test_config_class_named_by_a_dotted_string_is_followed():
    app = ("from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\n"
           "app.config.from_object('settings.Production')\nCORS(app)\n")
    settings = ("class Base:\n    CORS_SUPPORTS_CREDENTIALS = True\n\n\n"
                "class Production(Base):\n    CORS_ORIGINS = ['https://app.example.com', 'null']\n")
    assert codes(("app.py", app), ("settings.py", settings)) == [("settings.py", 6, "COR105")]


def test_config_from_a_file_makes_the_defaults_unknown():
    app = ("from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\n"
           "app.config.from_pyfile('instance/cors.cfg')\nCORS(app)\n")
    assert codes(("app.py", app)) == []


def test_config_set_after_cors_does_not_count():
    app = ("from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app)\n"
           "app.config['CORS_ORIGINS'] = ['https://app.example.com']\n")
    assert codes(("app.py", app)) == [("app.py", 5, "COR103")]


def test_blueprints_ignore_the_app_config():
    app = ("from flask import Blueprint, Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\n"
           "app.config['CORS_ORIGINS'] = ['https://app.example.com']\nbp = Blueprint('bp', __name__)\n"
           "CORS(bp)\nCORS(app)\n")
    assert codes(("app.py", app)) == [("app.py", 7, "COR103")]


def test_options_from_a_dict_splat():
    app = ("from flask import Flask\nfrom flask_cors import CORS\n\n"
           "OPTIONS = {'origins': '*', 'supports_credentials': True}\n"
           "app = Flask(__name__)\nCORS(app, **OPTIONS)\n")
    assert [c for (_, _, c) in codes(("app.py", app))] == ["COR101"]


def test_unknown_splat_silences_defaults():
    app = ("import json\nfrom flask import Flask\nfrom flask_cors import CORS\n\n"
           "app = Flask(__name__)\nCORS(app, **json.load(open('cors.json')))\n")
    assert codes(("app.py", app)) == []


def test_decorator_without_the_app_says_what_its_finding_rests_on():
    views = ("from flask import Blueprint\nfrom flask_cors import cross_origin\n\nbp = Blueprint('v', __name__)\n\n\n"
             "@bp.route('/x')\n@cross_origin()\ndef x():\n    return 'ok'\n")
    [message] = messages(("views.py", views))
    assert "unless the app's config sets CORS_* elsewhere" in message


def test_aliases_and_module_import():
    app = ("import flask_cors as fc\nfrom flask import Flask\n\napp = Flask(__name__)\n"
           "fc.CORS(app, origins=['https://app.example.com/'])\n")
    assert [c for (_, _, c) in codes(("app.py", app))] == ["COR302"]


def test_constructor_keywords_apply_to_every_init_app():
    app = ("from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nadmin = Flask('admin')\n"
           "cors = CORS(app, origins=['https://app.example.com'])\ncors.init_app(admin)\n")
    assert codes(("app.py", app)) == []


HOOK_APP = ("from flask import Flask, abort, request\nfrom flask_cors import CORS\n{imports}\n"
            "app = Flask(__name__)\nCORS(app, origins=['https://app.example.com'])\n{names}\n\n"
            "@app.before_request\ndef require_token():\n    if {test}:\n        return None\n"
            "    if request.headers.get('Authorization') is None:\n        abort(401)\n")


def hook_codes(test, imports="", names="", extra=()):
    source = HOOK_APP.format(imports=imports, names=names, test=test)
    return [code for _path, _line, code in codes(("app.py", source), *extra)]


def test_a_hook_that_lets_preflights_through_by_a_name_is_not_reported():
    """`request.method in EXEMPT_METHODS` (a set holding "OPTIONS", here or imported),
    `HTTPMethod.OPTIONS`, or a comparison with a value corslint cannot read: the hook may
    well exempt preflights, so COR404 says nothing."""
    assert hook_codes("request.method in EXEMPT_METHODS", names="EXEMPT_METHODS = {'OPTIONS', 'HEAD'}") == []
    assert hook_codes("request.method in EXEMPT_METHODS", imports="from settings import EXEMPT_METHODS",
                      extra=[("settings.py", "EXEMPT_METHODS = ('OPTIONS',)\n")]) == []
    assert hook_codes("request.method == HTTPMethod.OPTIONS", imports="from http import HTTPMethod") == []
    assert hook_codes("request.method.upper() in SKIP", imports="from somewhere import SKIP") == []


def test_a_hook_that_lets_other_methods_through_is_still_reported():
    assert hook_codes("request.method in SAFE_METHODS", names="SAFE_METHODS = {'GET', 'HEAD'}") == ["COR404"]
    assert hook_codes("request.path == '/health'") == ["COR404"]


def test_an_attribute_named_options_is_not_an_exemption():
    assert hook_codes("current_app.options.get('public')", imports="from flask import current_app") == ["COR404"]


def test_from_object_of_an_instance_reads_what_its_initialiser_set(tmp_path):
    """`from_object(Config())`: Flask reads the instance's attributes, so `self.CORS_ORIGINS`
    set in __init__ replaces the class default; an __init__ that hands self to other code
    leaves them unknown."""
    from tests.helpers import run_cli
    (tmp_path / "app.py").write_text(
        "from flask import Flask\nfrom flask_cors import CORS\n\n\n"
        "class Config:\n    CORS_ORIGINS = '*'\n    CORS_SUPPORTS_CREDENTIALS = True\n\n"
        "    def __init__(self, origins=('https://a.example.com',)):\n        self.CORS_ORIGINS = list(origins)\n\n\n"
        "class Loaded(Config):\n    def __init__(self):\n        load(self)\n\n\n"
        "app = Flask(__name__)\napp.config.from_object(Config())\nCORS(app)\n"
        "other = Flask('other')\nother.config.from_object(Loaded())\nCORS(other)\n"
        "third = Flask('third')\nthird.config.from_object(Config(origins=['*']))\nCORS(third)\n")
    done = run_cli("check", "--no-cache", "--output-format", "concise", "-q", ".", cwd=tmp_path)
    lines = [line for line in done.stdout.decode().splitlines() if "COR" in line]
    assert len(lines) == 1 and "COR101" in lines[0] and "app.py:10:" in lines[0], lines


READBACK_HEAD = "from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\n"
READBACK_CALL = "CORS(app, origins=app.config{read}, supports_credentials=True)\n"


def readback_codes(between, read='["ORIGINS"]', extra=()):
    app = READBACK_HEAD + between + READBACK_CALL.format(read=read)
    return [c for (_, _, c) in codes(("app.py", app), *extra)]


def test_a_config_value_is_read_back_from_the_last_write():
    assert readback_codes('app.config["ORIGINS"] = ["https://a.example.com"]\n'
                          'app.config["ORIGINS"] = ["*"]\n') == ["COR101"]
    assert readback_codes('app.config.update(ORIGINS=["*"])\n', read='.get("ORIGINS", [])') == ["COR101"]
    assert readback_codes('app.config["ORIGINS"] = ["*"]\napp.config["ORIGINS"] = ["https://a.example.com"]\n') == []


def test_from_object_copies_only_upper_case_names_like_flask():
    config = "class Config:\n    ORIGINS = ['*']\n    origins = ['*']\n"
    head = "from config import Config\napp.config.from_object(Config)\n"
    assert readback_codes(head, extra=[("config.py", config)]) == ["COR101"]
    assert readback_codes(head, read='.get("origins", ["https://a.example.com"])', extra=[("config.py", config)]) == []


def test_a_config_value_changed_in_a_way_not_followed_stays_unknown():
    write = 'app.config["ORIGINS"] = ["*"]\n'
    for change in ['app.config.from_pyfile("settings.cfg")\n',     # any key
                   'app.config.from_mapping(load())\n',             # an unknown mapping
                   'cfg = app.config\ncfg["ORIGINS"] = ["https://a.example.com"]\n',  # an alias
                   'configure(app.config)\n',                       # handed to other code
                   'configure(app)\n',
                   'app.config.setdefault("ORIGINS", ["https://a.example.com"])\n',
                   'app.config.pop("ORIGINS")\n',
                   'del app.config["ORIGINS"]\n',
                   'app.config["ORIGINS"] += ["https://a.example.com"]\n',
                   'app.config["ORIGINS"].clear()\n']:
        assert readback_codes("def load(): ...\ndef configure(c): ...\n" + write + change) == [], change


def test_a_config_value_never_written_here_is_not_guessed_from_the_default():
    assert readback_codes("", read='.get("ORIGINS", ["*"])') == []
    assert readback_codes("", read='["ORIGINS"]') == []


def test_a_value_read_back_after_from_prefixed_env_says_it_holds_unless_the_variable_is_set():
    app = READBACK_HEAD + 'app.config["ORIGINS"] = ["*"]\napp.config.from_prefixed_env()\n' + \
        READBACK_CALL.format(read='["ORIGINS"]')
    [message] = messages(("app.py", app))
    assert "unless the environment sets FLASK_ORIGINS" in message


def helper_codes(helper_body, call="setup(app)", decorator=""):
    app = READBACK_HEAD.replace("app = Flask(__name__)\n", "from helpers import setup\n\napp = Flask(__name__)\n") + \
        call + "\nCORS(app)\n"
    helpers = f"{decorator}def setup(app, strict=False):\n" + helper_body
    return [c for (_, _, c) in codes(("app.py", app), ("helpers.py", helpers))]


ALLOW_ALL = "    app.config['CORS_ORIGINS'] = '*'\n    app.config['CORS_SUPPORTS_CREDENTIALS'] = True\n"


def test_a_straight_line_helper_that_configures_the_app_it_is_given_is_followed():
    assert helper_codes(ALLOW_ALL) == ["COR101"]
    assert helper_codes(ALLOW_ALL, call="setup(strict=True, app=app)") == ["COR101"]


def test_a_helper_that_cannot_be_followed_soundly_leaves_its_writes_unseen():
    loop = "    for key in ('CORS_ORIGINS',):\n        app.config[key] = '*'\n"
    # Nor is the default guessed: the loop may set the origins (no COR103 either).
    assert helper_codes(loop + "    app.config['CORS_SUPPORTS_CREDENTIALS'] = True\n") == []
    assert helper_codes("    for _ in range(2):\n        app.config['CORS_ORIGINS'] = ['https://a.example.com']\n") == []
    # A loop that writes no CORS_* key leaves the CORS config as it was.
    assert helper_codes("    for _ in range(2):\n        app.config['SECRET_KEY'] = 'x'\n") == ["COR103"]
    assert "COR101" not in helper_codes(ALLOW_ALL, decorator="@staticmethod\n")
    assert "COR101" not in helper_codes(ALLOW_ALL, call="setup(app.config)")


def test_a_helper_with_branches_is_run_in_each_world_with_its_parameters():
    strict = "    if strict:\n" + ALLOW_ALL.replace("    ", "        ")
    assert "COR101" not in helper_codes(strict)  # strict=False by default: the arm is never run
    assert helper_codes(strict, call="setup(app, strict=True)") == ["COR101"]
    assert helper_codes(ALLOW_ALL + "    return\n") == ["COR101"]  # written before it returns
    assert "COR101" not in helper_codes("    return\n" + ALLOW_ALL)
    # An undecided test: the arm holds under its condition.
    app = READBACK_HEAD.replace("app = Flask(__name__)\n", "import os\nfrom helpers import setup\n\napp = Flask(__name__)\n") + \
        "setup(app, os.environ['PUBLIC'] == '1')\nCORS(app)\n"
    found = check_sources([("app.py", app), ("helpers.py", "def setup(app, public):\n    if public:\n"
                                                + ALLOW_ALL.replace("    ", "        "))]).findings
    [message] = [f.message for f in found if f.code == "COR101"]
    assert "when `public` is true" in message, message
    # A world that raises configures nothing: nothing is judged there.
    raising = "    if strict:\n        raise ValueError\n" + ALLOW_ALL
    assert "COR101" not in helper_codes(raising, call="setup(app, strict=True)")


def test_a_helper_with_try_follows_the_body_and_judges_each_handler_as_another_world():
    # The gitignored local settings may be missing: the handler's allow-all then applies.
    body = ("    try:\n        app.config.from_object('local_settings')\n"
            "    except ImportError:\n        app.config['CORS_ORIGINS'] = '*'\n"
            "    app.config['CORS_SUPPORTS_CREDENTIALS'] = True\n")
    assert helper_codes(body) == ["COR101"]
    app = READBACK_HEAD.replace("app = Flask(__name__)\n", "from helpers import setup\n\napp = Flask(__name__)\n") + \
        "setup(app)\nCORS(app)\n"
    [message] = messages(("app.py", app), ("helpers.py", "def setup(app, strict=False):\n" + body))
    assert "when `app.config.from_object('local_settings')` raises ImportError" in message
    # The body's allow-all holds in its own world, without a condition.
    body = ("    try:\n        app.config['CORS_ORIGINS'] = '*'\n    except KeyError:\n        pass\n" + ALLOW_ALL)
    assert helper_codes(body) == ["COR101"]


def test_a_handler_after_a_longer_try_body_does_not_know_what_the_body_wrote():
    # The second statement may be the one that raised: the first one's write holds or not.
    body = ("    try:\n        app.config['CORS_ORIGINS'] = '*'\n        check(app)\n"
            "    except ValueError:\n        pass\n    app.config['CORS_SUPPORTS_CREDENTIALS'] = True\n")
    assert helper_codes("    check = print\n" + body) == ["COR101"]  # the body's world alone
    app = READBACK_HEAD.replace("app = Flask(__name__)\n", "from helpers import setup\n\napp = Flask(__name__)\n") + \
        "setup(app)\nCORS(app)\n"
    found = messages(("app.py", app), ("helpers.py", "def setup(app, strict=False):\n    check = print\n" + body))
    assert not any("raises" in m for m in found), found


def test_a_helper_parameter_holds_what_the_call_gives_it(tmp_path):
    assert helper_codes("    app.config.from_object(name)\n", call="setup(app, 'config.Open')") == []
    config = "class Open:\n    CORS_ORIGINS = '*'\n    CORS_SUPPORTS_CREDENTIALS = True\n"
    app = READBACK_HEAD.replace("app = Flask(__name__)\n", "from helpers import setup\n\napp = Flask(__name__)\n") + \
        "setup(app, 'config.Open')\nCORS(app)\n"
    helpers = "def setup(app, name):\n    app.config.from_object(name)\n"
    assert [c for (_, _, c) in codes(("app.py", app), ("helpers.py", helpers), ("config.py", config))] == ["COR101"]
    # A parameter bound again in the helper is not the call's argument.
    helpers = "def setup(app, name):\n    name = 'config.' + name\n    app.config.from_object(name)\n"
    assert codes(("app.py", app), ("helpers.py", helpers), ("config.py", config)) == []


def test_a_config_value_read_back_inside_a_larger_expression():
    write = 'app.config["ORIGINS"] = "https://a.example.com,*"\n'
    assert readback_codes(write, read='["ORIGINS"].split(",")') == ["COR101"]
    assert readback_codes(write, read='.get("ORIGINS", "").split(",")') == ["COR101"]
    assert readback_codes('app.config["ORIGINS"] = ["*"]\n', read='["ORIGINS"] + ["https://b.example.com"]') == ["COR101"]
    # Never written here: the default of .get stays unjudged, however it is used.
    assert readback_codes("", read='.get("ORIGINS", "*").split(",")') == []
    app = READBACK_HEAD + 'app.config["ORIGINS"] = ["*"]\n' + \
        'CORS(app, resources={r"/api/*": {"origins": app.config["ORIGINS"]}}, supports_credentials=True)\n'
    assert [c for (_, _, c) in codes(("app.py", app))] == ["COR101"]


def test_from_object_with_a_module_name_chosen_by_environment_from_a_dict(tmp_path):
    (tmp_path / "settings").mkdir()
    (tmp_path / "settings" / "__init__.py").write_text("")
    (tmp_path / "settings" / "staging.py").write_text("CORS_ORIGINS = '*'\nCORS_SUPPORTS_CREDENTIALS = True\n")
    (tmp_path / "settings" / "production.py").write_text("CORS_ORIGINS = ['https://app.example.com']\n")
    (tmp_path / "app.py").write_text(
        "import os\nfrom flask import Flask\nfrom flask_cors import CORS\n\n"
        "CONFIGS = {'production': 'settings.production', 'staging': 'settings.staging'}\n"
        "app = Flask(__name__)\napp.config.from_object(CONFIGS[os.getenv('APP_ENV', 'staging')])\nCORS(app)\n")
    from tests.helpers import run_cli
    done = run_cli("check", "--no-cache", "--output-format", "concise", "-q", ".", cwd=tmp_path)
    lines = [line for line in done.stdout.decode().splitlines() if "COR" in line]
    assert len(lines) == 1 and "COR101" in lines[0] and "when APP_ENV is unset" in lines[0], lines


def test_a_config_attribute_that_is_not_a_flask_apps_is_resolved_as_usual():
    app = READBACK_HEAD + "\n\nclass Settings:\n    config = {'ORIGINS': ['*']}\n\n\n" + \
        "CORS(app, origins=Settings.config['ORIGINS'], supports_credentials=True)\n"
    assert [c for (_, _, c) in codes(("app.py", app))] == ["COR101"]
