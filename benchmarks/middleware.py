"""The benchmark's instrument: each response's SQL query count in an X-Query-Count header."""

from django.db import connection


class QueryCountMiddleware:
    """Add the request's SQL query count as X-Query-Count."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
