from django.utils import translation


class ApiLanguageMiddleware:
    """API clients choose their language with Accept-Language.

    LocaleMiddleware treats every path outside the /en/ prefix as Vietnamese (the default
    language is unprefixed), which is right for pages but not for /api/, where a PMS in
    another country asks for English error messages in the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
