"""Password-reset e-mails: dicts with header-like keys that are not response headers."""


def reset_email_context(email: str, token: str) -> dict:
    link = f"https://app.example.com/reset-password?token={token}"
    return {"email": email, "link": link, "valid_hours": 48}


def audit_payload(request_id: str) -> dict:
    # Goes into a JSON body, not into the response headers.
    return {"x-request-id": request_id, "event": "password-reset"}
