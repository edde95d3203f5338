from django.http import HttpResponse


def privacy_notice(request):
    return HttpResponse("")
