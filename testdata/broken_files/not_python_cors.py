# Mentions CORS in a comment only: parsed, and nothing to report.
def handler(event, context):
    return {"statusCode": 200, "body": "ok"}
