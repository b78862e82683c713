"""Outgoing webhooks: these headers go on requests this app sends, not on its responses."""
import httpx
import requests


async def notify(url: str, body: dict, signature: str) -> int:
    headers = {"X-Hook-Signature": signature, "Content-Type": "application/json"}
    async with httpx.AsyncClient(headers={"X-Client": "inventory"}) as client:
        outgoing = client.build_request("POST", url, json=body, headers=headers)
        outgoing.headers["X-Delivery-Attempt"] = "1"
        reply = await client.send(outgoing)
    return reply.status_code


def notify_sync(url: str, body: dict, signature: str) -> int:
    prepared_request = requests.Request("POST", url, json=body).prepare()
    prepared_request.headers["X-Hook-Signature"] = signature
    with requests.Session() as session:
        session.headers.update({"X-Retry": "0"})
        return session.send(prepared_request).status_code
