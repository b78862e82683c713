from django.http import JsonResponse


def products(request):
    response = JsonResponse({"items": []})
    response["X-Total-Count"] = "0"
    return response
