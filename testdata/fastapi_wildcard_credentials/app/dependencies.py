from fastapi import Cookie, HTTPException


def get_current_user(session: str = Cookie(default="")) -> str:
    if not session:
        raise HTTPException(status_code=401, detail="not signed in")
    return session
