import csv
import io

from django.http import HttpResponse, JsonResponse

from config.settings import FRONTEND_ORIGINS

ITEMS = [{"sku": "A-1", "qty": 4}, {"sku": "B-7", "qty": 0}]


def item_list(request):
    response = JsonResponse({"items": ITEMS})
    response["X-Total-Count"] = str(len(ITEMS))
    return response


def export_items(request):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["sku", "qty"])
    writer.writeheader()
    writer.writerows(ITEMS)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="items.csv"'  # expect: COR503
    return response


def status(request):
    response = JsonResponse({"status": "ok"})
    response["Access-Control-Allow-Origin"] = ", ".join(FRONTEND_ORIGINS)  # expect: COR502
    return response
