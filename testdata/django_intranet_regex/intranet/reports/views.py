from django.http import JsonResponse


def report(request, report_id):
    response = JsonResponse({"id": report_id, "rows": []})
    response["X-Report-Id"] = str(report_id)
    return response
