from django.http import HttpResponse


def fake_export(request):
    # A test double: never served, so never evidence for COR503.
    response = HttpResponse(b"")
    response["X-Export-Id"] = "test"
    return response
