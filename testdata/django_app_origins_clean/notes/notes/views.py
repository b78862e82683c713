from django.http import JsonResponse


def list_notes(request):
    response = JsonResponse({"notes": []})
    response["X-Total-Count"] = "0"
    return response
