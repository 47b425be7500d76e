from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language (set_language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language header, and
    many clerks' browsers say English; the council's working language is Vietnamese.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # the thread's language is the reader's only meanwhile
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateResponsesMiddleware:
    """What a logged-in user is shown (records, exports, attachments, the admin) is never kept by
    the browser's cache or a proxy: `Cache-Control: private, no-store`, so it neither outlives the
    session on a shared office computer nor is served to the next user. Static files never reach
    this middleware: WhiteNoise, earlier in MIDDLEWARE, answers them with its own long caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
